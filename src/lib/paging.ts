/** Paging written once: every list schema extends PageQuery and answers with Page<T>. */
import { z } from 'zod'

export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1).describe('page number, from 1'),
  pageSize: z.coerce.number().int().min(1).max(100).default(20).describe('rows per page, at most 100'),
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
