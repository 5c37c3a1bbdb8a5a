import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely'
import type { DB, Executor, NewRow, RowPatch } from '../../db/types.js'
import { propertyVisible, requestAssigned, type Principal } from '../../lib/access.js'
import { likePattern } from '../../lib/paging.js'
import { requestOpen } from '../maintenance/maintenance.queries.js'
import { unitOccupied } from '../units/units.queries.js'
import type { PropertyStatus, PropertyType } from './properties.schema.js'

export interface PropertyFilter {
  status?: PropertyStatus[] | undefined
  type?: PropertyType[] | undefined
  minUnits?: number | undefined
  maxUnits?: number | undefined
  minOccupancy?: number | undefined
  maxOccupancy?: number | undefined
  search?: string | undefined
  hasMaintenanceIssues?: boolean | undefined
}

// Per-property aggregates as correlated subqueries: one statement computes them for every row it returns.
const unitCount = sql<number>`(SELECT count(*) FROM units u WHERE u.org_id = p.org_id AND u.property_id = p.id)`
const occupiedUnits = sql<number>`(SELECT count(*) FROM units u
  WHERE u.org_id = p.org_id AND u.property_id = p.id AND ${unitOccupied('u')})`
const openRequestCount = sql<number>`(SELECT count(*) FROM maintenance_requests mr
  WHERE mr.org_id = p.org_id AND mr.property_id = p.id AND ${requestOpen('mr')})`
const hasOpenRequest = sql<SqlBool>`EXISTS (SELECT 1 FROM maintenance_requests mr
  WHERE mr.org_id = p.org_id AND mr.property_id = p.id AND ${requestOpen('mr')})`
// The same expression as properties_search_trgm_idx, so the trigram index serves the search.
const searchText = sql<string>`lower(p.name || ' ' || p.address_line1 || ' ' || coalesce(p.address_line2, '') || ' ' || p.city || ' ' || p.state || ' ' || coalesce(p.zip, ''))`

type PropertiesEb = ExpressionBuilder<DB & { p: DB['properties'] }, 'p'>

/** The caller's scope and every filter, shared by the page and its count. */
const matching = (p: Principal, f: PropertyFilter) => (eb: PropertiesEb) => {
  const where: Expression<SqlBool>[] = [eb('p.org_id', '=', p.orgId), propertyVisible(p, 'p.id')]
  if (f.status) where.push(eb('p.status', 'in', f.status))
  if (f.type) where.push(eb('p.type', 'in', f.type))
  if (f.minUnits !== undefined) where.push(eb(unitCount, '>=', f.minUnits))
  if (f.maxUnits !== undefined) where.push(eb(unitCount, '<=', f.maxUnits))
  if (f.minOccupancy !== undefined) where.push(eb(occupiedUnits, '>=', f.minOccupancy))
  if (f.maxOccupancy !== undefined) where.push(eb(occupiedUnits, '<=', f.maxOccupancy))
  if (f.search) where.push(eb(searchText, 'like', likePattern(f.search)))
  if (f.hasMaintenanceIssues === true) where.push(hasOpenRequest)
  if (f.hasMaintenanceIssues === false) where.push(eb.not(hasOpenRequest))
  return eb.and(where)
}

/**
 * SQL condition: the caller may see the maintenance request `mr` of a visible property. A tenant
 * sees only their own requests; a technician only those assigned to them.
 */
function requestVisible(p: Principal): Expression<SqlBool> {
  switch (p.role) {
    case 'tenant':
      return sql<SqlBool>`mr.tenant_id = ${p.tenantId}`
    case 'technician':
      return requestAssigned(p, 'mr.id')
    default:
      return propertyVisible(p, 'mr.property_id')
  }
}

/** The organization's owners, narrowed to a name or e-mail containing `search`; shared by the page and its count. */
const ownersOf = (db: Executor, orgId: string, search: string | undefined) => {
  let q = db.selectFrom('owners as o').where('o.org_id', '=', orgId)
  if (search) q = q.where(sql<string>`lower(o.name || ' ' || coalesce(o.email, ''))`, 'like', likePattern(search))
  return q
}

