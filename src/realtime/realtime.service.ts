/**
 * Conversations of the real-time rooms. A request's thread is the maintenance module's comments
 * (stored and read there); a lease's thread lives here. Both are written in a transaction that
 * appends a `comment` event, which the dispatcher delivers to the room after commit.
 */
import type { Db, Role } from '../db/types.js'
import { requireRole, type Principal } from '../lib/access.js'
import { notFound } from '../lib/errors.js'
import { appendEvent } from '../lib/events.js'
import { uuidv7 } from '../lib/ids.js'
import type { Page, PageQuery } from '../lib/paging.js'
import { inTransaction } from '../lib/tx.js'
import { createMaintenanceService } from '../modules/maintenance/maintenance.service.js'
import { createRealtimeQueries } from './realtime.queries.js'
import type { CreateLeaseMessageBody, LeaseMessage, PostedMessage } from './realtime.schema.js'

interface LeaseMessageRow {
  id: string
  lease_id: string
  author_id: string | null
  author_name: string | null
  author_role: Role | null
  body: string
  created_at: Date
}

export const toLeaseMessageDto = (row: LeaseMessageRow): LeaseMessage => ({
  id: row.id,
  leaseId: row.lease_id,
  authorId: row.author_id,
  authorName: row.author_name,
  authorRole: row.author_role,
  body: row.body,
  createdAt: row.created_at.toISOString(),
})

export function createConversationService(db: Db) {
  const maintenance = createMaintenanceService(db)

  async function addLeaseMessage(p: Principal, leaseId: string, body: CreateLeaseMessageBody): Promise<LeaseMessage> {
    // Owners read their properties' lease threads; technicians do not see leases at all.
    requireRole(p, 'admin', 'property_manager', 'tenant')
    return inTransaction(db, async (trx) => {
      const q = createRealtimeQueries(trx)
      const lease = await q.visibleLease(p, leaseId)
      if (!lease) throw notFound('lease')
      const row = await q.insertLeaseMessage({ id: uuidv7(), org_id: p.orgId, lease_id: leaseId, author_id: p.userId, body: body.body })
      await appendEvent(trx, {
        orgId: p.orgId,
        topic: 'comment',
        action: 'created',
        entityId: row.id,
        actorId: p.userId,
        payload: { leaseId, propertyId: lease.property_id },
      })
      return toLeaseMessageDto({ ...row, author_name: p.displayName, author_role: p.role })
    })
  }

  return {
    addLeaseMessage,

    async listLeaseMessages(p: Principal, leaseId: string, page: PageQuery): Promise<Page<LeaseMessage>> {
      const q = createRealtimeQueries(db)
      if (!(await q.visibleLease(p, leaseId))) throw notFound('lease')
      const { rows, total } = await q.listLeaseMessages(p.orgId, leaseId, page)
      return { data: rows.map(toLeaseMessageDto), page: page.page, pageSize: page.pageSize, total }
    },

    /** Posts into a request's or a lease's conversation, as the REST routes of each would. */
    async post(p: Principal, kind: 'request' | 'lease', id: string, body: string): Promise<PostedMessage> {
      const message = kind === 'request' ? await maintenance.addComment(p, id, { body }) : await addLeaseMessage(p, id, { body })
      return {
        id: message.id,
        authorId: message.authorId,
        authorName: message.authorName,
        authorRole: message.authorRole,
        body: message.body,
        createdAt: message.createdAt,
      }
    },
  }
}

export type ConversationService = ReturnType<typeof createConversationService>
