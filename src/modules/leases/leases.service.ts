/** Leases: terms of a unit for one or more tenants, and their lifecycle draft → active → ended | terminated. */
import type { Db, RowPatch } from '../../db/types.js'
import { requireRole, seesTenantContact, type Principal } from '../../lib/access.js'
import { AppError, assertThat, invalid, notFound, type FieldError } from '../../lib/errors.js'
import { appendEvent } from '../../lib/events.js'
import { uuidv7 } from '../../lib/ids.js'
import type { Page } from '../../lib/paging.js'
import { inTransaction } from '../../lib/tx.js'
import { createLeaseQueries, type DocumentRow, type LeaseQueries, type LeaseRow, type PaymentRow } from './leases.queries.js'
import { LEASE_NEXT_STATUS } from './leases.schema.js'
import type {
  CreateLeaseBody,
  Lease,
  LeaseDetail,
  LeaseDocument,
  LeaseInclude,
  LeaseListQuery,
  LeasePayment,
  UpdateLeaseBody,
} from './leases.schema.js'
import { latestLeaseEnd, LEASE_DATES } from './leases.schema.js'
import { conformRentToTerm, lockLedger } from '../ledger/ledger.service.js'

type LateFeeInput = NonNullable<CreateLeaseBody['lateFee']>

export const toLeaseDto = (r: LeaseRow): Lease => ({
  id: r.id,
  unitId: r.unit_id,
  propertyId: r.property_id,
  tenantIds: r.tenant_ids,
  primaryTenantId: r.tenant_ids[0] ?? null,
  startDate: r.start_date,
  endDate: r.end_date,
  rentCents: r.rent_cents,
  depositCents: r.deposit_cents,
  dueDay: r.due_day,
  graceDays: r.grace_days,
  lateFee: {
    kind: r.late_fee_kind,
    flatCents: r.late_fee_flat_cents,
    percentBp: r.late_fee_percent_bp,
    minBalanceCents: r.late_fee_min_balance_cents,
    capCents: r.late_fee_cap_cents,
  },
  status: r.status,
  terminatedOn: r.terminated_on,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
})

export const toLeasePaymentDto = (r: PaymentRow): LeasePayment => ({
  id: r.id,
  tenantId: r.tenant_id,
  leaseId: r.lease_id,
  amountCents: r.amount_cents,
  method: r.method,
  status: r.status,
  paidOn: r.paid_on,
  reference: r.reference,
  createdAt: r.created_at.toISOString(),
})

export const toLeaseDocumentDto = (r: DocumentRow): LeaseDocument => ({
  id: r.id,
  fileName: r.file_name,
  contentType: r.content_type,
  sizeBytes: r.size_bytes,
  sha256: r.sha256,
  uploadedBy: r.uploaded_by,
  createdAt: r.created_at.toISOString(),
})

const lateFeeColumns = (fee: LateFeeInput): RowPatch<'leases'> => ({
  late_fee_kind: fee.kind,
  late_fee_flat_cents: fee.flatCents,
  late_fee_percent_bp: fee.percentBp,
  late_fee_min_balance_cents: fee.minBalanceCents,
  late_fee_cap_cents: fee.capCents,
})

async function loadIncludes(q: LeaseQueries, p: Principal, lease: Lease, include: LeaseInclude[]): Promise<LeaseDetail> {
  const want = new Set(include)
  const [tenants, unit, property, charges, payments, documents] = await Promise.all([
    want.has('tenants') ? q.tenantsOf(p, lease.id) : undefined,
    want.has('unit') ? q.unit(p.orgId, lease.unitId) : undefined,
    want.has('property') ? q.property(p.orgId, lease.propertyId) : undefined,
    want.has('charges') ? q.charges(p.orgId, lease.id) : undefined,
    want.has('payments') ? q.payments(p, lease.id) : undefined,
    want.has('documents') ? q.documents(p.orgId, lease.id) : undefined,
  ])
  const detail: LeaseDetail = { ...lease }
  if (tenants) {
    detail.tenants = tenants.map((t) => ({
      id: t.id,
      firstName: t.first_name,
      lastName: t.last_name,
      ...(seesTenantContact(p) ? { email: t.email, phone: t.phone } : {}),
      status: t.status,
      isPrimary: t.is_primary,
    }))
  }
  if (unit) {
    detail.unit = {
      id: unit.id,
      propertyId: unit.property_id,
      unitNumber: unit.unit_number,
      bedrooms: unit.bedrooms,
      bathrooms: unit.bathrooms,
      squareFeet: unit.square_feet,
      marketRentCents: unit.market_rent_cents,
      status: unit.status,
    }
  }
  if (property) {
    detail.property = {
      id: property.id,
      name: property.name,
      type: property.type,
      status: property.status,
      addressLine1: property.address_line1,
      addressLine2: property.address_line2,
      city: property.city,
      state: property.state,
      zip: property.zip,
    }
  }
  if (charges) {
    detail.charges = charges.map((c) => ({
      id: c.id,
      kind: c.kind,
      description: c.description,
      amountCents: c.amount_cents,
      adjustedCents: c.adjusted_cents,
      allocatedCents: c.allocated_cents,
      balanceCents: c.balance_cents,
      dueDate: c.due_date,
      periodStart: c.period_start,
      periodEnd: c.period_end,
      createdAt: c.created_at.toISOString(),
    }))
  }
  if (payments) detail.payments = payments.map(toLeasePaymentDto)
  if (documents) detail.documents = documents.map(toLeaseDocumentDto)
  return detail
}

