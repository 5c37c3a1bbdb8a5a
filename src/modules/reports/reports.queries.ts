import { sql } from 'kysely'
import type { Executor, LeaseStatus } from '../../db/types.js'
import { visiblePropertyIds, type Principal } from '../../lib/access.js'

const when = (condition: boolean, fragment: ReturnType<typeof sql>) => (condition ? fragment : sql``)

export function createReportQueries(db: Executor) {
  return {
    /**
     * Every unit of the visible properties with the lease in effect on `asOf`, its balance as of
     * that day (charges due by then, less allocations in effect by then) and its deposit held.
     */
    rentRoll: async (p: Principal, asOf: string, propertyId?: string) => {
      const result = await sql<{
        property_id: string
        property_name: string
        unit_id: string
        unit_number: string
        market_rent_cents: number | null
        lease_id: string | null
        lease_status: Exclude<LeaseStatus, 'draft'> | null
        start_date: string | null
        end_date: string | null
        rent_cents: number | null
        tenant_names: string | null
        balance_cents: number
        deposit_held_cents: number
      }>`
        SELECT u.property_id, pr.name AS property_name, u.id AS unit_id, u.unit_number, u.market_rent_cents,
               l.id AS lease_id, l.status AS lease_status, l.start_date, l.end_date, l.rent_cents,
               (SELECT string_agg(t.first_name || ' ' || t.last_name, '; ' ORDER BY lt.is_primary DESC, t.last_name, t.first_name, t.id)
                  FROM lease_tenants lt JOIN tenants t ON t.org_id = lt.org_id AND t.id = lt.tenant_id
                 WHERE lt.org_id = l.org_id AND lt.lease_id = l.id) AS tenant_names,
               coalesce((SELECT sum(c.amount_cents) FROM charges c
                          WHERE c.org_id = l.org_id AND c.lease_id = l.id AND c.due_date <= ${asOf}::date), 0)
             - coalesce((SELECT sum(a.amount_cents) FROM payment_allocations a
                           JOIN charges c ON c.org_id = a.org_id AND c.id = a.charge_id
                          WHERE a.org_id = l.org_id AND c.lease_id = l.id AND c.due_date <= ${asOf}::date
                            AND coalesce(a.effective_on, a.created_at::date) <= ${asOf}::date), 0) AS balance_cents,
               coalesce((SELECT sum(a.amount_cents) FROM payment_allocations a
                           JOIN charges c ON c.org_id = a.org_id AND c.id = a.charge_id
                          WHERE a.org_id = l.org_id AND c.lease_id = l.id AND c.kind = 'deposit' AND c.adjustment IS NULL
                            AND coalesce(a.effective_on, a.created_at::date) <= ${asOf}::date), 0)
             + coalesce((SELECT sum(c.amount_cents) FROM charges c
                          WHERE c.org_id = l.org_id AND c.lease_id = l.id AND c.adjustment = 'deposit_applied' AND c.due_date <= ${asOf}::date), 0)
             - coalesce((SELECT sum(d.refund_cents) FROM deposit_dispositions d
                          WHERE d.org_id = l.org_id AND d.lease_id = l.id AND d.disposed_on <= ${asOf}::date), 0) AS deposit_held_cents
        FROM units u
        JOIN properties pr ON pr.org_id = u.org_id AND pr.id = u.property_id
        LEFT JOIN LATERAL (
          SELECT * FROM leases l
           WHERE l.org_id = u.org_id AND l.unit_id = u.id AND l.status IN ('active', 'ended', 'terminated')
             AND l.start_date <= ${asOf}::date AND coalesce(least(l.end_date, l.terminated_on), 'infinity'::date) >= ${asOf}::date
           ORDER BY (l.status = 'active') DESC, l.start_date DESC, l.id
           LIMIT 1
        ) l ON true
        WHERE u.org_id = ${p.orgId} AND u.property_id IN ${visiblePropertyIds(p)}
        ${when(propertyId !== undefined, sql`AND u.property_id = ${propertyId}`)}
        ORDER BY pr.name, pr.id, u.unit_number, u.id`.execute(db)
      return result.rows
    },

    /** Charges due by `asOf` with their balance as of that day, where it is above zero. */
    openChargesAsOf: async (p: Principal, asOf: string, propertyId?: string) => {
      const result = await sql<{ lease_id: string; charge_id: string; due_date: string; balance_cents: number }>`
        SELECT * FROM (
          SELECT c.lease_id, c.id AS charge_id, c.due_date,
                 (c.amount_cents
                  + coalesce((SELECT sum(r.amount_cents) FROM charges r
                               WHERE r.org_id = c.org_id AND r.reverses_charge_id = c.id AND r.due_date <= ${asOf}::date), 0)
                  - coalesce((SELECT sum(a.amount_cents) FROM payment_allocations a
                               WHERE a.org_id = c.org_id AND a.charge_id = c.id
                                 AND coalesce(a.effective_on, a.created_at::date) <= ${asOf}::date), 0))::bigint AS balance_cents
          FROM charges c
          JOIN leases l ON l.org_id = c.org_id AND l.id = c.lease_id
          JOIN units u ON u.org_id = l.org_id AND u.id = l.unit_id
          WHERE c.org_id = ${p.orgId} AND c.adjustment IS NULL AND c.due_date <= ${asOf}::date
            AND u.property_id IN ${visiblePropertyIds(p)}
            ${when(propertyId !== undefined, sql`AND u.property_id = ${propertyId}`)}
        ) open WHERE balance_cents > 0
        ORDER BY lease_id, due_date, charge_id`.execute(db)
      return result.rows
    },

    leaseLabels: async (orgId: string, leaseIds: string[]) => {
      if (leaseIds.length === 0) return []
      const result = await sql<{
        lease_id: string
        lease_status: LeaseStatus
        property_id: string
        property_name: string
        unit_number: string
        tenant_names: string | null
      }>`
        SELECT l.id AS lease_id, l.status AS lease_status, u.property_id, pr.name AS property_name, u.unit_number,
               (SELECT string_agg(t.first_name || ' ' || t.last_name, '; ' ORDER BY lt.is_primary DESC, t.last_name, t.first_name, t.id)
                  FROM lease_tenants lt JOIN tenants t ON t.org_id = lt.org_id AND t.id = lt.tenant_id
                 WHERE lt.org_id = l.org_id AND lt.lease_id = l.id) AS tenant_names
        FROM leases l
        JOIN units u ON u.org_id = l.org_id AND u.id = l.unit_id
        JOIN properties pr ON pr.org_id = u.org_id AND pr.id = u.property_id
        WHERE l.org_id = ${orgId} AND l.id IN (${sql.join(leaseIds)})`.execute(db)
      return result.rows
    },

    /**
     * Per visible property: what was collected in [from, to] by kind (allocations in effect in the
     * period, and deposit applied to charges then), and the cost of work orders completed then.
     */
    ownerStatement: async (p: Principal, from: string, to: string, filter: { ownerId?: string; propertyId?: string }) => {
      const result = await sql<{
        property_id: string
        property_name: string
        owner_id: string | null
        management_fee_bp: number
        rent_cents: number
        other_cents: number
        deposit_cents: number
        work_order_cents: number
      }>`
        WITH org AS (SELECT time_zone FROM organizations WHERE id = ${p.orgId}),
        props AS (
          SELECT pr.id, pr.name, pr.owner_id, pr.management_fee_bp FROM properties pr
          WHERE pr.org_id = ${p.orgId} AND pr.id IN ${visiblePropertyIds(p)}
          ${when(filter.ownerId !== undefined, sql`AND pr.owner_id = ${filter.ownerId}`)}
          ${when(filter.propertyId !== undefined, sql`AND pr.id = ${filter.propertyId}`)}
        ),
        collected AS (
          SELECT u.property_id, c.kind, sum(a.amount_cents) AS cents
          FROM payment_allocations a
          JOIN charges c ON c.org_id = a.org_id AND c.id = a.charge_id
          JOIN leases l ON l.org_id = c.org_id AND l.id = c.lease_id
          JOIN units u ON u.org_id = l.org_id AND u.id = l.unit_id
          WHERE a.org_id = ${p.orgId} AND u.property_id IN (SELECT id FROM props)
            AND coalesce(a.effective_on, a.created_at::date) BETWEEN ${from}::date AND ${to}::date
          GROUP BY u.property_id, c.kind
          UNION ALL
          SELECT u.property_id, c.kind, -sum(c.amount_cents) AS cents
          FROM charges c
          JOIN leases l ON l.org_id = c.org_id AND l.id = c.lease_id
          JOIN units u ON u.org_id = l.org_id AND u.id = l.unit_id
          WHERE c.org_id = ${p.orgId} AND c.adjustment = 'deposit_applied' AND u.property_id IN (SELECT id FROM props)
            AND c.due_date BETWEEN ${from}::date AND ${to}::date
          GROUP BY u.property_id, c.kind
        ),
        costs AS (
          SELECT mr.property_id, sum(coalesce(wo.actual_cost_cents, 0)) AS cents
          FROM work_orders wo
          JOIN maintenance_requests mr ON mr.org_id = wo.org_id AND mr.id = wo.request_id
          WHERE wo.org_id = ${p.orgId} AND wo.status = 'completed' AND mr.property_id IN (SELECT id FROM props)
            AND (wo.completed_at AT TIME ZONE (SELECT time_zone FROM org))::date BETWEEN ${from}::date AND ${to}::date
          GROUP BY mr.property_id
        )
        SELECT props.id AS property_id, props.name AS property_name, props.owner_id, props.management_fee_bp,
               coalesce((SELECT sum(cents) FROM collected WHERE property_id = props.id AND kind = 'rent'), 0)::bigint AS rent_cents,
               coalesce((SELECT sum(cents) FROM collected WHERE property_id = props.id AND kind IN ('late_fee', 'utility', 'other')), 0)::bigint AS other_cents,
               coalesce((SELECT sum(cents) FROM collected WHERE property_id = props.id AND kind = 'deposit'), 0)::bigint AS deposit_cents,
               coalesce((SELECT cents FROM costs WHERE property_id = props.id), 0)::bigint AS work_order_cents
        FROM props
        ORDER BY props.name, props.id`.execute(db)
      return result.rows
    },

    visibleProperty: async (p: Principal, propertyId: string) => {
      const result = await sql<{ id: string }>`SELECT id FROM properties WHERE org_id = ${p.orgId} AND id = ${propertyId} AND id IN ${visiblePropertyIds(p)}`.execute(db)
      return result.rows[0]
    },

    ownerExists: async (orgId: string, ownerId: string) => {
      const result = await sql<{ id: string }>`SELECT id FROM owners WHERE org_id = ${orgId} AND id = ${ownerId}`.execute(db)
      return result.rows.length > 0
    },
  }
}
