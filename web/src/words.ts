/**
 * The API's problems in the words of the page: a field named by its label, never by its API name
 * ("End date must be on or after start date", not "endDate: must be on or after startDate").
 */
import { date } from './format'

const WHERE = /^(body|query|header|path|params)\./
const ACRONYMS: Record<string, string> = { id: 'ID', ids: 'IDs', url: 'URL', ach: 'ACH', hpd: 'HPD' }

/**
 * A field name in words when the page gives it no label: `rentCents` → 'Rent', `tenantIds.1` →
 * 'Tenant 2', `lateFee.flatCents` → 'Late fee flat'. Units of storage (cents, basis points) and id
 * suffixes say nothing to a reader and are left out.
 */
export function humanize(field: string): string {
  const parts = field
    .replace(WHERE, '')
    .split('.')
    .map((part) => {
      if (/^\d+$/.test(part)) return String(Number(part) + 1)
      const words = part
        .replace(/(Cents|Bp|Ids?)$/, '')
        .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
        .toLowerCase()
        .split(/[\s_]+/)
        .filter(Boolean)
      return words.map((w) => ACRONYMS[w] ?? w).join(' ')
    })
    .filter(Boolean)
  const text = parts.join(' ') || field
  return text.replace(/^./, (c) => c.toUpperCase())
}

/** The label of `field` on this page, else its name in words; without a trailing "($)". */
export function labelOf(field: string, labels: Readonly<Record<string, string>> = {}): string {
  const bare = field.replace(WHERE, '')
  const last = bare.split('.').pop() ?? bare
  return (labels[field] ?? labels[bare] ?? labels[last] ?? humanize(bare)).replace(/\s*\((\$|%[^)]*)\)$/, '')
}

/** A label inside a sentence: lower case, unless it starts with an acronym ("ACH", "HPD"). */
const inline = (text: string): string => (/^[A-Z]{2}/.test(text) ? text : text.replace(/^./, (c) => c.toLowerCase()))

/** A message with the other fields it names (`startDate`, `body.periodEnd`) in words, and ISO dates as people read them. */
export function inWords(message: string, labels: Readonly<Record<string, string>> = {}): string {
  return message
    .replace(/\b(?:(?:body|query|header|path)\.[a-zA-Z0-9.]+|[a-z]+(?:[A-Z][a-z0-9]*)+(?:\.[a-zA-Z0-9]+)*)\b/g, (name) => inline(labelOf(name, labels)))
    .replace(/\b\d{4}-\d{2}-\d{2}\b/g, (iso) => date(iso))
}

/** One field's problem as a sentence: "Start date is required", "End date must be on or after start date". */
export function problemText(field: string, message: string, labels: Readonly<Record<string, string>> = {}): string {
  const what = labelOf(field, labels)
  const text = inWords(message.trim(), labels)
  if (text === 'required') return `${what} is required`
  if (text === 'not found') return `${what} was not found`
  if (/^(must|may|is|are|has|have|cannot|can|exceeds|needs|should)\b/.test(text)) return `${what} ${text}`
  if (/^(from|at most|at least|on or (after|before)|between)\b/.test(text)) return `${what} must be ${text}`
  return `${what}: ${text}`
}
