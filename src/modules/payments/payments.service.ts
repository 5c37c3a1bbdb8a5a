/** Payments as plain records: who paid what, when and how. Allocation to charges is the ledger's job. */
import { createHash } from 'node:crypto'
import type { Db, PaymentStatus, RowPatch } from '../../db/types.js'
import { requireRole, type Principal } from '../../lib/access.js'
import { AppError, assertThat, invalid, notFound } from '../../lib/errors.js'
import { appendEvent } from '../../lib/events.js'
import { uuidv7 } from '../../lib/ids.js'
import type { Page } from '../../lib/paging.js'
import { inTransaction } from '../../lib/tx.js'
import { addDays } from '../ledger/dates.js'
import { applyPaymentStatus, lockLedger } from '../ledger/ledger.service.js'
import { LEASE_DATES } from '../leases/leases.schema.js'
import { createPaymentQueries } from './payments.queries.js'
import { DELETABLE_STATUSES, PAYMENT_NEXT_STATUS, type CreatePaymentBody, type Payment, type PaymentDetail, type PaymentInclude, type PaymentListQuery, type UpdatePaymentBody } from './payments.schema.js'

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

const NEXT_STATUS = PAYMENT_NEXT_STATUS

/** What a retry must repeat exactly to be the same request: the caller and every field of the body. */
const requestHashOf = (p: Principal, body: CreatePaymentBody): string =>
  createHash('sha256')
    .update(JSON.stringify([p.userId, body.tenantId, body.leaseId ?? null, body.amountCents, body.method, body.paidOn, body.reference ?? null, body.memo ?? null, body.status ?? 'pending']))
    .digest('hex')

/** Only a payment that never moved money may be deleted; the others stay as the record of it. */
const DELETABLE: ReadonlySet<PaymentStatus> = new Set(DELETABLE_STATUSES)

/** How long before a lease starts a payment for it may be dated: a deposit or first rent paid ahead of move-in. */
export const PAID_BEFORE_START_DAYS = 366

/**
 * A payment is dated no later than today in the organization's zone (a day not yet come would
 * count it paid in the ledger but not in the reports of today) and no earlier than a year before
 * the lease it pays (any of the tenant's leases when none is named) starts.
 */
async function checkPaidOn(q: Queries, orgId: string, body: CreatePaymentBody): Promise<void> {
  const today = await q.today(orgId)
  if (today !== undefined && body.paidOn > today) throw invalid('body.paidOn', `at most today (${today})`)
  const start = await q.earliestLeaseStart(orgId, body.tenantId, body.leaseId ?? null)
  const earliest = start ? addDays(start, -PAID_BEFORE_START_DAYS) : LEASE_DATES.earliestStart
  if (body.paidOn < earliest) throw invalid('body.paidOn', `on or after ${earliest}${start ? `, a year before the lease starts on ${start}` : ''}`)
}

