/** Formatting at the edge only: cents and calendar dates as people read them. */
import { formatBpAsPercent } from '../../src/lib/money.js'

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' })
const day = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' })
const stamp = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' })

export const money = (cents: number | null | undefined): string => (cents === null || cents === undefined ? '—' : usd.format(cents / 100))

/** 'YYYY-MM-DD' → 'Jan 5, 2026', read as a calendar day (no time-zone shift). */
export const date = (iso: string | null | undefined): string => (iso ? day.format(new Date(`${iso.slice(0, 10)}T00:00:00Z`)) : '—')

export const dateTime = (iso: string | null | undefined): string => (iso ? stamp.format(new Date(iso)) : '—')

/** Values whose plain label would read wrong: acronyms, and the word the app uses for a payment that went through. */
const WORDS: Record<string, string> = { ach: 'ACH', hpd_complaint: 'HPD complaint', hpd_violation: 'HPD violation', succeeded: 'Received' }

/** An API value as people read it: 'bank_transfer' → 'Bank transfer', 'ach' → 'ACH'. */
export const label = (value: string): string => WORDS[value] ?? value.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase())

const plurals = new Intl.PluralRules('en-US')

/** A count with its noun in the right number: count(1, 'lease') → '1 lease', count(2, 'property', 'properties') → '2 properties'. */
export const count = (n: number, one: string, other = `${one}s`): string => `${n} ${plurals.select(n) === 'one' ? one : other}`

/** A fee in basis points as a percentage: 850 → '8.5%'. */
export const feePercent = (bp: number | undefined): string => (bp === undefined ? '—' : `${formatBpAsPercent(bp)}%`)

export const percent = (part: number, whole: number): string => (whole ? `${Math.round((part / whole) * 100)}%` : '—')

/** The first and last day of the month `offset` months from the month of `day` ('YYYY-MM-DD'), as calendar days. */
export function monthOf(day: string, offset = 0): { from: string; to: string } {
  const [year = 1970, month = 1] = day.split('-').map(Number)
  const first = new Date(Date.UTC(year, month - 1 + offset, 1))
  const last = new Date(Date.UTC(year, month + offset, 0))
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) }
}
