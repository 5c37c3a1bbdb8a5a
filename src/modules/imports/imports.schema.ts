/** The shapes of the real-data import: what is asked for and what is reported back. */
import { z } from 'zod'

export const ImportKind = z.enum(['listings', 'hpd']).describe('which public data set the file or directory holds')
export type ImportKind = z.infer<typeof ImportKind>

export const ImportRejection = z.object({
  /** The file's base name, e.g. `hpd_violations.csv`. */
  file: z.string(),
  /** 1-based line of the row in the file; the header is line 1. */
  line: z.number().int().min(1),
  reason: z.string(),
})
export type ImportRejection = z.infer<typeof ImportRejection>

export const ImportReport = z.object({
  kind: ImportKind,
  dryRun: z.boolean(),
  /** Rows written, per table. */
  created: z.record(z.string(), z.number().int().min(0)),
  /** Rows already present from an earlier import of the same records (same external_ref), per table. */
  skipped: z.record(z.string(), z.number().int().min(0)),
  rejected: z.array(ImportRejection),
})
export type ImportReport = z.infer<typeof ImportReport>

export const ImportOptions = z.object({
  orgId: z.uuid(),
  kind: ImportKind,
  path: z.string().min(1),
  dryRun: z.boolean(),
})
export type ImportOptions = z.infer<typeof ImportOptions>
