import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely'
import type { Executor, NewRow, RowPatch } from '../../db/types.js'
import { propertyVisible, tenantVisible, visiblePropertyIds, type Principal } from '../../lib/access.js'
import { offsetOf } from '../../lib/paging.js'
import type { LeaseListQuery } from './leases.schema.js'

/** SQL: today's calendar date in the organization's time zone, the date rent falls due by. */
export function orgToday(orgId: string | Expression<string>): RawBuilder<string> {
  return sql<string>`(SELECT (now() AT TIME ZONE o.time_zone)::date FROM organizations o WHERE o.id = ${orgId})`
}

/**
 * SQL condition: the lease id in `column` is one the caller may see. A tenant sees the leases
 * they are on; managers and owners those on their properties; technicians none (they see work
 * orders, not rents). Callers also filter by org_id.
 */
export function leaseVisible(p: Principal, column: string): Expression<SqlBool> {
  const ref = sql.ref(column)
  switch (p.role) {
    case 'admin':
      return sql<SqlBool>`true`
    case 'tenant':
      return sql<SqlBool>`${ref} IN (SELECT lease_id FROM lease_tenants WHERE org_id = ${p.orgId} AND tenant_id = ${p.tenantId})`
    case 'technician':
      return sql<SqlBool>`false`
    case 'property_manager':
    case 'owner':
      return sql<SqlBool>`${ref} IN (SELECT vl.id FROM leases vl
        JOIN units vu ON vu.org_id = vl.org_id AND vu.id = vl.unit_id
        WHERE vl.org_id = ${p.orgId} AND vu.property_id IN ${visiblePropertyIds(p)})`
  }
}

/** The tenant ids of lease `l`, primary first, as a JSON array (one value per lease row, no extra query). */
const tenantIdsOfLease = sql<string[]>`(SELECT coalesce(json_agg(lt.tenant_id ORDER BY lt.is_primary DESC, lt.tenant_id), '[]'::json)
  FROM lease_tenants lt WHERE lt.org_id = l.org_id AND lt.lease_id = l.id)`

/**
 * SQL, for charge `c`: the sum of its adjustments (negative rows naming it) and of the payment
 * allocations to it; balance = amount + adjusted − allocated. Adjustment rows are never charges.
 */
export const adjustedOf = sql<number>`(SELECT coalesce(sum(adj.amount_cents), 0) FROM charges adj
  WHERE adj.org_id = c.org_id AND adj.reverses_charge_id = c.id)::bigint`
export const allocatedOf = sql<number>`(SELECT coalesce(sum(a.amount_cents), 0) FROM payment_allocations a
  WHERE a.org_id = c.org_id AND a.charge_id = c.id)::bigint`

