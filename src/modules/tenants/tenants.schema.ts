import { z } from 'zod'
import { calendarDate } from '../../lib/input.js'
import { boolParam, decimalInt, listParam, PageQuery } from '../../lib/paging.js'
import { Lease, LeaseDocument, LeasePayment } from '../leases/leases.schema.js'

const MAX_CENTS = 100_000_000_000
const timestamp = z.iso.datetime({ offset: true })
const date = calendarDate
const centsParam = decimalInt(0, MAX_CENTS).optional()

export const TenantStatus = z.enum(['applicant', 'active', 'notice', 'past'])
export type TenantStatus = z.infer<typeof TenantStatus>

export const CurrentLease = z
  .object({
    id: z.uuid(),
    unitId: z.uuid(),
    propertyId: z.uuid(),
    rentCents: z.number().int().nonnegative(),
    startDate: date,
    endDate: date.nullable().describe('null: month-to-month'),
  })
  .describe("the tenant's current lease: status active and a term containing today (organization time zone); the latest started if several")
export type CurrentLease = z.infer<typeof CurrentLease>

export const Tenant = z
  .object({
    id: z.uuid(),
    firstName: z.string(),
    lastName: z.string(),
    email: z.string().nullable().optional().describe('not shown to owners'),
    phone: z.string().nullable().optional().describe('not shown to owners'),
    status: TenantStatus,
    currentLease: CurrentLease.nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Tenant' })
export type Tenant = z.infer<typeof Tenant>

/** A maintenance request the tenant reported; the maintenance API has the whole record. */
export const TenantRequest = z.object({
  id: z.uuid(),
  propertyId: z.uuid(),
  unitId: z.uuid().nullable(),
  title: z.string(),
  category: z.string(),
  priority: z.enum(['low', 'normal', 'high', 'emergency']),
  status: z.enum(['open', 'assigned', 'in_progress', 'on_hold', 'completed', 'cancelled']),
  requestedAt: timestamp,
  completedAt: timestamp.nullable(),
})
export type TenantRequest = z.infer<typeof TenantRequest>

export const TenantCommunication = z.object({
  id: z.uuid(),
  propertyId: z.uuid().nullable(),
  userId: z.uuid().nullable(),
  channel: z.enum(['email', 'sms', 'phone', 'letter', 'portal', 'in_person']),
  direction: z.enum(['inbound', 'outbound']),
  subject: z.string().nullable(),
  body: z.string(),
  occurredAt: timestamp,
})
export type TenantCommunication = z.infer<typeof TenantCommunication>

export const TenantInclude = z.enum(['leases', 'payments', 'maintenance', 'documents', 'communications'])
export type TenantInclude = z.infer<typeof TenantInclude>

export const TenantDetail = Tenant.extend({
  notes: z.string().nullable().optional().describe('staff notes; present for admins and managers only'),
  leases: z.array(Lease).optional(),
  payments: z.array(LeasePayment).optional(),
  maintenance: z.array(TenantRequest).optional(),
  documents: z.array(LeaseDocument).optional(),
  communications: z.array(TenantCommunication).optional(),
}).meta({ id: 'TenantDetail', description: 'a tenant; each relation named in include= is present' })
export type TenantDetail = z.infer<typeof TenantDetail>

export const TenantParams = z.object({ id: z.uuid() })

export const TenantListQuery = z.strictObject({
  ...PageQuery.shape,
  status: listParam(TenantStatus).describe('status[]=active&status[]=notice, or status=active,notice'),
  propertyId: z.uuid().optional().describe('tenants with a lease (any status) on a unit of this property'),
  search: z.string().trim().max(200).optional().describe('case-insensitive substring of first or last name, e-mail, phone, or the address of a leased property'),
  minRent: centsParam.describe('cents; rent of the current lease (active, term containing today) at least this'),
  maxRent: centsParam.describe('cents; rent of the current lease at most this'),
  leaseStartDate: date.optional().describe('with leaseEndDate: tenants with a lease (any status) whose term overlaps [leaseStartDate, leaseEndDate]; alone: a term reaching on or after this day'),
  leaseEndDate: date.optional().describe('alone: a lease term beginning on or before this day; month-to-month terms run on without end'),
  hasMaintenanceIssues: boolParam.describe('true: has an open request (any status but completed and cancelled); false: has none'),
})
  .refine((q) => q.minRent === undefined || q.maxRent === undefined || q.minRent <= q.maxRent, {
    path: ['maxRent'],
    message: 'must be at least minRent',
  })
  .refine((q) => !q.leaseStartDate || !q.leaseEndDate || q.leaseStartDate <= q.leaseEndDate, {
    path: ['leaseEndDate'],
    message: 'must be on or after leaseStartDate',
  })
export type TenantListQuery = z.infer<typeof TenantListQuery>

export const TenantDetailQuery = z.strictObject({
  include: listParam(TenantInclude).describe('comma list of relations to load: leases,payments,maintenance,documents,communications'),
})

const name = z.string().trim().min(1).max(100)
const email = z.email().max(320)
const phone = z.string().trim().min(1).max(40)
const notes = z.string().max(10_000)

export const CreateTenantBody = z.strictObject({
  firstName: name,
  lastName: name,
  email: email.nullable().optional(),
  phone: phone.nullable().optional(),
  status: TenantStatus.default('applicant'),
  notes: notes.nullable().optional(),
})
export type CreateTenantBody = z.infer<typeof CreateTenantBody>

export const UpdateTenantBody = z
  .strictObject({
    firstName: name.optional(),
    lastName: name.optional(),
    email: email.nullable().optional(),
    phone: phone.nullable().optional(),
    status: TenantStatus.optional(),
    notes: notes.nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'give at least one field to change' })
export type UpdateTenantBody = z.infer<typeof UpdateTenantBody>

export const TenantFinancialSummary = z
  .object({
    tenantId: z.uuid(),
    asOf: date.describe("today in the organization's time zone, the day overdue is judged by"),
    totalPaidCents: z.number().int().nonnegative().describe('sum of succeeded payments'),
    paidAmountCents: z.number().int().nonnegative().describe('sum of succeeded payments'),
    paidCount: z.number().int().nonnegative(),
    pendingAmountCents: z.number().int().nonnegative(),
    pendingCount: z.number().int().nonnegative(),
    overdueAmountCents: z.number().int().nonnegative().describe('open balance of charges past due date plus grace days'),
    overdueCount: z.number().int().nonnegative().describe('charges with an open balance past due date plus grace days'),
    averagePaymentCents: z.number().int().nonnegative().describe('mean succeeded payment, rounded half up; 0 when none'),
    lastPaymentDate: date.nullable().describe('latest paid_on of a succeeded payment'),
    status: z
      .enum(['good', 'pending', 'at_risk'])
      .describe('at_risk: something overdue; pending: a payment pending; good: otherwise, including no history'),
  })
  .meta({ id: 'TenantFinancialSummary' })
export type TenantFinancialSummary = z.infer<typeof TenantFinancialSummary>