export function createPaymentService(db: Db) {
  const readers = ['admin', 'property_manager', 'owner', 'tenant'] as const

  async function visiblePayment(q: Queries, p: Principal, id: string): Promise<PaymentRow> {
    const row = await q.byId(p, id)
    if (!row) throw notFound('payment')
    return row
  }

  /** The first result of an idempotency key, or a 409 when the key came with a different request. */
  async function replay(q: Queries, p: Principal, first: { id: string; request_hash: string | null }, hash: string): Promise<Payment> {
    if (first.request_hash !== hash) {
      throw new AppError('payment.idempotency_conflict', 'this Idempotency-Key was already used with a different request', [
        { field: 'header.idempotency-key', message: 'already used with a different request' },
      ])
    }
    return toPaymentDto(await visiblePayment(q, p, first.id))
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

    /** One payment with the day it was reversed, and the relations named in `include`. */
    async get(p: Principal, id: string, include: readonly PaymentInclude[] = []): Promise<PaymentDetail> {
      requireRole(p, ...readers)
      const q = createPaymentQueries(db)
      const row = await visiblePayment(q, p, id)
      const wants = new Set(include)
      const [lease, allocations] = await Promise.all([
        wants.has('lease') && row.lease_id ? q.leaseOf(p, row.lease_id) : undefined,
        wants.has('allocations') ? q.allocationsOf(p, id) : undefined,
      ])
      return {
        ...toPaymentDto(row),
        reversedOn: row.reversed_on,
        ...(wants.has('lease')
          ? {
              lease: lease
                ? {
                    id: lease.id,
                    status: lease.status,
                    startDate: lease.start_date,
                    endDate: lease.end_date,
                    unit: { id: lease.unit_id, unitNumber: lease.unit_number },
                    property: { id: lease.property_id, name: lease.property_name },
                  }
                : null,
            }
          : {}),
        ...(allocations
          ? {
              allocations: allocations.map((a) => ({
                id: a.id,
                chargeId: a.charge_id,
                leaseId: a.lease_id,
                kind: a.kind,
                description: a.description,
                dueDate: a.due_date,
                amountCents: a.amount_cents,
                effectiveOn: a.effective_on,
                createdAt: iso(a.created_at),
              })),
            }
          : {}),
      }
    },

    /** Records a payment; with an idempotency key a retry returns the first result and writes nothing. */
    async create(p: Principal, body: CreatePaymentBody, idempotencyKey?: string): Promise<Payment> {
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
        if (body.leaseId && !(await q.isLeaseOfTenant(p, body.leaseId, body.tenantId))) {
          throw invalid('body.leaseId', 'not a lease of the tenant')
        }
        await checkPaidOn(q, p.orgId, body)
        const requestHash = requestHashOf(p, body)
        const first = idempotencyKey ? await q.byIdempotencyKey(p.orgId, p.userId, idempotencyKey) : undefined
        if (first) return replay(q, p, first, requestHash)
        const values = {
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
          idempotency_key: idempotencyKey ?? null,
          request_hash: idempotencyKey ? requestHash : null,
          created_by: p.userId,
        }
        const inserted = idempotencyKey ? await q.insertOnce(values) : await q.insert(values)
        // A concurrent retry with the same key committed first: answer with its result.
        if (!inserted) return replay(q, p, (await q.byIdempotencyKey(p.orgId, p.userId, idempotencyKey!))!, requestHash)
        const { id } = inserted
        const row = await visiblePayment(q, p, id)
        await appendEvent(trx, {
          orgId: p.orgId,
          topic: 'payment',
          action: 'created',
          entityId: id,
          actorId: p.userId,
          payload: { tenantId: row.tenant_id, leaseId: row.lease_id, status: row.status },
        })
        if (row.status === 'succeeded') await applyPaymentStatus(trx, p.orgId, id, null, p.userId)
        return toPaymentDto(row)
      })
    },

    async update(p: Principal, id: string, body: UpdatePaymentBody): Promise<Payment> {
      requireRole(p, 'admin', 'property_manager')
      return inTransaction(db, async (trx) => {
        const q = createPaymentQueries(trx)
        // A change of status moves money on the ledger: its lock first, so two changes never both start from the old status.
        if (body.status !== undefined) await lockLedger(trx, p.orgId)
        const current = await visiblePayment(q, p, id)
        const changes = body.status !== undefined && body.status !== current.status
        if (changes && !NEXT_STATUS[current.status].includes(body.status!)) {
          throw new AppError('payment.invalid_transition', `a ${current.status} payment cannot become ${body.status}`, [
            { field: 'body.status', message: `from ${current.status}: ${NEXT_STATUS[current.status].join(' or ') || 'no change is possible'}` },
          ])
        }
        const patch: RowPatch<'payments'> = {}
        if (body.status !== undefined) patch.status = body.status
        if (body.reference !== undefined) patch.reference = body.reference
        if (body.memo !== undefined) patch.memo = body.memo
        await q.update(p.orgId, id, patch)
        if (changes) await applyPaymentStatus(trx, p.orgId, id, current.status, p.userId)
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
        // The lock a change of status takes, so a payment clearing at this moment is never deleted too.
        await lockLedger(trx, p.orgId)
        const current = await visiblePayment(q, p, id)
        if (!DELETABLE.has(current.status) || !(await q.remove(p.orgId, id, [...DELETABLE]))) {
          throw new AppError('payment.not_deletable', `a ${current.status} payment cannot be deleted; only pending or failed ones can`)
        }
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
