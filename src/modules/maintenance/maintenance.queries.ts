import { sql, type Expression, type SqlBool } from 'kysely'
import type { Executor, NewRow, RowPatch } from '../../db/types.js'
import { propertyVisible, requestAssigned, tenantVisible, type Principal } from '../../lib/access.js'
import { likePattern, offsetOf, type PageQuery } from '../../lib/paging.js'
import { OPEN_REQUEST_STATUSES, type MaintenanceListQuery } from './maintenance.schema.js'

/** SQL condition: the request row `alias` is open (OPEN_REQUEST_STATUSES), the one definition every count and filter uses. */
export const requestOpen = (alias: string): Expression<SqlBool> => sql<SqlBool>`${sql.ref(`${alias}.status`)} IN (${sql.join(OPEN_REQUEST_STATUSES)})`

/** An interval of instants as ISO text: `gte` inclusive, then `lt` (a whole-day end) or `lte` (an exact end). */
export interface InstantRange {
  gte?: string
  lt?: string
  lte?: string
}

/** A range bound to resolve: a date, a wall-clock date-time in the organization's zone, or an instant. */
export interface Bound {
  value: string
  kind: 'date' | 'local' | 'instant'
  /** The upper end: a date then means the start of the following day. */
  end: boolean
}

/** SQL condition on `mr`: a request the caller may see. */
function requestVisible(p: Principal): Expression<SqlBool> {
  switch (p.role) {
    case 'admin':
      return sql<SqlBool>`true`
    case 'property_manager':
    case 'owner':
      return propertyVisible(p, 'mr.property_id')
    case 'tenant':
      return sql<SqlBool>`mr.tenant_id = ${p.tenantId}`
    case 'technician':
      return requestAssigned(p, 'mr.id')
  }
}

/** The property and tenant summaries every request row carries. */
const summaryColumns = [
  'pr.name as property_name',
  'pr.address_line1 as property_address_line1',
  'tn.first_name as tenant_first_name',
  'tn.last_name as tenant_last_name',
] as const

