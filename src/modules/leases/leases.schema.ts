import { z } from 'zod'
import { listParam, PageQuery } from '../../lib/paging.js'
import { addMonths, isDate } from '../ledger/dates.js'

const MAX_CENTS = 100_000_000_000
const cents = z.number().int().nonnegative().max(MAX_CENTS)
const timestamp = z.iso.datetime({ offset: true })
// Only days the ledger's calendar arithmetic can take (years 1000 to 9999); others would fail deep inside it.
const date = z.iso.date().refine(isDate, { message: 'a calendar day of the years 1000 to 9999', when: (payload) => payload.issues.length === 0 })
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/**
 * The window of a lease's dates, so a slip of the year cannot post a charge per month since then.
 * A lease starts on or after 1970-01-01 and at most 10 years after today (UTC, which is within a
 * day of any organization's); it ends on or after its start and at most 50 years after it.
 */
export const LEASE_DATES = { earliestStart: '1970-01-01', startYearsAhead: 10, maxTermYears: 50 } as const

/** The latest day a lease may start, counted from `now`. */
export const latestLeaseStart = (now: Date = new Date()): string => addMonths(now.toISOString().slice(0, 10), 12 * LEASE_DATES.startYearsAhead)
/** The latest day a lease starting on `startDate` may end. */
export const latestLeaseEnd = (startDate: string): string => addMonths(startDate, 12 * LEASE_DATES.maxTermYears)

const startDate = date.refine((d) => d >= LEASE_DATES.earliestStart && d <= latestLeaseStart(), {
  message: `on or after ${LEASE_DATES.earliestStart} and at most ${LEASE_DATES.startYearsAhead} years from today`,
  when: (payload) => payload.issues.length === 0,
})

export const LeaseStatus = z.enum(['draft', 'active', 'ended', 'terminated'])
export type LeaseStatus = z.infer<typeof LeaseStatus>

/** The transitions a lease may take; every other change of status is refused (the web app offers the same). */
export const LEASE_NEXT_STATUS: Record<LeaseStatus, readonly LeaseStatus[]> = {
  draft: ['active'],
  active: ['ended', 'terminated'],
  ended: [],
  terminated: [],
}
export const LateFeeKind = z.enum(['none', 'flat', 'percent'])

export const LateFeePolicy = z.object({
  kind: LateFeeKind,
  flatCents: z.number().int().nonnegative(),
  percentBp: z.number().int().min(0).max(10_000).describe('basis points of the overdue rent: 500 = 5 %'),
  minBalanceCents: z.number().int().nonnegative().describe('no fee while the overdue balance is below this'),
  capCents: z.number().int().nonnegative().nullable().describe('the most one fee may be; null: no cap'),
})
export type LateFeePolicy = z.infer<typeof LateFeePolicy>

