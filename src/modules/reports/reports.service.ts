/** Reports read from the ledger as of a day: rent roll, aged receivables, owner statement. */
import type { Executor } from '../../db/types.js'
import { requireRole, type Principal } from '../../lib/access.js'
import { invalid, notFound } from '../../lib/errors.js'
import { daysBetween } from '../ledger/dates.js'
import { organizationToday } from '../ledger/ledger.service.js'
import { prorate } from '../ledger/schedule.js'
import { decimal, toCsv } from './csv.js'
import { createReportQueries } from './reports.queries.js'
import type {
  AgedReceivables,
  AgedReceivablesQuery,
  AgedReceivablesRow,
  AgingBuckets,
  OwnerStatement,
  OwnerStatementQuery,
  OwnerStatementRow,
  RentRoll,
  RentRollQuery,
  RentRollRow,
  StatementLine,
} from './reports.schema.js'

export type AgingBucket = 'currentCents' | 'days1To30Cents' | 'days31To60Cents' | 'days61To90Cents' | 'over90Cents'

/** The ageing column of a charge `daysPastDue` days past its due date (0 or less: current). */
export function agingBucket(daysPastDue: number): AgingBucket {
  if (daysPastDue <= 0) return 'currentCents'
  if (daysPastDue <= 30) return 'days1To30Cents'
  if (daysPastDue <= 60) return 'days31To60Cents'
  if (daysPastDue <= 90) return 'days61To90Cents'
  return 'over90Cents'
}

const emptyBuckets = (): AgingBuckets => ({ currentCents: 0, days1To30Cents: 0, days31To60Cents: 0, days61To90Cents: 0, over90Cents: 0, totalCents: 0 })

const statementLine = (rent: number, other: number, costs: number, feeBp: number, deposits: number): StatementLine => {
  const income = rent + other
  const fee = income > 0 ? prorate(income, feeBp, 10_000) : 0
  return {
    rentCollectedCents: rent,
    otherIncomeCents: other,
    workOrderCostsCents: costs,
    managementFeeCents: fee,
    netToOwnerCents: income - costs - fee,
    depositsReceivedCents: deposits,
  }
}

const READERS = ['admin', 'property_manager', 'owner'] as const

export function createReportService(db: Executor, options: { now?: () => Date } = {}) {
  const now = options.now ?? (() => new Date())
  const q = createReportQueries(db)

  async function checkProperty(p: Principal, propertyId: string | undefined) {
    if (propertyId && !(await q.visibleProperty(p, propertyId))) throw invalid('query.propertyId', 'not found')
  }

  return {
    async rentRoll(p: Principal, query: RentRollQuery): Promise<RentRoll> {
      requireRole(p, ...READERS)
      await checkProperty(p, query.propertyId)
      const asOf = query.asOf ?? (await organizationToday(db, p.orgId, now()))
      const rows: RentRollRow[] = (await q.rentRoll(p, asOf, query.propertyId)).map((r) => ({
        propertyId: r.property_id,
        propertyName: r.property_name,
        unitId: r.unit_id,
        unitNumber: r.unit_number,
        occupancy: r.lease_id ? 'occupied' : 'vacant',
        leaseId: r.lease_id,
        leaseStatus: r.lease_status,
        tenantNames: r.tenant_names,
        leaseStart: r.start_date,
        leaseEnd: r.end_date,
        rentCents: r.rent_cents,
        marketRentCents: r.market_rent_cents,
        depositHeldCents: r.lease_id ? r.deposit_held_cents : 0,
        balanceCents: r.lease_id ? r.balance_cents : 0,
      }))
      const total = (pick: (r: RentRollRow) => number | null) => rows.reduce((s, r) => s + (pick(r) ?? 0), 0)
      return {
        asOf,
        rows,
        totals: {
          units: rows.length,
          occupied: rows.filter((r) => r.occupancy === 'occupied').length,
          rentCents: total((r) => r.rentCents),
          marketRentCents: total((r) => r.marketRentCents),
          depositHeldCents: total((r) => r.depositHeldCents),
          balanceCents: total((r) => r.balanceCents),
        },
      }
    },

    async agedReceivables(p: Principal, query: AgedReceivablesQuery): Promise<AgedReceivables> {
      requireRole(p, ...READERS)
      await checkProperty(p, query.propertyId)
      const asOf = query.asOf ?? (await organizationToday(db, p.orgId, now()))
      const open = await q.openChargesAsOf(p, asOf, query.propertyId)
      const labels = new Map((await q.leaseLabels(p.orgId, [...new Set(open.map((c) => c.lease_id))])).map((l) => [l.lease_id, l]))
      const byLease = new Map<string, AgedReceivablesRow>()
      const totals = emptyBuckets()
      for (const c of open) {
        const label = labels.get(c.lease_id)!
        const daysPastDue = daysBetween(c.due_date, asOf)
        const row = byLease.get(c.lease_id) ?? {
          ...emptyBuckets(),
          leaseId: c.lease_id,
          leaseStatus: label.lease_status,
          propertyId: label.property_id,
          propertyName: label.property_name,
          unitNumber: label.unit_number,
          tenantNames: label.tenant_names ?? '',
          oldestDueDate: c.due_date,
          oldestDaysPastDue: daysPastDue,
        }
        const bucket = agingBucket(daysPastDue)
        row[bucket] += c.balance_cents
        row.totalCents += c.balance_cents
        totals[bucket] += c.balance_cents
        totals.totalCents += c.balance_cents
        byLease.set(c.lease_id, row)
      }
      const rows = [...byLease.values()].sort((a, b) =>
        a.propertyName !== b.propertyName ? (a.propertyName < b.propertyName ? -1 : 1) : a.unitNumber !== b.unitNumber ? (a.unitNumber < b.unitNumber ? -1 : 1) : a.leaseId < b.leaseId ? -1 : 1,
      )
      return { asOf, rows, totals }
    },

    async ownerStatement(p: Principal, query: OwnerStatementQuery): Promise<OwnerStatement> {
      requireRole(p, ...READERS)
      if (query.from > query.to) throw invalid('query.from', 'must be on or before query.to')
      if (query.ownerId && !(p.role === 'owner' ? query.ownerId === p.ownerId : await q.ownerExists(p.orgId, query.ownerId))) throw notFound('owner')
      await checkProperty(p, query.propertyId)
      const ownerId = p.role === 'owner' ? p.ownerId ?? undefined : query.ownerId
      const lines = await q.ownerStatement(p, query.from, query.to, { ownerId, propertyId: query.propertyId })
      const rows: OwnerStatementRow[] = lines.map((l) => ({
        propertyId: l.property_id,
        propertyName: l.property_name,
        ownerId: l.owner_id,
        managementFeeBp: l.management_fee_bp,
        ...statementLine(l.rent_cents, l.other_cents, l.work_order_cents, l.management_fee_bp, l.deposit_cents),
      }))
      const add = (pick: (r: StatementLine) => number) => rows.reduce((s, r) => s + pick(r), 0)
      return {
        from: query.from,
        to: query.to,
        ownerId: ownerId ?? null,
        rows,
        // Totals are the sums of the lines, so the statement adds up to the cent.
        totals: {
          rentCollectedCents: add((r) => r.rentCollectedCents),
          otherIncomeCents: add((r) => r.otherIncomeCents),
          workOrderCostsCents: add((r) => r.workOrderCostsCents),
          managementFeeCents: add((r) => r.managementFeeCents),
          netToOwnerCents: add((r) => r.netToOwnerCents),
          depositsReceivedCents: add((r) => r.depositsReceivedCents),
        },
      }
    },
  }
}

