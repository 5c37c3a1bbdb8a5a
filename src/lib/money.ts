/** Money is integer cents. Strings from files and the command line are parsed strictly, never glued. */

const MONEY = /^\$?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/

/**
 * Parses a US-style amount such as `1390`, `$1,390`, `1,390.50` or `0700` into cents.
 * Anything else (`1 200,50`, `12.345`, `1,39`, `-5`) returns undefined rather than a guess.
 * With an explicit `locale` (`fr-FR`, `de-DE`, `pt-BR`…) that locale's group and decimal
 * separators are read instead, as strictly: `1 200,50` in fr-FR is 120050.
 */
export function parseMoneyToCents(text: string, locale?: string): number | undefined {
  const m = (locale === undefined ? MONEY : localeMoney(locale)).exec(text.trim())
  if (!m) return undefined
  const whole = Number((m[1] ?? '').replace(/\D/g, ''))
  const fraction = m[2] === undefined ? 0 : Number(m[2].padEnd(2, '0'))
  const cents = whole * 100 + fraction
  return Number.isSafeInteger(cents) ? cents : undefined
}

const SPACES = '[ \\u00a0\\u202f]'
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const localePatterns = new Map<string, RegExp>()

/** The strict amount pattern of a locale: its own group and decimal separators, groups of three. */
function localeMoney(locale: string): RegExp {
  const cached = localePatterns.get(locale)
  if (cached) return cached
  const parts = new Intl.NumberFormat(locale, { useGrouping: true }).formatToParts(1234567.5)
  const group = parts.find((p) => p.type === 'group')?.value ?? ','
  const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.'
  // Space-like group separators are typed as any of the spaces people use.
  const g = /^\s$/u.test(group) ? SPACES : escape(group)
  const symbol = '(?:[$€£]|R\\$)'
  const pattern = new RegExp(`^(?:${symbol}\\s*)?(\\d{1,3}(?:${g}\\d{3})+|\\d+)(?:${escape(decimal)}(\\d{1,2}))?(?:\\s*${symbol})?$`, 'u')
  localePatterns.set(locale, pattern)
  return pattern
}

/** Formats cents as `1,234.56` for people; never used for arithmetic. */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(cents)
  const whole = Math.floor(abs / 100).toLocaleString('en-US')
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`
}

const PERCENT = /^(\d{1,5})(?:\.(\d{1,2}))?\s*%?$/

/** Parses a percentage such as `8`, `8.5` or `8.25%` into basis points (800, 850, 825); anything else is undefined. */
export function parsePercentToBp(text: string): number | undefined {
  const m = PERCENT.exec(text.trim())
  if (!m) return undefined
  return Number(m[1]) * 100 + (m[2] === undefined ? 0 : Number(m[2].padEnd(2, '0')))
}

/** Basis points as a percentage for people and inputs: 850 → `8.5`, 800 → `8`, 825 → `8.25`. */
export const formatBpAsPercent = (bp: number): string => (bp / 100).toFixed(2).replace(/\.?0+$/, '')
