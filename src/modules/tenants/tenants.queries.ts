import { sql, type SqlBool } from 'kysely'
import type { Executor, NewRow, RowPatch } from '../../db/types.js'
import { propertyVisible, tenantVisible, visiblePropertyIds, type Principal } from '../../lib/access.js'
import { likePattern, offsetOf } from '../../lib/paging.js'
import { requestOpen } from '../maintenance/maintenance.queries.js'
import { adjustedOf, allocatedOf, leaseVisible, orgToday } from '../leases/leases.queries.js'
import type { TenantListQuery } from './tenants.schema.js'

/**
 * SQL: the rent of tenant `t`'s current lease — active, a term containing today, visible to the
 * caller; the latest started when there are several. The same rule as currentLeases below.
 */
const currentRent = (p: Principal) => sql<number>`(SELECT cl.rent_cents FROM lease_tenants clt
  JOIN leases cl ON cl.org_id = clt.org_id AND cl.id = clt.lease_id
  WHERE clt.org_id = t.org_id AND clt.tenant_id = t.id AND cl.status = 'active'
    AND cl.period @> ${orgToday(p.orgId)} AND ${leaseVisible(p, 'cl.id')}
  ORDER BY cl.start_date DESC, cl.id DESC LIMIT 1)`

/** The range [from, to] of the lease-date filter; a missing bound leaves that side open. */
const dateRange = (from: string | undefined, to: string | undefined) => sql`daterange(${from ?? null}::date, ${to ?? null}::date, '[]')`

