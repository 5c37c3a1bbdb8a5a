import { z } from 'zod'
import { instant } from '../../lib/input.js'
import type { MaintenancePriority, MaintenanceStatus, WorkOrderStatus } from '../../db/types.js'
import { listParam, pageOf, PageQuery } from '../../lib/paging.js'

export const WORK_ORDER_STATUSES = ['scheduled', 'in_progress', 'on_hold', 'completed', 'cancelled'] as const satisfies readonly WorkOrderStatus[]
export const WorkOrderStatusEnum = z.enum(WORK_ORDER_STATUSES)
/** Statuses of a job still to do, as a technician's list shows them by default. */
export const ACTIVE_WORK_ORDER_STATUSES = ['scheduled', 'in_progress', 'on_hold'] as const satisfies readonly WorkOrderStatus[]
export const WORK_ORDER_SORTS = ['scheduled', 'recent'] as const
const REQUEST_PRIORITIES = ['low', 'normal', 'high', 'emergency'] as const satisfies readonly MaintenancePriority[]
const REQUEST_STATUSES = ['open', 'assigned', 'in_progress', 'on_hold', 'completed', 'cancelled'] as const satisfies readonly MaintenanceStatus[]

const Instant = instant

/** An update must change something; checked only once the body is otherwise valid, so an unknown field is reported alone. */
const nonEmpty = (body: object): boolean => Object.keys(body).length > 0
const atLeastOneField = { message: 'at least one field is required', when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 }
const Cents = z.number().int().nonnegative().max(1e11)

export const WorkOrderParams = z.object({ id: z.uuid() })

export const WorkOrderListQuery = z.strictObject({
  ...PageQuery.shape,
  status: listParam(WorkOrderStatusEnum),
  assigneeId: z.uuid().optional(),
  requestId: z.uuid().optional(),
  propertyId: z.uuid().optional().describe("the request's property"),
  sort: z
    .enum(WORK_ORDER_SORTS)
    .default('scheduled')
    .describe('scheduled: soonest scheduled first, unscheduled last, then newest created; recent: latest completed (or else changed) first'),
})
export type WorkOrderListQuery = z.infer<typeof WorkOrderListQuery>

/** A work order as its request's detail shows it. */
export const WorkOrder = z
  .object({
    id: z.uuid(),
    requestId: z.uuid(),
    assigneeId: z.uuid().nullable(),
    vendor: z.string().nullable(),
    status: WorkOrderStatusEnum,
    scheduledFor: Instant.nullable(),
    completedAt: Instant.nullable(),
    estimatedCostCents: Cents.nullable(),
    actualCostCents: Cents.nullable(),
    notes: z.string().nullable(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'WorkOrder' })
export type WorkOrder = z.infer<typeof WorkOrder>

export const WorkOrderItem = WorkOrder.extend({
  propertyId: z.uuid(),
  request: z.object({
    id: z.uuid(),
    title: z.string(),
    priority: z.enum(REQUEST_PRIORITIES),
    status: z.enum(REQUEST_STATUSES),
  }),
}).meta({ id: 'WorkOrderItem' })
export type WorkOrderItem = z.infer<typeof WorkOrderItem>

export const WorkOrderPage = pageOf(WorkOrderItem)

/** What a technician needs on site: the request, where it is, and whom to call. */
export const WorkOrderDetail = WorkOrder.extend({
  propertyId: z.uuid(),
  request: WorkOrderItem.shape.request.extend({
    description: z.string(),
    category: z.string(),
    subcategory: z.string().nullable(),
    location: z.string().nullable(),
    requestedAt: Instant,
  }),
  property: z.object({
    id: z.uuid(),
    name: z.string(),
    addressLine1: z.string(),
    addressLine2: z.string().nullable(),
    city: z.string(),
    state: z.string(),
    zip: z.string().nullable(),
  }),
  unit: z.object({ id: z.uuid(), unitNumber: z.string() }).nullable(),
  tenant: z
    .object({ id: z.uuid(), firstName: z.string(), lastName: z.string(), phone: z.string().nullable(), email: z.string().nullable() })
    .nullable()
    .describe("the reporting tenant's contact"),
}).meta({ id: 'WorkOrderDetail' })
export type WorkOrderDetail = z.infer<typeof WorkOrderDetail>


const workOrderFields = {
  assigneeId: z.uuid().nullable().optional().describe('a technician or property manager of the organization'),
  vendor: z.string().trim().min(1).max(200).nullable().optional(),
  status: WorkOrderStatusEnum.optional(),
  scheduledFor: Instant.nullable().optional(),
  completedAt: Instant.optional().describe('defaults to now when the status becomes completed'),
  estimatedCostCents: Cents.nullable().optional(),
  actualCostCents: Cents.nullable().optional(),
  notes: z.string().max(5000).nullable().optional(),
}

export const CreateWorkOrderBody = z.strictObject({ requestId: z.uuid(), ...workOrderFields })
export type CreateWorkOrderBody = z.infer<typeof CreateWorkOrderBody>

export const UpdateWorkOrderBody = z.strictObject(workOrderFields).refine(nonEmpty, atLeastOneField)
export type UpdateWorkOrderBody = z.infer<typeof UpdateWorkOrderBody>

/** The fields the assigned technician may change on their own work order. */
export const TECHNICIAN_FIELDS = ['status', 'notes', 'actualCostCents', 'completedAt'] as const satisfies readonly (keyof UpdateWorkOrderBody)[]
