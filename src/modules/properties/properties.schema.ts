import { z } from 'zod'
import { calendarDate } from '../../lib/input.js'
import { boolParam, decimalInt, listParam, PageQuery } from '../../lib/paging.js'
import { Unit } from '../units/units.schema.js'

export const PropertyStatus = z.enum(['active', 'inactive', 'under_renovation', 'sold'])
export type PropertyStatus = z.infer<typeof PropertyStatus>
export const PropertyType = z.enum(['apartment', 'single_family', 'multi_family', 'condo', 'townhouse', 'commercial', 'mixed_use'])
export type PropertyType = z.infer<typeof PropertyType>

const MAX_CENTS = 100_000_000_000
const count = z.number().int().nonnegative()
const timestamp = z.iso.datetime({ offset: true })
const countParam = decimalInt(0, 1_000_000).optional()
const FEE_RULE = 'from 0% to 100% in steps of 0.01% (0 to 10000 basis points)'
/** The management fee as basis points of the income collected: 850 is 8.5 %. */
const feeBp = z.number({ error: FEE_RULE }).int({ error: FEE_RULE }).min(0, { error: FEE_RULE }).max(10_000, { error: FEE_RULE })

const STAFF_AND_OWNER = 'shown to staff and the owner only'

export const Property = z
  .object({
    id: z.uuid(),
    name: z.string(),
    type: PropertyType,
    status: PropertyStatus,
    addressLine1: z.string(),
    addressLine2: z.string().nullable(),
    city: z.string(),
    state: z.string(),
    zip: z.string().nullable(),
    country: z.string(),
    neighborhoodId: z.uuid().nullable(),
    // The rest is for staff and the property's owner; tenants and technicians get identity and address only.
    ownerId: z.uuid().nullable().optional().describe(STAFF_AND_OWNER),
    marketValueCents: z.number().int().nonnegative().nullable().optional().describe(STAFF_AND_OWNER),
    yearBuilt: z.number().int().nullable().optional().describe(STAFF_AND_OWNER),
    legalUnits: z.number().int().nonnegative().nullable().optional().describe(STAFF_AND_OWNER),
    managementFeeBp: feeBp.optional().describe(`basis points of the income collected (850 = 8.5 %); ${STAFF_AND_OWNER}`),
    unitCount: count.optional().describe(`units of the property; ${STAFF_AND_OWNER}`),
    occupiedUnits: count.optional().describe(`units with an active lease whose term contains today; ${STAFF_AND_OWNER}`),
    openRequestCount: count.optional().describe(`open maintenance requests: every status but completed and cancelled (open, assigned, in_progress, on_hold); ${STAFF_AND_OWNER}`),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Property' })
export type Property = z.infer<typeof Property>

export const PropertyManager = z.object({ id: z.uuid(), displayName: z.string(), email: z.string(), assignedAt: timestamp })
export type PropertyManager = z.infer<typeof PropertyManager>

/** A maintenance request as listed on its property; the maintenance API has the whole record. */
export const PropertyRequest = z.object({
  id: z.uuid(),
  unitId: z.uuid().nullable(),
  tenantId: z.uuid().nullable(),
  title: z.string(),
  category: z.string(),
  priority: z.enum(['low', 'normal', 'high', 'emergency']),
  status: z.enum(['open', 'assigned', 'in_progress', 'on_hold', 'completed', 'cancelled']),
  requestedAt: timestamp,
  completedAt: timestamp.nullable(),
})
export type PropertyRequest = z.infer<typeof PropertyRequest>

/** A lease as listed on its property or unit; the leases API has the whole record. */
export const LeaseSummary = z.object({
  id: z.uuid(),
  unitId: z.uuid(),
  startDate: calendarDate,
  endDate: calendarDate.nullable().describe('null: month-to-month'),
  rentCents: z.number().int().nonnegative(),
  depositCents: z.number().int().nonnegative(),
  status: z.enum(['draft', 'active', 'ended', 'terminated']),
})
export type LeaseSummary = z.infer<typeof LeaseSummary>

/** A document attached to the property, without its content. */
export const PropertyDocument = z.object({
  id: z.uuid(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: count,
  createdAt: timestamp,
})
export type PropertyDocument = z.infer<typeof PropertyDocument>

export const PropertyInclude = z.enum(['units', 'maintenance', 'leases', 'documents', 'managers'])
export type PropertyInclude = z.infer<typeof PropertyInclude>

// Getter: units.schema also refers to Property, so this side resolves lazily.
export const PropertyDetail = Property.extend({
  get units() {
    return z.array(Unit).optional()
  },
  maintenance: z.array(PropertyRequest).optional(),
  leases: z.array(LeaseSummary).optional(),
  documents: z.array(PropertyDocument).optional(),
  managers: z.array(PropertyManager).optional(),
}).meta({ id: 'PropertyDetail' })
export type PropertyDetail = z.infer<typeof PropertyDetail>

export const PropertyIdParams = z.object({ id: z.uuid() })

export const PropertyDetailQuery = z.strictObject({
  include: listParam(PropertyInclude).describe('relations to load: units, maintenance, leases, documents, managers (admins and property managers only)'),
})

export const ListPropertiesQuery = z.strictObject({
  ...PageQuery.shape,
  status: listParam(PropertyStatus),
  type: listParam(PropertyType),
  minUnits: countParam.describe('at least this many units'),
  maxUnits: countParam.describe('at most this many units'),
  minOccupancy: countParam.describe('at least this many occupied units'),
  maxOccupancy: countParam.describe('at most this many occupied units'),
  search: z.string().trim().max(200).optional().describe('name, address, city, state or zip contains this (any case)'),
  hasMaintenanceIssues: boolParam.describe('true: has an open request (any status but completed and cancelled); false: has none'),
  // minUnits … hasMaintenanceIssues filter on building-wide figures: tenants and technicians get 400 naming them.
}).superRefine((q, ctx) => {
  for (const [min, max] of [['minUnits', 'maxUnits'], ['minOccupancy', 'maxOccupancy']] as const) {
    const lo = q[min]
    const hi = q[max]
    if (lo !== undefined && hi !== undefined && lo > hi) ctx.addIssue({ code: 'custom', path: [min], message: `must not exceed ${max}` })
  }
})
export type ListPropertiesQuery = z.infer<typeof ListPropertiesQuery>

const text = (max: number) => z.string().trim().min(1).max(max)

export const CreatePropertyBody = z.strictObject({
  name: text(200),
  type: PropertyType,
  status: PropertyStatus.optional(),
  addressLine1: text(200),
  addressLine2: text(200).nullable().optional(),
  city: text(100),
  state: text(100),
  zip: text(20).nullable().optional(),
  country: z.string().trim().regex(/^[A-Za-z]{2}$/, 'a two-letter country code').toUpperCase().optional(),
  ownerId: z.uuid().nullable().optional(),
  neighborhoodId: z.uuid().nullable().optional(),
  marketValueCents: z.number().int().nonnegative().max(MAX_CENTS).nullable().optional(),
  yearBuilt: z.number().int().min(1600).max(2200).nullable().optional(),
  legalUnits: z.number().int().nonnegative().max(1_000_000).nullable().optional(),
  managementFeeBp: feeBp.optional().describe('basis points of the income collected (850 = 8.5 %), subtracted on owner statements'),
})
export type CreatePropertyBody = z.infer<typeof CreatePropertyBody>

// Checked only when every field parsed, so an unknown field is not also reported as an empty body.
const notEmpty = { message: 'give at least one field to change', when: (payload: { issues: unknown[] }) => payload.issues.length === 0 }

export const UpdatePropertyBody = CreatePropertyBody.partial().refine((b) => Object.keys(b).length > 0, notEmpty)
export type UpdatePropertyBody = z.infer<typeof UpdatePropertyBody>

export const OwnerSummary = z
  .object({ id: z.uuid(), name: z.string(), email: z.string().nullable() })
  .meta({ id: 'OwnerSummary', description: 'an owner of the organization, as a property\'s ownerId names it' })
export type OwnerSummary = z.infer<typeof OwnerSummary>

export const OwnerListQuery = z.strictObject({
  ...PageQuery.shape,
  search: z.string().trim().max(200).optional().describe('name or e-mail contains this (any case)'),
})
export type OwnerListQuery = z.infer<typeof OwnerListQuery>

export const SetManagersBody = z.strictObject({
  userIds: z.array(z.uuid()).max(100).describe('the complete set of assigned property managers'),
})
export type SetManagersBody = z.infer<typeof SetManagersBody>
