/** Work orders: the jobs that carry out a maintenance request, seen by staff and by the technician assigned. */
import type { Db, Row, RowPatch } from '../../db/types.js'
import { isStaff, requireRole, type Principal } from '../../lib/access.js'
import { AppError, invalid, notFound } from '../../lib/errors.js'
import { appendEvent } from '../../lib/events.js'
import { uuidv7 } from '../../lib/ids.js'
import type { Page } from '../../lib/paging.js'
import { inTransaction } from '../../lib/tx.js'
import { followAssignment } from '../maintenance/assignment.js'
import { createWorkOrderQueries } from './work-orders.queries.js'
import {
  TECHNICIAN_FIELDS,
  type CreateWorkOrderBody,
  type UpdateWorkOrderBody,
  type WorkOrder,
  type WorkOrderDetail,
  type WorkOrderItem,
  type WorkOrderListQuery,
} from './work-orders.schema.js'

/** ISO-8601 text of a timestamp column. */
export const iso = (value: Date | string): string => (value instanceof Date ? value : new Date(value)).toISOString()
export const isoOrNull = (value: Date | string | null): string | null => (value === null ? null : iso(value))

/**
 * completed_at after a change of status: the given time, else the kept one, else now, while the
 * status is completed; cleared when it is not, where a given time is an error.
 */
export function completionAfter(
  current: { status: string; completed_at: Date | string | null },
  change: { status?: string | undefined; completedAt?: string | undefined },
): Date | string | null {
  const status = change.status ?? current.status
  if (status !== 'completed') {
    if (change.completedAt !== undefined) throw invalid('body.completedAt', 'may be set only when the status is completed')
    return null
  }
  return change.completedAt ?? (current.status === 'completed' && current.completed_at !== null ? current.completed_at : new Date())
}

export const toWorkOrderDto = (row: Row<'work_orders'>): WorkOrder => ({
  id: row.id,
  requestId: row.request_id,
  assigneeId: row.assignee_id,
  vendor: row.vendor,
  status: row.status,
  scheduledFor: isoOrNull(row.scheduled_for),
  completedAt: isoOrNull(row.completed_at),
  estimatedCostCents: row.estimated_cost_cents,
  actualCostCents: row.actual_cost_cents,
  notes: row.notes,
  createdAt: iso(row.created_at),
  updatedAt: iso(row.updated_at),
})

type Queries = ReturnType<typeof createWorkOrderQueries>
type ListRow = Awaited<ReturnType<Queries['list']>>['rows'][number]
type DetailRow = NonNullable<Awaited<ReturnType<Queries['detail']>>>

const toItem = (row: ListRow): WorkOrderItem => ({
  ...toWorkOrderDto(row),
  propertyId: row.property_id,
  request: { id: row.request_id, title: row.request_title, priority: row.request_priority, status: row.request_status },
})

const toDetail = (row: DetailRow): WorkOrderDetail => ({
  ...toWorkOrderDto(row),
  propertyId: row.property_id,
  request: {
    id: row.request_id,
    title: row.request_title,
    description: row.request_description,
    category: row.request_category,
    subcategory: row.request_subcategory,
    priority: row.request_priority,
    status: row.request_status,
    location: row.request_location,
    requestedAt: iso(row.request_requested_at),
  },
  property: {
    id: row.property_id,
    name: row.property_name,
    addressLine1: row.address_line1,
    addressLine2: row.address_line2,
    city: row.city,
    state: row.state,
    zip: row.zip,
  },
  unit: row.unit_id !== null && row.unit_number !== null ? { id: row.unit_id, unitNumber: row.unit_number } : null,
  tenant:
    row.tenant_id !== null && row.tenant_first_name !== null && row.tenant_last_name !== null
      ? { id: row.tenant_id, firstName: row.tenant_first_name, lastName: row.tenant_last_name, phone: row.tenant_phone, email: row.tenant_email }
      : null,
})

/** The columns a create or update body sets, other than status and completion. */
function columnsOf(body: UpdateWorkOrderBody): RowPatch<'work_orders'> {
  const patch: RowPatch<'work_orders'> = {}
  if (body.assigneeId !== undefined) patch.assignee_id = body.assigneeId
  if (body.vendor !== undefined) patch.vendor = body.vendor
  if (body.status !== undefined) patch.status = body.status
  if (body.scheduledFor !== undefined) patch.scheduled_for = body.scheduledFor
  if (body.estimatedCostCents !== undefined) patch.estimated_cost_cents = body.estimatedCostCents
  if (body.actualCostCents !== undefined) patch.actual_cost_cents = body.actualCostCents
  if (body.notes !== undefined) patch.notes = body.notes
  return patch
}

