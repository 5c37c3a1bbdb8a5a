/** Maintenance requests and their conversation threads, scoped by role. */
import type { Db, NewRow, RowPatch, Trx } from '../../db/types.js'
import { requireRole, type Principal } from '../../lib/access.js'
import { AppError, assertThat, invalid, notFound } from '../../lib/errors.js'
import { appendEvent } from '../../lib/events.js'
import { uuidv7 } from '../../lib/ids.js'
import type { Page, PageQuery } from '../../lib/paging.js'
import { inTransaction } from '../../lib/tx.js'
import { createWorkOrderQueries } from '../work-orders/work-orders.queries.js'
import { completionAfter, iso, isoOrNull, toWorkOrderDto } from '../work-orders/work-orders.service.js'
import { statusForAssignment } from './assignment.js'
import { createMaintenanceQueries, type Bound, type InstantRange } from './maintenance.queries.js'
import type {
  Comment,
  CreateCommentBody,
  CreateMaintenanceBody,
  MaintenanceDetail,
  MaintenanceInclude,
  MaintenanceListQuery,
  MaintenanceRequest,
  UpdateMaintenanceBody,
} from './maintenance.schema.js'

type Queries = ReturnType<typeof createMaintenanceQueries>
type RequestRow = NonNullable<Awaited<ReturnType<Queries['byId']>>>
type CommentRow = Awaited<ReturnType<Queries['commentsOf']>>[number]

export const toRequestDto = (row: RequestRow): MaintenanceRequest => ({
  id: row.id,
  propertyId: row.property_id,
  unitId: row.unit_id,
  tenantId: row.tenant_id,
  title: row.title,
  description: row.description,
  category: row.category,
  subcategory: row.subcategory,
  priority: row.priority,
  status: row.status,
  assigneeId: row.assignee_id,
  source: row.source,
  requestedAt: iso(row.requested_at),
  completedAt: isoOrNull(row.completed_at),
  createdAt: iso(row.created_at),
  updatedAt: iso(row.updated_at),
  property: { id: row.property_id, name: row.property_name, addressLine1: row.property_address_line1 },
  tenant:
    row.tenant_id !== null && row.tenant_first_name !== null && row.tenant_last_name !== null
      ? { id: row.tenant_id, firstName: row.tenant_first_name, lastName: row.tenant_last_name }
      : null,
})

const toCommentDto = (row: CommentRow): Comment => ({
  id: row.id,
  requestId: row.request_id,
  authorId: row.author_id,
  authorName: row.author_name,
  authorRole: row.author_role,
  body: row.body,
  createdAt: iso(row.created_at),
})

/** 'YYYY-MM-DD' is a day; a trailing Z or ±hh[:mm] makes an instant; otherwise wall-clock time. */
export function boundKind(value: string): Bound['kind'] {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'date'
  return /(z|[+-]\d{2}(:?\d{2})?)$/i.test(value) ? 'instant' : 'local'
}

const RANGES = [
  { key: 'requested', from: 'requestDateFrom', to: 'requestDateTo' },
  { key: 'completed', from: 'completionDateFrom', to: 'completionDateTo' },
] as const

/** The date filters as instant ranges in the organization's time zone; from after to is a 400. */
async function resolveRanges(q: Queries, orgId: string, f: MaintenanceListQuery) {
  const bounds: Bound[] = []
  for (const r of RANGES) {
    const from = f[r.from]
    const to = f[r.to]
    if (from) bounds.push({ value: from, kind: boundKind(from), end: false })
    if (to) bounds.push({ value: to, kind: boundKind(to), end: true })
  }
  const resolved = await q.resolveBounds(orgId, bounds)
  const out: Record<(typeof RANGES)[number]['key'], InstantRange> = { requested: {}, completed: {} }
  let i = 0
  for (const r of RANGES) {
    const range = out[r.key]
    const from = f[r.from]
    const to = f[r.to]
    if (from) range.gte = resolved[i++]
    if (to) {
      const at = resolved[i++]
      if (boundKind(to) === 'date') range.lt = at
      else range.lte = at
    }
    const inverted = range.gte !== undefined && ((range.lt !== undefined && range.gte >= range.lt) || (range.lte !== undefined && range.gte > range.lte))
    if (inverted) throw invalid(`query.${r.from}`, `must not be after ${r.to}`)
  }
  return out
}

const staffOnlyOnCreate = ['source', 'assigneeId', 'requestedAt'] as const

