import { z } from 'zod'
import { isDate } from './dates.js'

const MAX_CENTS = 100_000_000_000
// Only days the ledger's calendar arithmetic can take (years 1000 to 9999); others would fail deep inside it.
const date = z.iso.date().refine(isDate, { message: 'a calendar day of the years 1000 to 9999', when: (payload) => payload.issues.length === 0 })
const timestamp = z.iso.datetime({ offset: true })
const positiveCents = z.number().int().positive().max(MAX_CENTS)
const signedCents = z.number().int().min(-MAX_CENTS * 100).max(MAX_CENTS * 100)
const cents = z.number().int().nonnegative()
const text = (max: number) => z.string().trim().min(1).max(max)

export const ChargeKind = z.enum(['rent', 'late_fee', 'deposit', 'utility', 'other', 'credit'])
export type ChargeKind = z.infer<typeof ChargeKind>
export const ChargeAdjustment = z.enum(['reversal', 'write_off', 'credit', 'deposit_applied'])

/** One row of the ledger as stored: a charge (positive) or an adjustment of one (negative). */
export const Charge = z
  .object({
    id: z.uuid(),
    leaseId: z.uuid(),
    kind: ChargeKind,
    description: z.string(),
    amountCents: signedCents.describe('positive for a charge, negative for an adjustment'),
    dueDate: date,
    periodStart: date.nullable(),
    periodEnd: date.nullable(),
    proration: z.string().nullable().describe("how a partial period was priced, e.g. 'actual_days:29/31'"),
    adjustment: ChargeAdjustment.nullable(),
    reversesChargeId: z.uuid().nullable().describe('the charge an adjustment reduces'),
    sourceChargeId: z.uuid().nullable().describe("the charge a late fee is for"),
    scheduled: z.boolean().describe('posted by the billing schedule'),
    createdAt: timestamp,
  })
  .meta({ id: 'Charge' })
export type Charge = z.infer<typeof Charge>

/** A charge with what adjusted and paid it. */
export const ChargeWithBalance = z
  .object({
    id: z.uuid(),
    leaseId: z.uuid(),
    kind: ChargeKind,
    description: z.string(),
    dueDate: date,
    periodStart: date.nullable(),
    periodEnd: date.nullable(),
    proration: z.string().nullable(),
    amountCents: positiveCents,
    adjustedCents: z.number().int().nonpositive().describe('reversals, write-offs, credits and deposit applied'),
    paidCents: cents.describe('net of what payments allocated to it'),
    balanceCents: cents,
    daysUntilDue: z.number().int().describe('from the as-of day in the organization time zone; negative when past due'),
    overdue: z.boolean().describe('open past the due date plus the grace days'),
  })
  .meta({ id: 'ChargeWithBalance' })
export type ChargeWithBalance = z.infer<typeof ChargeWithBalance>

export const LedgerEntryType = z.enum(['charge', 'reversal', 'write_off', 'credit', 'deposit_applied', 'payment', 'payment_reversed'])

export const LedgerEntry = z
  .object({
    date: date,
    type: LedgerEntryType,
    kind: ChargeKind.nullable(),
    description: z.string(),
    amountCents: signedCents.describe('what the entry adds to the balance: charges positive, payments negative'),
    balanceCents: signedCents.describe('running balance after the entry; negative is a credit'),
    leaseId: z.uuid().nullable(),
    chargeId: z.uuid().nullable(),
    paymentId: z.uuid().nullable(),
    paidByTenantId: z.uuid().nullable().describe('for a payment: the tenant who paid it'),
  })
  .meta({ id: 'LedgerEntry' })
export type LedgerEntry = z.infer<typeof LedgerEntry>

export const DepositDeduction = z.object({
  description: z.string(),
  amountCents: positiveCents,
  appliedCents: cents.describe('how much of it the deposit paid'),
  chargeId: z.uuid(),
})

export const DepositDisposition = z
  .object({
    id: z.uuid(),
    leaseId: z.uuid(),
    disposedOn: date,
    heldCents: cents,
    deductionsCents: cents,
    appliedCents: cents,
    refundCents: cents,
    refundMethod: z.string().nullable(),
    refundReference: z.string().nullable(),
    notes: z.string().nullable(),
    deductions: z.array(DepositDeduction),
    createdAt: timestamp,
  })
  .meta({ id: 'DepositDisposition' })
export type DepositDisposition = z.infer<typeof DepositDisposition>

/** A lease's deposit: a liability, not income, until a disposition applies or refunds it. */
export const DepositAccount = z
  .object({
    leaseId: z.uuid(),
    chargedCents: cents.describe('deposit charged, net of reversals'),
    receivedCents: cents.describe('deposit paid'),
    appliedCents: cents.describe('applied to deductions at move-out'),
    refundedCents: cents,
    heldCents: z.number().int().describe('received less applied and refunded: what is held for the tenant'),
    disposition: DepositDisposition.nullable(),
  })
  .meta({ id: 'DepositAccount' })
export type DepositAccount = z.infer<typeof DepositAccount>

