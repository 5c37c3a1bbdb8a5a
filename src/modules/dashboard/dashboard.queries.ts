import { sql, type Expression } from 'kysely'
import type { Executor } from '../../db/types.js'
import { visiblePropertyIds, type Principal } from '../../lib/access.js'
import { requestOpen } from '../maintenance/maintenance.queries.js'

/** SQL: the ids of the properties a dashboard covers: all the caller may see, or the one of them asked for. */
const coveredPropertyIds = (p: Principal, propertyId: string | undefined): Expression<string> =>
  propertyId === undefined
    ? visiblePropertyIds(p)
    : sql<string>`(SELECT id FROM properties WHERE org_id = ${p.orgId} AND id = ${propertyId} AND id IN ${visiblePropertyIds(p)})`

/** Every figure is limited to the organization and to the properties the caller may see (or one of them). */
export function createDashboardQueries(db: Executor) {
  return {
    async propertyVisible(p: Principal, propertyId: string) {
      const r = await sql<{ id: string }>`SELECT id FROM properties WHERE org_id = ${p.orgId} AND id = ${propertyId} AND id IN ${visiblePropertyIds(p)}`.execute(db)
      return r.rows.length > 0
    },

    async today(orgId: string) {
      const r = await sql<{ today: string; month_start: string; month_end: string }>`
        SELECT d::text AS today, date_trunc('month', d)::date::text AS month_start,
               (date_trunc('month', d) + interval '1 month' - interval '1 day')::date::text AS month_end
        FROM (SELECT (now() AT TIME ZONE time_zone)::date AS d FROM organizations WHERE id = ${orgId}) t`.execute(db)
      return r.rows[0]
    },

    async occupancy(p: Principal, today: string, propertyId?: string) {
      const covered = coveredPropertyIds(p, propertyId)
      const r = await sql<{ properties: number; units: number; occupied: number }>`
        SELECT (SELECT count(*) FROM properties WHERE org_id = ${p.orgId} AND id IN ${covered})::int AS properties,
               count(u.id)::int AS units,
               count(u.id) FILTER (WHERE EXISTS (
                 SELECT 1 FROM leases l WHERE l.org_id = u.org_id AND l.unit_id = u.id AND l.status = 'active'
                   AND l.start_date <= ${today}::date AND (l.end_date IS NULL OR l.end_date >= ${today}::date)))::int AS occupied
        FROM units u WHERE u.org_id = ${p.orgId} AND u.property_id IN ${covered}`.execute(db)
      return r.rows[0] ?? { properties: 0, units: 0, occupied: 0 }
    },

    async rent(p: Principal, from: string, to: string, propertyId?: string) {
      const covered = coveredPropertyIds(p, propertyId)
      const r = await sql<{ due: number; collected: number; pending: number }>`
        WITH visible_leases AS (
          SELECT l.id FROM leases l JOIN units u ON u.org_id = l.org_id AND u.id = l.unit_id
          WHERE l.org_id = ${p.orgId} AND u.property_id IN ${covered})
        SELECT
          (SELECT coalesce(sum(c.amount_cents), 0) FROM charges c
             WHERE c.org_id = ${p.orgId} AND c.lease_id IN (SELECT id FROM visible_leases)
               AND c.due_date BETWEEN ${from}::date AND ${to}::date
               AND (c.kind = 'rent' OR c.reverses_charge_id IN (SELECT id FROM charges r WHERE r.org_id = ${p.orgId} AND r.kind = 'rent')))::bigint AS due,
          (SELECT coalesce(sum(amount_cents), 0) FROM payments
             WHERE org_id = ${p.orgId} AND lease_id IN (SELECT id FROM visible_leases) AND status = 'succeeded'
               AND paid_on BETWEEN ${from}::date AND ${to}::date)::bigint AS collected,
          (SELECT coalesce(sum(amount_cents), 0) FROM payments
             WHERE org_id = ${p.orgId} AND lease_id IN (SELECT id FROM visible_leases) AND status = 'pending'
               AND paid_on BETWEEN ${from}::date AND ${to}::date)::bigint AS pending`.execute(db)
      const row = r.rows[0]
      return { due: Number(row?.due ?? 0), collected: Number(row?.collected ?? 0), pending: Number(row?.pending ?? 0) }
    },

    async delinquency(p: Principal, today: string, propertyId?: string) {
      const covered = coveredPropertyIds(p, propertyId)
      // A charge's open balance: its amount, plus the reversing entries naming it, less what was allocated to it.
      const r = await sql<{ overdue: number; charges: number; leases: number }>`
        WITH open_charges AS (
          SELECT c.lease_id,
                 c.amount_cents
                   + coalesce((SELECT sum(x.amount_cents) FROM charges x WHERE x.org_id = c.org_id AND x.reverses_charge_id = c.id), 0)
                   - coalesce((SELECT sum(a.amount_cents) FROM payment_allocations a WHERE a.org_id = c.org_id AND a.charge_id = c.id), 0) AS balance
          FROM charges c
          JOIN leases l ON l.org_id = c.org_id AND l.id = c.lease_id
          JOIN units u ON u.org_id = l.org_id AND u.id = l.unit_id
          WHERE c.org_id = ${p.orgId} AND u.property_id IN ${covered}
            AND c.amount_cents > 0 AND c.reverses_charge_id IS NULL
            AND c.due_date + l.grace_days < ${today}::date)
        SELECT coalesce(sum(balance), 0)::bigint AS overdue, count(*)::int AS charges, count(DISTINCT lease_id)::int AS leases
        FROM open_charges WHERE balance > 0`.execute(db)
      const row = r.rows[0]
      return { overdue: Number(row?.overdue ?? 0), charges: row?.charges ?? 0, leases: row?.leases ?? 0 }
    },

    async openRequestsByPriority(p: Principal, propertyId?: string) {
      const covered = coveredPropertyIds(p, propertyId)
      const r = await sql<{ priority: string; n: number }>`
        SELECT priority, count(*)::int AS n FROM maintenance_requests mr
        WHERE mr.org_id = ${p.orgId} AND mr.property_id IN ${covered}
          AND ${requestOpen('mr')}
        GROUP BY priority`.execute(db)
      return r.rows
    },

    async expiringLeases(p: Principal, today: string, days: number, propertyId?: string) {
      const covered = coveredPropertyIds(p, propertyId)
      const r = await sql<{
        id: string
        end_date: string
        rent_cents: number
        unit_id: string
        unit_number: string
        property_id: string
        property_name: string
        tenant_names: string[] | null
        total: number
      }>`
        SELECT l.id, l.end_date::text AS end_date, l.rent_cents, u.id AS unit_id, u.unit_number, pr.id AS property_id, pr.name AS property_name,
               (SELECT array_agg(t.first_name || ' ' || t.last_name ORDER BY lt.is_primary DESC, t.last_name, t.id)
                  FROM lease_tenants lt JOIN tenants t ON t.org_id = lt.org_id AND t.id = lt.tenant_id
                  WHERE lt.org_id = l.org_id AND lt.lease_id = l.id) AS tenant_names,
               count(*) OVER ()::int AS total
        FROM leases l
        JOIN units u ON u.org_id = l.org_id AND u.id = l.unit_id
        JOIN properties pr ON pr.org_id = u.org_id AND pr.id = u.property_id
        WHERE l.org_id = ${p.orgId} AND u.property_id IN ${covered} AND l.status = 'active'
          AND l.end_date BETWEEN ${today}::date AND ${today}::date + ${days}::int
        ORDER BY l.end_date, l.id
        LIMIT 20`.execute(db)
      return r.rows
    },
  }
}