export const rentRollCsv = (report: RentRoll): string =>
  toCsv<RentRollRow>(
    [
      { header: 'property', value: (r) => r.propertyName },
      { header: 'unit', value: (r) => r.unitNumber },
      { header: 'occupancy', value: (r) => r.occupancy },
      { header: 'tenants', value: (r) => r.tenantNames },
      { header: 'lease_status', value: (r) => r.leaseStatus },
      { header: 'lease_start', value: (r) => r.leaseStart },
      { header: 'lease_end', value: (r) => r.leaseEnd },
      { header: 'rent', value: (r) => decimal(r.rentCents) },
      { header: 'market_rent', value: (r) => decimal(r.marketRentCents) },
      { header: 'deposit_held', value: (r) => decimal(r.depositHeldCents) },
      { header: 'balance', value: (r) => decimal(r.balanceCents) },
      { header: 'as_of', value: () => report.asOf },
    ],
    report.rows,
  )

export const agedReceivablesCsv = (report: AgedReceivables): string =>
  toCsv<AgedReceivablesRow>(
    [
      { header: 'property', value: (r) => r.propertyName },
      { header: 'unit', value: (r) => r.unitNumber },
      { header: 'tenants', value: (r) => r.tenantNames },
      { header: 'lease_status', value: (r) => r.leaseStatus },
      { header: 'current', value: (r) => decimal(r.currentCents) },
      { header: '1-30', value: (r) => decimal(r.days1To30Cents) },
      { header: '31-60', value: (r) => decimal(r.days31To60Cents) },
      { header: '61-90', value: (r) => decimal(r.days61To90Cents) },
      { header: '90+', value: (r) => decimal(r.over90Cents) },
      { header: 'total', value: (r) => decimal(r.totalCents) },
      { header: 'oldest_due_date', value: (r) => r.oldestDueDate },
      { header: 'oldest_days_past_due', value: (r) => r.oldestDaysPastDue },
      { header: 'as_of', value: () => report.asOf },
    ],
    report.rows,
  )

export const ownerStatementCsv = (report: OwnerStatement): string =>
  toCsv<OwnerStatementRow | (StatementLine & { propertyName: string })>(
    [
      { header: 'property', value: (r) => r.propertyName },
      { header: 'rent_collected', value: (r) => decimal(r.rentCollectedCents) },
      { header: 'other_income', value: (r) => decimal(r.otherIncomeCents) },
      { header: 'work_order_costs', value: (r) => decimal(r.workOrderCostsCents) },
      { header: 'management_fee', value: (r) => decimal(r.managementFeeCents) },
      { header: 'net_to_owner', value: (r) => decimal(r.netToOwnerCents) },
      { header: 'deposits_received', value: (r) => decimal(r.depositsReceivedCents) },
      { header: 'from', value: () => report.from },
      { header: 'to', value: () => report.to },
    ],
    [...report.rows, { propertyName: 'TOTAL', ...report.totals }],
  )
