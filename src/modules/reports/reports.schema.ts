import { z } from 'zod'
import { isDate } from '../ledger/dates.js'

// Only days the ledger's calendar arithmetic can take (years 1000 to 9999); others would fail deep inside it.
const date = z.iso.date().refine(isDate, { message: 'a calendar day of the years 1000 to 9999', when: (payload) => payload.issues.length === 0 })
const cents = z.number().int().nonnegative()
const signedCents = z.number().int()

export const ReportFormat = z.enum(['json', 'csv']).optional().describe('csv: text/csv (also chosen by Accept: text/csv)')

export const RentRollQuery = z.strictObject({
  asOf: date.optional().describe("default: today in the organization's time zone"),
  propertyId: z.uuid().optional(),
  format: ReportFormat,
})
export type RentRollQuery = z.infer<typeof RentRollQuery>

export const RentRollRow = z.object({
  propertyId: z.uuid(),
  propertyName: z.string(),
  unitId: z.uuid(),
  unitNumber: z.string(),
  occupancy: z.enum(['occupied', 'vacant']),
  leaseId: z.uuid().nullable(),
  leaseStatus: z.enum(['active', 'ended', 'terminated']).nullable(),
  tenantNames: z.string().nullable(),
  leaseStart: date.nullable(),
  leaseEnd: date.nullable(),
  rentCents: cents.nullable(),
  marketRentCents: cents.nullable(),
  depositHeldCents: signedCents,
  balanceCents: signedCents.describe('charges due through the as-of day less what was paid by then'),
})
export type RentRollRow = z.infer<typeof RentRollRow>

export const RentRoll = z
  .object({
    asOf: date,
    rows: z.array(RentRollRow),
    totals: z.object({
      units: z.number().int(),
      occupied: z.number().int(),
      rentCents: cents,
      marketRentCents: cents,
      depositHeldCents: signedCents,
      balanceCents: signedCents,
    }),
  })
  .meta({ id: 'RentRoll' })
export type RentRoll = z.infer<typeof RentRoll>

export const AgedReceivablesQuery = RentRollQuery
export type AgedReceivablesQuery = RentRollQuery

export const AgingBuckets = z.object({
  currentCents: cents.describe('due, not yet past due'),
  days1To30Cents: cents,
  days31To60Cents: cents,
  days61To90Cents: cents,
  over90Cents: cents,
  totalCents: cents,
})
export type AgingBuckets = z.infer<typeof AgingBuckets>

export const AgedReceivablesRow = AgingBuckets.extend({
  leaseId: z.uuid(),
  leaseStatus: z.enum(['draft', 'active', 'ended', 'terminated']),
  propertyId: z.uuid(),
  propertyName: z.string(),
  unitNumber: z.string(),
  tenantNames: z.string(),
  oldestDueDate: date,
  oldestDaysPastDue: z.number().int(),
})
export type AgedReceivablesRow = z.infer<typeof AgedReceivablesRow>

export const AgedReceivables = z
  .object({ asOf: date, rows: z.array(AgedReceivablesRow), totals: AgingBuckets })
  .meta({ id: 'AgedReceivables' })
export type AgedReceivables = z.infer<typeof AgedReceivables>

export const OwnerStatementQuery = z.strictObject({
  from: date,
  to: date,
  ownerId: z.uuid().optional().describe("staff: one owner's properties; an owner always sees their own"),
  propertyId: z.uuid().optional(),
  format: ReportFormat,
})
export type OwnerStatementQuery = z.infer<typeof OwnerStatementQuery>

export const StatementLine = z.object({
  rentCollectedCents: signedCents.describe('rent paid in the period, deposit applied to rent included'),
  otherIncomeCents: signedCents.describe('late fees, utilities and other charges paid in the period'),
  workOrderCostsCents: cents.describe('actual cost of work orders completed in the period'),
  managementFeeCents: signedCents.describe("the property's fee rate times the income collected, rounded half up"),
  netToOwnerCents: signedCents,
  depositsReceivedCents: signedCents.describe('deposits paid in the period: held for tenants, not income'),
})
export type StatementLine = z.infer<typeof StatementLine>

export const OwnerStatementRow = StatementLine.extend({
  propertyId: z.uuid(),
  propertyName: z.string(),
  ownerId: z.uuid().nullable(),
  managementFeeBp: z.number().int(),
})
export type OwnerStatementRow = z.infer<typeof OwnerStatementRow>

export const OwnerStatement = z
  .object({ from: date, to: date, ownerId: z.uuid().nullable(), rows: z.array(OwnerStatementRow), totals: StatementLine })
  .meta({ id: 'OwnerStatement' })
export type OwnerStatement = z.infer<typeof OwnerStatement>