export function createWorkOrderService(db: Db) {
  const readers = ['admin', 'property_manager', 'owner', 'technician'] as const

  async function assertAssignable(q: Queries, orgId: string, assigneeId: string | null | undefined) {
    if (assigneeId && !(await q.isAssignable(orgId, assigneeId))) {
      throw invalid('body.assigneeId', 'must be a technician or property manager of the organization')
    }
  }

  return {
    async list(p: Principal, query: WorkOrderListQuery): Promise<Page<WorkOrderItem>> {
      requireRole(p, ...readers)
      const { rows, total } = await createWorkOrderQueries(db).list(p, query)
      return { data: rows.map(toItem), page: query.page, pageSize: query.pageSize, total }
    },

    async get(p: Principal, id: string): Promise<WorkOrderDetail> {
      requireRole(p, ...readers)
      const row = await createWorkOrderQueries(db).detail(p, id)
      if (!row) throw notFound('work order')
      return toDetail(row)
    },

    async create(p: Principal, body: CreateWorkOrderBody): Promise<WorkOrder> {
      requireRole(p, 'admin', 'property_manager')
      return inTransaction(db, async (trx) => {
        const q = createWorkOrderQueries(trx)
        const request = await q.requestForStaff(p, body.requestId)
        if (!request) throw invalid('body.requestId', 'not found')
        await assertAssignable(q, p.orgId, body.assigneeId)
        const row = await q.insert({
          ...columnsOf(body),
          id: uuidv7(),
          org_id: p.orgId,
          request_id: request.id,
          completed_at: completionAfter({ status: 'scheduled', completed_at: null }, body),
        })
        await appendEvent(trx, {
          orgId: p.orgId,
          topic: 'work_order',
          action: 'created',
          entityId: row.id,
          actorId: p.userId,
          payload: { requestId: request.id, propertyId: request.property_id, assigneeId: row.assignee_id, status: row.status },
        })
        if (row.assignee_id) await followAssignment(trx, p.orgId, request.id, p.userId)
        return toWorkOrderDto(row)
      })
    },

    async update(p: Principal, id: string, body: UpdateWorkOrderBody): Promise<WorkOrder> {
      requireRole(p, 'admin', 'property_manager', 'technician')
      return inTransaction(db, async (trx) => {
        const q = createWorkOrderQueries(trx)
        const current = await q.byId(p, id)
        if (!current) throw notFound('work order')
        if (!isStaff(p)) {
          const allowed: readonly string[] = TECHNICIAN_FIELDS
          const denied = Object.keys(body).filter((key) => !allowed.includes(key))
          if (denied.length) {
            throw new AppError(
              'auth.forbidden',
              `the assigned technician may change only ${TECHNICIAN_FIELDS.join(', ')}`,
              denied.map((key) => ({ field: `body.${key}`, message: 'not allowed for the technician role' })),
            )
          }
        }
        await assertAssignable(q, p.orgId, body.assigneeId)
        const row = await q.update(p.orgId, id, { ...columnsOf(body), completed_at: completionAfter(current, body) })
        await appendEvent(trx, {
          orgId: p.orgId,
          topic: 'work_order',
          action: 'updated',
          entityId: id,
          actorId: p.userId,
          payload: { requestId: row.request_id, propertyId: current.property_id, assigneeId: row.assignee_id, status: row.status, previousStatus: current.status },
        })
        if (row.assignee_id !== current.assignee_id || row.status !== current.status) await followAssignment(trx, p.orgId, row.request_id, p.userId)
        return toWorkOrderDto(row)
      })
    },

    async remove(p: Principal, id: string): Promise<void> {
      requireRole(p, 'admin', 'property_manager')
      await inTransaction(db, async (trx) => {
        const q = createWorkOrderQueries(trx)
        const current = await q.byId(p, id)
        if (!current) throw notFound('work order')
        await q.remove(p.orgId, id)
        await appendEvent(trx, {
          orgId: p.orgId,
          topic: 'work_order',
          action: 'deleted',
          entityId: id,
          actorId: p.userId,
          payload: { requestId: current.request_id, propertyId: current.property_id, assigneeId: current.assignee_id, status: current.status },
        })
        if (current.assignee_id) await followAssignment(trx, p.orgId, current.request_id, p.userId)
      })
    },
  }
}

export type WorkOrderService = ReturnType<typeof createWorkOrderService>
