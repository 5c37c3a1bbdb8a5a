/** Paging written once: every list schema extends PageQuery and answers with Page<T>. */
import { z } from 'zod'

/**
 * A query-string integer from `min` to `max`, written in plain decimal digits: '1e3', '0x10', '+5',
 * ' 5' and '' are refused (Number() would read them), so a parameter means what it says.
 */
export const decimalInt = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\d{1,16}$/.test(v) ? Number(v) : v),
    z.number({ error: 'a whole number in decimal digits' }).int().min(min).max(max),
  )

export const PageQuery = z.object({
  page: decimalInt(1, 100_000).default(1).describe('page number, from 1'),
  pageSize: decimalInt(1, 100).default(20).describe('rows per page, at most 100'),
})
export type PageQuery = z.infer<typeof PageQuery>

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    data: z.array(item),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
  })

export interface Page<T> {
  data: T[]
  page: number
  pageSize: number
  total: number
}

export const offsetOf = (q: PageQuery): number => (q.page - 1) * q.pageSize

/** A query-string list: `status=a&status=b`, `status[]=a`, or `status=a,b` all give ['a', 'b']. */
export const listParam = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => {
    if (value === undefined || value === '') return undefined
    const values: unknown[] = Array.isArray(value) ? (value as unknown[]) : [value]
    return values.flatMap((v): unknown[] => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : [v]))
  }, z.array(item).min(1).optional())

/** A query-string boolean: only 'true'/'false' (and 1/0) are accepted; anything else is an error. */
export const boolParam = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')
  .optional()

/** Escapes LIKE wildcards so a search for '50%' matches the text '50%'. */
export const likePattern = (search: string): string => `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
