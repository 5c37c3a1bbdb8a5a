import { z } from 'zod'
import { calendarDate } from '../../lib/input.js'
import { decimalInt } from '../../lib/paging.js'

const count = z.number().int().nonnegative()
const cents = z.number().int()
const date = calendarDate

export const DashboardQuery = z.strictObject({
  expiringWithinDays: decimalInt(1, 365).default(60).describe('leases ending within this many days from today'),
  propertyId: z.uuid().optional().describe('only this property (404 when the caller cannot see it)'),
})
export type DashboardQuery = z.infer<typeof DashboardQuery>

export const ExpiringLease = z.object({
  id: z.uuid(),
  endDate: date,
  rentCents: cents,
  unitId: z.uuid(),
  unitNumber: z.string(),
  propertyId: z.uuid(),
  propertyName: z.string(),
  tenantNames: z.array(z.string()).describe('primary tenant first'),
})
export type ExpiringLease = z.infer<typeof ExpiringLease>

export const Dashboard = z
  .object({
    asOf: date.describe("today in the organization's time zone"),
    monthStart: date,
    monthEnd: date,
    occupancy: z.object({ properties: count, units: count, occupiedUnits: count.describe('units with an active lease whose term contains today') }),
    rent: z.object({
      dueCents: cents.describe('rent charges due this month, after reversals'),
      collectedCents: cents.describe('succeeded payments paid this month'),
      pendingCents: cents.describe('pending payments paid this month'),
    }),
    delinquency: z.object({
      overdueCents: cents.describe('open balance of charges past their due date plus grace days'),
      overdueCharges: count,
      delinquentLeases: count,
    }),
    openRequests: z
      .object({ low: count, normal: count, high: count, emergency: count })
      .describe('open requests (every status but completed and cancelled), by priority'),
    expiringLeases: z.object({ total: count, withinDays: count, leases: z.array(ExpiringLease).describe('the 20 ending soonest') }),
  })
  .meta({ id: 'Dashboard' })
export type Dashboard = z.infer<typeof Dashboard>
