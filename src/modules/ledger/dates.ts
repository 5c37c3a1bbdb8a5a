/**
 * Calendar dates as 'YYYY-MM-DD' strings. Arithmetic runs on day numbers in UTC, so the process
 * time zone never shifts a date; "today" is read in the organization's time zone through Intl.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DAY_MS = 86_400_000

export interface CalendarDate {
  year: number
  /** 1-12 */
  month: number
  day: number
}

/** Splits a 'YYYY-MM-DD' date; throws on anything that is not a real calendar day. */
export function parseDate(date: string): CalendarDate {
  const m = ISO_DATE.exec(date)
  const year = Number(m?.[1])
  const month = Number(m?.[2])
  const day = Number(m?.[3])
  if (!m || year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`not a calendar date: ${date}`)
  }
  return { year, month, day }
}

export const isDate = (date: string): boolean => {
  try {
    parseDate(date)
    return true
  } catch {
    return false
  }
}

export function formatDate({ year, month, day }: CalendarDate): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** Days in `month` (1-12) of `year`, leap years included. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** Days since 1970-01-01. */
export function dayNumber(date: string): number {
  const { year, month, day } = parseDate(date)
  return Date.UTC(year, month - 1, day) / DAY_MS
}

export function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10)
}

export const addDays = (date: string, days: number): string => fromDayNumber(dayNumber(date) + days)

/** Whole days from `from` to `to`: positive when `to` is later. */
export const daysBetween = (from: string, to: string): number => dayNumber(to) - dayNumber(from)

export const maxDate = (a: string, b: string): string => (a >= b ? a : b)
export const minDate = (a: string, b: string): string => (a <= b ? a : b)

/** The month `months` after (or before) the month of `year`/`month`. */
export function shiftMonth(year: number, month: number, months: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + months
  return { year: Math.floor(index / 12), month: (index % 12) + 1 }
}

/** `date` plus whole months, kept on its day or the month's last day when shorter (31 Jan + 1 = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const { year, month, day } = parseDate(date)
  const target = shiftMonth(year, month, months)
  return formatDate({ ...target, day: Math.min(day, daysInMonth(target.year, target.month)) })
}

/** The calendar day in `timeZone` at the instant `now`. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now)
  const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value)
  return formatDate({ year: part('year'), month: part('month'), day: part('day') })
}

/** Whether Intl knows the IANA zone `timeZone`. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone })
    return true
  } catch {
    return false
  }
}
