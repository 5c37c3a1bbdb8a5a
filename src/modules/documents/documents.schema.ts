import { z } from 'zod'

/** What may be uploaded: photos and PDFs. */
export const DOCUMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'application/pdf'] as const
/** How each accepted type is named to people (hints and errors). */
export const TYPE_NAMES: Record<(typeof DOCUMENT_TYPES)[number], string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/webp': 'WebP',
  'image/gif': 'GIF',
}
/** Decoded size limit; the JSON body (base64) stays under the server's 1 MiB body limit. */
export const MAX_DOCUMENT_BYTES = 700 * 1024

export const CreateDocumentBody = z
  .strictObject({
    requestId: z.uuid().optional().describe('a maintenance request the caller may see (tenant: their own; technician: assigned)'),
    leaseId: z.uuid().optional().describe('staff only'),
    tenantId: z.uuid().optional().describe('staff only'),
    propertyId: z.uuid().optional().describe('staff only'),
    fileName: z.string().trim().min(1).max(200),
    contentType: z.enum(DOCUMENT_TYPES),
    contentBase64: z
      .base64()
      .max(Math.ceil(MAX_DOCUMENT_BYTES / 3) * 4, `at most ${MAX_DOCUMENT_BYTES / 1024} KB`)
      .describe('the file, base64; its first bytes must be those of contentType (a PDF starts %PDF-)'),
  })
  .refine((b) => [b.requestId, b.leaseId, b.tenantId, b.propertyId].filter(Boolean).length === 1, {
    path: ['requestId'],
    message: 'give exactly one of a request, a lease, a tenant or a property',
  })
export type CreateDocumentBody = z.infer<typeof CreateDocumentBody>

export const DocumentDto = z
  .object({
    id: z.uuid(),
    fileName: z.string(),
    contentType: z.string(),
    sizeBytes: z.number().int().nonnegative(),
    sha256: z.string(),
    requestId: z.uuid().nullable(),
    leaseId: z.uuid().nullable(),
    tenantId: z.uuid().nullable(),
    propertyId: z.uuid().nullable(),
    uploadedBy: z.uuid().nullable(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Document' })
export type DocumentDto = z.infer<typeof DocumentDto>

export const DocumentParams = z.object({ id: z.uuid() })