export function createLeaseQueries(db: Executor) {
  /** Leases of the organization the caller may see, with their property and tenants. */
  const visible = (p: Principal) =>
    db
      .selectFrom('leases as l')
      .innerJoin('units as u', (j) => j.onRef('u.org_id', '=', 'l.org_id').onRef('u.id', '=', 'l.unit_id'))
      .where('l.org_id', '=', p.orgId)
      .where(leaseVisible(p, 'l.id'))

  const withColumns = <T extends ReturnType<typeof visible>>(qb: T) =>
    qb.select([
      'l.id',
      'l.unit_id',
      'u.property_id',
      'l.start_date',
      'l.end_date',
      'l.rent_cents',
      'l.deposit_cents',
      'l.due_day',
      'l.grace_days',
      'l.late_fee_kind',
      'l.late_fee_flat_cents',
      'l.late_fee_percent_bp',
      'l.late_fee_min_balance_cents',
      'l.late_fee_cap_cents',
      'l.status',
      'l.terminated_on',
      'l.created_at',
      'l.updated_at',
      tenantIdsOfLease.as('tenant_ids'),
    ])

  const filtered = (p: Principal, q: LeaseListQuery) =>
    visible(p)
      .$if(q.status !== undefined, (qb) => qb.where('l.status', 'in', q.status ?? []))
      .$if(q.propertyId !== undefined, (qb) => qb.where('u.property_id', '=', q.propertyId ?? ''))
      .$if(q.unitId !== undefined, (qb) => qb.where('l.unit_id', '=', q.unitId ?? ''))
      .$if(q.tenantId !== undefined, (qb) =>
        qb.where(sql<SqlBool>`EXISTS (SELECT 1 FROM lease_tenants ft WHERE ft.org_id = l.org_id AND ft.lease_id = l.id AND ft.tenant_id = ${q.tenantId})`),
      )

  return {
    list: (p: Principal, q: LeaseListQuery) =>
      withColumns(filtered(p, q))
        .orderBy('l.start_date', 'desc')
        .orderBy('l.id', 'desc')
        .limit(q.pageSize)
        .offset(offsetOf(q))
        .execute(),

    count: async (p: Principal, q: LeaseListQuery) =>
      (await filtered(p, q).select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow()).total,

    byId: (p: Principal, id: string) => withColumns(visible(p).where('l.id', '=', id)).executeTakeFirst(),

    /** The leases of one tenant that the caller may see, newest first. */
    ofTenant: (p: Principal, tenantId: string) =>
      withColumns(visible(p))
        .where(sql<SqlBool>`EXISTS (SELECT 1 FROM lease_tenants ft WHERE ft.org_id = l.org_id AND ft.lease_id = l.id AND ft.tenant_id = ${tenantId})`)
        .orderBy('l.start_date', 'desc')
        .orderBy('l.id', 'desc')
        .execute(),

    /** Locks the lease row so concurrent transitions of one lease apply one after the other. */
    lockForWrite: (p: Principal, id: string) =>
      visible(p).select(['l.id', 'l.status', 'l.start_date', 'l.end_date', 'l.unit_id', 'u.property_id']).where('l.id', '=', id).forUpdate(['l']).executeTakeFirst(),

    /** The unit, if it is in the organization and on a property the caller may see. */
    visibleUnit: (p: Principal, unitId: string) =>
      db
        .selectFrom('units as u')
        .select(['u.id', 'u.property_id'])
        .where('u.org_id', '=', p.orgId)
        .where('u.id', '=', unitId)
        .where(propertyVisible(p, 'u.property_id'))
        .executeTakeFirst(),

    /** Which of `ids` are tenants of the organization the caller may see. */
    visibleTenantIds: async (p: Principal, ids: string[]) =>
      (
        await db
          .selectFrom('tenants as t')
          .select('t.id')
          .where('t.org_id', '=', p.orgId)
          .where('t.id', 'in', ids)
          .where(tenantVisible(p, 't.id'))
          .execute()
      ).map((r) => r.id),

    insert: (row: NewRow<'leases'>) => db.insertInto('leases').values(row).execute(),

    insertTenants: (rows: NewRow<'lease_tenants'>[]) => db.insertInto('lease_tenants').values(rows).execute(),

    update: (orgId: string, id: string, patch: RowPatch<'leases'>) =>
      db
        .updateTable('leases')
        .set({ ...patch, updated_at: sql<Date>`now()` })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .execute(),

    /** Whether the lease has money on it: charges, payments or a deposit disposition, which a delete must never take along. */
    hasMoney: async (orgId: string, id: string) =>
      (
        await sql<{ found: boolean }>`SELECT EXISTS (SELECT 1 FROM charges WHERE org_id = ${orgId} AND lease_id = ${id})
          OR EXISTS (SELECT 1 FROM payments WHERE org_id = ${orgId} AND lease_id = ${id})
          OR EXISTS (SELECT 1 FROM deposit_dispositions WHERE org_id = ${orgId} AND lease_id = ${id}) AS found`.execute(db)
      ).rows[0]?.found === true,

    remove: (orgId: string, id: string) => db.deleteFrom('leases').where('org_id', '=', orgId).where('id', '=', id).execute(),

    /**
     * Whether an ended or terminated lease of the unit (other than `exceptId`) still runs on a day
     * of the term: it is billed to its last day, so a new lease over those days would bill twice.
     * An ended lease without a recorded last day bills nothing more and is not counted.
     */
    overlapsClosed: async (orgId: string, unitId: string, startDate: string, endDate: string | null, exceptId: string | null) =>
      (
        await sql<{ id: string }>`
          SELECT l.id FROM leases l
          WHERE l.org_id = ${orgId} AND l.unit_id = ${unitId} AND l.status IN ('ended', 'terminated')
            AND l.id <> ${exceptId ?? '00000000-0000-0000-0000-000000000000'}::uuid
            AND l.start_date <= coalesce(${endDate}::date, 'infinity'::date)
            AND CASE WHEN l.status = 'terminated' THEN least(coalesce(l.end_date, l.terminated_on), l.terminated_on) ELSE l.end_date END >= ${startDate}::date
          LIMIT 1`.execute(db)
      ).rows.length > 0,

    today: async (orgId: string) => (await sql<{ today: string }>`SELECT ${orgToday(orgId)} AS today`.execute(db)).rows[0]?.today,

    // Relations of one lease, each in one query.

    tenantsOf: (p: Principal, leaseId: string) =>
      db
        .selectFrom('lease_tenants as lt')
        .innerJoin('tenants as t', (j) => j.onRef('t.org_id', '=', 'lt.org_id').onRef('t.id', '=', 'lt.tenant_id'))
        .select(['t.id', 't.first_name', 't.last_name', 't.email', 't.phone', 't.status', 'lt.is_primary'])
        .where('lt.org_id', '=', p.orgId)
        .where('lt.lease_id', '=', leaseId)
        .where(tenantVisible(p, 't.id'))
        .orderBy('lt.is_primary', 'desc')
        .orderBy('t.last_name')
        .orderBy('t.first_name')
        .orderBy('t.id')
        .execute(),

    unit: (orgId: string, unitId: string) =>
      db
        .selectFrom('units')
        .select(['id', 'property_id', 'unit_number', 'bedrooms', 'bathrooms', 'square_feet', 'market_rent_cents', 'status'])
        .where('org_id', '=', orgId)
        .where('id', '=', unitId)
        .executeTakeFirst(),

    property: (orgId: string, propertyId: string) =>
      db
        .selectFrom('properties')
        .select(['id', 'name', 'type', 'status', 'address_line1', 'address_line2', 'city', 'state', 'zip'])
        .where('org_id', '=', orgId)
        .where('id', '=', propertyId)
        .executeTakeFirst(),

    charges: (orgId: string, leaseId: string) =>
      db
        .selectFrom('charges as c')
        .select([
          'c.id',
          'c.kind',
          'c.description',
          'c.amount_cents',
          adjustedOf.as('adjusted_cents'),
          allocatedOf.as('allocated_cents'),
          sql<number>`(c.amount_cents + ${adjustedOf} - ${allocatedOf})::bigint`.as('balance_cents'),
          'c.due_date',
          'c.period_start',
          'c.period_end',
          'c.created_at',
        ])
        .where('c.org_id', '=', orgId)
        .where('c.lease_id', '=', leaseId)
        .where('c.amount_cents', '>', 0)
        .orderBy('c.due_date')
        .orderBy('c.id')
        .execute(),

    payments: (p: Principal, leaseId: string) =>
      db
        .selectFrom('payments as pay')
        .select(['pay.id', 'pay.tenant_id', 'pay.lease_id', 'pay.amount_cents', 'pay.method', 'pay.status', 'pay.paid_on', 'pay.reference', 'pay.created_at'])
        .where('pay.org_id', '=', p.orgId)
        .where('pay.lease_id', '=', leaseId)
        // A tenant on a shared lease sees their own payments, not a co-tenant's.
        .where(tenantVisible(p, 'pay.tenant_id'))
        .orderBy('pay.paid_on', 'desc')
        .orderBy('pay.id', 'desc')
        .execute(),

    documents: (orgId: string, leaseId: string) =>
      db
        .selectFrom('documents')
        .select(['id', 'file_name', 'content_type', 'size_bytes', 'sha256', 'uploaded_by', 'created_at'])
        .where('org_id', '=', orgId)
        .where('lease_id', '=', leaseId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute(),
  }
}

export type LeaseQueries = ReturnType<typeof createLeaseQueries>
export type LeaseRow = NonNullable<Awaited<ReturnType<LeaseQueries['byId']>>>
export type PaymentRow = Awaited<ReturnType<LeaseQueries['payments']>>[number]
export type DocumentRow = Awaited<ReturnType<LeaseQueries['documents']>>[number]