export function createMaintenanceService(db: Db) {
  // Scope keys for real-time rooms, and the status move that decides tenant notifications.
  const eventPayload = (row: { property_id: string; unit_id: string | null; tenant_id: string | null; status: string }, previousStatus?: string) => ({
    propertyId: row.property_id,
    unitId: row.unit_id,
    tenantId: row.tenant_id,
    status: row.status,
    ...(previousStatus !== undefined ? { previousStatus } : {}),
  })

  async function visibleRequest(q: Queries, p: Principal, id: string): Promise<RequestRow> {
    const row = await q.byId(p, id)
    if (!row) throw notFound('maintenance request')
    return row
  }

  async function assertAssignable(trx: Trx, orgId: string, assigneeId: string | null | undefined) {
    if (assigneeId && !(await createWorkOrderQueries(trx).isAssignable(orgId, assigneeId))) {
      throw invalid('body.assigneeId', 'must be a technician or property manager of the organization')
    }
  }

  return {
    async list(p: Principal, query: MaintenanceListQuery): Promise<Page<MaintenanceRequest>> {
      const q = createMaintenanceQueries(db)
      const ranges = await resolveRanges(q, p.orgId, query)
      const { rows, total } = await q.list(p, query, ranges)
      return { data: rows.map(toRequestDto), page: query.page, pageSize: query.pageSize, total }
    },

    async get(p: Principal, id: string, include: MaintenanceInclude[] = []): Promise<MaintenanceDetail> {
      const q = createMaintenanceQueries(db)
      const row = await visibleRequest(q, p, id)
      const want = new Set(include)
      const ids = [row.id]
      const [workOrders, comments, documents, units, properties, tenants] = await Promise.all([
        want.has('workOrders') ? q.workOrdersOf(p.orgId, ids, p.role === 'technician' ? p.userId : undefined) : undefined,
        want.has('comments') ? q.commentsOf(p.orgId, ids) : undefined,
        want.has('documents') ? q.documentsOf(p.orgId, ids) : undefined,
        want.has('unit') && row.unit_id ? q.unitsByIds(p.orgId, [row.unit_id]) : undefined,
        want.has('property') ? q.propertiesByIds(p.orgId, [row.property_id]) : undefined,
        want.has('tenant') && row.tenant_id ? q.tenantsByIds(p.orgId, [row.tenant_id]) : undefined,
      ])
      const base = toRequestDto(row)
      const detail: MaintenanceDetail = { ...base, location: row.location }
      const property = properties?.find((x) => x.id === row.property_id)
      if (property) {
        detail.property = {
          ...base.property,
          addressLine2: property.address_line2,
          city: property.city,
          state: property.state,
          zip: property.zip,
        }
      }
      const tenant = tenants?.find((x) => x.id === row.tenant_id)
      // An owner reads the request, but the reporting tenant's contact stays with staff and the assigned technician.
      if (base.tenant && tenant && p.role !== 'owner') detail.tenant = { ...base.tenant, email: tenant.email, phone: tenant.phone }
      if (want.has('unit')) {
        const unit = units?.find((x) => x.id === row.unit_id)
        detail.unit = unit
          ? { id: unit.id, propertyId: unit.property_id, unitNumber: unit.unit_number, bedrooms: unit.bedrooms, bathrooms: unit.bathrooms }
          : null
      }
      if (workOrders) {
        // Vendors, costs and internal notes are the landlord's business; a tenant sees status and schedule.
        detail.workOrders = workOrders.map(toWorkOrderDto).map((w) =>
          p.role === 'tenant' ? { ...w, vendor: null, estimatedCostCents: null, actualCostCents: null, notes: null } : w,
        )
      }
      if (comments) detail.comments = comments.map(toCommentDto)
      if (documents) {
        detail.documents = documents.map((d) => ({
          id: d.id,
          fileName: d.file_name,
          contentType: d.content_type,
          sizeBytes: d.size_bytes,
          sha256: d.sha256,
          uploadedBy: d.uploaded_by,
          createdAt: iso(d.created_at),
        }))
      }
      return detail
    },

    async create(p: Principal, body: CreateMaintenanceBody): Promise<MaintenanceRequest> {
      requireRole(p, 'admin', 'property_manager', 'tenant')
      return inTransaction(db, async (trx) => {
        const q = createMaintenanceQueries(trx)
        const values: NewRow<'maintenance_requests'> = {
          id: uuidv7(),
          org_id: p.orgId,
          property_id: body.propertyId,
          unit_id: body.unitId ?? null,
          tenant_id: body.tenantId ?? null,
          title: body.title,
          description: body.description ?? '',
          category: body.category,
          subcategory: body.subcategory ?? null,
          priority: body.priority,
          location: body.location ?? null,
          source: body.source,
          assignee_id: body.assigneeId ?? null,
          requested_at: body.requestedAt,
        }
        if (p.role === 'tenant') {
          assertThat(p.tenantId, () => notFound('tenant'))
          const denied = staffOnlyOnCreate.filter((key) => body[key] !== undefined)
          if (denied.length) {
            throw new AppError(
              'auth.forbidden',
              `a tenant may not set ${denied.join(', ')}`,
              denied.map((key) => ({ field: `body.${key}`, message: 'not allowed for the tenant role' })),
            )
          }
          if (body.tenantId && body.tenantId !== p.tenantId) throw invalid('body.tenantId', 'a tenant reports as themself')
          if (!body.unitId) throw invalid('body.unitId', 'required: a unit of your active lease')
          const unit = await q.unitOfActiveLease(p.orgId, p.tenantId, body.unitId)
          if (!unit) throw invalid('body.unitId', 'not found')
          if (unit.property_id !== body.propertyId) throw invalid('body.propertyId', "is not the property of the lease's unit")
          values.tenant_id = p.tenantId
          values.source = 'portal'
        } else {
          if (!(await q.propertyForStaff(p, body.propertyId))) throw invalid('body.propertyId', 'not found')
          if (body.unitId) {
            const unit = await q.unitOf(p.orgId, body.unitId)
            if (!unit) throw invalid('body.unitId', 'not found')
            if (unit.property_id !== body.propertyId) throw invalid('body.unitId', 'is not a unit of the property')
          }
          if (body.tenantId && !(await q.tenantVisibleTo(p, body.tenantId))) throw invalid('body.tenantId', 'not found')
          await assertAssignable(trx, p.orgId, body.assigneeId)
          // Reported with someone already on it: it is assigned, not waiting in the open column.
          if (values.assignee_id) values.status = 'assigned'
        }
        await q.insert(values)
        const row = await visibleRequest(q, p, values.id)
        await appendEvent(trx, { orgId: p.orgId, topic: 'maintenance', action: 'created', entityId: row.id, actorId: p.userId, payload: eventPayload(row) })
        return toRequestDto(row)
      })
    },

    async update(p: Principal, id: string, body: UpdateMaintenanceBody): Promise<MaintenanceRequest> {
      requireRole(p, 'admin', 'property_manager')
      return inTransaction(db, async (trx) => {
        const q = createMaintenanceQueries(trx)
        const current = await visibleRequest(q, p, id)
        await assertAssignable(trx, p.orgId, body.assigneeId)
        const completedAt = completionAfter(current, body)
        if (completedAt !== null && new Date(completedAt) < new Date(current.requested_at)) {
          throw invalid('body.completedAt', 'must not be before the request was made')
        }
        const patch: RowPatch<'maintenance_requests'> = { completed_at: completedAt }
        if (body.status !== undefined) patch.status = body.status
        if (body.priority !== undefined) patch.priority = body.priority
        if (body.category !== undefined) patch.category = body.category
        if (body.subcategory !== undefined) patch.subcategory = body.subcategory
        if (body.assigneeId !== undefined) patch.assignee_id = body.assigneeId
        // A status given wins; otherwise an open request that gets someone is assigned, and an assigned one left with nobody is open again.
        if (body.status === undefined && body.assigneeId !== undefined) {
          const assignment = await q.assignment(p.orgId, id)
          const next = assignment && statusForAssignment(current.status, body.assigneeId !== null || Boolean(assignment.has_assigned_work))
          if (next) patch.status = next
        }
        if (body.title !== undefined) patch.title = body.title
        if (body.description !== undefined) patch.description = body.description
        await q.update(p.orgId, id, patch)
        const row = await visibleRequest(q, p, id)
        await appendEvent(trx, { orgId: p.orgId, topic: 'maintenance', action: 'updated', entityId: id, actorId: p.userId, payload: eventPayload(row, current.status) })
        return toRequestDto(row)
      })
    },

    async remove(p: Principal, id: string): Promise<void> {
      requireRole(p, 'admin')
      await inTransaction(db, async (trx) => {
        const q = createMaintenanceQueries(trx)
        const current = await visibleRequest(q, p, id)
        await q.remove(p.orgId, id)
        await appendEvent(trx, { orgId: p.orgId, topic: 'maintenance', action: 'deleted', entityId: id, actorId: p.userId, payload: eventPayload(current) })
      })
    },

    async listComments(p: Principal, id: string, page: PageQuery): Promise<Page<Comment>> {
      const q = createMaintenanceQueries(db)
      await visibleRequest(q, p, id)
      const { rows, total } = await q.listComments(p.orgId, id, page)
      return { data: rows.map(toCommentDto), page: page.page, pageSize: page.pageSize, total }
    },

    async addComment(p: Principal, id: string, body: CreateCommentBody): Promise<Comment> {
      // Owners read the thread of their properties' requests but do not take part in it.
      requireRole(p, 'admin', 'property_manager', 'tenant', 'technician')
      return inTransaction(db, async (trx) => {
        const q = createMaintenanceQueries(trx)
        const request = await visibleRequest(q, p, id)
        const row = await q.insertComment({ id: uuidv7(), org_id: p.orgId, request_id: id, author_id: p.userId, body: body.body })
        await appendEvent(trx, {
          orgId: p.orgId,
          topic: 'comment',
          action: 'created',
          entityId: row.id,
          actorId: p.userId,
          payload: { requestId: id, propertyId: request.property_id, tenantId: request.tenant_id },
        })
        return toCommentDto({ ...row, author_name: p.displayName, author_role: p.role })
      })
    },
  }
}

export type MaintenanceService = ReturnType<typeof createMaintenanceService>