/** The unit still has an ended or terminated lease running on a day of the term (the active ones are leases_no_overlap's). */
const closedOverlap = (): AppError =>
  new AppError('lease.term_overlaps', 'the unit has an ended or terminated lease that runs into this term', [
    { field: 'body.startDate', message: 'after the last day of the lease before it' },
  ])

export function createLeaseService(db: Db) {
  const read = createLeaseQueries(db)

  /** The lease as the caller sees it after a write, inside the same transaction. */
  const reload = async (q: LeaseQueries, p: Principal, id: string): Promise<Lease> => {
    const row = await q.byId(p, id)
    assertThat(row, () => notFound('lease'))
    return toLeaseDto(row)
  }

  return {
    async list(p: Principal, query: LeaseListQuery): Promise<Page<Lease>> {
      const [rows, total] = await Promise.all([read.list(p, query), read.count(p, query)])
      return { data: rows.map(toLeaseDto), page: query.page, pageSize: query.pageSize, total }
    },

    async get(p: Principal, id: string, include: LeaseInclude[] = []): Promise<LeaseDetail> {
      const row = await read.byId(p, id)
      assertThat(row, () => notFound('lease'))
      return loadIncludes(read, p, toLeaseDto(row), include)
    },

    async create(p: Principal, body: CreateLeaseBody): Promise<Lease> {
      requireRole(p, 'admin', 'property_manager')
      return inTransaction(db, async (trx) => {
        const q = createLeaseQueries(trx)
        const unit = await q.visibleUnit(p, body.unitId)
        assertThat(unit, () => invalid('body.unitId', 'not found'))
        const found = new Set(await q.visibleTenantIds(p, body.tenantIds))
        const missing: FieldError[] = body.tenantIds.flatMap((tenantId, i) =>
          found.has(tenantId) ? [] : [{ field: `body.tenantIds.${i}`, message: 'not found' }],
        )
        if (missing.length) throw new AppError('request.invalid', missing.map((e) => `${e.field}: ${e.message}`).join('; '), missing)

        if (body.status === 'active' && (await q.overlapsClosed(p.orgId, unit.id, body.startDate, body.endDate ?? null, null))) throw closedOverlap()
        const id = uuidv7()
        // The exclusion constraint leases_no_overlap decides overlaps, so concurrent creates cannot both win.
        await q.insert({
          id,
          org_id: p.orgId,
          unit_id: unit.id,
          start_date: body.startDate,
          end_date: body.endDate ?? null,
          rent_cents: body.rentCents,
          deposit_cents: body.depositCents,
          due_day: body.dueDay,
          grace_days: body.graceDays,
          status: body.status,
          ...(body.lateFee ? lateFeeColumns(body.lateFee) : {}),
        })
        await q.insertTenants(body.tenantIds.map((tenantId, i) => ({ org_id: p.orgId, lease_id: id, tenant_id: tenantId, is_primary: i === 0 })))
        await appendEvent(trx, {
          orgId: p.orgId,
          topic: 'lease',
          action: 'created',
          entityId: id,
          actorId: p.userId,
          payload: { leaseId: id, unitId: unit.id, propertyId: unit.property_id, tenantIds: body.tenantIds, status: body.status },
        })
        return reload(q, p, id)
      })
    },

    async update(p: Principal, id: string, body: UpdateLeaseBody): Promise<Lease> {
      requireRole(p, 'admin', 'property_manager')
      return inTransaction(db, async (trx) => {
        const q = createLeaseQueries(trx)
        // A change of the term's first or last day may reverse or re-bill rent: the ledger lock before the lease row, in the order billing takes them.
        const touchesLedger = body.status !== undefined || body.startDate !== undefined || body.endDate !== undefined || body.terminatedOn !== undefined
        if (touchesLedger) await lockLedger(trx, p.orgId)
        const current = await q.lockForWrite(p, id)
        assertThat(current, () => notFound('lease'))
        if (current.status === 'ended' || current.status === 'terminated') {
          throw new AppError('lease.invalid_transition', `a lease that has ${current.status === 'ended' ? 'ended' : 'been terminated'} can no longer be changed`)
        }
        const nextStatus = body.status ?? current.status
        if (nextStatus !== current.status && !LEASE_NEXT_STATUS[current.status].includes(nextStatus)) {
          throw new AppError('lease.invalid_transition', `a ${current.status} lease cannot become ${nextStatus}`, [
            { field: 'body.status', message: `allowed from ${current.status}: ${LEASE_NEXT_STATUS[current.status].join(', ')}` },
          ])
        }
        const startDate = body.startDate ?? current.start_date
        const today = touchesLedger ? ((await q.today(p.orgId)) ?? null) : null
        let endDate = body.endDate === undefined ? current.end_date : body.endDate
        // Ending fixes the last day: the one given, the end of the term when it is past, or today.
        if (nextStatus === 'ended' && body.endDate == null) {
          const ends = current.end_date !== null && today !== null && current.end_date <= today ? current.end_date : today
          if (ends === null || ends < startDate) throw invalid('body.endDate', `the lease starts on ${startDate}: give its last day, on or after the start`)
          endDate = ends
        }
        if (endDate !== null && endDate < startDate) throw invalid('body.endDate', 'must be on or after the start date')
        // The schema checks the term when both dates are sent; one sent alone is checked against the other here.
        const datesChange = body.startDate !== undefined || body.endDate !== undefined
        if (datesChange && endDate !== null && endDate > latestLeaseEnd(startDate)) {
          throw invalid('body.endDate', `at most ${LEASE_DATES.maxTermYears} years after the start date`)
        }
        if (body.terminatedOn !== undefined && nextStatus !== 'terminated') throw invalid('body.terminatedOn', 'only with status terminated')
        if (body.terminatedOn !== undefined && body.terminatedOn < startDate) throw invalid('body.terminatedOn', 'must be on or after the start date')
        const terminatedOn = nextStatus === 'terminated' ? (body.terminatedOn ?? today) : null
        if (nextStatus === 'terminated' && (terminatedOn === null || terminatedOn < startDate)) {
          throw invalid('body.terminatedOn', `the lease starts on ${startDate}: give the day it was terminated, on or after the start`)
        }

        const patch: RowPatch<'leases'> = {
          ...(body.startDate !== undefined ? { start_date: body.startDate } : {}),
          ...(endDate !== current.end_date ? { end_date: endDate } : {}),
          ...(body.rentCents !== undefined ? { rent_cents: body.rentCents } : {}),
          ...(body.depositCents !== undefined ? { deposit_cents: body.depositCents } : {}),
          ...(body.dueDay !== undefined ? { due_day: body.dueDay } : {}),
          ...(body.graceDays !== undefined ? { grace_days: body.graceDays } : {}),
          ...(body.lateFee ? lateFeeColumns(body.lateFee) : {}),
          ...(nextStatus !== current.status ? { status: nextStatus } : {}),
        }
        if (nextStatus === 'terminated') patch.terminated_on = terminatedOn
        const termChanges = nextStatus !== current.status || body.startDate !== undefined || body.endDate !== undefined
        if (nextStatus === 'active' && termChanges && (await q.overlapsClosed(p.orgId, current.unit_id, startDate, endDate, id))) throw closedOverlap()
        // Activating a draft or moving dates of an active lease is checked by leases_no_overlap here.
        await q.update(p.orgId, id, patch)
        // Rent billed for days the term no longer covers is taken back, and what it covers again billed, in this same transaction.
        if (touchesLedger && nextStatus !== 'draft') await conformRentToTerm(trx, p.orgId, id, today ?? startDate, p.userId)
        await appendEvent(trx, {
          orgId: p.orgId,
          topic: 'lease',
          action: 'updated',
          entityId: id,
          actorId: p.userId,
          payload: { leaseId: id, unitId: current.unit_id, propertyId: current.property_id, status: nextStatus, previousStatus: current.status },
        })
        return reload(q, p, id)
      })
    },

    async remove(p: Principal, id: string): Promise<void> {
      requireRole(p, 'admin')
      await inTransaction(db, async (trx) => {
        const q = createLeaseQueries(trx)
        const current = await q.lockForWrite(p, id)
        assertThat(current, () => notFound('lease'))
        if (current.status !== 'draft') throw new AppError('resource.conflict', `only draft leases can be deleted; this one is ${current.status}`)
        // The foreign keys refuse too; saying why here gives the caller words instead of "still referenced".
        if (await q.hasMoney(p.orgId, id)) throw new AppError('resource.in_use', 'the lease has charges or payments, which are kept; it cannot be deleted')
        await q.remove(p.orgId, id)
        await appendEvent(trx, {
          orgId: p.orgId,
          topic: 'lease',
          action: 'deleted',
          entityId: id,
          actorId: p.userId,
          payload: { leaseId: id, unitId: current.unit_id, propertyId: current.property_id },
        })
      })
    },
  }
}

export type LeaseService = ReturnType<typeof createLeaseService>
