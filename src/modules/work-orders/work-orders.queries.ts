import { sql, type Expression, type SqlBool } from 'kysely'
import type { Executor, NewRow, RowPatch } from '../../db/types.js'
import { propertyVisible, type Principal } from '../../lib/access.js'
import { offsetOf } from '../../lib/paging.js'
import type { WorkOrderListQuery } from './work-orders.schema.js'

/** SQL condition on `wo` joined to its request `mr`: a work order the caller may see. */
function workOrderVisible(p: Principal): Expression<SqlBool> {
  switch (p.role) {
    case 'admin':
      return sql<SqlBool>`true`
    case 'property_manager':
    case 'owner':
      return propertyVisible(p, 'mr.property_id')
    case 'technician':
      return sql<SqlBool>`wo.assignee_id = ${p.userId}`
    case 'tenant':
      return sql<SqlBool>`false`
  }
}

export function createWorkOrderQueries(db: Executor) {
  const visible = (p: Principal) =>
    db
      .selectFrom('work_orders as wo')
      .innerJoin('maintenance_requests as mr', (j) => j.onRef('mr.org_id', '=', 'wo.org_id').onRef('mr.id', '=', 'wo.request_id'))
      .where('wo.org_id', '=', p.orgId)
      .where(workOrderVisible(p))

  return {
    /** One page of visible work orders and the total under the same filters. */
    async list(p: Principal, f: WorkOrderListQuery) {
      const filtered = visible(p).where((eb) => {
        const c: Expression<SqlBool>[] = []
        if (f.status) c.push(eb('wo.status', 'in', f.status))
        if (f.assigneeId) c.push(eb('wo.assignee_id', '=', f.assigneeId))
        if (f.requestId) c.push(eb('wo.request_id', '=', f.requestId))
        if (f.propertyId) c.push(eb('mr.property_id', '=', f.propertyId))
        return eb.and(c)
      })
      const selected = filtered
        .selectAll('wo')
        .select(['mr.property_id', 'mr.title as request_title', 'mr.priority as request_priority', 'mr.status as request_status'])
      const sorted =
        f.sort === 'recent'
          ? selected.orderBy(sql`coalesce(wo.completed_at, wo.updated_at)`, 'desc').orderBy('wo.id', 'desc')
          : selected.orderBy('wo.scheduled_for', (ob) => ob.asc().nullsLast()).orderBy('wo.created_at', 'desc').orderBy('wo.id', 'desc')
      const [rows, count] = await Promise.all([
        sorted
          .limit(f.pageSize)
          .offset(offsetOf(f))
          .execute(),
        filtered.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
      ])
      return { rows, total: Number(count.total) }
    },

    /** A visible work order with its request's scope keys, for writes. */
    byId: (p: Principal, id: string) =>
      visible(p).selectAll('wo').select(['mr.property_id', 'mr.tenant_id']).where('wo.id', '=', id).executeTakeFirst(),

    /** A visible work order with its request, property, unit and the reporting tenant's contact. */
    detail: (p: Principal, id: string) =>
      visible(p)
        .innerJoin('properties as pr', (j) => j.onRef('pr.org_id', '=', 'mr.org_id').onRef('pr.id', '=', 'mr.property_id'))
        .leftJoin('units as un', (j) => j.onRef('un.org_id', '=', 'mr.org_id').onRef('un.id', '=', 'mr.unit_id'))
        .leftJoin('tenants as tn', (j) => j.onRef('tn.org_id', '=', 'mr.org_id').onRef('tn.id', '=', 'mr.tenant_id'))
        .selectAll('wo')
        .select([
          'mr.property_id',
          'mr.title as request_title',
          'mr.description as request_description',
          'mr.category as request_category',
          'mr.subcategory as request_subcategory',
          'mr.priority as request_priority',
          'mr.status as request_status',
          'mr.location as request_location',
          'mr.requested_at as request_requested_at',
          'pr.name as property_name',
          'pr.address_line1',
          'pr.address_line2',
          'pr.city',
          'pr.state',
          'pr.zip',
          'un.id as unit_id',
          'un.unit_number',
          'tn.id as tenant_id',
          'tn.first_name as tenant_first_name',
          'tn.last_name as tenant_last_name',
          'tn.phone as tenant_phone',
          'tn.email as tenant_email',
        ])
        .where('wo.id', '=', id)
        .executeTakeFirst(),

    /** A request an admin or property manager may attach work to, with its scope keys. */
    requestForStaff: (p: Principal, requestId: string) =>
      db
        .selectFrom('maintenance_requests as mr')
        .select(['mr.id', 'mr.property_id', 'mr.tenant_id'])
        .where('mr.org_id', '=', p.orgId)
        .where('mr.id', '=', requestId)
        .where(p.role === 'admin' ? sql<SqlBool>`true` : propertyVisible(p, 'mr.property_id'))
        .executeTakeFirst(),

    /** Whether `userId` is an enabled technician or property manager of the organization. */
    isAssignable: async (orgId: string, userId: string) =>
      (await db
        .selectFrom('users')
        .select('id')
        .where('org_id', '=', orgId)
        .where('id', '=', userId)
        .where('role', 'in', ['technician', 'property_manager'])
        .where('disabled_at', 'is', null)
        .executeTakeFirst()) !== undefined,

    insert: (row: NewRow<'work_orders'>) => db.insertInto('work_orders').values(row).returningAll().executeTakeFirstOrThrow(),

    update: (orgId: string, id: string, patch: RowPatch<'work_orders'>) =>
      db
        .updateTable('work_orders')
        .set({ ...patch, updated_at: sql<Date>`now()` })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow(),

    remove: (orgId: string, id: string) => db.deleteFrom('work_orders').where('org_id', '=', orgId).where('id', '=', id).execute(),
  }
}