export const Lease = z
  .object({
    id: z.uuid(),
    unitId: z.uuid(),
    propertyId: z.uuid(),
    tenantIds: z.array(z.uuid()).describe('the primary tenant first'),
    primaryTenantId: z.uuid().nullable(),
    startDate: date,
    endDate: date.nullable().describe('null: month-to-month'),
    rentCents: z.number().int().nonnegative(),
    depositCents: z.number().int().nonnegative(),
    dueDay: z.number().int().min(1).max(31),
    graceDays: z.number().int().min(0).max(60),
    lateFee: LateFeePolicy,
    status: LeaseStatus,
    terminatedOn: date.nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Lease' })
export type Lease = z.infer<typeof Lease>

/** A tenant on a lease, as the lease detail lists it. */
export const LeaseTenant = z.object({
  id: z.uuid(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string().nullable().optional().describe('not shown to owners'),
  phone: z.string().nullable().optional().describe('not shown to owners'),
  status: z.enum(['applicant', 'active', 'notice', 'past']),
  isPrimary: z.boolean(),
})
export type LeaseTenant = z.infer<typeof LeaseTenant>

export const LeaseUnit = z.object({
  id: z.uuid(),
  propertyId: z.uuid(),
  unitNumber: z.string(),
  bedrooms: z.number().int(),
  bathrooms: z.number(),
  squareFeet: z.number().int().nullable(),
  marketRentCents: z.number().int().nullable(),
  status: z.enum(['available', 'unavailable', 'renovation']),
})
export type LeaseUnit = z.infer<typeof LeaseUnit>

export const LeaseProperty = z.object({
  id: z.uuid(),
  name: z.string(),
  type: z.string(),
  status: z.string(),
  addressLine1: z.string(),
  addressLine2: z.string().nullable(),
  city: z.string(),
  state: z.string(),
  zip: z.string().nullable(),
})
export type LeaseProperty = z.infer<typeof LeaseProperty>

/**
 * A charge with its open balance: amount, less the adjustments (negative rows naming it: reversals,
 * write-offs, credits) and what has been allocated to it. Adjustment rows appear only in that sum.
 */
export const LeaseCharge = z.object({
  id: z.uuid(),
  kind: z.enum(['rent', 'late_fee', 'deposit', 'utility', 'other', 'credit']),
  description: z.string(),
  amountCents: z.number().int(),
  adjustedCents: z.number().int().describe('sum of the adjustments of this charge (0 or negative)'),
  allocatedCents: z.number().int().describe('sum of the payment allocations to it, reversals included'),
  balanceCents: z.number().int(),
  dueDate: date,
  periodStart: date.nullable(),
  periodEnd: date.nullable(),
  createdAt: timestamp,
})
export type LeaseCharge = z.infer<typeof LeaseCharge>

/** A payment as listed on a lease or a tenant; the payments API has the whole record. */
export const LeasePayment = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  leaseId: z.uuid().nullable(),
  amountCents: z.number().int().positive(),
  method: z.enum(['cash', 'check', 'ach', 'card', 'bank_transfer', 'money_order', 'other']),
  status: z.enum(['pending', 'succeeded', 'failed', 'refunded', 'returned']),
  paidOn: date,
  reference: z.string().nullable(),
  createdAt: timestamp,
})
export type LeasePayment = z.infer<typeof LeasePayment>

/** A document's description, without its content. */
export const LeaseDocument = z.object({
  id: z.uuid(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string(),
  uploadedBy: z.uuid().nullable(),
  createdAt: timestamp,
})
export type LeaseDocument = z.infer<typeof LeaseDocument>

export const LeaseInclude = z.enum(['tenants', 'unit', 'property', 'charges', 'payments', 'documents'])
export type LeaseInclude = z.infer<typeof LeaseInclude>

export const LeaseDetail = Lease.extend({
  tenants: z.array(LeaseTenant).optional(),
  unit: LeaseUnit.optional(),
  property: LeaseProperty.optional(),
  charges: z.array(LeaseCharge).optional(),
  payments: z.array(LeasePayment).optional(),
  documents: z.array(LeaseDocument).optional(),
}).meta({ id: 'LeaseDetail', description: 'a lease; each relation named in include= is present' })
export type LeaseDetail = z.infer<typeof LeaseDetail>

export const LeaseParams = z.object({ id: z.uuid() })

export const LeaseListQuery = z.strictObject({
  ...PageQuery.shape,
  status: listParam(LeaseStatus).describe('status[]=active&status[]=draft, or status=active,draft'),
  propertyId: z.uuid().optional(),
  unitId: z.uuid().optional(),
  tenantId: z.uuid().optional(),
})
export type LeaseListQuery = z.infer<typeof LeaseListQuery>

export const LeaseDetailQuery = z.strictObject({
  include: listParam(LeaseInclude).describe('comma list of relations to load: tenants,unit,property,charges,payments,documents'),
})

const LateFeeInput = z
  .strictObject({
    kind: LateFeeKind.default('none'),
    flatCents: cents.default(0),
    percentBp: z.number().int().min(0).max(10_000).default(0),
    minBalanceCents: cents.default(0),
    capCents: cents.nullable().default(null),
  })
  .refine((v) => v.kind !== 'flat' || v.flatCents > 0, { path: ['flatCents'], message: 'a flat late fee needs an amount above 0' })
  .refine((v) => v.kind !== 'percent' || v.percentBp > 0, { path: ['percentBp'], message: 'a percent late fee needs a percent above 0' })

// Length is checked here rather than with .min/.max, which would also measure a string sent in place of the array.
const tenantIds = z
  .array(z.uuid())
  .superRefine((ids, ctx) => {
    if (ids.length === 0) ctx.addIssue({ code: 'too_small', origin: 'array', minimum: 1, inclusive: true, message: 'give at least one tenant' })
    if (ids.length > 20) ctx.addIssue({ code: 'too_big', origin: 'array', maximum: 20, inclusive: true, message: 'at most 20 tenants' })
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: [i], message: 'listed twice' })
    })
  })

