import { z } from 'zod'
import { calendarDate, instant, localOrOffsetDateTime } from '../../lib/input.js'
import type { MaintenancePriority, MaintenanceStatus } from '../../db/types.js'
import { listParam, pageOf, PageQuery } from '../../lib/paging.js'
import { WorkOrder } from '../work-orders/work-orders.schema.js'

export const MAINTENANCE_STATUSES = ['open', 'assigned', 'in_progress', 'on_hold', 'completed', 'cancelled'] as const satisfies readonly MaintenanceStatus[]
/** What "open" means for a request everywhere (dashboard, properties, owner views, real time): neither completed nor cancelled. */
export const OPEN_REQUEST_STATUSES = ['open', 'assigned', 'in_progress', 'on_hold'] as const satisfies readonly Exclude<MaintenanceStatus, 'completed' | 'cancelled'>[]
export const MAINTENANCE_PRIORITIES = ['low', 'normal', 'high', 'emergency'] as const satisfies readonly MaintenancePriority[]
export const MAINTENANCE_SOURCES = ['portal', 'phone', 'email', 'inspection', 'hpd_complaint', 'hpd_violation', 'import'] as const
export const MAINTENANCE_INCLUDES = ['workOrders', 'comments', 'documents', 'property', 'tenant', 'unit'] as const

const Instant = instant

/** An update must change something; checked only once the body is otherwise valid, so an unknown field is reported alone. */
const nonEmpty = (body: object): boolean => Object.keys(body).length > 0
const atLeastOneField = { message: 'at least one field is required', when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 }
const Status = z.enum(MAINTENANCE_STATUSES)
const Priority = z.enum(MAINTENANCE_PRIORITIES)
const Category = z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and _').max(50)

/**
 * A range bound: a date 'YYYY-MM-DD' is a whole day in the organization's time zone (a `…To`
 * date includes that entire day); a date-time with an offset is that instant; one without an
 * offset is wall-clock time in the organization's time zone.
 */
const DateOrDateTime = z
  .union([calendarDate, localOrOffsetDateTime], { error: 'expected YYYY-MM-DD or an ISO-8601 date-time' })
  .optional()

export const MaintenanceParams = z.object({ id: z.uuid() })

export const MaintenanceListQuery = z.strictObject({
  ...PageQuery.shape,
  status: listParam(Status),
  priority: listParam(Priority),
  propertyId: z.uuid().optional(),
  tenantId: z.uuid().optional(),
  requestDateFrom: DateOrDateTime.describe('requested on or after; a date is the start of that day in the organization time zone'),
  requestDateTo: DateOrDateTime.describe('requested on or before; a date includes that whole day in the organization time zone'),
  completionDateFrom: DateOrDateTime.describe('completed on or after; same rules as requestDateFrom'),
  completionDateTo: DateOrDateTime.describe('completed on or before; same rules as requestDateTo'),
  search: z.string().trim().max(200).optional().describe('case-insensitive: title, description, property address, tenant first/last name'),
})
export type MaintenanceListQuery = z.infer<typeof MaintenanceListQuery>

export const MaintenanceDetailQuery = z.strictObject({
  include: listParam(z.enum(MAINTENANCE_INCLUDES)).describe(`comma list of: ${MAINTENANCE_INCLUDES.join(', ')}`),
})
export type MaintenanceInclude = (typeof MAINTENANCE_INCLUDES)[number]

export const PropertyRef = z.object({ id: z.uuid(), name: z.string(), addressLine1: z.string() })
export const TenantRef = z.object({ id: z.uuid(), firstName: z.string(), lastName: z.string() })

export const MaintenanceRequest = z
  .object({
    id: z.uuid(),
    propertyId: z.uuid(),
    unitId: z.uuid().nullable(),
    tenantId: z.uuid().nullable(),
    title: z.string(),
    description: z.string(),
    category: z.string(),
    subcategory: z.string().nullable(),
    priority: Priority,
    status: Status,
    assigneeId: z.uuid().nullable(),
    source: z.enum(MAINTENANCE_SOURCES),
    requestedAt: Instant,
    completedAt: Instant.nullable(),
    createdAt: Instant,
    updatedAt: Instant,
    property: PropertyRef,
    tenant: TenantRef.nullable(),
  })
  .meta({ id: 'MaintenanceRequest' })
