import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely'
import type { Executor, NewRow, RowPatch } from '../../db/types.js'
import { assignedRequestIds, propertyVisible, type Principal } from '../../lib/access.js'
import { likePattern } from '../../lib/paging.js'
import { orgToday } from '../leases/leases.queries.js'

/**
 * SQL: the unit `alias` has an active lease whose term contains today in its organization's time
 * zone (not the database session's), the day the ledger and the tenants' current lease go by.
 */
export function unitOccupied(alias: string): RawBuilder<boolean> {
  const orgId = sql.ref<string>(`${alias}.org_id`)
  return sql<boolean>`EXISTS (SELECT 1 FROM leases l
    WHERE l.org_id = ${orgId} AND l.unit_id = ${sql.ref(`${alias}.id`)}
      AND l.status = 'active' AND l.period @> ${orgToday(orgId)})`
}

/**
 * SQL condition: the caller may see the unit `alias`. Staff and owners see every unit of a visible
 * property; a tenant only the units of their own leases; a technician only the units of the
 * requests assigned to them — neighbours' units are not theirs to see.
 */
export function unitVisible(p: Principal, alias: string): Expression<SqlBool> {
  const id = sql.ref(`${alias}.id`)
  switch (p.role) {
    case 'tenant':
      return sql<SqlBool>`${id} IN (SELECT l.unit_id FROM lease_tenants lt
        JOIN leases l ON l.org_id = lt.org_id AND l.id = lt.lease_id
        WHERE lt.org_id = ${p.orgId} AND lt.tenant_id = ${p.tenantId})`
    case 'technician':
      return sql<SqlBool>`${id} IN (SELECT mr.unit_id FROM maintenance_requests mr
        WHERE mr.org_id = ${p.orgId} AND mr.id IN ${assignedRequestIds(p)} AND mr.unit_id IS NOT NULL)`
    default:
      return propertyVisible(p, `${alias}.property_id`)
  }
}

/**
 * SQL condition: the caller may see the lease `alias`. Staff and owners see the leases of visible
 * properties; a tenant only their own; a technician none.
 */
function leaseVisible(p: Principal, alias: string, unitAlias: string): Expression<SqlBool> {
  switch (p.role) {
    case 'tenant':
      return sql<SqlBool>`${sql.ref(`${alias}.id`)} IN (SELECT lease_id FROM lease_tenants WHERE org_id = ${p.orgId} AND tenant_id = ${p.tenantId})`
    case 'technician':
      return sql<SqlBool>`false`
    default:
      return propertyVisible(p, `${unitAlias}.property_id`)
  }
}

export interface UnitFilter {
  propertyId?: string | undefined
  minBedrooms?: number | undefined
  maxBedrooms?: number | undefined
  search?: string | undefined
}

export function createUnitQueries(db: Executor) {
  const visible = (p: Principal, f: UnitFilter) =>
    db
      .selectFrom('units as u')
      .where('u.org_id', '=', p.orgId)
      .where(unitVisible(p, 'u'))
      .$if(f.propertyId !== undefined, (qb) => qb.where('u.property_id', '=', f.propertyId!))
      .$if(f.minBedrooms !== undefined, (qb) => qb.where('u.bedrooms', '>=', f.minBedrooms!))
      .$if(f.maxBedrooms !== undefined, (qb) => qb.where('u.bedrooms', '<=', f.maxBedrooms!))
      .$if(!!f.search, (qb) => qb.where(sql<string>`lower(u.unit_number)`, 'like', likePattern(f.search!)))

  const withOccupancy = (p: Principal, f: UnitFilter) => visible(p, f).selectAll('u').select(unitOccupied('u').as('occupied'))

  return {
    /** One page of the caller's units, ordered by property name, unit number, id. */
    list: (p: Principal, f: UnitFilter, limit: number, offset: number) =>
      withOccupancy(p, f)
        .innerJoin('properties as p', (j) => j.onRef('p.org_id', '=', 'u.org_id').onRef('p.id', '=', 'u.property_id'))
        .orderBy('p.name')
        .orderBy('p.id')
        .orderBy('u.unit_number')
        .orderBy('u.id')
        .limit(limit)
        .offset(offset)
        .execute(),

    count: async (p: Principal, f: UnitFilter) =>
      Number((await visible(p, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),

    byId: (p: Principal, id: string) => withOccupancy(p, {}).where('u.id', '=', id).executeTakeFirst(),

    /** The caller's units of several properties, in one query. */
    ofProperties: (p: Principal, propertyIds: string[]) =>
      propertyIds.length === 0
        ? Promise.resolve([])
        : withOccupancy(p, {}).where('u.property_id', 'in', propertyIds).orderBy('u.property_id').orderBy('u.unit_number').orderBy('u.id').execute(),

    /** The caller's leases of several units (or of every unit of several properties), in one query. */
    leasesOf: (p: Principal, of: { unitIds: string[] } | { propertyIds: string[] }) => {
      const ids = 'unitIds' in of ? of.unitIds : of.propertyIds
      if (ids.length === 0) return Promise.resolve([])
      return db
        .selectFrom('leases as l')
        .innerJoin('units as u', (j) => j.onRef('u.org_id', '=', 'l.org_id').onRef('u.id', '=', 'l.unit_id'))
        .select(['l.id', 'l.unit_id', 'u.property_id', 'l.start_date', 'l.end_date', 'l.rent_cents', 'l.deposit_cents', 'l.status'])
        .where('l.org_id', '=', p.orgId)
        .where('unitIds' in of ? 'u.id' : 'u.property_id', 'in', ids)
        .where(leaseVisible(p, 'l', 'u'))
        .orderBy('l.start_date', 'desc')
        .orderBy('l.id', 'desc')
        .execute()
    },

    insert: (row: NewRow<'units'>) => db.insertInto('units').values(row).returning('id').executeTakeFirstOrThrow(),

    update: (orgId: string, id: string, patch: RowPatch<'units'>) =>
      db
        .updateTable('units')
        .set({ ...patch, updated_at: sql<Date>`now()` })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .execute(),

    delete: (orgId: string, id: string) => db.deleteFrom('units').where('org_id', '=', orgId).where('id', '=', id).execute(),

    hasLeases: async (orgId: string, unitId: string) =>
      !!(await db.selectFrom('leases').select('id').where('org_id', '=', orgId).where('unit_id', '=', unitId).limit(1).executeTakeFirst()),
  }
}

export type UnitRow = Awaited<ReturnType<ReturnType<typeof createUnitQueries>['list']>>[number]
export type LeaseSummaryRow = Awaited<ReturnType<ReturnType<typeof createUnitQueries>['leasesOf']>>[number]
