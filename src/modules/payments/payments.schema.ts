import { z } from 'zod'
import { calendarDate, instant } from '../../lib/input.js'
import type { PaymentMethod, PaymentStatus } from '../../db/types.js'
import { decimalInt, listParam, pageOf, PageQuery } from '../../lib/paging.js'
import { ChargeKind } from '../ledger/ledger.schema.js'
import { LeaseStatus } from '../leases/leases.schema.js'

export const PAYMENT_STATUSES = ['pending', 'succeeded', 'failed', 'refunded', 'returned'] as const satisfies readonly PaymentStatus[]
export const PAYMENT_METHODS = ['cash', 'check', 'ach', 'card', 'bank_transfer', 'money_order', 'other'] as const satisfies readonly PaymentMethod[]
/** How a payment's status may change: it clears or fails, and a received one may come back. */
export const PAYMENT_NEXT_STATUS: Record<PaymentStatus, readonly PaymentStatus[]> = {
  pending: ['succeeded', 'failed'],
  succeeded: ['returned', 'refunded'],
  failed: [],
  returned: [],
  refunded: [],
}
/** The statuses a deletable payment may have: only one that never moved money. */
export const DELETABLE_STATUSES = ['pending', 'failed'] as const satisfies readonly PaymentStatus[]
/** The statuses a payment may be recorded with; the others follow from what happens to it. */
export const RECORDABLE_STATUSES = ['pending', 'succeeded'] as const satisfies readonly PaymentStatus[]

const Instant = instant

/** An update must change something; checked only once the body is otherwise valid, so an unknown field is reported alone. */
const nonEmpty = (body: object): boolean => Object.keys(body).length > 0
const atLeastOneField = { message: 'at least one field is required', when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 }
const MAX_CENTS = 1e11
const CentsParam = decimalInt(0, MAX_CENTS).optional()

export const PaymentParams = z.object({ id: z.uuid() })

export const PaymentListQuery = z.strictObject({
  ...PageQuery.shape,
  status: listParam(z.enum(PAYMENT_STATUSES)),
  paymentMethod: listParam(z.enum(PAYMENT_METHODS)),
  propertyId: z.uuid().optional().describe("the payment's lease is on a unit of this property"),
  tenantId: z.uuid().optional(),
  minAmount: CentsParam.describe('cents, inclusive'),
  maxAmount: CentsParam.describe('cents, inclusive'),
  paymentDateFrom: calendarDate.optional().describe('paid on or after'),
  paymentDateTo: calendarDate.optional().describe('paid on or before'),
  dueDateFrom: calendarDate.optional().describe('allocated to a charge due on or after'),
  dueDateTo: calendarDate.optional().describe('allocated to a charge due on or before'),
  search: z.string().trim().max(200).optional().describe('case-insensitive: reference, tenant first/last name, property address'),
})
export type PaymentListQuery = z.infer<typeof PaymentListQuery>

export const Payment = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    leaseId: z.uuid().nullable(),
    amountCents: z.number().int().positive(),
    method: z.enum(PAYMENT_METHODS),
    status: z.enum(PAYMENT_STATUSES),
    paidOn: calendarDate,
    reference: z.string().nullable(),
    memo: z.string().nullable(),
    createdAt: Instant,
    updatedAt: Instant,
    tenant: z.object({ id: z.uuid(), firstName: z.string(), lastName: z.string() }),
  })
  .meta({ id: 'Payment' })
export type Payment = z.infer<typeof Payment>

export const PaymentPage = pageOf(Payment)

export const PAYMENT_INCLUDES = ['lease', 'allocations'] as const
export type PaymentInclude = (typeof PAYMENT_INCLUDES)[number]
export const PaymentDetailQuery = z.strictObject({
  include: listParam(z.enum(PAYMENT_INCLUDES)).describe('comma list of relations to load: lease (with its unit and property), allocations'),
})

/** A part of the payment applied to a charge; a negative one undid an earlier part (the payment was returned or failed). */
export const PaymentAllocation = z.object({
  id: z.uuid(),
  chargeId: z.uuid(),
  leaseId: z.uuid(),
  kind: ChargeKind,
  description: z.string(),
  dueDate: calendarDate,
  amountCents: z.number().int(),
  effectiveOn: calendarDate.nullable().describe('the day the allocation counts from'),
  createdAt: Instant,
})
export type PaymentAllocation = z.infer<typeof PaymentAllocation>

export const PaymentLease = z.object({
  id: z.uuid(),
  status: LeaseStatus,
  startDate: calendarDate,
  endDate: calendarDate.nullable(),
  unit: z.object({ id: z.uuid(), unitNumber: z.string() }),
  property: z.object({ id: z.uuid(), name: z.string() }),
})

export const PaymentDetail = Payment.extend({
  reversedOn: calendarDate.nullable().describe('the day a received payment was returned or refunded'),
  lease: PaymentLease.nullable().optional().describe('with include=lease; null when the payment names no lease'),
  allocations: z.array(PaymentAllocation).optional().describe('with include=allocations; oldest first'),
}).meta({ id: 'PaymentDetail', description: 'a payment; each relation named in include= is present' })
export type PaymentDetail = z.infer<typeof PaymentDetail>

export const CreatePaymentBody = z.strictObject({
  tenantId: z.uuid(),
  leaseId: z.uuid().nullable().optional().describe('a lease of that tenant'),
  amountCents: z.number().int().positive().max(MAX_CENTS),
  method: z.enum(PAYMENT_METHODS),
  paidOn: calendarDate,
  reference: z.string().trim().min(1).max(200).nullable().optional(),
  memo: z.string().max(2000).nullable().optional(),
  status: z.enum(RECORDABLE_STATUSES).optional().describe("defaults to pending; a tenant's payment is always pending"),
})
export type CreatePaymentBody = z.infer<typeof CreatePaymentBody>

/** Other headers pass through untouched; only the idempotency key is read here. */
export const CreatePaymentHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('retrying with the same key returns the first result and writes nothing; the same key with another body is a 409'),
})

export const UpdatePaymentBody = z
  .strictObject({
    status: z.enum(PAYMENT_STATUSES).optional(),
    reference: z.string().trim().min(1).max(200).nullable().optional(),
    memo: z.string().max(2000).nullable().optional(),
  })
  .refine(nonEmpty, atLeastOneField)
export type UpdatePaymentBody = z.infer<typeof UpdatePaymentBody>
