/** Tenants: the people on leases, their contact, current lease, relations and ledger summary. */
import type { Db, Executor, RowPatch } from '../../db/types.js'
import { isStaff, requireRole, seesTenantContact, type Principal } from '../../lib/access.js'
import { AppError, assertThat, notFound } from '../../lib/errors.js'
import { appendEvent } from '../../lib/events.js'
import { uuidv7 } from '../../lib/ids.js'
import type { Page } from '../../lib/paging.js'
import { inTransaction } from '../../lib/tx.js'
import { createLeaseQueries } from '../leases/leases.queries.js'
import { toLeaseDocumentDto, toLeaseDto, toLeasePaymentDto } from '../leases/leases.service.js'
import { createLedgerService } from '../ledger/ledger.service.js'
import { createTenantQueries, type TenantQueries, type TenantRow } from './tenants.queries.js'
import type {
  CreateTenantBody,
  CurrentLease,
  Tenant,
  TenantDetail,
  TenantFinancialSummary,
  TenantInclude,
  TenantListQuery,
  UpdateTenantBody,
} from './tenants.schema.js'

/** total / count rounded half up, in integers (no floating point); 0 when count is 0. */
export function averageHalfUp(total: number, count: number): number {
  if (count === 0) return 0
  const t = BigInt(total)
  const c = BigInt(count)
  return Number((2n * t + c) / (2n * c))
}

/** The rule of the summary's status: overdue beats pending; no history at all counts as good. */
export function summaryStatus(overdueCents: number, pendingCount: number): TenantFinancialSummary['status'] {
  if (overdueCents > 0) return 'at_risk'
  if (pendingCount > 0) return 'pending'
  return 'good'
}

const toTenantDto = (r: TenantRow, currentLease: CurrentLease | null, p: Principal): Tenant => ({
  id: r.id,
  firstName: r.first_name,
  lastName: r.last_name,
  ...(seesTenantContact(p) ? { email: r.email, phone: r.phone } : {}),
  status: r.status,
  currentLease,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
})

/** The current lease of every tenant of a page, by tenant id, loaded in one query. */
async function currentLeasesOf(q: TenantQueries, p: Principal, tenantIds: string[]): Promise<Map<string, CurrentLease>> {
  const rows = await q.currentLeases(p, tenantIds)
  return new Map(
    rows.map((r) => [
      r.tenant_id,
      { id: r.id, unitId: r.unit_id, propertyId: r.property_id, rentCents: r.rent_cents, startDate: r.start_date, endDate: r.end_date },
    ]),
  )
}

