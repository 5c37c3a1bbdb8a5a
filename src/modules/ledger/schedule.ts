/**
 * The rent schedule of a lease: one period per month starting on the due day's anchor date (the
 * due day, or the month's last day when the month is shorter), partial first and last periods
 * prorated by actual days counted inclusively, whole periods never prorated.
 */
import { addDays, addMonths, dayNumber, daysBetween, daysInMonth, formatDate, minDate, parseDate, shiftMonth } from './dates.js'

export interface RentTerms {
  startDate: string
  /** Last day of the term; null: month-to-month. */
  endDate: string | null
  /** Set when the lease was terminated early: the last day rent runs. */
  terminatedOn?: string | null
  dueDay: number
  rentCents: number
}

export interface RentPeriod {
  periodStart: string
  periodEnd: string
  dueDate: string
  amountCents: number
  /** How a partial period was priced, e.g. 'actual_days:29/31'; null for a whole period. */
  proration: string | null
}

/** The due day's date in the given month: 31 → 28/29 Feb, 30 Apr. */
export function anchorInMonth(year: number, month: number, dueDay: number): string {
  return formatDate({ year, month, day: Math.min(dueDay, daysInMonth(year, month)) })
}

/** The first anchor date strictly after `date`. */
export function nextAnchorAfter(date: string, dueDay: number): string {
  const { year, month } = parseDate(date)
  const here = anchorInMonth(year, month, dueDay)
  if (here > date) return here
  const next = shiftMonth(year, month, 1)
  return anchorInMonth(next.year, next.month, dueDay)
}

/** The last anchor date on or before `date`. */
export function anchorOnOrBefore(date: string, dueDay: number): string {
  const { year, month } = parseDate(date)
  const here = anchorInMonth(year, month, dueDay)
  if (here <= date) return here
  const previous = shiftMonth(year, month, -1)
  return anchorInMonth(previous.year, previous.month, dueDay)
}

/** `amount × numerator / denominator` in whole cents, rounded half up, in exact integer arithmetic. */
export function prorate(amountCents: number, numerator: number, denominator: number): number {
  return Math.floor((2 * amountCents * numerator + denominator) / (2 * denominator))
}

/** The number of whole months the term spans, when it is exactly that (3 Aug – 2 Aug: 12). */
export function wholeMonthsOf(startDate: string, endDate: string): number | undefined {
  const start = parseDate(startDate)
  const after = parseDate(addDays(endDate, 1))
  const guess = (after.year - start.year) * 12 + (after.month - start.month)
  for (const n of [guess - 1, guess]) {
    if (n >= 1 && addMonths(startDate, n) === addDays(endDate, 1)) return n
  }
  return undefined
}

/** The last day rent runs: the end of the term, or the termination day when earlier. */
export function lastRentDay(terms: RentTerms): string | null {
  if (terms.terminatedOn) return terms.endDate ? minDate(terms.endDate, terms.terminatedOn) : terms.terminatedOn
  return terms.endDate
}

/**
 * Every rent period of the term whose due date is on or before `through` (all of them when
 * `through` is omitted and the term has an end). A term of whole months bills exactly that many
 * months of rent: its last partial period is the remainder, recorded as 'term_remainder:d/n'.
 */
export function rentSchedule(terms: RentTerms, through?: string): RentPeriod[] {
  const end = lastRentDay(terms)
  if (terms.rentCents <= 0 || (end !== null && end < terms.startDate)) return []
  const limit = through ?? end
  if (limit === null) throw new RangeError('a month-to-month schedule needs a through date')

  // A term with an end is laid out whole, so its remainder is the same whatever `through` is.
  const last = end ?? limit
  const periods: RentPeriod[] = []
  let cursor = terms.startDate
  while (cursor <= last) {
    const next = nextAnchorAfter(cursor, terms.dueDay)
    const fullStart = anchorOnOrBefore(cursor, terms.dueDay)
    const fullDays = daysBetween(fullStart, next)
    const periodEnd = end !== null && addDays(next, -1) > end ? end : addDays(next, -1)
    const days = daysBetween(cursor, periodEnd) + 1
    periods.push(
      days === fullDays
        ? { periodStart: cursor, periodEnd, dueDate: cursor, amountCents: terms.rentCents, proration: null }
        : { periodStart: cursor, periodEnd, dueDate: cursor, amountCents: prorate(terms.rentCents, days, fullDays), proration: `actual_days:${days}/${fullDays}` },
    )
    cursor = addDays(periodEnd, 1)
  }

  // A term of whole months bills exactly that many months: the last partial period (or the
  // first, when the term ends on a period's end) takes what actual days leave over or under.
  const months = end !== null && !terms.terminatedOn ? wholeMonthsOf(terms.startDate, end) : undefined
  const partial = periods.findLast((p) => p.proration !== null)
  if (months !== undefined && partial) {
    const rest = periods.reduce((sum, p) => (p === partial ? sum : sum + p.amountCents), 0)
    const amount = months * terms.rentCents - rest
    if (amount >= 0 && amount <= terms.rentCents) {
      partial.amountCents = amount
      partial.proration = `term_remainder:${partial.proration!.slice(partial.proration!.indexOf(':') + 1)}`
    }
  }
  return periods.filter((p) => p.amountCents > 0 && p.dueDate <= limit)
}

/** The due date of the period containing `date` for a lease due on `dueDay`. */
export const dueDateOfPeriod = (date: string, dueDay: number): string => anchorOnOrBefore(date, dueDay)

/** Days until `dueDate` counted from `today`: negative when past due. */
export const daysUntil = (today: string, dueDate: string): number => dayNumber(dueDate) - dayNumber(today)