export function createMaintenanceQueries(db: Executor) {
  const visible = (p: Principal) =>
    db
      .selectFrom('maintenance_requests as mr')
      .innerJoin('properties as pr', (j) => j.onRef('pr.org_id', '=', 'mr.org_id').onRef('pr.id', '=', 'mr.property_id'))
      .leftJoin('tenants as tn', (j) => j.onRef('tn.org_id', '=', 'mr.org_id').onRef('tn.id', '=', 'mr.tenant_id'))
      .where('mr.org_id', '=', p.orgId)
      .where(requestVisible(p))


  return {
    /**
     * Resolves range bounds to instants in one statement, in the organization's time zone, so
     * day boundaries follow its daylight-saving rules. Returns ISO text, in the order given.
     */
    async resolveBounds(orgId: string, bounds: Bound[]): Promise<string[]> {
      if (!bounds.length) return []
      const zone = sql`(SELECT time_zone FROM organizations WHERE id = ${orgId})`
      const columns = bounds.map((b, i) => {
        const instant =
          b.kind === 'instant'
            ? sql`${b.value}::timestamptz`
            : b.kind === 'local'
              ? sql`(${b.value}::timestamp AT TIME ZONE ${zone})`
              : b.end
                ? sql`((${b.value}::date + 1)::timestamp AT TIME ZONE ${zone})`
                : sql`(${b.value}::date::timestamp AT TIME ZONE ${zone})`
        return sql`to_char(${instant} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS ${sql.ref(`b${i}`)}`
      })
      const { rows } = await sql<Record<string, string>>`SELECT ${sql.join(columns)}`.execute(db)
      const row = rows[0] ?? {}
      return bounds.map((_, i) => row[`b${i}`] ?? '')
    },

    /** One page of visible requests, newest first, and the total under the same filters. */
    async list(p: Principal, f: MaintenanceListQuery, ranges: { requested: InstantRange; completed: InstantRange }) {
      const within = (column: 'mr.requested_at' | 'mr.completed_at', r: InstantRange): Expression<SqlBool>[] => [
        ...(r.gte ? [sql<SqlBool>`${sql.ref(column)} >= ${r.gte}::timestamptz`] : []),
        ...(r.lt ? [sql<SqlBool>`${sql.ref(column)} < ${r.lt}::timestamptz`] : []),
        ...(r.lte ? [sql<SqlBool>`${sql.ref(column)} <= ${r.lte}::timestamptz`] : []),
      ]
      const filtered = visible(p).where((eb) => {
        const c: Expression<SqlBool>[] = []
        if (f.status) c.push(eb('mr.status', 'in', f.status))
        if (f.priority) c.push(eb('mr.priority', 'in', f.priority))
        if (f.propertyId) c.push(eb('mr.property_id', '=', f.propertyId))
        if (f.tenantId) c.push(eb('mr.tenant_id', '=', f.tenantId))
        c.push(...within('mr.requested_at', ranges.requested), ...within('mr.completed_at', ranges.completed))
        if (f.search) {
          const pattern = likePattern(f.search)
          c.push(
            eb.or([
              eb('mr.title', 'ilike', pattern),
              eb('mr.description', 'ilike', pattern),
              eb('pr.address_line1', 'ilike', pattern),
              eb('tn.first_name', 'ilike', pattern),
              eb('tn.last_name', 'ilike', pattern),
              sql<SqlBool>`(tn.first_name || ' ' || tn.last_name) ILIKE ${pattern}`,
            ]),
          )
        }
        return eb.and(c)
      })
      const [rows, count] = await Promise.all([
        filtered
          .selectAll('mr')
          .select(summaryColumns)
          .orderBy('mr.requested_at', 'desc')
          .orderBy('mr.id', 'desc')
          .limit(f.pageSize)
          .offset(offsetOf(f))
          .execute(),
        filtered.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
      ])
      return { rows, total: Number(count.total) }
    },

    /** A visible request with its property and tenant summaries. */
    byId: (p: Principal, id: string) => visible(p).selectAll('mr').select(summaryColumns).where('mr.id', '=', id).executeTakeFirst(),

    /** A property an admin or property manager may file a request on. */
    propertyForStaff: (p: Principal, propertyId: string) =>
      db
        .selectFrom('properties')
        .select('id')
        .where('org_id', '=', p.orgId)
        .where('id', '=', propertyId)
        .where(p.role === 'admin' ? sql<SqlBool>`true` : propertyVisible(p, 'properties.id'))
        .executeTakeFirst(),

    unitOf: (orgId: string, unitId: string) =>
      db.selectFrom('units').select(['id', 'property_id']).where('org_id', '=', orgId).where('id', '=', unitId).executeTakeFirst(),

    tenantVisibleTo: async (p: Principal, tenantId: string) =>
      (await db
        .selectFrom('tenants')
        .select('id')
        .where('org_id', '=', p.orgId)
        .where('id', '=', tenantId)
        .where(tenantVisible(p, 'tenants.id'))
        .executeTakeFirst()) !== undefined,

    /** The unit, when it is under an active lease of the tenant. */
    unitOfActiveLease: (orgId: string, tenantId: string, unitId: string) =>
      db
        .selectFrom('lease_tenants as lt')
        .innerJoin('leases as l', (j) => j.onRef('l.org_id', '=', 'lt.org_id').onRef('l.id', '=', 'lt.lease_id'))
        .innerJoin('units as u', (j) => j.onRef('u.org_id', '=', 'l.org_id').onRef('u.id', '=', 'l.unit_id'))
        .select(['u.id', 'u.property_id'])
        .where('lt.org_id', '=', orgId)
        .where('lt.tenant_id', '=', tenantId)
        .where('l.status', '=', 'active')
        .where('u.id', '=', unitId)
        .executeTakeFirst(),

    /** Work orders of the requests, each relation one query; a technician sees only their own. */
    workOrdersOf: (orgId: string, requestIds: string[], onlyAssignee?: string) =>
      db
        .selectFrom('work_orders')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('request_id', 'in', requestIds)
        .$if(onlyAssignee !== undefined, (qb) => qb.where('assignee_id', '=', onlyAssignee ?? null))
        .orderBy('created_at')
        .orderBy('id')
        .execute(),

    commentsOf: (orgId: string, requestIds: string[]) =>
      db
        .selectFrom('request_comments as c')
        .leftJoin('users as u', (j) => j.onRef('u.org_id', '=', 'c.org_id').onRef('u.id', '=', 'c.author_id'))
        .selectAll('c')
        .select(['u.display_name as author_name', 'u.role as author_role'])
        .where('c.org_id', '=', orgId)
        .where('c.request_id', 'in', requestIds)
        .orderBy('c.created_at')
        .orderBy('c.id')
        .execute(),

    documentsOf: (orgId: string, requestIds: string[]) =>
      db
        .selectFrom('documents')
        .select(['id', 'request_id', 'file_name', 'content_type', 'size_bytes', 'sha256', 'uploaded_by', 'created_at'])
        .where('org_id', '=', orgId)
        .where('request_id', 'in', requestIds)
        .orderBy('created_at')
        .orderBy('id')
        .execute(),

    unitsByIds: (orgId: string, ids: string[]) =>
      db
        .selectFrom('units')
        .select(['id', 'property_id', 'unit_number', 'bedrooms', 'bathrooms'])
        .where('org_id', '=', orgId)
        .where('id', 'in', ids)
        .execute(),

    propertiesByIds: (orgId: string, ids: string[]) =>
      db
        .selectFrom('properties')
        .select(['id', 'name', 'address_line1', 'address_line2', 'city', 'state', 'zip'])
        .where('org_id', '=', orgId)
        .where('id', 'in', ids)
        .execute(),

    tenantsByIds: (orgId: string, ids: string[]) =>
      db
        .selectFrom('tenants')
        .select(['id', 'first_name', 'last_name', 'email', 'phone'])
        .where('org_id', '=', orgId)
        .where('id', 'in', ids)
        .execute(),

    insert: (row: NewRow<'maintenance_requests'>) =>
      db.insertInto('maintenance_requests').values(row).returning('id').executeTakeFirstOrThrow(),

    update: (orgId: string, id: string, patch: RowPatch<'maintenance_requests'>) =>
      db
        .updateTable('maintenance_requests')
        .set({ ...patch, updated_at: sql<Date>`now()` })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .execute(),

    /**
     * A request's assignment, its row locked for the rest of the transaction: status, assignee,
     * scope keys, and whether a work order of it that is not cancelled has a technician.
     */
    assignment: (orgId: string, id: string) =>
      db
        .selectFrom('maintenance_requests as mr')
        .select(['mr.status', 'mr.assignee_id', 'mr.property_id', 'mr.unit_id', 'mr.tenant_id'])
        .select((eb) =>
          eb
            .exists(
              eb
                .selectFrom('work_orders as w')
                .select('w.id')
                .where('w.org_id', '=', orgId)
                .whereRef('w.request_id', '=', 'mr.id')
                .where('w.assignee_id', 'is not', null)
                .where('w.status', '<>', 'cancelled'),
            )
            .as('has_assigned_work'),
        )
        .where('mr.org_id', '=', orgId)
        .where('mr.id', '=', id)
        .forUpdate('mr')
        .executeTakeFirst(),

    remove: (orgId: string, id: string) =>
      db.deleteFrom('maintenance_requests').where('org_id', '=', orgId).where('id', '=', id).execute(),

    /** One page of a request's thread, oldest first. */
    async listComments(orgId: string, requestId: string, page: PageQuery) {
      const thread = db.selectFrom('request_comments as c').where('c.org_id', '=', orgId).where('c.request_id', '=', requestId)
      const [rows, count] = await Promise.all([
        thread
          .leftJoin('users as u', (j) => j.onRef('u.org_id', '=', 'c.org_id').onRef('u.id', '=', 'c.author_id'))
          .selectAll('c')
          .select(['u.display_name as author_name', 'u.role as author_role'])
          .orderBy('c.created_at')
          .orderBy('c.id')
          .limit(page.pageSize)
          .offset(offsetOf(page))
          .execute(),
        thread.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
      ])
      return { rows, total: Number(count.total) }
    },

    insertComment: (row: NewRow<'request_comments'>) =>
      db.insertInto('request_comments').values(row).returningAll().executeTakeFirstOrThrow(),
  }
}
