import { createHash } from 'node:crypto'
import type { Db } from '../../db/types.js'
import { isStaff, requireRole, type Principal } from '../../lib/access.js'
import { invalid, notFound } from '../../lib/errors.js'
import { appendEvent } from '../../lib/events.js'
import { uuidv7 } from '../../lib/ids.js'
import { inTransaction } from '../../lib/tx.js'
import { createDocumentQueries } from './documents.queries.js'
import { MAX_DOCUMENT_BYTES, TYPE_NAMES, type CreateDocumentBody, type DocumentDto } from './documents.schema.js'

/** Whether `content` starts as a file of `contentType` does, so a stored type is never a lie the browser would act on. */
export function matchesType(contentType: CreateDocumentBody['contentType'], content: Buffer): boolean {
  const starts = (hex: string, at = 0) => content.subarray(at, at + hex.length / 2).equals(Buffer.from(hex, 'hex'))
  switch (contentType) {
    case 'application/pdf':
      return starts('255044462d') // %PDF-
    case 'image/png':
      return starts('89504e470d0a1a0a')
    case 'image/jpeg':
      return starts('ffd8ff')
    case 'image/gif':
      return starts('474946383761') || starts('474946383961') // GIF87a, GIF89a
    case 'image/webp':
      return starts('52494646') && starts('57454250', 8) // RIFF....WEBP
  }
}

/**
 * The Content-Disposition of a stored file: images inline (they are shown), PDFs as attachments; the
 * name reduced to safe ASCII in `filename` and kept whole, percent-encoded, in `filename*` (RFC 6266).
 */
export function contentDisposition(fileName: string, contentType: string): string {
  const kind = contentType.startsWith('image/') ? 'inline' : 'attachment'
  const ascii = fileName.replace(/[^\w. -]/g, '_').replace(/^[. ]+/, '') || 'document'
  const encoded = encodeURIComponent(fileName.replace(/\p{Cs}/gu, '\ufffd')).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`
}

type Subject = { requestId?: string | null; leaseId?: string | null; tenantId?: string | null; propertyId?: string | null }

/** Photos and files attached to a request, lease, tenant or property; each visible to whoever may see its subject. */
export function createDocumentService(db: Db) {
  const canSee = async (q: ReturnType<typeof createDocumentQueries>, p: Principal, s: Subject): Promise<boolean> => {
    if (s.requestId) return q.requestVisible(p, s.requestId)
    if (s.leaseId) return q.leaseVisible(p, s.leaseId)
    if (s.tenantId) return q.tenantVisible(p, s.tenantId)
    if (s.propertyId) return q.propertyVisible(p, s.propertyId)
    return false
  }

  return {
    async create(p: Principal, body: CreateDocumentBody): Promise<DocumentDto> {
      // Owners read; tenants and technicians attach only to requests (their own / assigned).
      requireRole(p, 'admin', 'property_manager', 'tenant', 'technician')
      const field = body.requestId ? 'requestId' : body.leaseId ? 'leaseId' : body.tenantId ? 'tenantId' : 'propertyId'
      if (!isStaff(p) && field !== 'requestId') throw invalid(`body.${field}`, 'only staff may attach documents here; attach to a maintenance request')
      const content = Buffer.from(body.contentBase64, 'base64')
      if (content.length === 0) throw invalid('body.contentBase64', 'the file is empty')
      if (content.length > MAX_DOCUMENT_BYTES) throw invalid('body.contentBase64', `at most ${MAX_DOCUMENT_BYTES / 1024} KB`)
      if (!matchesType(body.contentType, content)) throw invalid('body.contentBase64', `the file is not a valid ${TYPE_NAMES[body.contentType]} file`)
      return inTransaction(db, async (trx) => {
        const q = createDocumentQueries(trx)
        if (!(await canSee(q, p, body))) throw invalid(`body.${field}`, 'not found')
        const row = await q.insert({
          id: uuidv7(),
          org_id: p.orgId,
          request_id: body.requestId ?? null,
          lease_id: body.leaseId ?? null,
          tenant_id: body.tenantId ?? null,
          property_id: body.propertyId ?? null,
          file_name: body.fileName,
          content_type: body.contentType,
          size_bytes: content.length,
          sha256: createHash('sha256').update(content).digest('hex'),
          content,
          uploaded_by: p.userId,
        })
        await appendEvent(trx, {
          orgId: p.orgId,
          topic: 'document',
          action: 'created',
          entityId: row.id,
          actorId: p.userId,
          payload: { requestId: row.request_id, leaseId: row.lease_id, tenantId: row.tenant_id, propertyId: row.property_id },
        })
        return {
          id: row.id,
          fileName: row.file_name,
          contentType: row.content_type,
          sizeBytes: row.size_bytes,
          sha256: row.sha256,
          requestId: row.request_id,
          leaseId: row.lease_id,
          tenantId: row.tenant_id,
          propertyId: row.property_id,
          uploadedBy: row.uploaded_by,
          createdAt: row.created_at.toISOString(),
        }
      })
    },

    /** The file itself, or 404 when its subject is out of the caller's scope. */
    async content(p: Principal, id: string) {
      const q = createDocumentQueries(db)
      const subject = await q.subjectOf(p.orgId, id)
      if (!subject || !(await canSee(q, p, { requestId: subject.request_id, leaseId: subject.lease_id, tenantId: subject.tenant_id, propertyId: subject.property_id }))) {
        throw notFound('document')
      }
      const doc = await q.content(p.orgId, id)
      if (!doc) throw notFound('document')
      return { fileName: doc.file_name, contentType: doc.content_type, content: Buffer.from(doc.content), sha256: doc.sha256 }
    },
  }
}
