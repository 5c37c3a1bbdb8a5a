/** CSV out: RFC 4180 quoting, CRLF rows, money as plain decimals (no grouping) for spreadsheets. */

export type Cell = string | number | null | undefined
export interface Column<T> {
  header: string
  value: (row: T) => Cell
}

const quote = (cell: Cell): string => {
  if (cell === null || cell === undefined) return ''
  const text = String(cell)
  // A leading =, +, - or @ would be read as a formula by spreadsheets.
  const safe = /^[=+\-@]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** Cents as `1234.56` (or `-0.05`): exact, from integers, never through floats. */
export const decimal = (cents: number | null): string | null => {
  if (cents === null) return null
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(cents)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

export function toCsv<T>(columns: Column<T>[], rows: T[]): string {
  const lines = [columns.map((c) => quote(c.header)).join(',')]
  for (const row of rows) lines.push(columns.map((c) => quote(c.value(row))).join(','))
  return `${lines.join('\r\n')}\r\n`
}
