import { sql, type Expression, type SqlBool } from 'kysely'
import type { Executor, NewRow, PaymentStatus, RowPatch } from '../../db/types.js'
import { visiblePropertyIds, type Principal } from '../../lib/access.js'
import { likePattern, offsetOf } from '../../lib/paging.js'
import type { PaymentListQuery } from './payments.schema.js'

/** SQL condition: the tenant `tenantColumn` has a lease on a unit of a property the caller may see. */
const tenantLeasedOnVisible = (p: Principal, tenantColumn: Expression<string>): Expression<SqlBool> =>
  sql<SqlBool>`EXISTS (SELECT 1 FROM lease_tenants lt
    JOIN leases l ON l.org_id = lt.org_id AND l.id = lt.lease_id
    JOIN units u ON u.org_id = l.org_id AND u.id = l.unit_id
    WHERE lt.org_id = ${p.orgId} AND lt.tenant_id = ${tenantColumn} AND u.property_id IN ${visiblePropertyIds(p)})`

/**
 * SQL condition on `pay`: a payment the caller may see. Managers and owners: its lease is on a
 * visible property, or it names no lease and its tenant has a lease on one (what the tenant pays
 * on another property's lease is that property's ledger). Tenants: their own. Technicians: none.
 */
function paymentVisible(p: Principal): Expression<SqlBool> {
  switch (p.role) {
    case 'admin':
      return sql<SqlBool>`true`
    case 'property_manager':
    case 'owner':
      return sql<SqlBool>`(EXISTS (SELECT 1 FROM leases l
          JOIN units u ON u.org_id = l.org_id AND u.id = l.unit_id
          WHERE l.org_id = pay.org_id AND l.id = pay.lease_id AND u.property_id IN ${visiblePropertyIds(p)})
        OR (pay.lease_id IS NULL AND ${tenantLeasedOnVisible(p, sql.ref('pay.tenant_id'))}))`
    case 'tenant':
      return sql<SqlBool>`pay.tenant_id = ${p.tenantId}`
    case 'technician':
      return sql<SqlBool>`false`
  }
}

const tenantColumns = ['tn.first_name as tenant_first_name', 'tn.last_name as tenant_last_name'] as const

