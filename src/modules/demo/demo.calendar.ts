/**
 * Calendar arithmetic on 'YYYY-MM-DD' strings and month numbers (year * 12 + month - 1), in UTC
 * so that no local clock or daylight-saving change moves a date.
 */

const DAY_MS = 86_400_000
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

/** Milliseconds of UTC midnight of `date`; throws on anything that is not a real calendar date. */
export function dayMs(date: string): number {
  if (!isCalendarDate(date)) throw new RangeError(`not a YYYY-MM-DD calendar date: ${date}`)
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)))
}

export function isCalendarDate(date: string): boolean {
  const m = ISO_DATE.exec(date)
  return m !== null && formatDay(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) === date
}

export function formatDay(ms: number): string {
  const d = new Date(ms)
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}

export const addDays = (date: string, days: number): string => formatDay(dayMs(date) + days * DAY_MS)

export const daysBetween = (from: string, to: string): number => Math.round((dayMs(to) - dayMs(from)) / DAY_MS)

/** The month of `date` as one number, so months add and compare like integers. */
export function monthOf(date: string): number {
  dayMs(date)
  return Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1
}

export const daysInMonth = (month: number): number => new Date(Date.UTC(Math.floor(month / 12), (month % 12) + 1, 0)).getUTCDate()

/** Day `day` of `month`, moved back to the month's last day when the month is shorter. */
export const dayOfMonth = (month: number, day: number): string =>
  `${pad(Math.floor(month / 12), 4)}-${pad((month % 12) + 1)}-${pad(Math.min(day, daysInMonth(month)))}`

export const firstOfMonth = (month: number): string => dayOfMonth(month, 1)
export const lastOfMonth = (month: number): string => dayOfMonth(month, 31)

/** 'YYYY-MM', as rent descriptions and payment memos name a month. */
export const monthLabel = (month: number): string => `${pad(Math.floor(month / 12), 4)}-${pad((month % 12) + 1)}`

/** The instant `hour:minute` UTC on `date`. */
export const instant = (date: string, hour: number, minute = 0): Date => new Date(dayMs(date) + (hour * 60 + minute) * 60_000)

/** Today's calendar date in `timeZone`. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now)
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? ''
  return `${get('year')}-${get('month')}-${get('day')}`
}