export function createTenantService(db: Db) {
  const read = createTenantQueries(db)

  const detail = async (ex: Executor, p: Principal, id: string, include: TenantInclude[] = []): Promise<TenantDetail> => {
    const q = createTenantQueries(ex)
    const row = await q.byId(p, id)
    assertThat(row, () => notFound('tenant'))
    // A technician sees the reporting tenant's contact, not their leases or ledger.
    if (include.length && p.role === 'technician') throw new AppError('auth.forbidden', 'technicians see a tenant’s contact details only')
    const want = new Set(include)
    const [current, leases, payments, maintenance, documents, communications] = await Promise.all([
      currentLeasesOf(q, p, [id]),
      want.has('leases') ? createLeaseQueries(ex).ofTenant(p, id) : undefined,
      want.has('payments') ? q.payments(p, id) : undefined,
      want.has('maintenance') ? q.maintenance(p, id) : undefined,
      want.has('documents') ? q.documents(p, id) : undefined,
      want.has('communications') ? q.communications(p, id) : undefined,
    ])
    const out: TenantDetail = toTenantDto(row, current.get(id) ?? null, p)
    if (isStaff(p)) out.notes = row.notes
    if (leases) out.leases = leases.map(toLeaseDto)
    if (payments) out.payments = payments.map(toLeasePaymentDto)
    if (maintenance) {
      out.maintenance = maintenance.map((m) => ({
        id: m.id,
        propertyId: m.property_id,
        unitId: m.unit_id,
        title: m.title,
        category: m.category,
        priority: m.priority,
        status: m.status,
        requestedAt: m.requested_at.toISOString(),
        completedAt: m.completed_at === null ? null : new Date(m.completed_at).toISOString(),
      }))
    }
    if (documents) out.documents = documents.map(toLeaseDocumentDto)
    if (communications) {
      out.communications = communications.map((c) => ({
        id: c.id,
        propertyId: c.property_id,
        userId: c.user_id,
        channel: c.channel,
        direction: c.direction,
        subject: c.subject,
        body: c.body,
        occurredAt: c.occurred_at.toISOString(),
      }))
    }
    return out
  }

  return {
    async list(p: Principal, query: TenantListQuery): Promise<Page<Tenant>> {
      const [rows, total] = await Promise.all([read.list(p, query), read.count(p, query)])
      const current = await currentLeasesOf(read, p, rows.map((r) => r.id))
      return { data: rows.map((r) => toTenantDto(r, current.get(r.id) ?? null, p)), page: query.page, pageSize: query.pageSize, total }
    },

    get: (p: Principal, id: string, include: TenantInclude[] = []): Promise<TenantDetail> => detail(db, p, id, include),

    async create(p: Principal, body: CreateTenantBody): Promise<TenantDetail> {
      requireRole(p, 'admin', 'property_manager')
      return inTransaction(db, async (trx) => {
        const q = createTenantQueries(trx)
        const id = uuidv7()
        // created_by lets the manager who entered an applicant see them before any lease exists.
        await q.insert({
          id,
          org_id: p.orgId,
          first_name: body.firstName,
          last_name: body.lastName,
          email: body.email ?? null,
          phone: body.phone ?? null,
          status: body.status,
          notes: body.notes ?? null,
          created_by: p.userId,
        })
        await appendEvent(trx, { orgId: p.orgId, topic: 'tenant', action: 'created', entityId: id, actorId: p.userId, payload: { tenantId: id } })
        return detail(trx, p, id)
      })
    },

    async update(p: Principal, id: string, body: UpdateTenantBody): Promise<TenantDetail> {
      requireRole(p, 'admin', 'property_manager')
      return inTransaction(db, async (trx) => {
        const q = createTenantQueries(trx)
        assertThat(await q.byId(p, id), () => notFound('tenant'))
        const patch: RowPatch<'tenants'> = {
          ...(body.firstName !== undefined ? { first_name: body.firstName } : {}),
          ...(body.lastName !== undefined ? { last_name: body.lastName } : {}),
          ...(body.email !== undefined ? { email: body.email } : {}),
          ...(body.phone !== undefined ? { phone: body.phone } : {}),
          ...(body.status !== undefined ? { status: body.status } : {}),
          ...(body.notes !== undefined ? { notes: body.notes } : {}),
        }
        await q.update(p.orgId, id, patch)
        await appendEvent(trx, { orgId: p.orgId, topic: 'tenant', action: 'updated', entityId: id, actorId: p.userId, payload: { tenantId: id } })
        return detail(trx, p, id)
      })
    },

    async remove(p: Principal, id: string): Promise<void> {
      requireRole(p, 'admin')
      await inTransaction(db, async (trx) => {
        const q = createTenantQueries(trx)
        assertThat(await q.lock(p.orgId, id), () => notFound('tenant'))
        const refs = await q.hasLeasesOrPayments(p.orgId, id)
        if (refs.leases || refs.payments) {
          const what = [refs.leases ? 'leases' : '', refs.payments ? 'payments' : ''].filter(Boolean).join(' and ')
          throw new AppError('resource.in_use', `the tenant has ${what}; mark them past instead`)
        }
        if (refs.login) throw new AppError('resource.in_use', 'the tenant has a portal login; an admin can disable it on the Users page, and the tenant can be marked past')
        // A lease or payment added meanwhile still fails the delete through its foreign key (409 in use).
        await q.remove(p.orgId, id)
        await appendEvent(trx, { orgId: p.orgId, topic: 'tenant', action: 'deleted', entityId: id, actorId: p.userId, payload: { tenantId: id } })
      })
    },

    async financialSummary(p: Principal, id: string): Promise<TenantFinancialSummary> {
      requireRole(p, 'admin', 'property_manager', 'owner', 'tenant')
      assertThat(await read.byId(p, id), () => notFound('tenant'))
      // The figures come from the ledger, so the summary always agrees with the tenant's ledger.
      const s = await createLedgerService(db).financialSummary(p, id)
      return { ...s, averagePaymentCents: averageHalfUp(s.paidAmountCents, s.paidCount), status: summaryStatus(s.overdueAmountCents, s.pendingCount) }
    },
  }
}

export type TenantService = ReturnType<typeof createTenantService>