export function createPaymentQueries(db: Executor) {
  const visible = (p: Principal) =>
    db
      .selectFrom('payments as pay')
      .innerJoin('tenants as tn', (j) => j.onRef('tn.org_id', '=', 'pay.org_id').onRef('tn.id', '=', 'pay.tenant_id'))
      .where('pay.org_id', '=', p.orgId)
      .where(paymentVisible(p))

  return {
    /** One page of visible payments, newest first, and the total under the same filters. */
    async list(p: Principal, f: PaymentListQuery) {
      const filtered = visible(p).where((eb) => {
        const c: Expression<SqlBool>[] = []
        if (f.status) c.push(eb('pay.status', 'in', f.status))
        if (f.paymentMethod) c.push(eb('pay.method', 'in', f.paymentMethod))
        if (f.tenantId) c.push(eb('pay.tenant_id', '=', f.tenantId))
        if (f.propertyId) {
          c.push(sql<SqlBool>`EXISTS (SELECT 1 FROM leases l
            JOIN units u ON u.org_id = l.org_id AND u.id = l.unit_id
            WHERE l.org_id = pay.org_id AND l.id = pay.lease_id AND u.property_id = ${f.propertyId})`)
        }
        if (f.minAmount !== undefined) c.push(eb('pay.amount_cents', '>=', f.minAmount))
        if (f.maxAmount !== undefined) c.push(eb('pay.amount_cents', '<=', f.maxAmount))
        if (f.paymentDateFrom) c.push(eb('pay.paid_on', '>=', f.paymentDateFrom))
        if (f.paymentDateTo) c.push(eb('pay.paid_on', '<=', f.paymentDateTo))
        if (f.dueDateFrom || f.dueDateTo) {
          // Payments carry no due date: they match through the charges they were allocated to.
          c.push(sql<SqlBool>`EXISTS (SELECT 1 FROM payment_allocations pa
            JOIN charges ch ON ch.org_id = pa.org_id AND ch.id = pa.charge_id
            WHERE pa.org_id = pay.org_id AND pa.payment_id = pay.id
              ${f.dueDateFrom ? sql`AND ch.due_date >= ${f.dueDateFrom}::date` : sql``}
              ${f.dueDateTo ? sql`AND ch.due_date <= ${f.dueDateTo}::date` : sql``})`)
        }
        if (f.search) {
          const pattern = likePattern(f.search)
          c.push(
            eb.or([
              eb('pay.reference', 'ilike', pattern),
              eb('tn.first_name', 'ilike', pattern),
              eb('tn.last_name', 'ilike', pattern),
              sql<SqlBool>`(tn.first_name || ' ' || tn.last_name) ILIKE ${pattern}`,
              sql<SqlBool>`EXISTS (SELECT 1 FROM leases l
                JOIN units u ON u.org_id = l.org_id AND u.id = l.unit_id
                JOIN properties pr ON pr.org_id = u.org_id AND pr.id = u.property_id
                WHERE l.org_id = pay.org_id AND l.id = pay.lease_id AND pr.address_line1 ILIKE ${pattern})`,
            ]),
          )
        }
        return eb.and(c)
      })
      const [rows, count] = await Promise.all([
        filtered
          .selectAll('pay')
          .select(tenantColumns)
          .orderBy('pay.paid_on', 'desc')
          .orderBy('pay.created_at', 'desc')
          .orderBy('pay.id', 'desc')
          .limit(f.pageSize)
          .offset(offsetOf(f))
          .execute(),
        filtered.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
      ])
      return { rows, total: Number(count.total) }
    },

    byId: (p: Principal, id: string) => visible(p).selectAll('pay').select(tenantColumns).where('pay.id', '=', id).executeTakeFirst(),

    /** The payment's lease with its unit and property, when the caller may see that property. */
    leaseOf: (p: Principal, leaseId: string) =>
      db
        .selectFrom('leases as l')
        .innerJoin('units as u', (j) => j.onRef('u.org_id', '=', 'l.org_id').onRef('u.id', '=', 'l.unit_id'))
        .innerJoin('properties as pr', (j) => j.onRef('pr.org_id', '=', 'u.org_id').onRef('pr.id', '=', 'u.property_id'))
        .select(['l.id', 'l.status', 'l.start_date', 'l.end_date', 'u.id as unit_id', 'u.unit_number', 'pr.id as property_id', 'pr.name as property_name'])
        .where('l.org_id', '=', p.orgId)
        .where('l.id', '=', leaseId)
        .where(sql<SqlBool>`u.property_id IN ${visiblePropertyIds(p)}`)
        .executeTakeFirst(),

    /** The payment's allocations to charges the caller may see (on leases of visible properties), oldest first. */
    allocationsOf: (p: Principal, paymentId: string) =>
      db
        .selectFrom('payment_allocations as a')
        .innerJoin('charges as c', (j) => j.onRef('c.org_id', '=', 'a.org_id').onRef('c.id', '=', 'a.charge_id'))
        .innerJoin('leases as l', (j) => j.onRef('l.org_id', '=', 'c.org_id').onRef('l.id', '=', 'c.lease_id'))
        .innerJoin('units as u', (j) => j.onRef('u.org_id', '=', 'l.org_id').onRef('u.id', '=', 'l.unit_id'))
        .select(['a.id', 'a.charge_id', 'c.lease_id', 'c.kind', 'c.description', 'c.due_date', 'a.amount_cents', 'a.effective_on', 'a.created_at'])
        .where('a.org_id', '=', p.orgId)
        .where('a.payment_id', '=', paymentId)
        .where(sql<SqlBool>`u.property_id IN ${visiblePropertyIds(p)}`)
        .orderBy('a.created_at')
        .orderBy('a.id')
        .execute(),

    /** Whether an admin or property manager may record a payment for the tenant. */
    tenantPayableBy: async (p: Principal, tenantId: string) =>
      (await db
        .selectFrom('tenants as t')
        .select('t.id')
        .where('t.org_id', '=', p.orgId)
        .where('t.id', '=', tenantId)
        .where(p.role === 'admin' ? sql<SqlBool>`true` : tenantLeasedOnVisible(p, sql.ref('t.id')))
        .executeTakeFirst()) !== undefined,

    /** Whether the lease is one of the tenant's, on a property the caller may see. */
    isLeaseOfTenant: async (p: Principal, leaseId: string, tenantId: string) =>
      (await db
        .selectFrom('lease_tenants as lt')
        .innerJoin('leases as l', (j) => j.onRef('l.org_id', '=', 'lt.org_id').onRef('l.id', '=', 'lt.lease_id'))
        .innerJoin('units as u', (j) => j.onRef('u.org_id', '=', 'l.org_id').onRef('u.id', '=', 'l.unit_id'))
        .select('lt.lease_id')
        .where('lt.org_id', '=', p.orgId)
        .where('lt.lease_id', '=', leaseId)
        .where('lt.tenant_id', '=', tenantId)
        .where(sql<SqlBool>`u.property_id IN ${visiblePropertyIds(p)}`)
        .executeTakeFirst()) !== undefined,

    /** The earliest start of the lease, or of any of the tenant's leases when none is named; undefined without one. */
    earliestLeaseStart: async (orgId: string, tenantId: string, leaseId: string | null) =>
      (
        await db
          .selectFrom('lease_tenants as lt')
          .innerJoin('leases as l', (j) => j.onRef('l.org_id', '=', 'lt.org_id').onRef('l.id', '=', 'lt.lease_id'))
          .select((eb) => eb.fn.min<string>('l.start_date').as('start'))
          .where('lt.org_id', '=', orgId)
          .where('lt.tenant_id', '=', tenantId)
          .$if(leaseId !== null, (qb) => qb.where('lt.lease_id', '=', leaseId!))
          .executeTakeFirst()
      )?.start ?? undefined,

    /** Today in the organization's time zone. */
    today: async (orgId: string) => (await sql<{ today: string }>`SELECT (now() AT TIME ZONE o.time_zone)::date::text AS today FROM organizations o WHERE o.id = ${orgId}`.execute(db)).rows[0]?.today,

    insert: (row: NewRow<'payments'>) => db.insertInto('payments').values(row).returning('id').executeTakeFirstOrThrow(),

    /** Inserts unless the idempotency key was used already (by a concurrent retry too); undefined then. */
    insertOnce: (row: NewRow<'payments'>) =>
      db.insertInto('payments').values(row).onConflict((oc) => oc.constraint('payments_idempotency_key').doNothing()).returning('id').executeTakeFirst(),

    /** The payment the user recorded with this key; another user's key of the same text is theirs alone. */
    byIdempotencyKey: (orgId: string, userId: string, key: string) =>
      db
        .selectFrom('payments')
        .select(['id', 'request_hash'])
        .where('org_id', '=', orgId)
        .where('created_by', '=', userId)
        .where('idempotency_key', '=', key)
        .executeTakeFirst(),

    update: (orgId: string, id: string, patch: RowPatch<'payments'>) =>
      db
        .updateTable('payments')
        .set({ ...patch, updated_at: sql<Date>`now()` })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .execute(),

    /** Deletes the payment only while its status is one of `statuses`; true when it was deleted. */
    remove: async (orgId: string, id: string, statuses: readonly PaymentStatus[]) => {
      const result = await db.deleteFrom('payments').where('org_id', '=', orgId).where('id', '=', id).where('status', 'in', statuses).executeTakeFirst()
      return result.numDeletedRows > 0n
    },
  }
}
