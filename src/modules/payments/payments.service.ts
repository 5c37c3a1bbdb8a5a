/** Payments as plain records: who paid what, when and how. Allocation to charges is the ledger's job. */
import type { Db, RowPatch } from '../../db/types.js'
import { requireRole, type Principal } from '../../lib/access.js'
import { AppError, assertThat, invalid, notFound } from '../../lib/errors.js'
import { appendEvent } from '../../lib/events.js'
import { uuidv7 } from '../../lib/ids.js'
import type { Page } from '../../lib/paging.js'
import { inTransaction } from '../../lib/tx.js'
import { createPaymentQueries } from './payments.queries.js'
import type { CreatePaymentBody, Payment, PaymentListQuery, UpdatePaymentBody } from './payments.schema.js'

type Queries = ReturnType<typeof createPaymentQueries>
type PaymentRow = NonNullable<Awaited<ReturnType<Queries['byId']>>>

const iso = (value: Date | string): string => (value instanceof Date ? value : new Date(value)).toISOString()

export const toPaymentDto = (row: PaymentRow): Payment => ({
  id: row.id,
  tenantId: row.tenant_id,
  leaseId: row.lease_id,
  amountCents: row.amount_cents,
  method: row.method,
  status: row.status,
  paidOn: row.paid_on,
  reference: row.reference,
  memo: row.memo,
  createdAt: iso(row.created_at),
  updatedAt: iso(row.updated_at),
  tenant: { id: row.tenant_id, firstName: row.tenant_first_name, lastName: row.tenant_last_name },
})

/** Only a payment that never moved money may be deleted; the others stay as the record of it. */
const DELETABLE = new Set(['pending', 'failed'])

export function createPaymentService(db: Db) {
  const readers = ['admin', 'property_manager', 'owner', 'tenant'] as const

  async function visiblePayment(q: Queries, p: Principal, id: string): Promise<PaymentRow> {
    const row = await q.byId(p, id)
    if (!row) throw notFound('payment')
    return row
  }

  return {
    async list(p: Principal, query: PaymentListQuery): Promise<Page<Payment>> {
      requireRole(p, ...readers)
      if (query.minAmount !== undefined && query.maxAmount !== undefined && query.minAmount > query.maxAmount) {
        throw invalid('query.minAmount', 'must not be greater than maxAmount')
      }
      if (query.paymentDateFrom && query.paymentDateTo && query.paymentDateFrom > query.paymentDateTo) {
        throw invalid('query.paymentDateFrom', 'must not be after paymentDateTo')
      }
      if (query.dueDateFrom && query.dueDateTo && query.dueDateFrom > query.dueDateTo) {
        throw invalid('query.dueDateFrom', 'must not be after dueDateTo')
      }
      const { rows, total } = await createPaymentQueries(db).list(p, query)
      return { data: rows.map(toPaymentDto), page: query.page, pageSize: query.pageSize, total }
    },

    async get(p: Principal, id: string): Promise<Payment> {
      requireRole(p, ...readers)
      return toPaymentDto(await visiblePayment(createPaymentQueries(db), p, id))
    },

    async create(p: Principal, body: CreatePaymentBody): Promise<Payment> {
      requireRole(p, 'admin', 'property_manager', 'tenant')
      return inTransaction(db, async (trx) => {
        const q = createPaymentQueries(trx)
        if (p.role === 'tenant') {
          assertThat(p.tenantId, () => notFound('tenant'))
          if (body.tenantId !== p.tenantId) throw invalid('body.tenantId', 'not found')
          if (body.status !== undefined && body.status !== 'pending') {
            throw new AppError('auth.forbidden', "a tenant's payment is always pending until it clears", [
              { field: 'body.status', message: 'only pending is allowed for the tenant role' },
            ])
          }
        } else if (!(await q.tenantPayableBy(p, body.tenantId))) {
          throw invalid('body.tenantId', 'not found')
        }
        if (body.leaseId && !(await q.isLeaseOfTenant(p.orgId, body.leaseId, body.tenantId))) {
          throw invalid('body.leaseId', 'not a lease of the tenant')
        }
        const { id } = await q.insert({
          id: uuidv7(),
          org_id: p.orgId,
          tenant_id: body.tenantId,
          lease_id: body.leaseId ?? null,
          amount_cents: body.amountCents,
          method: body.method,
          status: body.status ?? 'pending',
          paid_on: body.paidOn,
          reference: body.reference ?? null,
          memo: body.memo ?? null,
          created_by: p.userId,
        })
        const row = await visiblePayment(q, p, id)
        await appendEvent(trx, {
          orgId: p.orgId,
          topic: 'payment',
          action: 'created',
          entityId: id,
          actorId: p.userId,
          payload: { tenantId: row.tenant_id, leaseId: row.lease_id, status: row.status },
        })
        return toPaymentDto(row)
      })
    },

    async update(p: Principal, id: string, body: UpdatePaymentBody): Promise<Payment> {
      requireRole(p, 'admin', 'property_manager')
      return inTransaction(db, async (trx) => {
        const q = createPaymentQueries(trx)
        const current = await visiblePayment(q, p, id)
        const patch: RowPatch<'payments'> = {}
        if (body.status !== undefined) patch.status = body.status
        if (body.reference !== undefined) patch.reference = body.reference
        if (body.memo !== undefined) patch.memo = body.memo
        await q.update(p.orgId, id, patch)
        const row = await visiblePayment(q, p, id)
        await appendEvent(trx, {
          orgId: p.orgId,
          topic: 'payment',
          action: 'updated',
          entityId: id,
          actorId: p.userId,
          payload: { tenantId: row.tenant_id, leaseId: row.lease_id, status: row.status, previousStatus: current.status },
        })
        return toPaymentDto(row)
      })
    },

    async remove(p: Principal, id: string): Promise<void> {
      requireRole(p, 'admin')
      await inTransaction(db, async (trx) => {
        const q = createPaymentQueries(trx)
        const current = await visiblePayment(q, p, id)
        if (!DELETABLE.has(current.status)) {
          throw new AppError('payment.not_deletable', `a ${current.status} payment cannot be deleted; only pending or failed ones can`)
        }
        await q.remove(p.orgId, id)
        await appendEvent(trx, {
          orgId: p.orgId,
          topic: 'payment',
          action: 'deleted',
          entityId: id,
          actorId: p.userId,
          payload: { tenantId: current.tenant_id, leaseId: current.lease_id, status: current.status },
        })
      })
    },
  }
}

export type PaymentService = ReturnType<typeof createPaymentService>