export const TenantLedger = z
  .object({
    tenantId: z.uuid(),
    asOf: date.describe("the day in the organization's time zone that due and overdue are judged by"),
    from: date.nullable(),
    to: date.nullable(),
    openingBalanceCents: signedCents.describe('the balance before the first listed entry'),
    balanceCents: signedCents.describe('open charges less unapplied credit: what the tenant owes (negative: is owed)'),
    openChargesCents: cents,
    creditCents: cents.describe('payments not yet applied to a charge'),
    overdueCents: cents,
    pendingPaymentsCents: cents.describe('payments not yet succeeded; not in the balance'),
    entries: z.array(LedgerEntry),
    charges: z.array(ChargeWithBalance).describe('every charge with its balance, oldest first'),
    deposits: z.array(DepositAccount),
  })
  .meta({ id: 'TenantLedger' })
export type TenantLedger = z.infer<typeof TenantLedger>

export const LedgerQuery = z.strictObject({
  asOf: date.optional().describe("default: today in the organization's time zone"),
  from: date.optional().describe('list entries from this day (the opening balance carries the rest)'),
  to: date.optional().describe('list entries through this day'),
})
export type LedgerQuery = z.infer<typeof LedgerQuery>

export const AsOfQuery = z.strictObject({ asOf: date.optional().describe("default: today in the organization's time zone") })

export const LeaseBalance = z
  .object({
    leaseId: z.uuid(),
    asOf: date,
    chargedCents: cents,
    adjustedCents: z.number().int().nonpositive(),
    paidCents: cents,
    balanceCents: cents.describe('the sum of the open balances of its charges'),
    overdueCents: cents,
    charges: z.array(ChargeWithBalance),
    shares: z.array(z.object({ tenantId: z.uuid(), shareCents: cents })).describe("the balance split among co-tenants, largest remainder"),
    deposit: DepositAccount,
  })
  .meta({ id: 'LeaseBalance' })
export type LeaseBalance = z.infer<typeof LeaseBalance>

export const PostChargeBody = z.strictObject({
  kind: z.enum(['rent', 'late_fee', 'deposit', 'utility', 'other']),
  amountCents: positiveCents,
  dueDate: date,
  description: text(200),
  periodStart: date.optional(),
  periodEnd: date.optional(),
})
export type PostChargeBody = z.infer<typeof PostChargeBody>

export const SplitChargeBody = z.strictObject({
  kind: z.enum(['utility', 'other']),
  amountCents: positiveCents,
  dueDate: date,
  description: text(200),
  basis: z.enum(['equal', 'square_feet']).default('equal').describe('split equally, or by the units\' square feet'),
  periodStart: date.optional(),
  periodEnd: date.optional(),
})
export type SplitChargeBody = z.infer<typeof SplitChargeBody>

export const SplitChargeResult = z.object({
  totalCents: positiveCents,
  charges: z.array(Charge),
})

export const ReverseChargeBody = z.strictObject({
  reason: text(200),
  amountCents: positiveCents.optional().describe('part of the charge to reverse; default: all of what is not yet reversed'),
  on: date.optional().describe("the day of the correction; default: today in the organization's time zone"),
})
export type ReverseChargeBody = z.infer<typeof ReverseChargeBody>

export const WriteOffBody = z.strictObject({
  reason: text(200),
  on: date.optional(),
})
export type WriteOffBody = z.infer<typeof WriteOffBody>

export const CreditBody = z.strictObject({
  amountCents: positiveCents,
  description: text(200),
  on: date.optional(),
})
export type CreditBody = z.infer<typeof CreditBody>

export const AdjustmentResult = z.object({ adjustments: z.array(Charge) })

export const DispositionBody = z.strictObject({
  disposedOn: date,
  deductions: z
    .array(
      z.strictObject({
        description: text(200),
        amountCents: positiveCents,
        chargeId: z.uuid().optional().describe('an open charge of the lease the deduction pays; omitted: a new charge is posted'),
      }),
    )
    .max(50)
    .default([]),
  refundMethod: z.enum(['cash', 'check', 'ach', 'card', 'bank_transfer', 'money_order', 'other']).optional(),
  refundReference: z.string().trim().max(200).optional(),
  notes: z.string().trim().max(2000).optional(),
})
export type DispositionBody = z.infer<typeof DispositionBody>

export const BillingRunBody = z.strictObject({
  through: date.describe('post every charge due on or before this day'),
})

export const BillingRunResult = z
  .object({
    through: date,
    leases: z.number().int().nonnegative().describe('leases looked at'),
    chargesPosted: z.number().int().nonnegative(),
    postedCents: cents,
    allocatedCents: cents.describe('credit applied to the new charges'),
    leasesBehind: z.number().int().nonnegative().describe('leases with more charges due than one run posts (the oldest were posted): run again'),
    failed: z
      .array(z.object({ leaseId: z.uuid(), message: z.string() }))
      .describe('leases that could not be billed, left as they were; the others were billed'),
  })
  .meta({ id: 'BillingRunResult' })
export type BillingRunResult = z.infer<typeof BillingRunResult>

export const LateFeeRunBody = z.strictObject({
  on: date.optional().describe("the day judged; default: today in the organization's time zone"),
})

export const LateFeeRunResult = z
  .object({
    on: date,
    feesPosted: z.number().int().nonnegative(),
    postedCents: cents,
  })
  .meta({ id: 'LateFeeRunResult' })
export type LateFeeRunResult = z.infer<typeof LateFeeRunResult>

export const IdParams = z.object({ id: z.uuid() })
