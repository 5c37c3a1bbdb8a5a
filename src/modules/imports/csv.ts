/**
 * Reads a CSV file into rows keyed by header name, each with the 1-based line it starts on
 * (the header is line 1), so that every rejection can point at the line a person will open.
 */
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { CsvError, parse, type Info } from 'csv-parse/sync'
import { AppError } from '../../lib/errors.js'
import type { ImportRejection } from './imports.schema.js'

export interface CsvRow {
  line: number
  values: Record<string, string>
}

export interface CsvFile {
  /** Base name of the file, as rejections name it. */
  file: string
  columns: string[]
  rows: CsvRow[]
  /** Rows that could not even be split into the header's columns. */
  rejected: ImportRejection[]
}

interface ParsedRecord {
  record: string[]
  info: Info
  raw: string
}

/** Parses CSV text. `required` columns must all be in the header, or the whole file is refused. */
export function parseCsv(text: string, file: string, required: readonly string[] = []): CsvFile {
  let records: ParsedRecord[]
  try {
    records = parse(text, { bom: true, info: true, raw: true, relax_column_count: true }) as unknown as ParsedRecord[]
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines
      throw new AppError('import.invalid', `${file}${line ? `:${line}` : ''}: the file is not valid CSV (${error.message})`)
    }
    throw error
  }
  const [header, ...body] = records
  if (!header) throw new AppError('import.invalid', `${file}: the file is empty (no header line)`)
  // Some published headers carry stray spaces ("SpaceTypeID "); the name is what matters.
  const columns = header.record.map((name) => name.trim())
  const seen = new Set<string>()
  for (const name of columns) {
    if (seen.has(name)) throw new AppError('import.invalid', `${file}:1: the header names column "${name}" twice`)
    seen.add(name)
  }
  const missing = required.filter((name) => !seen.has(name))
  if (missing.length > 0) {
    throw new AppError('import.invalid', `${file}:1: the header lacks the column(s) ${missing.map((m) => `"${m}"`).join(', ')}`)
  }

  const rows: CsvRow[] = []
  const rejected: ImportRejection[] = []
  for (const { record, info, raw } of body) {
    const line = startLine(info, raw)
    // A blank line carries no row; there is nothing to import or to reject.
    if (record.length === 1 && record[0]?.trim() === '') continue
    if (record.length !== columns.length) {
      rejected.push({ file, line, reason: `the row has ${record.length} fields but the header has ${columns.length}` })
      continue
    }
    const values: Record<string, string> = {}
    columns.forEach((name, i) => {
      values[name] = record[i] ?? ''
    })
    rows.push({ line, values })
  }
  return { file, columns, rows, rejected }
}

/** Reads and parses one CSV file from disk. */
export async function readCsv(path: string, required: readonly string[] = []): Promise<CsvFile> {
  const file = basename(path)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === 'ENOENT') throw new AppError('import.invalid', `${path}: no such file`)
    if (code === 'EISDIR') throw new AppError('import.invalid', `${path}: is a directory, a CSV file was expected`)
    throw error
  }
  return parseCsv(text, file, required)
}

/** csv-parse counts lines up to the end of a record; a quoted field may span several lines. */
function startLine(info: Info, raw: string): number {
  const inner = raw.replace(/\r?\n$/, '')
  let newlines = 0
  for (const ch of inner) if (ch === '\n') newlines++
  return info.lines - newlines
}

/** The value of a column, trimmed. Columns are checked at the header, so a missing key is a bug. */
export function field(row: CsvRow, name: string): string {
  const value = row.values[name]
  if (value === undefined) throw new Error(`column "${name}" was not declared as required`)
  return value.trim()
}
