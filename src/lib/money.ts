/** Money is integer cents. Strings from files and the command line are parsed strictly, never glued. */

const MONEY = /^\$?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/

/**
 * Parses a US-style amount such as `1390`, `$1,390`, `1,390.50` or `0700` into cents.
 * Anything else (`1 200,50`, `12.345`, `1,39`, `-5`) returns undefined rather than a guess.
 */
export function parseMoneyToCents(text: string): number | undefined {
  const m = MONEY.exec(text.trim())
  if (!m) return undefined
  const whole = Number((m[1] ?? '').replace(/,/g, ''))
  const fraction = m[2] === undefined ? 0 : Number(m[2].padEnd(2, '0'))
  const cents = whole * 100 + fraction
  return Number.isSafeInteger(cents) ? cents : undefined
}

/** Formats cents as `1,234.56` for people; never used for arithmetic. */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(cents)
  const whole = Math.floor(abs / 100).toLocaleString('en-US')
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`
}
