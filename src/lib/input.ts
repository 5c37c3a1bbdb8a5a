/**
 * Input rules every route shares: text the database can store, and dates it can store. Text is
 * checked for every string of every request part (the validator compiler puts StorableText in
 * front of each route's schema, so no route can forget it); dates are schemas each module uses
 * in place of z.iso.date() / z.iso.datetime(). Zod only: the web app's forms import these too.
 */
import { z } from 'zod'

const YEARS = 'of the years 1000 to 9999'
// PostgreSQL refuses year 0 and mis-reads most ancient years; nothing the product stores is older than 1000.
const inYears = (value: string): boolean => {
  const year = Number(value.slice(0, 4))
  return year >= 1000 && year <= 9999
}
// Checked only once the format parsed, so a malformed value is reported once, by its format.
const whenFormatOk = (payload: { issues: unknown[] }) => payload.issues.length === 0

/** A calendar day 'YYYY-MM-DD' of the years 1000 to 9999. */
export const calendarDate = z.iso.date().refine(inYears, { message: `a calendar day ${YEARS}`, when: whenFormatOk })

/** An ISO-8601 instant with an offset ('2026-01-31T09:00:00Z'), of the years 1000 to 9999. */
export const instant = z.iso.datetime({ offset: true }).refine(inYears, { message: `a date-time with an offset ${YEARS}`, when: whenFormatOk })

/** An ISO-8601 date-time with or without an offset, of the years 1000 to 9999. */
export const localOrOffsetDateTime = z.iso.datetime({ offset: true, local: true }).refine(inYears, { message: `a date-time ${YEARS}`, when: whenFormatOk })

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Why `s` cannot be stored as text, or null: PostgreSQL text holds no NUL, and UTF-8 has no lone surrogate. */
export function unstorableText(s: string): string | null {
  if (s.includes('\u0000')) return 'must not contain a NUL character'
  if (LONE_SURROGATE.test(s)) return 'must be well-formed Unicode (no lone surrogate)'
  return null
}

/** One issue per string (value or key) anywhere in `value` that text columns cannot hold. */
function textIssues(value: unknown, path: (string | number)[], out: { path: (string | number)[]; message: string }[]): void {
  if (typeof value === 'string') {
    const why = unstorableText(value)
    if (why) out.push({ path, message: why })
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => textIssues(item, [...path, i], out))
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const why = unstorableText(key)
      if (why) out.push({ path: [...path, key], message: `field name ${why}` })
      else textIssues(item, [...path, key], out)
    }
  }
}

/** Refuses unstorable text anywhere in the input with an issue at its path (so the 400 names the field). */
export const StorableText = z.unknown().superRefine((value, ctx) => {
  const issues: { path: (string | number)[]; message: string }[] = []
  textIssues(value, [], issues)
  for (const issue of issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message })
})