export function createPropertyQueries(db: Executor) {
  const withCounts = () =>
    db
      .selectFrom('properties as p')
      .selectAll('p')
      .select([unitCount.as('unit_count'), occupiedUnits.as('occupied_units'), openRequestCount.as('open_request_count')])

  return {
    /** One page of the caller's properties, ordered by name then id. */
    list: (p: Principal, f: PropertyFilter, limit: number, offset: number) =>
      withCounts().where(matching(p, f)).orderBy('p.name').orderBy('p.id').limit(limit).offset(offset).execute(),

    count: async (p: Principal, f: PropertyFilter) =>
      Number((await db.selectFrom('properties as p').where(matching(p, f)).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),

    /** The caller's properties among `ids`, with their counts, in one query. */
    byIds: (p: Principal, ids: string[]) =>
      ids.length === 0 ? Promise.resolve([]) : withCounts().where(matching(p, {})).where('p.id', 'in', ids).orderBy('p.name').orderBy('p.id').execute(),

    /** The id of the property when the caller may see it; for writes, callers check the role first. */
    visibleId: async (p: Principal, id: string) =>
      (await db.selectFrom('properties as p').select('p.id').where(matching(p, {})).where('p.id', '=', id).executeTakeFirst())?.id,

    requestsOf: (p: Principal, propertyIds: string[]) =>
      propertyIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('maintenance_requests as mr')
            .select(['mr.id', 'mr.property_id', 'mr.unit_id', 'mr.tenant_id', 'mr.title', 'mr.category', 'mr.priority', 'mr.status', 'mr.requested_at', 'mr.completed_at'])
            .where('mr.org_id', '=', p.orgId)
            .where('mr.property_id', 'in', propertyIds)
            .where(requestVisible(p))
            .orderBy('mr.requested_at', 'desc')
            .orderBy('mr.id', 'desc')
            .execute(),

    /** Documents filed on the properties themselves; only staff and owners see them. */
    documentsOf: (p: Principal, propertyIds: string[]) =>
      propertyIds.length === 0 || !(p.role === 'admin' || p.role === 'property_manager' || p.role === 'owner')
        ? Promise.resolve([])
        : db
            .selectFrom('documents as d')
            .select(['d.id', 'd.property_id', 'd.file_name', 'd.content_type', 'd.size_bytes', 'd.created_at'])
            .where('d.org_id', '=', p.orgId)
            .where('d.property_id', 'in', propertyIds)
            .where(propertyVisible(p, 'd.property_id'))
            .orderBy('d.created_at', 'desc')
            .orderBy('d.id', 'desc')
            .execute(),

    managersOf: (orgId: string, propertyIds: string[]) =>
      propertyIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('property_managers as pm')
            .innerJoin('users as u', (j) => j.onRef('u.org_id', '=', 'pm.org_id').onRef('u.id', '=', 'pm.user_id'))
            .select(['pm.property_id', 'u.id', 'u.display_name', 'u.email', 'pm.created_at'])
            .where('pm.org_id', '=', orgId)
            .where('pm.property_id', 'in', propertyIds)
            .orderBy('u.display_name')
            .orderBy('u.id')
            .execute(),

    /** The ids among `ids` that are enabled property-manager accounts of the organization. */
    managerAccounts: async (orgId: string, ids: string[]) =>
      ids.length === 0
        ? []
        : (
            await db
              .selectFrom('users')
              .select('id')
              .where('org_id', '=', orgId)
              .where('id', 'in', ids)
              .where('role', '=', 'property_manager')
              .where('disabled_at', 'is', null)
              .execute()
          ).map((r) => r.id),

    /** The organization's owners by name, optionally matching `search` in name or e-mail. */
    owners: (orgId: string, search: string | undefined, limit: number, offset: number) =>
      ownersOf(db, orgId, search).select(['o.id', 'o.name', 'o.email']).orderBy('o.name').orderBy('o.id').limit(limit).offset(offset).execute(),

    ownerCount: async (orgId: string, search: string | undefined) =>
      Number((await ownersOf(db, orgId, search).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n),

    ownerExists: async (orgId: string, id: string) =>
      !!(await db.selectFrom('owners').select('id').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst()),

    neighborhoodExists: async (orgId: string, id: string) =>
      !!(await db.selectFrom('neighborhoods').select('id').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst()),

    insert: (row: NewRow<'properties'>) => db.insertInto('properties').values(row).returning('id').executeTakeFirstOrThrow(),

    update: (orgId: string, id: string, patch: RowPatch<'properties'>) =>
      db
        .updateTable('properties')
        .set({ ...patch, updated_at: sql<Date>`now()` })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .execute(),

    delete: (orgId: string, id: string) => db.deleteFrom('properties').where('org_id', '=', orgId).where('id', '=', id).execute(),

    hasLeases: async (orgId: string, propertyId: string) =>
      !!(await db
        .selectFrom('leases as l')
        .innerJoin('units as u', (j) => j.onRef('u.org_id', '=', 'l.org_id').onRef('u.id', '=', 'l.unit_id'))
        .select('l.id')
        .where('l.org_id', '=', orgId)
        .where('u.property_id', '=', propertyId)
        .limit(1)
        .executeTakeFirst()),

    addManager: (orgId: string, propertyId: string, userId: string) =>
      db.insertInto('property_managers').values({ org_id: orgId, property_id: propertyId, user_id: userId }).onConflict((oc) => oc.doNothing()).execute(),

    /** Makes the assigned managers exactly `userIds`, keeping the rows (and dates) of those that stay. */
    setManagers: async (orgId: string, propertyId: string, userIds: string[]) => {
      await db
        .deleteFrom('property_managers')
        .where('org_id', '=', orgId)
        .where('property_id', '=', propertyId)
        .$if(userIds.length > 0, (qb) => qb.where('user_id', 'not in', userIds))
        .execute()
      if (userIds.length === 0) return
      await db
        .insertInto('property_managers')
        .values(userIds.map((user_id) => ({ org_id: orgId, property_id: propertyId, user_id })))
        .onConflict((oc) => oc.doNothing())
        .execute()
    },
  }
}

export type PropertyRow = Awaited<ReturnType<ReturnType<typeof createPropertyQueries>['list']>>[number]
