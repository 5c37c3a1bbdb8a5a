import { sql } from 'kysely'
import type { Executor, NewRow } from '../../db/types.js'
import { propertyVisible, tenantVisible, type Principal } from '../../lib/access.js'

/** The advisory-lock class of ledger writes; the second key is the organization. */
const LEDGER_LOCK = 7461627

const BILLABLE = ['active', 'ended', 'terminated'] as const

/** Rows per INSERT: a charge has under 20 columns, so a chunk stays far below PostgreSQL's 65,535 bind parameters. */
export const INSERT_CHUNK_ROWS = 1_000

/** Runs `insert` on consecutive chunks of `rows`, in order, and joins what each returns. */
async function inChunks<T, R>(rows: T[], insert: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = []
  for (let i = 0; i < rows.length; i += INSERT_CHUNK_ROWS) out.push(...(await insert(rows.slice(i, i + INSERT_CHUNK_ROWS))))
  return out
}

export function createLedgerQueries(db: Executor) {
  return {
    /**
     * Serializes ledger writes of one organization until the transaction ends, so two billing
     * runs, or a run and a payment, never read the same open balance twice.
     */
    lock: async (orgId: string) => {
      await sql`SELECT pg_advisory_xact_lock(${sql.lit(LEDGER_LOCK)}, hashtext(${orgId}::text))`.execute(db)
    },

    organization: (orgId: string) => db.selectFrom('organizations').select(['id', 'time_zone']).where('id', '=', orgId).executeTakeFirst(),

    organizations: (orgId?: string) =>
      db
        .selectFrom('organizations')
        .select(['id', 'time_zone'])
        .$if(orgId !== undefined, (qb) => qb.where('id', '=', orgId!))
        .orderBy('id')
        .execute(),

    /** Leases that bill: signed (not drafts), started on or before `through`. */
    billableLeases: (orgId: string, through: string, leaseIds?: string[]) =>
      db
        .selectFrom('leases as l')
        .innerJoin('units as u', (j) => j.onRef('u.org_id', '=', 'l.org_id').onRef('u.id', '=', 'l.unit_id'))
        .select([
          'l.id',
          'l.start_date',
          'l.end_date',
          'l.terminated_on',
          'l.due_day',
          'l.rent_cents',
          'l.deposit_cents',
          'l.status',
          'u.property_id',
        ])
        .where('l.org_id', '=', orgId)
        .where('l.status', 'in', BILLABLE)
        .where('l.start_date', '<=', through)
        .$if(leaseIds !== undefined, (qb) => qb.where('l.id', 'in', leaseIds!.length ? leaseIds! : ['00000000-0000-0000-0000-000000000000']))
        .orderBy('l.id')
        .execute(),

    /** Rent and deposit charges already on the leases, however they were posted. */
    postedPeriods: (orgId: string, leaseIds: string[]) =>
      leaseIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('charges')
            .select(['lease_id', 'kind', 'period_start', 'period_end', 'due_date'])
            .where('org_id', '=', orgId)
            .where('kind', 'in', ['rent', 'deposit'])
            .where('adjustment', 'is', null)
            .where('lease_id', 'in', leaseIds)
            .execute(),

    /** Inserts scheduled postings; one already there for its lease, kind and period is skipped. */
    insertScheduled: (rows: NewRow<'charges'>[]) =>
      inChunks(rows, (chunk) =>
        db
          .insertInto('charges')
          .values(chunk)
          .onConflict((oc) => oc.columns(['org_id', 'lease_id', 'kind', 'period_start']).where(sql<boolean>`scheduled`).doNothing())
          .returningAll()
          .execute(),
      ),

    /** Inserts late fees; a charge that already has one is skipped. */
    insertLateFees: (rows: NewRow<'charges'>[]) =>
      inChunks(rows, (chunk) =>
        db
          .insertInto('charges')
          .values(chunk)
          .onConflict((oc) => oc.columns(['org_id', 'source_charge_id']).where(sql<boolean>`kind = 'late_fee' AND adjustment IS NULL`).doNothing())
          .returningAll()
          .execute(),
      ),

    insertCharges: (rows: NewRow<'charges'>[]) => inChunks(rows, (chunk) => db.insertInto('charges').values(chunk).returningAll().execute()),

    charge: (orgId: string, id: string) => db.selectFrom('charges').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst(),

    /** Each charge of the leases with what adjusted and paid it. */
    balances: (orgId: string, leaseIds: string[]) =>
      leaseIds.length === 0
        ? Promise.resolve([])
        : db.selectFrom('charge_balances').selectAll().where('org_id', '=', orgId).where('lease_id', 'in', leaseIds).execute(),

    balanceOf: (orgId: string, chargeId: string) =>
      db.selectFrom('charge_balances').selectAll().where('org_id', '=', orgId).where('charge_id', '=', chargeId).executeTakeFirst(),

    leaseTenants: (orgId: string, by: { leaseIds?: string[]; tenantIds?: string[] }) =>
      db
        .selectFrom('lease_tenants')
        .select(['lease_id', 'tenant_id', 'is_primary'])
        .where('org_id', '=', orgId)
        .$if(by.leaseIds !== undefined, (qb) => qb.where('lease_id', 'in', by.leaseIds!.length ? by.leaseIds! : ['00000000-0000-0000-0000-000000000000']))
        .$if(by.tenantIds !== undefined, (qb) => qb.where('tenant_id', 'in', by.tenantIds!.length ? by.tenantIds! : ['00000000-0000-0000-0000-000000000000']))
        .orderBy('lease_id')
        .orderBy('is_primary', 'desc')
        .orderBy('tenant_id')
        .execute(),

    /** Succeeded payments of the tenants with money not yet allocated, oldest first. */
    credits: async (orgId: string, tenantIds: string[]) => {
      if (tenantIds.length === 0) return []
      const result = await sql<{ id: string; tenant_id: string; lease_id: string | null; paid_on: string; available_cents: number }>`
        SELECT p.id, p.tenant_id, p.lease_id, p.paid_on,
               (p.amount_cents - coalesce(sum(a.amount_cents), 0))::bigint AS available_cents
        FROM payments p
        LEFT JOIN payment_allocations a ON a.org_id = p.org_id AND a.payment_id = p.id
        WHERE p.org_id = ${orgId} AND p.status = 'succeeded' AND p.tenant_id IN (${sql.join(tenantIds)})
        GROUP BY p.id
        HAVING p.amount_cents - coalesce(sum(a.amount_cents), 0) > 0
        ORDER BY p.paid_on, p.created_at, p.id`.execute(db)
      return result.rows
    },

    insertAllocations: async (rows: NewRow<'payment_allocations'>[]) => {
      await inChunks(rows, (chunk) => db.insertInto('payment_allocations').values(chunk).execute())
    },

    payment: (orgId: string, id: string) => db.selectFrom('payments').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst(),

    allocationsOfPayment: (orgId: string, paymentId: string) =>
      db.selectFrom('payment_allocations').select(['charge_id', 'amount_cents']).where('org_id', '=', orgId).where('payment_id', '=', paymentId).execute(),

    /** Allocations to a charge, newest first: the ones a reversal takes back first. */
    allocationsToCharge: (orgId: string, chargeId: string) =>
      db
        .selectFrom('payment_allocations')
        .select(['payment_id', 'amount_cents', 'created_at', 'id'])
        .where('org_id', '=', orgId)
        .where('charge_id', '=', chargeId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute(),

    markReversed: (orgId: string, paymentId: string, on: string) =>
      db.updateTable('payments').set({ reversed_on: on }).where('org_id', '=', orgId).where('id', '=', paymentId).execute(),

    /**
     * Open rent charges past due plus grace on `today` that have no late fee yet, with their
     * lease's policy. A fee posted by hand or an import (not linked to a charge) within the rent's
     * period counts as that rent's fee.
     */
    lateFeeCandidates: (orgId: string, today: string) =>
      db
        .selectFrom('charge_balances as cb')
        .innerJoin('leases as l', (j) => j.onRef('l.org_id', '=', 'cb.org_id').onRef('l.id', '=', 'cb.lease_id'))
        .innerJoin('charges as c', (j) => j.onRef('c.org_id', '=', 'cb.org_id').onRef('c.id', '=', 'cb.charge_id'))
        .select([
          'cb.charge_id',
          'cb.lease_id',
          'cb.due_date',
          'cb.balance_cents',
          'l.late_fee_kind',
          'l.late_fee_flat_cents',
          'l.late_fee_percent_bp',
          'l.late_fee_min_balance_cents',
          'l.late_fee_cap_cents',
          'l.grace_days',
        ])
        .where('cb.org_id', '=', orgId)
        .where('cb.kind', '=', 'rent')
        // Rent billed again after a lease's last day moved belongs to its period's charge, which bears any fee.
        .where('c.term_change', '=', false)
        .where('cb.balance_cents', '>', 0)
        .where('l.late_fee_kind', '<>', 'none')
        .where('l.status', 'in', BILLABLE)
        .where(sql<boolean>`cb.due_date + l.grace_days < ${today}::date`)
        // Two separate tests, so each is an index lookup (the fee's source, or the lease's days in the period) rather than a scan of the lease's charges per charge.
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('charges as f')
                .select(sql.lit(1).as('one'))
                .whereRef('f.org_id', '=', 'cb.org_id')
                .whereRef('f.source_charge_id', '=', 'cb.charge_id')
                .where('f.kind', '=', 'late_fee')
                .where('f.adjustment', 'is', null),
            ),
          ),
        )
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('charges as f')
                .select(sql.lit(1).as('one'))
                .whereRef('f.org_id', '=', 'cb.org_id')
                .whereRef('f.lease_id', '=', 'cb.lease_id')
                .where('f.kind', '=', 'late_fee')
                .where('f.adjustment', 'is', null)
                .where('f.source_charge_id', 'is', null)
                .where('f.due_date', '>', eb.ref('c.due_date'))
                .where('f.due_date', '<=', sql<string>`coalesce(c.period_end, c.due_date + 30)`),
            ),
          ),
        )
        .orderBy('cb.lease_id')
        .orderBy('cb.due_date')
        .orderBy('cb.charge_id')
        .execute(),

    /** The lease as the caller may see it: on a visible property, and for a tenant one of their own. */
    visibleLease: (p: Principal, leaseId: string) =>
      db
        .selectFrom('leases as l')
        .innerJoin('units as u', (j) => j.onRef('u.org_id', '=', 'l.org_id').onRef('u.id', '=', 'l.unit_id'))
        .select(['l.id', 'l.status', 'l.grace_days', 'l.start_date', 'l.end_date', 'l.terminated_on', 'l.deposit_cents', 'l.unit_id', 'u.property_id'])
        .where('l.org_id', '=', p.orgId)
        .where('l.id', '=', leaseId)
        .where(propertyVisible(p, 'u.property_id'))
        .$if(p.role === 'tenant', (qb) =>
          qb.where((eb) =>
            eb.exists(
              eb
                .selectFrom('lease_tenants as lt')
                .select(sql.lit(1).as('one'))
                .whereRef('lt.org_id', '=', 'l.org_id')
                .whereRef('lt.lease_id', '=', 'l.id')
                .where('lt.tenant_id', '=', p.tenantId),
            ),
          ),
        )
        .executeTakeFirst(),

    /** The tenant's leases on properties the caller may see. */
    tenantLeases: (p: Principal, tenantId: string) =>
      db
        .selectFrom('lease_tenants as lt')
        .innerJoin('leases as l', (j) => j.onRef('l.org_id', '=', 'lt.org_id').onRef('l.id', '=', 'lt.lease_id'))
        .innerJoin('units as u', (j) => j.onRef('u.org_id', '=', 'l.org_id').onRef('u.id', '=', 'l.unit_id'))
        .select(['l.id', 'l.status', 'l.grace_days', 'u.property_id'])
        .where('lt.org_id', '=', p.orgId)
        .where('lt.tenant_id', '=', tenantId)
        .where(propertyVisible(p, 'u.property_id'))
        .orderBy('l.start_date')
        .orderBy('l.id')
        .execute(),

    countTenantLeases: async (orgId: string, tenantId: string) => {
      const row = await db
        .selectFrom('lease_tenants')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('org_id', '=', orgId)
        .where('tenant_id', '=', tenantId)
        .executeTakeFirstOrThrow()
      return Number(row.n)
    },

    /** Every row of the leases' ledgers, charges and adjustments, in posting order. */
    chargeRows: (orgId: string, leaseIds: string[]) =>
      leaseIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('charges')
            .selectAll()
            .where('org_id', '=', orgId)
            .where('lease_id', 'in', leaseIds)
            .orderBy('due_date')
            .orderBy('created_at')
            .orderBy('id')
            .execute(),

    /** Allocations to the leases' charges, with the payment each came from. */
    allocationRows: (orgId: string, leaseIds: string[]) =>
      leaseIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('payment_allocations as a')
            .innerJoin('charges as c', (j) => j.onRef('c.org_id', '=', 'a.org_id').onRef('c.id', '=', 'a.charge_id'))
            .innerJoin('payments as pay', (j) => j.onRef('pay.org_id', '=', 'a.org_id').onRef('pay.id', '=', 'a.payment_id'))
            .select([
              'a.id',
              'a.payment_id',
              'a.charge_id',
              'a.amount_cents',
              'a.effective_on',
              sql<string>`to_char(a.created_at, 'YYYY-MM-DD')`.as('created_on'),
              'c.lease_id',
              'c.kind',
              'pay.tenant_id',
              'pay.paid_on',
              'pay.reversed_on',
              'pay.method',
              'pay.reference',
            ])
            .where('a.org_id', '=', orgId)
            .where('c.lease_id', 'in', leaseIds)
            .orderBy('a.created_at')
            .orderBy('a.id')
            .execute(),

    /** The tenant's own payments. */
    tenantPayments: (orgId: string, tenantId: string) =>
      db
        .selectFrom('payments')
        .select(['id', 'lease_id', 'amount_cents', 'status', 'paid_on', 'reversed_on', 'method', 'reference'])
        .where('org_id', '=', orgId)
        .where('tenant_id', '=', tenantId)
        .orderBy('paid_on')
        .orderBy('created_at')
        .orderBy('id')
        .execute(),

    dispositions: (orgId: string, leaseIds: string[]) =>
      leaseIds.length === 0
        ? Promise.resolve([])
        : db.selectFrom('deposit_dispositions').selectAll().where('org_id', '=', orgId).where('lease_id', 'in', leaseIds).execute(),

    deductions: (orgId: string, dispositionIds: string[]) =>
      dispositionIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('deposit_deductions')
            .selectAll()
            .where('org_id', '=', orgId)
            .where('disposition_id', 'in', dispositionIds)
            .orderBy('disposition_id')
            .orderBy('position')
            .execute(),

    insertDisposition: (row: NewRow<'deposit_dispositions'>) => db.insertInto('deposit_dispositions').values(row).returningAll().executeTakeFirstOrThrow(),

    insertDeductions: async (rows: NewRow<'deposit_deductions'>[]) => {
      if (rows.length) await db.insertInto('deposit_deductions').values(rows).execute()
    },

    /** Units of a property with the lease in effect on `on`, for splitting a bill among them. */
    leasedUnits: (p: Principal, propertyId: string, on: string) =>
      db
        .selectFrom('units as u')
        .innerJoin('leases as l', (j) => j.onRef('l.org_id', '=', 'u.org_id').onRef('l.unit_id', '=', 'u.id'))
        .select(['u.id as unit_id', 'u.square_feet', 'l.id as lease_id'])
        .where('u.org_id', '=', p.orgId)
        .where('u.property_id', '=', propertyId)
        .where(propertyVisible(p, 'u.property_id'))
        .where('l.status', 'in', BILLABLE)
        .where('l.start_date', '<=', on)
        .where(sql<boolean>`coalesce(least(l.end_date, l.terminated_on), l.end_date, l.terminated_on, 'infinity'::date) >= ${on}::date`)
        .orderBy('u.unit_number')
        .orderBy('u.id')
        .execute(),

    visibleProperty: (p: Principal, propertyId: string) =>
      db.selectFrom('properties').select('id').where('org_id', '=', p.orgId).where('id', '=', propertyId).where(propertyVisible(p, 'id')).executeTakeFirst(),

    visibleTenant: (p: Principal, tenantId: string) =>
      db
        .selectFrom('tenants')
        .select('id')
        .where('org_id', '=', p.orgId)
        .where('id', '=', tenantId)
        .where(tenantVisible(p, 'id'))
        .executeTakeFirst(),
  }
}

export type LedgerQueries = ReturnType<typeof createLedgerQueries>
export type ChargeRow = Awaited<ReturnType<LedgerQueries['chargeRows']>>[number]
export type AllocationRow = Awaited<ReturnType<LedgerQueries['allocationRows']>>[number]
export type BalanceRow = Awaited<ReturnType<LedgerQueries['balances']>>[number]
export type BillableLease = Awaited<ReturnType<LedgerQueries['billableLeases']>>[number]
export type PostedPeriod = Awaited<ReturnType<LedgerQueries['postedPeriods']>>[number]