export type MaintenanceRequest = z.infer<typeof MaintenanceRequest>

export const MaintenancePage = pageOf(MaintenanceRequest)

export const Comment = z
  .object({
    id: z.uuid(),
    requestId: z.uuid(),
    authorId: z.uuid().nullable(),
    authorName: z.string().nullable(),
    authorRole: z.enum(['admin', 'property_manager', 'owner', 'tenant', 'technician']).nullable(),
    body: z.string(),
    createdAt: Instant,
  })
  .meta({ id: 'RequestComment' })
export type Comment = z.infer<typeof Comment>

export const CommentPage = pageOf(Comment)
export const CommentListQuery = z.strictObject({ ...PageQuery.shape })
export const CreateCommentBody = z.strictObject({ body: z.string().trim().min(1).max(5000) })
export type CreateCommentBody = z.infer<typeof CreateCommentBody>

export const DocumentRef = z.object({
  id: z.uuid(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.uuid().nullable(),
  createdAt: Instant,
})

export const UnitRef = z.object({
  id: z.uuid(),
  propertyId: z.uuid(),
  unitNumber: z.string(),
  bedrooms: z.number().int(),
  bathrooms: z.number(),
})

/** A request with what `include=` asked for; `property` and `tenant` gain their address and contact when included. */
export const MaintenanceDetail = MaintenanceRequest.extend({
  location: z.string().nullable(),
  property: PropertyRef.extend({
    addressLine2: z.string().nullable().optional(),
    city: z.string().optional(),
    state: z.string().optional(),
    zip: z.string().nullable().optional(),
  }),
  tenant: TenantRef.extend({ email: z.string().nullable().optional(), phone: z.string().nullable().optional() }).nullable(),
  unit: UnitRef.nullable().optional(),
  workOrders: z.array(WorkOrder).optional(),
  comments: z.array(Comment).optional(),
  documents: z.array(DocumentRef).optional(),
}).meta({ id: 'MaintenanceDetail' })
export type MaintenanceDetail = z.infer<typeof MaintenanceDetail>

export const CreateMaintenanceBody = z.strictObject({
  propertyId: z.uuid(),
  unitId: z.uuid().nullable().optional().describe("required for a tenant: a unit of the tenant's active lease"),
  tenantId: z.uuid().nullable().optional().describe('the reporting tenant; a tenant account always reports as itself'),
  title: z.string().trim().min(1).max(200),
  description: z.string().max(5000).optional(),
  category: Category.optional(),
  subcategory: z.string().trim().min(1).max(100).nullable().optional(),
  priority: Priority.optional(),
  location: z.string().trim().max(200).nullable().optional(),
  source: z.enum(MAINTENANCE_SOURCES).optional().describe('staff only; a tenant reports through the portal'),
  assigneeId: z.uuid().nullable().optional().describe('staff only: a technician or property manager of the organization'),
  requestedAt: Instant.optional().describe('staff only, for requests taken earlier by phone or mail; defaults to now'),
})
export type CreateMaintenanceBody = z.infer<typeof CreateMaintenanceBody>

export const UpdateMaintenanceBody = z
  .strictObject({
    status: Status.optional(),
    priority: Priority.optional(),
    category: Category.optional(),
    subcategory: z.string().trim().min(1).max(100).nullable().optional(),
    assigneeId: z.uuid().nullable().optional().describe('a technician or property manager of the organization'),
    title: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(5000).optional(),
    completedAt: Instant.optional().describe('defaults to now when the status becomes completed'),
  })
  .refine(nonEmpty, atLeastOneField)
export type UpdateMaintenanceBody = z.infer<typeof UpdateMaintenanceBody>
