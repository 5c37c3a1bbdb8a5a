import type { Executor } from '../../db/types.js'
import { requireRole, type Principal } from '../../lib/access.js'
import { notFound } from '../../lib/errors.js'
import { createDashboardQueries } from './dashboard.queries.js'
import type { Dashboard, DashboardQuery } from './dashboard.schema.js'

/** The portfolio at a glance for staff and owners, over the properties each may see, or one of them. */
export function createDashboardService(db: Executor) {
  const q = createDashboardQueries(db)
  return {
    async get(p: Principal, query: DashboardQuery): Promise<Dashboard> {
      requireRole(p, 'admin', 'property_manager', 'owner')
      const day = await q.today(p.orgId)
      if (!day) throw notFound('organization')
      const { propertyId } = query
      if (propertyId !== undefined && !(await q.propertyVisible(p, propertyId))) throw notFound('property')
      const [occupancy, rent, delinquency, requests, expiring] = await Promise.all([
        q.occupancy(p, day.today, propertyId),
        q.rent(p, day.month_start, day.month_end, propertyId),
        q.delinquency(p, day.today, propertyId),
        q.openRequestsByPriority(p, propertyId),
        q.expiringLeases(p, day.today, query.expiringWithinDays, propertyId),
      ])
      const byPriority = { low: 0, normal: 0, high: 0, emergency: 0 }
      for (const r of requests) if (r.priority in byPriority) byPriority[r.priority as keyof typeof byPriority] = r.n
      return {
        asOf: day.today,
        monthStart: day.month_start,
        monthEnd: day.month_end,
        occupancy: { properties: occupancy.properties, units: occupancy.units, occupiedUnits: occupancy.occupied },
        rent: { dueCents: rent.due, collectedCents: rent.collected, pendingCents: rent.pending },
        delinquency: { overdueCents: delinquency.overdue, overdueCharges: delinquency.charges, delinquentLeases: delinquency.leases },
        openRequests: byPriority,
        expiringLeases: {
          total: expiring[0]?.total ?? 0,
          withinDays: query.expiringWithinDays,
          leases: expiring.map((l) => ({
            id: l.id,
            endDate: l.end_date,
            rentCents: Number(l.rent_cents),
            unitId: l.unit_id,
            unitNumber: l.unit_number,
            propertyId: l.property_id,
            propertyName: l.property_name,
            tenantNames: l.tenant_names ?? [],
          })),
        },
      }
    },
  }
}