/** Runs the date-order check whenever both dates are well-formed, even if other fields failed. */
const datesWellFormed = (payload: { value: unknown }): boolean => {
  const v = payload.value as { startDate?: unknown; endDate?: unknown } | null
  return typeof v?.startDate === 'string' && ISO_DATE.test(v.startDate) && typeof v.endDate === 'string' && ISO_DATE.test(v.endDate)
}
const endNotBeforeStart = (v: { startDate?: string | undefined; endDate?: string | null | undefined }): boolean =>
  !v.startDate || !v.endDate || v.endDate >= v.startDate
const endDateRule = { path: ['endDate'], message: 'must be on or after the start date', when: datesWellFormed }
const termNotTooLong = (v: { startDate?: string | undefined; endDate?: string | null | undefined }): boolean =>
  !v.startDate || !v.endDate || !isDate(v.startDate) || v.endDate < v.startDate || v.endDate <= latestLeaseEnd(v.startDate)
const termRule = { path: ['endDate'], message: `at most ${LEASE_DATES.maxTermYears} years after the start date`, when: datesWellFormed }

export const CreateLeaseBody = z
  .strictObject({
    unitId: z.uuid(),
    tenantIds: tenantIds.describe('one or more; the first is the primary tenant'),
    startDate: startDate.describe(`from ${LEASE_DATES.earliestStart} to ${LEASE_DATES.startYearsAhead} years from today`),
    endDate: date.nullable().optional().describe(`leave out (or null) for month-to-month; at most ${LEASE_DATES.maxTermYears} years after startDate`),
    rentCents: cents,
    depositCents: cents.default(0),
    dueDay: z.number().int().min(1).max(31).default(1),
    graceDays: z.number().int().min(0).max(60).default(5),
    lateFee: LateFeeInput.optional(),
    status: z.enum(['draft', 'active']).default('active'),
  })
  .refine(endNotBeforeStart, endDateRule)
  .refine(termNotTooLong, termRule)
export type CreateLeaseBody = z.infer<typeof CreateLeaseBody>

export const UpdateLeaseBody = z
  .strictObject({
    startDate: startDate.optional().describe(`from ${LEASE_DATES.earliestStart} to ${LEASE_DATES.startYearsAhead} years from today`),
    endDate: date.nullable().optional().describe(`null: month-to-month; at most ${LEASE_DATES.maxTermYears} years after startDate`),
    rentCents: cents.optional(),
    depositCents: cents.optional(),
    dueDay: z.number().int().min(1).max(31).optional(),
    graceDays: z.number().int().min(0).max(60).optional(),
    lateFee: LateFeeInput.optional().describe('replaces the whole late-fee policy'),
    status: LeaseStatus.optional().describe('draft → active → ended | terminated'),
    terminatedOn: date.optional().describe('with status terminated; defaults to today'),
  })
  .refine(endNotBeforeStart, endDateRule)
  .refine(termNotTooLong, termRule)
  // Checked only when every field parsed, so an unknown field is not also reported as an empty body.
  .refine((b) => Object.keys(b).length > 0, { message: 'give at least one field to change', when: (payload) => payload.issues.length === 0 })
export type UpdateLeaseBody = z.infer<typeof UpdateLeaseBody>