export function createTenantQueries(db: Executor) {
  const filtered = (p: Principal, q: TenantListQuery) => {
    const search = q.search ? likePattern(q.search) : undefined
    return (
      db
        .selectFrom('tenants as t')
        .where('t.org_id', '=', p.orgId)
        .where(tenantVisible(p, 't.id'))
        .$if(q.status !== undefined, (qb) => qb.where('t.status', 'in', q.status ?? []))
        .$if(q.propertyId !== undefined, (qb) =>
          qb.where(sql<SqlBool>`EXISTS (SELECT 1 FROM lease_tenants plt
            JOIN leases pl ON pl.org_id = plt.org_id AND pl.id = plt.lease_id
            JOIN units pu ON pu.org_id = pl.org_id AND pu.id = pl.unit_id
            WHERE plt.org_id = t.org_id AND plt.tenant_id = t.id AND pu.property_id = ${q.propertyId}
              AND ${propertyVisible(p, 'pu.property_id')})`),
        )
        // Name, e-mail or phone (name only for owners, who do not see contact details) OR a leased property's address. Written as IN (… UNION ALL …), not
        // OR EXISTS: an OR with a subquery forces a scan of every tenant, while here the first branch
        // is exactly the expression of tenants_search_trgm_idx, so that index serves it.
        .$if(search !== undefined, (qb) =>
          qb.where(sql<SqlBool>`t.id IN (
            SELECT st.id FROM tenants st
            WHERE st.org_id = ${p.orgId}
              AND ${p.role === 'owner' ? sql`lower(st.first_name || ' ' || st.last_name)` : sql`lower(st.first_name || ' ' || st.last_name || ' ' || coalesce(st.email, '') || ' ' || coalesce(st.phone, ''))`} LIKE ${search}
            UNION ALL
            SELECT slt.tenant_id FROM lease_tenants slt
            JOIN leases sl ON sl.org_id = slt.org_id AND sl.id = slt.lease_id
            JOIN units su ON su.org_id = sl.org_id AND su.id = sl.unit_id
            JOIN properties sp ON sp.org_id = su.org_id AND sp.id = su.property_id
            WHERE slt.org_id = ${p.orgId} AND ${propertyVisible(p, 'sp.id')}
              AND lower(sp.address_line1 || ' ' || coalesce(sp.address_line2, '') || ' ' || sp.city || ' ' || sp.state || ' ' || coalesce(sp.zip, '')) LIKE ${search})`),
        )
        .$if(q.minRent !== undefined || q.maxRent !== undefined, (qb) =>
          qb.where(sql<SqlBool>`${currentRent(p)} BETWEEN ${q.minRent ?? 0} AND ${q.maxRent ?? Number.MAX_SAFE_INTEGER}`),
        )
        .$if(q.leaseStartDate !== undefined || q.leaseEndDate !== undefined, (qb) =>
          qb.where(sql<SqlBool>`EXISTS (SELECT 1 FROM lease_tenants dlt
            JOIN leases dl ON dl.org_id = dlt.org_id AND dl.id = dlt.lease_id
            WHERE dlt.org_id = t.org_id AND dlt.tenant_id = t.id AND ${leaseVisible(p, 'dl.id')}
              AND dl.period && ${dateRange(q.leaseStartDate, q.leaseEndDate)})`),
        )
        .$if(q.hasMaintenanceIssues !== undefined, (qb) => {
          const issues = sql<SqlBool>`EXISTS (SELECT 1 FROM maintenance_requests mr
            WHERE mr.org_id = t.org_id AND mr.tenant_id = t.id AND ${requestOpen('mr')}
              AND mr.property_id IN ${visiblePropertyIds(p)})`
          return qb.where(q.hasMaintenanceIssues ? issues : sql<SqlBool>`NOT ${issues}`)
        })
    )
  }

  const columns = ['t.id', 't.first_name', 't.last_name', 't.email', 't.phone', 't.status', 't.notes', 't.created_at', 't.updated_at'] as const

  return {
    list: (p: Principal, q: TenantListQuery) =>
      filtered(p, q)
        .select(columns)
        .orderBy('t.last_name')
        .orderBy('t.first_name')
        .orderBy('t.id')
        .limit(q.pageSize)
        .offset(offsetOf(q))
        .execute(),

    count: async (p: Principal, q: TenantListQuery) =>
      (await filtered(p, q).select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow()).total,

    byId: (p: Principal, id: string) =>
      db
        .selectFrom('tenants as t')
        .select(columns)
        .where('t.org_id', '=', p.orgId)
        .where('t.id', '=', id)
        .where(tenantVisible(p, 't.id'))
        .executeTakeFirst(),

    /** The current lease of each of `tenantIds`, in one query (same rule as currentRent). */
    currentLeases: (p: Principal, tenantIds: string[]) =>
      tenantIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('lease_tenants as lt')
            .innerJoin('leases as l', (j) => j.onRef('l.org_id', '=', 'lt.org_id').onRef('l.id', '=', 'lt.lease_id'))
            .innerJoin('units as u', (j) => j.onRef('u.org_id', '=', 'l.org_id').onRef('u.id', '=', 'l.unit_id'))
            .distinctOn('lt.tenant_id')
            .select(['lt.tenant_id', 'l.id', 'l.unit_id', 'u.property_id', 'l.rent_cents', 'l.start_date', 'l.end_date'])
            .where('lt.org_id', '=', p.orgId)
            .where('lt.tenant_id', 'in', tenantIds)
            .where('l.status', '=', 'active')
            .where(sql<SqlBool>`l.period @> ${orgToday(p.orgId)}`)
            .where(leaseVisible(p, 'l.id'))
            .orderBy('lt.tenant_id')
            .orderBy('l.start_date', 'desc')
            .orderBy('l.id', 'desc')
            .execute(),

    insert: (row: NewRow<'tenants'>) => db.insertInto('tenants').values(row).execute(),

    update: (orgId: string, id: string, patch: RowPatch<'tenants'>) =>
      db
        .updateTable('tenants')
        .set({ ...patch, updated_at: sql<Date>`now()` })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .execute(),

    /** Locks the tenant row for the length of the transaction. */
    lock: (orgId: string, id: string) => db.selectFrom('tenants').select('id').where('org_id', '=', orgId).where('id', '=', id).forUpdate().executeTakeFirst(),

    /** Whether anything of the ledger or a lease still names the tenant. */
    hasLeasesOrPayments: async (orgId: string, id: string) => {
      const row = await sql<{ leases: boolean; payments: boolean; login: boolean }>`SELECT
        EXISTS (SELECT 1 FROM lease_tenants WHERE org_id = ${orgId} AND tenant_id = ${id}) AS leases,
        EXISTS (SELECT 1 FROM payments WHERE org_id = ${orgId} AND tenant_id = ${id}) AS payments,
        EXISTS (SELECT 1 FROM users WHERE org_id = ${orgId} AND tenant_id = ${id}) AS login`.execute(db)
      return row.rows[0] ?? { leases: false, payments: false, login: false }
    },

    remove: (orgId: string, id: string) => db.deleteFrom('tenants').where('org_id', '=', orgId).where('id', '=', id).execute(),

    // Relations of one tenant, each in one query.

    payments: (p: Principal, tenantId: string) =>
      db
        .selectFrom('payments as pay')
        .select(['pay.id', 'pay.tenant_id', 'pay.lease_id', 'pay.amount_cents', 'pay.method', 'pay.status', 'pay.paid_on', 'pay.reference', 'pay.created_at'])
        .where('pay.org_id', '=', p.orgId)
        .where('pay.tenant_id', '=', tenantId)
        .where((eb) => eb.or([eb('pay.lease_id', 'is', null), leaseVisible(p, 'pay.lease_id')]))
        .orderBy('pay.paid_on', 'desc')
        .orderBy('pay.id', 'desc')
        .execute(),

    maintenance: (p: Principal, tenantId: string) =>
      db
        .selectFrom('maintenance_requests as mr')
        .select(['mr.id', 'mr.property_id', 'mr.unit_id', 'mr.title', 'mr.category', 'mr.priority', 'mr.status', 'mr.requested_at', 'mr.completed_at'])
        .where('mr.org_id', '=', p.orgId)
        .where('mr.tenant_id', '=', tenantId)
        .where(propertyVisible(p, 'mr.property_id'))
        .orderBy('mr.requested_at', 'desc')
        .orderBy('mr.id', 'desc')
        .execute(),

    /** The tenant's own files and those of their leases the caller may see (a lease PDF is given to the lease). */
    documents: (p: Principal, tenantId: string) =>
      db
        .selectFrom('documents as d')
        .select(['d.id', 'd.file_name', 'd.content_type', 'd.size_bytes', 'd.sha256', 'd.uploaded_by', 'd.created_at'])
        .where('d.org_id', '=', p.orgId)
        .where((eb) =>
          eb.or([
            eb('d.tenant_id', '=', tenantId),
            eb.and([
              eb('d.lease_id', 'in', eb.selectFrom('lease_tenants as dlt').select('dlt.lease_id').where('dlt.org_id', '=', p.orgId).where('dlt.tenant_id', '=', tenantId)),
              leaseVisible(p, 'd.lease_id'),
            ]),
          ]),
        )
        .orderBy('d.created_at', 'desc')
        .orderBy('d.id', 'desc')
        .execute(),

    communications: (p: Principal, tenantId: string) =>
      db
        .selectFrom('communication_logs as c')
        .select(['c.id', 'c.property_id', 'c.user_id', 'c.channel', 'c.direction', 'c.subject', 'c.body', 'c.occurred_at'])
        .where('c.org_id', '=', p.orgId)
        .where('c.tenant_id', '=', tenantId)
        .where((eb) => eb.or([eb('c.property_id', 'is', null), propertyVisible(p, 'c.property_id')]))
        .orderBy('c.occurred_at', 'desc')
        .orderBy('c.id', 'desc')
        .execute(),

    /**
     * The tenant's ledger totals in one statement. Payments: those on leases the caller may see,
     * or on no lease. Overdue: charges on the tenant's leases past due date + grace days whose
     * balance (amount less adjustments and every allocation, reversals included) is above zero.
     */
    financialSummary: async (p: Principal, tenantId: string) => {
      const result = await sql<{
        as_of: string
        paid_cents: number
        paid_count: number
        pending_cents: number
        pending_count: number
        last_paid_on: string | null
        overdue_cents: number
        overdue_count: number
      }>`WITH today AS (SELECT ${orgToday(p.orgId)} AS d),
      pay AS (
        SELECT
          coalesce(sum(amount_cents) FILTER (WHERE status = 'succeeded'), 0)::bigint AS paid_cents,
          count(*) FILTER (WHERE status = 'succeeded')::bigint AS paid_count,
          coalesce(sum(amount_cents) FILTER (WHERE status = 'pending'), 0)::bigint AS pending_cents,
          count(*) FILTER (WHERE status = 'pending')::bigint AS pending_count,
          max(paid_on) FILTER (WHERE status = 'succeeded') AS last_paid_on
        FROM payments pm
        WHERE pm.org_id = ${p.orgId} AND pm.tenant_id = ${tenantId}
          AND (pm.lease_id IS NULL OR ${leaseVisible(p, 'pm.lease_id')})
      ),
      open_charges AS (
        SELECT c.amount_cents + ${adjustedOf} - ${allocatedOf} AS balance
        FROM charges c
        JOIN leases l ON l.org_id = c.org_id AND l.id = c.lease_id
        JOIN lease_tenants lt ON lt.org_id = l.org_id AND lt.lease_id = l.id AND lt.tenant_id = ${tenantId}
        WHERE c.org_id = ${p.orgId} AND c.amount_cents > 0 AND ${leaseVisible(p, 'l.id')}
          AND c.due_date + l.grace_days < (SELECT d FROM today)
      ),
      overdue AS (
        SELECT coalesce(sum(balance), 0)::bigint AS overdue_cents, count(*)::bigint AS overdue_count
        FROM open_charges WHERE balance > 0
      )
      SELECT (SELECT d FROM today) AS as_of, pay.*, overdue.* FROM pay, overdue`.execute(db)
      const row = result.rows[0]
      if (!row) throw new Error('the financial summary query returned no row')
      return row
    },
  }
}

export type TenantQueries = ReturnType<typeof createTenantQueries>
export type TenantRow = NonNullable<Awaited<ReturnType<TenantQueries['byId']>>>
