/**
 * The ledger: one append-only record of charges, adjustments and payment allocations, from which
 * every balance is summed. Writes take the organization's ledger lock, so concurrent runs and
 * payments never read the same open balance twice; after each write credits are settled again.
 */
import type { Executor, NewRow, PaymentStatus, Row, Trx } from '../../db/types.js'
import { isStaff, requireRole, type Principal } from '../../lib/access.js'
import { AppError, assertThat, invalid, notFound } from '../../lib/errors.js'
import { appendEvent } from '../../lib/events.js'
import { uuidv7 } from '../../lib/ids.js'
import { inTransaction } from '../../lib/tx.js'
import { oldestFirst, settle, unallocate, type Credit, type OpenCharge } from './allocation.js'
import { addMonths, daysBetween, maxDate, todayIn } from './dates.js'
import { isOverdue, lateFee } from './late-fees.js'
import { createLedgerQueries, type AllocationRow, type BillableLease, type ChargeRow, type LedgerQueries, type PostedPeriod } from './ledger.queries.js'
import type {
  BillingRunResult,
  Charge,
  ChargeWithBalance,
  CreditBody,
  DepositAccount,
  DepositDisposition,
  DispositionBody,
  LateFeeRunResult,
  LeaseBalance,
  LedgerEntry,
  LedgerQuery,
  PostChargeBody,
  ReverseChargeBody,
  SplitChargeBody,
  TenantLedger,
  WriteOffBody,
} from './ledger.schema.js'
import { daysUntil, lastRentDay, prorate, rentSchedule, type RentTerms } from './schedule.js'
import { splitCents } from './split.js'

export interface LedgerOptions {
  /** The clock; "today" is this instant's day in the organization's time zone. */
  now?: () => Date
}

export const toChargeDto = (r: Row<'charges'>): Charge => ({
  id: r.id,
  leaseId: r.lease_id,
  kind: r.kind,
  description: r.description,
  amountCents: r.amount_cents,
  dueDate: r.due_date,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  proration: r.proration,
  adjustment: r.adjustment,
  reversesChargeId: r.reverses_charge_id,
  sourceChargeId: r.source_charge_id,
  scheduled: r.scheduled,
  createdAt: r.created_at.toISOString(),
})

const unique = <T>(values: Iterable<T>): T[] => [...new Set(values)]
const sum = (values: Iterable<number>): number => {
  let total = 0
  for (const v of values) total += v
  return total
}

/** Takes the organization's ledger lock for the rest of the transaction; take it before reading a payment's status to change it. */
export const lockLedger = (trx: Trx, orgId: string): Promise<void> => createLedgerQueries(trx).lock(orgId)

/** Today in the organization's time zone. */
export async function organizationToday(db: Executor, orgId: string, now: Date = new Date()): Promise<string> {
  const org = await createLedgerQueries(db).organization(orgId)
  if (!org) throw notFound('organization')
  return todayIn(org.time_zone, now)
}

async function chargeEvents(trx: Trx, orgId: string, rows: Row<'charges'>[], actorId: string | null): Promise<void> {
  for (const r of rows) {
    await appendEvent(trx, {
      orgId,
      topic: 'charge',
      action: 'created',
      entityId: r.id,
      actorId,
      payload: { leaseId: r.lease_id, ...(r.reverses_charge_id ? { chargeId: r.reverses_charge_id } : {}) },
    })
  }
}

/**
 * Applies every unallocated credit of the tenants of `leaseIds` (and of `tenantIds`) to their open
 * charges, oldest payment to oldest charge. Call inside the ledger lock after any ledger write.
 * Returns the cents allocated.
 */
export async function settleCredits(
  trx: Trx,
  orgId: string,
  scope: { leaseIds?: string[]; tenantIds?: string[] },
  actorId: string | null,
): Promise<number> {
  const q = createLedgerQueries(trx)
  const fromLeases = scope.leaseIds?.length ? await q.leaseTenants(orgId, { leaseIds: scope.leaseIds }) : []
  const tenantIds = unique([...(scope.tenantIds ?? []), ...fromLeases.map((l) => l.tenant_id)])
  if (tenantIds.length === 0) return 0
  const credits = await q.credits(orgId, tenantIds)
  if (credits.length === 0) return 0
  const links = await q.leaseTenants(orgId, { tenantIds })
  const leasesOf = new Map<string, Set<string>>()
  for (const l of links) {
    const set = leasesOf.get(l.tenant_id) ?? new Set<string>()
    set.add(l.lease_id)
    leasesOf.set(l.tenant_id, set)
  }
  const balances = await q.balances(orgId, unique(links.map((l) => l.lease_id)))
  const open: OpenCharge[] = balances.map((b) => ({ id: b.charge_id, leaseId: b.lease_id, dueDate: b.due_date, balanceCents: b.balance_cents }))
  const creditList: Credit[] = credits.map((c) => ({
    paymentId: c.id,
    availableCents: c.available_cents,
    leaseIds: c.lease_id ? new Set([c.lease_id]) : (leasesOf.get(c.tenant_id) ?? new Set()),
  }))
  const allocations = settle(open, creditList)
  if (allocations.length === 0) return 0
  const dueOf = new Map(open.map((c) => [c.id, c.dueDate]))
  const paidOn = new Map(credits.map((c) => [c.id, c.paid_on]))
  await q.insertAllocations(
    allocations.map((a) => ({
      id: uuidv7(),
      org_id: orgId,
      payment_id: a.paymentId,
      charge_id: a.chargeId,
      amount_cents: a.amountCents,
      // Money paid ahead takes effect when the charge falls due.
      effective_on: maxDate(paidOn.get(a.paymentId)!, dueOf.get(a.chargeId)!),
    })),
  )
  const tenantOf = new Map(credits.map((c) => [c.id, c.tenant_id]))
  for (const paymentId of unique(allocations.map((a) => a.paymentId))) {
    // The status is unchanged: clients refresh the balance, and no "payment received" is announced again.
    await appendEvent(trx, {
      orgId,
      topic: 'payment',
      action: 'updated',
      entityId: paymentId,
      actorId,
      payload: { tenantId: tenantOf.get(paymentId), status: 'succeeded', previousStatus: 'succeeded' },
    })
  }
  return sum(allocations.map((a) => a.amountCents))
}

const termsOf = (lease: BillableLease): RentTerms => ({
  startDate: lease.start_date,
  endDate: lease.end_date,
  terminatedOn: lease.terminated_on,
  dueDay: lease.due_day,
  rentCents: lease.rent_cents,
})

/** The scheduled postings of a lease due on or before `through`: its rent periods and its deposit. */
export function scheduledPostings(orgId: string, lease: BillableLease, through: string, actorId: string | null): NewRow<'charges'>[] {
  const rows: NewRow<'charges'>[] = []
  if (lease.deposit_cents > 0 && lease.start_date <= through) {
    rows.push({
      id: uuidv7(),
      org_id: orgId,
      lease_id: lease.id,
      kind: 'deposit',
      description: 'Security deposit',
      amount_cents: lease.deposit_cents,
      due_date: lease.start_date,
      period_start: lease.start_date,
      scheduled: true,
      created_by: actorId,
    })
  }
  for (const period of rentSchedule(termsOf(lease), through)) {
    const prorated = period.proration ? ` (prorated, ${period.proration.split(':')[1]} days)` : ''
    rows.push({
      id: uuidv7(),
      org_id: orgId,
      lease_id: lease.id,
      kind: 'rent',
      description: `Rent ${period.periodStart} to ${period.periodEnd}${prorated}`,
      amount_cents: period.amountCents,
      due_date: period.dueDate,
      period_start: period.periodStart,
      period_end: period.periodEnd,
      proration: period.proration,
      scheduled: true,
      created_by: actorId,
    })
  }
  return rows
}

/**
 * Whether a period is charged already: a deposit by any deposit charge of the lease, a rent
 * period by any rent charge whose period (or, without one, due date) falls in it, so rent posted
 * by hand or by an import is never billed again.
 */
function alreadyPosted(row: NewRow<'charges'>, posted: PostedPeriod[]): boolean {
  return posted.some((c) => {
    if (c.lease_id !== row.lease_id || c.kind !== row.kind) return false
    if (row.kind === 'deposit') return true
    const start = row.period_start!
    const end = row.period_end ?? start
    return c.period_start !== null ? c.period_start <= end && (c.period_end ?? c.period_start) >= start : c.due_date >= start && c.due_date <= end
  })
}

/**
 * Posts a negative entry reversing `amount` of a charge on `on`; the charge is never edited. Money
 * already paid on the reversed part (what its open balance cannot absorb) is taken back, newest
 * allocation first, and becomes credit again: settle credits after.
 */
async function postReversal(
  t: LedgerQueries,
  orgId: string,
  charge: Row<'charges'>,
  openCents: number,
  amount: number,
  on: string,
  description: string,
  actorId: string | null,
  termChange = false,
): Promise<Row<'charges'>> {
  let release = amount - openCents
  const net = new Map<string, number>()
  const order: string[] = []
  for (const a of await t.allocationsToCharge(orgId, charge.id)) {
    if (!net.has(a.payment_id)) order.push(a.payment_id)
    net.set(a.payment_id, (net.get(a.payment_id) ?? 0) + a.amount_cents)
  }
  const undo: NewRow<'payment_allocations'>[] = []
  for (const paymentId of order) {
    if (release <= 0) break
    const take = Math.min(release, net.get(paymentId) ?? 0)
    if (take <= 0) continue
    undo.push({ id: uuidv7(), org_id: orgId, payment_id: paymentId, charge_id: charge.id, amount_cents: -take, effective_on: on })
    release -= take
  }
  await t.insertAllocations(undo)
  const [row] = await t.insertCharges([
    {
      id: uuidv7(),
      org_id: orgId,
      lease_id: charge.lease_id,
      kind: charge.kind,
      description,
      amount_cents: -amount,
      due_date: on,
      period_start: charge.period_start,
      period_end: charge.period_end,
      adjustment: 'reversal',
      reverses_charge_id: charge.id,
      term_change: termChange,
      created_by: actorId,
    },
  ])
  return row!
}

/**
 * Brings the rent already billed in line with the lease's term after its first or last day moved.
 * Days the term no longer covers (an early termination, an end date brought forward, a
 * month-to-month lease ended, a start moved later) are taken back: each rent period is brought down
 * to what billing posts for it under the terms now (a period cut short prorated by actual days, one
 * wholly outside the term nothing), with reversals. Days the term covers again, after such a move
 * was undone or the term grew over a period that was billed cut short, are billed again; never
 * what a manager reversed. So what the tenant owes does not depend on whether billing ran before
 * or after a change. Run it inside the transaction of the change; it takes the ledger lock.
 * Returns what it posted.
 */
export async function conformRentToTerm(trx: Trx, orgId: string, leaseId: string, on: string, actorId: string | null): Promise<Row<'charges'>[]> {
  const t = createLedgerQueries(trx)
  await t.lock(orgId)
  const [lease] = await t.billableLeases(orgId, '9999-12-31', [leaseId])
  if (!lease) return []
  const terms = termsOf(lease)
  const last = lastRentDay(terms)
  const rows = await t.chargeRows(orgId, [leaseId])
  const rent = rows.filter((c) => c.kind === 'rent' && c.adjustment === null)
  // Each period's first rent charge, with the charges that billed it again.
  const originals = rent.filter((c) => !c.term_change)
  if (originals.length === 0) return []
  const rebillsOf = (id: string) => rent.filter((c) => c.term_change && c.source_charge_id === id)
  const reversalsOf = (id: string) => rows.filter((r) => r.adjustment === 'reversal' && r.reverses_charge_id === id)
  const latestEnd = originals.map((c) => c.period_end ?? c.period_start ?? c.due_date).reduce((a, b) => (a > b ? a : b))
  const schedule = rentSchedule(terms, last === null ? latestEnd : undefined)
  const posted: Row<'charges'>[] = []
  for (const charge of originals) {
    const start = charge.period_start ?? charge.due_date
    const end = charge.period_end ?? start
    const group = [charge, ...rebillsOf(charge.id)]
    const reversals = group.flatMap((c) => reversalsOf(c.id))
    // Billed for the period, less every reversal of it.
    const charged = sum(group.map((c) => c.amount_cents)) + sum(reversals.map((r) => r.amount_cents))
    // Taken back by moves of the last day, less what was billed again since.
    let restorable = -sum(reversals.filter((r) => r.term_change).map((r) => r.amount_cents)) - sum(group.slice(1).map((c) => c.amount_cents))
    // The days of the period the term covers now.
    const lo = start < terms.startDate ? terms.startDate : start
    const hi = last !== null && end > last ? last : end
    let target: number
    let from = start
    let through = end
    if (lo > hi) target = 0
    else if (lo !== start || hi !== end) {
      // Cut short by the term: what billing posts for the days left, never more than was billed.
      const cut = schedule.find((s) => s.periodStart === lo && s.periodEnd === hi)
      target = Math.min(cut?.amountCents ?? prorate(charge.amount_cents, daysBetween(lo, hi) + 1, daysBetween(start, end) + 1), charge.amount_cents)
      ;[from, through] = [lo, hi]
    } else {
      const whole = schedule.find((s) => s.periodStart <= start && s.periodEnd >= end)
      if (charge.scheduled && whole && (whole.periodStart < start || whole.periodEnd > end)) {
        // Billed cut short by a term that has since grown: the period is longer again.
        target = Math.max(whole.amountCents, charge.amount_cents)
        restorable += target - charge.amount_cents
        ;[from, through] = [whole.periodStart, whole.periodEnd]
      } else target = charge.amount_cents
    }
    const why = last === null ? 'the lease runs on month to month' : `the lease now runs ${terms.startDate} – ${last}`

    if (charged > target) {
      // Newest first: what was billed again goes back before the period's own charge.
      let excess = charged - target
      for (const member of [...group].reverse()) {
        if (excess <= 0) break
        const balance = await t.balanceOf(orgId, member.id)
        if (!balance) continue
        const amount = Math.min(balance.amount_cents + balance.adjusted_cents, excess)
        if (amount <= 0) continue
        const description =
          lo > start && (last === null || start <= last)
            ? `Reversal of "${member.description}" before ${terms.startDate}, the lease's first day`
            : last !== null && start > last
              ? `Reversal of "${member.description}": the lease's last day is ${last}`
              : `Reversal of "${member.description}" after ${last}, the lease's last day`
        posted.push(await postReversal(t, orgId, member, balance.balance_cents, amount, on, description, actorId, true))
        excess -= amount
      }
    } else if (charged < target && restorable > 0) {
      const amount = Math.min(target - charged, restorable)
      const [row] = await t.insertCharges([
        {
          id: uuidv7(),
          org_id: orgId,
          lease_id: leaseId,
          kind: 'rent',
          description: `More rent for ${from} – ${through}: ${why}`,
          amount_cents: amount,
          due_date: on,
          period_start: from,
          period_end: through,
          source_charge_id: charge.id,
          term_change: true,
          created_by: actorId,
        },
      ])
      posted.push(row!)
    }
  }
  await chargeEvents(trx, orgId, posted, actorId)
  if (posted.length) await settleCredits(trx, orgId, { leaseIds: [leaseId] }, actorId)
  return posted
}

/** Whether billing posts for the lease: an ended lease without a last day on record bills nothing more. */
const bills = (lease: BillableLease): boolean => lease.status !== 'ended' || lease.end_date !== null

/** The most scheduled charges one run posts on one lease: ten years of monthly rent and the deposit. */
export const BILLING_MAX_POSTINGS_PER_LEASE = 121

/**
 * Posts every scheduled charge of the organization due on or before `through` that is not posted
 * yet, one transaction per lease that needs any. Repeating or racing it posts nothing twice: the
 * check is made again under the ledger lock, and the schedule's unique key backs it. A lease
 * further behind than one run posts gets its oldest charges, and the next runs post the rest.
 */
export async function billOrganization(db: Executor, orgId: string, through: string, actorId: string | null = null): Promise<BillingRunResult> {
  const q = createLedgerQueries(db)
  const leases = await q.billableLeases(orgId, through)
  const posted = await q.postedPeriods(orgId, leases.map((l) => l.id))
  const result: BillingRunResult = { through, leases: leases.length, chargesPosted: 0, postedCents: 0, allocatedCents: 0, leasesBehind: 0, failed: [] }
  for (const listed of leases) {
    if (!bills(listed) || scheduledPostings(orgId, listed, through, actorId).every((row) => alreadyPosted(row, posted))) continue
    try {
      const done = await inTransaction(db, async (trx) => {
        const t = createLedgerQueries(trx)
        await t.lock(orgId)
        // Read again under the lock: the lease may have ended or been terminated since it was listed.
        const [lease] = await t.billableLeases(orgId, through, [listed.id])
        if (!lease || !bills(lease)) return undefined
        const current = await t.postedPeriods(orgId, [lease.id])
        const missing = scheduledPostings(orgId, lease, through, actorId).filter((row) => !alreadyPosted(row, current))
        if (missing.length === 0) return undefined
        // Oldest first, so what is left for the next run is always the latest periods.
        const batch = missing.slice(0, BILLING_MAX_POSTINGS_PER_LEASE)
        const inserted = await t.insertScheduled(batch)
        await chargeEvents(trx, orgId, inserted, actorId)
        const allocated = inserted.length ? await settleCredits(trx, orgId, { leaseIds: [lease.id] }, actorId) : 0
        return { inserted, allocated, behind: batch.length < missing.length }
      })
      if (!done) continue
      // Counted once committed, so a lease that failed adds nothing.
      result.chargesPosted += done.inserted.length
      result.postedCents += sum(done.inserted.map((r) => r.amount_cents))
      result.allocatedCents += done.allocated
      if (done.behind) result.leasesBehind += 1
    } catch (error) {
      // One lease that cannot be billed is reported and left as it was; the others are still billed.
      result.failed.push({ leaseId: listed.id, message: error instanceof AppError ? error.message : 'the charges could not be posted' })
    }
  }
  return result
}

/** Assesses the late fees owed on `on` (default today in the organization's zone), once per charge. */
export async function assessLateFees(db: Executor, orgId: string, on: string | undefined, actorId: string | null = null, now: Date = new Date()): Promise<LateFeeRunResult> {
  return inTransaction(db, async (trx) => {
    const q = createLedgerQueries(trx)
    await q.lock(orgId)
    const today = on ?? (await organizationToday(trx, orgId, now))
    const candidates = await q.lateFeeCandidates(orgId, today)
    const rows: NewRow<'charges'>[] = []
    for (const c of candidates) {
      const fee = lateFee(
        {
          kind: c.late_fee_kind,
          flatCents: c.late_fee_flat_cents,
          percentBp: c.late_fee_percent_bp,
          minBalanceCents: c.late_fee_min_balance_cents,
          capCents: c.late_fee_cap_cents,
          graceDays: c.grace_days,
        },
        { dueDate: c.due_date, balanceCents: c.balance_cents },
        today,
      )
      if (fee <= 0) continue
      rows.push({
        id: uuidv7(),
        org_id: orgId,
        lease_id: c.lease_id,
        kind: 'late_fee',
        description: `Late fee for rent due ${c.due_date}`,
        amount_cents: fee,
        due_date: today,
        source_charge_id: c.charge_id,
        scheduled: true,
        created_by: actorId,
      })
    }
    const inserted = rows.length ? await q.insertLateFees(rows) : []
    await chargeEvents(trx, orgId, inserted, actorId)
    if (inserted.length) await settleCredits(trx, orgId, { leaseIds: unique(inserted.map((r) => r.lease_id)) }, actorId)
    return { on: today, feesPosted: inserted.length, postedCents: sum(inserted.map((r) => r.amount_cents)) }
  })
}

/**
 * Brings the ledger in line with a payment's status after it changed from `previous` (null: new).
 * Into succeeded: its money is allocated oldest charge first. Out of succeeded (returned,
 * refunded, failed): negative allocations re-open exactly what it paid, and other credits settle.
 */
export async function applyPaymentStatus(
  trx: Trx,
  orgId: string,
  paymentId: string,
  previous: PaymentStatus | null,
  actorId: string | null,
  now: Date = new Date(),
): Promise<void> {
  const q = createLedgerQueries(trx)
  await q.lock(orgId)
  const payment = await q.payment(orgId, paymentId)
  if (!payment) throw notFound('payment')
  if (payment.status === 'succeeded' && previous !== 'succeeded') {
    await settleCredits(trx, orgId, { tenantIds: [payment.tenant_id] }, actorId)
    return
  }
  if (previous === 'succeeded' && payment.status !== 'succeeded') {
    const on = await organizationToday(trx, orgId, now)
    const undo = unallocate(
      paymentId,
      (await q.allocationsOfPayment(orgId, paymentId)).map((a) => ({ chargeId: a.charge_id, amountCents: a.amount_cents })),
    )
    await q.insertAllocations(
      undo.map((a) => ({ id: uuidv7(), org_id: orgId, payment_id: a.paymentId, charge_id: a.chargeId, amount_cents: a.amountCents, effective_on: on })),
    )
    await q.markReversed(orgId, paymentId, on)
    // Re-opened charges may be paid by other credits, a co-tenant's included.
    const leaseIds = unique((await q.leaseTenants(orgId, { tenantIds: [payment.tenant_id] })).map((l) => l.lease_id))
    await settleCredits(trx, orgId, { tenantIds: [payment.tenant_id], leaseIds }, actorId)
  }
}

// ---------------------------------------------------------------------------------------------
// Reading: balances are summed from the entries, never stored.

interface LeaseInfo {
  id: string
  grace_days: number
}

function chargesWithBalances(rows: ChargeRow[], allocations: AllocationRow[], leases: LeaseInfo[], asOf: string): ChargeWithBalance[] {
  const adjusted = new Map<string, number>()
  for (const r of rows) if (r.reverses_charge_id) adjusted.set(r.reverses_charge_id, (adjusted.get(r.reverses_charge_id) ?? 0) + r.amount_cents)
  const paid = new Map<string, number>()
  for (const a of allocations) paid.set(a.charge_id, (paid.get(a.charge_id) ?? 0) + a.amount_cents)
  const grace = new Map(leases.map((l) => [l.id, l.grace_days]))
  return rows
    .filter((r) => r.adjustment === null)
    .map((r) => {
      const adjustedCents = adjusted.get(r.id) ?? 0
      const paidCents = paid.get(r.id) ?? 0
      const balanceCents = r.amount_cents + adjustedCents - paidCents
      return {
        id: r.id,
        leaseId: r.lease_id,
        kind: r.kind,
        description: r.description,
        dueDate: r.due_date,
        periodStart: r.period_start,
        periodEnd: r.period_end,
        proration: r.proration,
        amountCents: r.amount_cents,
        adjustedCents,
        paidCents,
        balanceCents,
        daysUntilDue: daysUntil(asOf, r.due_date),
        overdue: balanceCents > 0 && isOverdue(r.due_date, grace.get(r.lease_id) ?? 0, asOf),
      }
    })
    .sort(oldestFirst)
}

function depositAccounts(
  leaseIds: string[],
  charges: ChargeWithBalance[],
  rows: ChargeRow[],
  dispositions: Row<'deposit_dispositions'>[],
  deductions: Row<'deposit_deductions'>[],
): DepositAccount[] {
  return leaseIds.map((leaseId) => {
    const deposits = charges.filter((c) => c.leaseId === leaseId && c.kind === 'deposit')
    const applied = -sum(rows.filter((r) => r.lease_id === leaseId && r.adjustment === 'deposit_applied').map((r) => r.amount_cents))
    const d = dispositions.find((x) => x.lease_id === leaseId)
    const received = sum(deposits.map((c) => c.paidCents))
    const refunded = d?.refund_cents ?? 0
    return {
      leaseId,
      chargedCents: sum(deposits.map((c) => c.amountCents + c.adjustedCents)),
      receivedCents: received,
      appliedCents: applied,
      refundedCents: refunded,
      heldCents: received - applied - refunded,
      disposition: d ? toDispositionDto(d, deductions.filter((x) => x.disposition_id === d.id)) : null,
    }
  })
}

const toDispositionDto = (d: Row<'deposit_dispositions'>, deductions: Row<'deposit_deductions'>[]): DepositDisposition => ({
  id: d.id,
  leaseId: d.lease_id,
  disposedOn: d.disposed_on,
  heldCents: d.held_cents,
  deductionsCents: d.deductions_cents,
  appliedCents: d.applied_cents,
  refundCents: d.refund_cents,
  refundMethod: d.refund_method,
  refundReference: d.refund_reference,
  notes: d.notes,
  deductions: deductions.map((x) => ({ description: x.description, amountCents: x.amount_cents, appliedCents: x.applied_cents, chargeId: x.charge_id })),
  createdAt: d.created_at.toISOString(),
})

const ENTRY_ORDER: Record<LedgerEntry['type'], number> = {
  charge: 0,
  reversal: 1,
  write_off: 1,
  credit: 1,
  deposit_applied: 1,
  payment: 2,
  payment_reversed: 3,
}

type Payments = Awaited<ReturnType<LedgerQueries['tenantPayments']>>

/**
 * The entries of a tenant's ledger. Their own payments count in full (what is not allocated is
 * a credit); a co-tenant's payments count by what they allocated to these leases.
 */
/** A payment method as a ledger line names it: 'ach' → 'ACH', 'bank_transfer' → 'bank transfer'. */
const methodWords = (method: string): string => (method === 'ach' ? 'ACH' : method.replace(/_/g, ' '))

function ledgerEntries(
  tenantId: string,
  rows: ChargeRow[],
  allocations: AllocationRow[],
  ownPayments: Payments,
): Omit<LedgerEntry, 'balanceCents'>[] {
  const entries: (Omit<LedgerEntry, 'balanceCents'> & { seq: string })[] = []
  for (const r of rows) {
    entries.push({
      date: r.due_date,
      type: r.adjustment ?? 'charge',
      kind: r.kind,
      description: r.description,
      amountCents: r.amount_cents,
      leaseId: r.lease_id,
      chargeId: r.adjustment ? r.reverses_charge_id : r.id,
      paymentId: null,
      paidByTenantId: null,
      seq: r.id,
    })
  }
  const own = new Set(ownPayments.map((p) => p.id))
  for (const p of ownPayments) {
    const label = `Payment (${methodWords(p.method)}${p.reference ? ` ${p.reference}` : ''})`
    entries.push({ date: p.paid_on, type: 'payment', kind: null, description: label, amountCents: -p.amount_cents, leaseId: p.lease_id, chargeId: null, paymentId: p.id, paidByTenantId: tenantId, seq: p.id })
    if (p.status !== 'succeeded' && p.reversed_on) {
      entries.push({ date: p.reversed_on, type: 'payment_reversed', kind: null, description: `${label} ${p.status}`, amountCents: p.amount_cents, leaseId: p.lease_id, chargeId: null, paymentId: p.id, paidByTenantId: tenantId, seq: p.id })
    }
  }
  const grouped = new Map<string, Omit<LedgerEntry, 'balanceCents'> & { seq: string }>()
  for (const a of allocations) {
    if (own.has(a.payment_id)) continue
    const positive = a.amount_cents > 0
    const date = a.effective_on ?? a.created_on
    const key = `${a.payment_id}|${positive}|${date}|${a.lease_id}`
    const entry = grouped.get(key) ?? {
      date,
      type: positive ? ('payment' as const) : ('payment_reversed' as const),
      kind: null,
      description: positive ? `Payment by a co-tenant (${methodWords(a.method)})` : `Co-tenant payment reversed (${methodWords(a.method)})`,
      amountCents: 0,
      leaseId: a.lease_id,
      chargeId: null,
      paymentId: a.payment_id,
      paidByTenantId: a.tenant_id,
      seq: a.payment_id,
    }
    entry.amountCents -= a.amount_cents
    grouped.set(key, entry)
  }
  entries.push(...grouped.values())
  entries.sort((a, b) =>
    a.date !== b.date ? (a.date < b.date ? -1 : 1) : ENTRY_ORDER[a.type] !== ENTRY_ORDER[b.type] ? ENTRY_ORDER[a.type] - ENTRY_ORDER[b.type] : a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0,
  )
  return entries.map(({ seq: _seq, ...e }) => e)
}

/** How far ahead of today a billing run may post. */
export const BILLING_HORIZON_MONTHS = 24

export function createLedgerService(db: Executor, options: LedgerOptions = {}) {
  const now = options.now ?? (() => new Date())
  const q = createLedgerQueries(db)
  const today = (orgId: string) => organizationToday(db, orgId, now())

  /** Loads what the tenant's ledger is built from, scoped to what the caller may see. */
  async function tenantBook(p: Principal, tenantId: string) {
    requireRole(p, 'admin', 'property_manager', 'owner', 'tenant')
    if (!(await q.visibleTenant(p, tenantId))) throw notFound('tenant')
    const leases = await q.tenantLeases(p, tenantId)
    const leaseIds = leases.map((l) => l.id)
    const allVisible = leases.length === (await q.countTenantLeases(p.orgId, tenantId))
    const rows = await q.chargeRows(p.orgId, leaseIds)
    const allocations = await q.allocationRows(p.orgId, leaseIds)
    const visible = new Set(leaseIds)
    const all = await q.tenantPayments(p.orgId, tenantId)
    // Listed: payments on a visible lease or on none. Counted in full in the balance: those whose
    // every payable lease is visible (the others count by what they paid on visible leases).
    const payments = all.filter((pay) => !pay.lease_id || visible.has(pay.lease_id))
    const counted = all.filter((pay) => (pay.lease_id ? visible.has(pay.lease_id) : allVisible) && (pay.status === 'succeeded' || pay.reversed_on !== null))
    return { leases, leaseIds, rows, allocations, payments, counted }
  }

  return {
    async tenantLedger(p: Principal, tenantId: string, query: LedgerQuery): Promise<TenantLedger> {
      if (query.from && query.to && query.from > query.to) throw invalid('query.from', 'must be on or before query.to')
      const book = await tenantBook(p, tenantId)
      const asOf = query.asOf ?? (await today(p.orgId))
      const charges = chargesWithBalances(book.rows, book.allocations, book.leases, asOf)
      const countedIds = new Set(book.counted.map((x) => x.id))
      const allocatedByPayment = new Map<string, number>()
      for (const a of book.allocations) if (countedIds.has(a.payment_id)) allocatedByPayment.set(a.payment_id, (allocatedByPayment.get(a.payment_id) ?? 0) + a.amount_cents)
      const creditCents = sum(book.counted.filter((x) => x.status === 'succeeded').map((x) => x.amount_cents - (allocatedByPayment.get(x.id) ?? 0)))
      const openChargesCents = sum(charges.map((c) => c.balanceCents))

      let running = 0
      let openingBalanceCents = 0
      const entries: LedgerEntry[] = []
      for (const e of ledgerEntries(tenantId, book.rows, book.allocations, book.counted)) {
        running += e.amountCents
        if (query.from && e.date < query.from) openingBalanceCents = running
        else if (!query.to || e.date <= query.to) entries.push({ ...e, balanceCents: running })
      }
      const dispositions = await q.dispositions(p.orgId, book.leaseIds)
      const deductions = await q.deductions(p.orgId, dispositions.map((d) => d.id))
      return {
        tenantId,
        asOf,
        from: query.from ?? null,
        to: query.to ?? null,
        openingBalanceCents,
        balanceCents: openChargesCents - creditCents,
        openChargesCents,
        creditCents,
        overdueCents: sum(charges.filter((c) => c.overdue).map((c) => c.balanceCents)),
        pendingPaymentsCents: sum(book.payments.filter((x) => x.status === 'pending').map((x) => x.amount_cents)),
        entries,
        charges,
        deposits: depositAccounts(book.leaseIds, charges, book.rows, dispositions, deductions),
      }
    },

    /** The seed's financial summary, from the same entries as the ledger. */
    async financialSummary(p: Principal, tenantId: string, asOfDay?: string) {
      const book = await tenantBook(p, tenantId)
      const asOf = asOfDay ?? (await today(p.orgId))
      const charges = chargesWithBalances(book.rows, book.allocations, book.leases, asOf)
      const paid = book.payments.filter((x) => x.status === 'succeeded')
      const pending = book.payments.filter((x) => x.status === 'pending')
      const overdue = charges.filter((c) => c.overdue)
      const paidCents = sum(paid.map((x) => x.amount_cents))
      return {
        tenantId,
        asOf,
        totalPaidCents: paidCents,
        paidAmountCents: paidCents,
        paidCount: paid.length,
        pendingAmountCents: sum(pending.map((x) => x.amount_cents)),
        pendingCount: pending.length,
        overdueAmountCents: sum(overdue.map((c) => c.balanceCents)),
        overdueCount: overdue.length,
        averagePaymentCents: paid.length ? Math.floor((2 * paidCents + paid.length) / (2 * paid.length)) : 0,
        lastPaymentDate: paid.reduce<string | null>((last, x) => (last === null || x.paid_on > last ? x.paid_on : last), null),
        status: overdue.length ? ('at_risk' as const) : pending.length ? ('pending' as const) : ('good' as const),
      }
    },

    async leaseBalance(p: Principal, leaseId: string, asOfDay?: string): Promise<LeaseBalance> {
      requireRole(p, 'admin', 'property_manager', 'owner', 'tenant')
      const lease = await q.visibleLease(p, leaseId)
      if (!lease) throw notFound('lease')
      const asOf = asOfDay ?? (await today(p.orgId))
      const rows = await q.chargeRows(p.orgId, [leaseId])
      const allocations = await q.allocationRows(p.orgId, [leaseId])
      const charges = chargesWithBalances(rows, allocations, [lease], asOf)
      const balanceCents = sum(charges.map((c) => c.balanceCents))
      const tenants = await q.leaseTenants(p.orgId, { leaseIds: [leaseId] })
      const shares = tenants.length ? splitCents(balanceCents, tenants.map(() => 1)) : []
      const dispositions = await q.dispositions(p.orgId, [leaseId])
      const deductions = await q.deductions(p.orgId, dispositions.map((d) => d.id))
      return {
        leaseId,
        asOf,
        chargedCents: sum(charges.map((c) => c.amountCents)),
        adjustedCents: sum(charges.map((c) => c.adjustedCents)),
        paidCents: sum(charges.map((c) => c.paidCents)),
        balanceCents,
        overdueCents: sum(charges.filter((c) => c.overdue).map((c) => c.balanceCents)),
        charges,
        shares: tenants.map((t, i) => ({ tenantId: t.tenant_id, shareCents: shares[i] ?? 0 })),
        deposit: depositAccounts([leaseId], charges, rows, dispositions, deductions)[0]!,
      }
    },

    async charges(p: Principal, leaseId: string): Promise<Charge[]> {
      requireRole(p, 'admin', 'property_manager', 'owner', 'tenant')
      if (!(await q.visibleLease(p, leaseId))) throw notFound('lease')
      return (await q.chargeRows(p.orgId, [leaseId])).map(toChargeDto)
    },

    /** A charge entered by hand: a utility bill, a fee, a corrected rent. */
    async postCharge(p: Principal, leaseId: string, body: PostChargeBody): Promise<Charge> {
      requireRole(p, 'admin', 'property_manager')
      if (body.periodStart && body.periodEnd && body.periodStart > body.periodEnd) throw invalid('body.periodStart', 'must be on or before the end of the period')
      return inTransaction(db, async (trx) => {
        const t = createLedgerQueries(trx)
        await t.lock(p.orgId)
        const lease = await t.visibleLease(p, leaseId)
        if (!lease) throw notFound('lease')
        assertThat(lease.status !== 'draft', new AppError('lease.invalid_transition', 'a draft lease has no ledger: activate it first'))
        const [row] = await t.insertCharges([
          {
            id: uuidv7(),
            org_id: p.orgId,
            lease_id: leaseId,
            kind: body.kind,
            description: body.description,
            amount_cents: body.amountCents,
            due_date: body.dueDate,
            period_start: body.periodStart ?? null,
            period_end: body.periodEnd ?? null,
            created_by: p.userId,
          },
        ])
        await chargeEvents(trx, p.orgId, [row!], p.userId)
        await settleCredits(trx, p.orgId, { leaseIds: [leaseId] }, p.userId)
        return toChargeDto(row!)
      })
    },

    /** Splits one bill among the property's leased units, largest remainder, one charge per lease. */
    async splitCharge(p: Principal, propertyId: string, body: SplitChargeBody): Promise<{ totalCents: number; charges: Charge[] }> {
      requireRole(p, 'admin', 'property_manager')
      if (body.periodStart && body.periodEnd && body.periodStart > body.periodEnd) throw invalid('body.periodStart', 'must be on or before the end of the period')
      return inTransaction(db, async (trx) => {
        const t = createLedgerQueries(trx)
        await t.lock(p.orgId)
        if (!(await t.visibleProperty(p, propertyId))) throw notFound('property')
        const units = await t.leasedUnits(p, propertyId, body.dueDate)
        assertThat(units.length > 0, invalid('body.dueDate', 'no unit of the property is leased on this day'))
        if (body.basis === 'square_feet') assertThat(units.every((u) => (u.square_feet ?? 0) > 0), invalid('body.basis', 'every leased unit needs its square feet'))
        const parts = splitCents(body.amountCents, units.map((u) => (body.basis === 'square_feet' ? u.square_feet! : 1)))
        const rows: NewRow<'charges'>[] = units.flatMap((u, i) =>
          parts[i]! > 0
            ? [{
                id: uuidv7(),
                org_id: p.orgId,
                lease_id: u.lease_id,
                kind: body.kind,
                description: `${body.description} (share ${i + 1} of ${units.length})`,
                amount_cents: parts[i]!,
                due_date: body.dueDate,
                period_start: body.periodStart ?? null,
                period_end: body.periodEnd ?? null,
                created_by: p.userId,
              }]
            : [],
        )
        const inserted = await t.insertCharges(rows)
        await chargeEvents(trx, p.orgId, inserted, p.userId)
        await settleCredits(trx, p.orgId, { leaseIds: inserted.map((r) => r.lease_id) }, p.userId)
        return { totalCents: body.amountCents, charges: inserted.map(toChargeDto) }
      })
    },

    /**
     * Reverses a charge, wholly or in part, with a negative entry; the charge is never edited.
     * Money already paid on the reversed part is released as credit and settles again.
     */
    async reverseCharge(p: Principal, chargeId: string, body: ReverseChargeBody): Promise<{ adjustments: Charge[] }> {
      requireRole(p, 'admin', 'property_manager')
      return inTransaction(db, async (trx) => {
        const t = createLedgerQueries(trx)
        await t.lock(p.orgId)
        const { charge, balance } = await adjustable(t, p, chargeId)
        const reversible = balance.amount_cents + balance.adjusted_cents
        assertThat(reversible > 0, new AppError('resource.conflict', 'the charge is already reversed in full'))
        const amount = body.amountCents ?? reversible
        assertThat(amount <= reversible, invalid('body.amountCents', `at most ${reversible}, what is not yet reversed`))
        const on = body.on ?? (await organizationToday(trx, p.orgId, now()))
        const row = await postReversal(t, p.orgId, charge, balance.balance_cents, amount, on, `Reversal of "${charge.description}": ${body.reason}`, p.userId)
        await chargeEvents(trx, p.orgId, [row], p.userId)
        await settleCredits(trx, p.orgId, { leaseIds: [charge.lease_id] }, p.userId)
        return { adjustments: [toChargeDto(row)] }
      })
    },

    /** Writes off what is still open on a charge: it stops being owed, and the ledger says why. */
    async writeOff(p: Principal, chargeId: string, body: WriteOffBody): Promise<{ adjustments: Charge[] }> {
      requireRole(p, 'admin', 'property_manager')
      return inTransaction(db, async (trx) => {
        const t = createLedgerQueries(trx)
        await t.lock(p.orgId)
        const { charge, balance } = await adjustable(t, p, chargeId)
        assertThat(balance.balance_cents > 0, new AppError('resource.conflict', 'the charge has no open balance to write off'))
        const on = body.on ?? (await organizationToday(trx, p.orgId, now()))
        const [row] = await t.insertCharges([
          {
            id: uuidv7(),
            org_id: p.orgId,
            lease_id: charge.lease_id,
            kind: charge.kind,
            description: `Write-off of "${charge.description}": ${body.reason}`,
            amount_cents: -balance.balance_cents,
            due_date: on,
            adjustment: 'write_off',
            reverses_charge_id: charge.id,
            created_by: p.userId,
          },
        ])
        await chargeEvents(trx, p.orgId, [row!], p.userId)
        return { adjustments: [toChargeDto(row!)] }
      })
    },

    /** A credit (a concession, a goodwill gesture) applied to the lease's open charges, oldest first. */
    async applyCredit(p: Principal, leaseId: string, body: CreditBody): Promise<{ adjustments: Charge[] }> {
      requireRole(p, 'admin', 'property_manager')
      return inTransaction(db, async (trx) => {
        const t = createLedgerQueries(trx)
        await t.lock(p.orgId)
        if (!(await t.visibleLease(p, leaseId))) throw notFound('lease')
        const open = (await t.balances(p.orgId, [leaseId]))
          .filter((b) => b.balance_cents > 0)
          .map((b) => ({ id: b.charge_id, dueDate: b.due_date, balanceCents: b.balance_cents, kind: b.kind }))
          .sort(oldestFirst)
        const total = sum(open.map((c) => c.balanceCents))
        assertThat(body.amountCents <= total, invalid('body.amountCents', `exceeds the open balance of the lease (${total})`))
        const on = body.on ?? (await organizationToday(trx, p.orgId, now()))
        const pieces = settle(open.map((c) => ({ ...c, leaseId })), [{ paymentId: '', availableCents: body.amountCents, leaseIds: new Set([leaseId]) }])
        const rows = await t.insertCharges(
          pieces.map((piece) => ({
            id: uuidv7(),
            org_id: p.orgId,
            lease_id: leaseId,
            kind: 'credit' as const,
            description: body.description,
            amount_cents: -piece.amountCents,
            due_date: on,
            adjustment: 'credit' as const,
            reverses_charge_id: piece.chargeId,
            created_by: p.userId,
          })),
        )
        await chargeEvents(trx, p.orgId, rows, p.userId)
        return { adjustments: rows.map(toChargeDto) }
      })
    },

    /**
     * Move-out: the deposit held pays the itemized deductions in order, the rest is refunded, and
     * any deposit never collected stops being owed. Once per lease.
     */
    async disposeDeposit(p: Principal, leaseId: string, body: DispositionBody): Promise<DepositDisposition> {
      requireRole(p, 'admin', 'property_manager')
      return inTransaction(db, async (trx) => {
        const t = createLedgerQueries(trx)
        await t.lock(p.orgId)
        const lease = await t.visibleLease(p, leaseId)
        if (!lease) throw notFound('lease')
        assertThat(
          lease.status === 'ended' || lease.status === 'terminated',
          new AppError('lease.invalid_transition', 'a deposit is disposed of at move-out: end or terminate the lease first'),
        )
        assertThat((await t.dispositions(p.orgId, [leaseId])).length === 0, new AppError('resource.conflict', 'the deposit of this lease was already disposed of'))
        const balances = await t.balances(p.orgId, [leaseId])
        const held = sum(balances.filter((b) => b.kind === 'deposit').map((b) => b.allocated_cents))
        const created: Row<'charges'>[] = []
        const post = async (row: Omit<NewRow<'charges'>, 'id' | 'org_id' | 'lease_id' | 'created_by'>) => {
          const [inserted] = await t.insertCharges([{ id: uuidv7(), org_id: p.orgId, lease_id: leaseId, created_by: p.userId, ...row }])
          created.push(inserted!)
          return inserted!
        }

        // A deposit never collected is no longer owed once the tenant has left.
        for (const b of balances.filter((x) => x.kind === 'deposit' && x.balance_cents > 0)) {
          await post({ kind: 'deposit', description: 'Deposit not collected, reversed at move-out', amount_cents: -b.balance_cents, due_date: body.disposedOn, adjustment: 'reversal', reverses_charge_id: b.charge_id })
        }

        const openOf = new Map(balances.map((b) => [b.charge_id, b]))
        const claimed = new Map<string, number>()
        const items: { description: string; amountCents: number; chargeId: string; kind: Row<'charges'>['kind'] }[] = []
        for (const [i, d] of body.deductions.entries()) {
          if (d.chargeId) {
            const b = openOf.get(d.chargeId)
            assertThat(b && b.kind !== 'deposit', invalid(`body.deductions.${i}.chargeId`, 'not an open charge of this lease'))
            const left = b.balance_cents - (claimed.get(d.chargeId) ?? 0)
            assertThat(d.amountCents <= left, invalid(`body.deductions.${i}.amountCents`, `more than the charge's open balance (${left})`))
            claimed.set(d.chargeId, (claimed.get(d.chargeId) ?? 0) + d.amountCents)
            items.push({ description: d.description, amountCents: d.amountCents, chargeId: d.chargeId, kind: b.kind })
          } else {
            const charge = await post({ kind: 'other', description: `Deposit deduction: ${d.description}`, amount_cents: d.amountCents, due_date: body.disposedOn })
            items.push({ description: d.description, amountCents: d.amountCents, chargeId: charge.id, kind: 'other' })
          }
        }

        let remaining = held
        const applied = items.map((item) => {
          const cents = Math.min(remaining, item.amountCents)
          remaining -= cents
          return cents
        })
        for (const [i, item] of items.entries()) {
          if (applied[i]! <= 0) continue
          await post({
            kind: item.kind,
            description: `Deposit applied: ${item.description}`,
            amount_cents: -applied[i]!,
            due_date: body.disposedOn,
            adjustment: 'deposit_applied',
            reverses_charge_id: item.chargeId,
          })
        }
        const disposition = await t.insertDisposition({
          id: uuidv7(),
          org_id: p.orgId,
          lease_id: leaseId,
          disposed_on: body.disposedOn,
          held_cents: held,
          deductions_cents: sum(items.map((x) => x.amountCents)),
          applied_cents: sum(applied),
          refund_cents: remaining,
          refund_method: body.refundMethod ?? null,
          refund_reference: body.refundReference ?? null,
          notes: body.notes ?? null,
          created_by: p.userId,
        })
        const deductionRows = items.map((item, i) => ({
          id: uuidv7(),
          org_id: p.orgId,
          disposition_id: disposition.id,
          position: i,
          description: item.description,
          amount_cents: item.amountCents,
          charge_id: item.chargeId,
          applied_cents: applied[i]!,
        }))
        await t.insertDeductions(deductionRows)
        await chargeEvents(trx, p.orgId, created, p.userId)
        await appendEvent(trx, { orgId: p.orgId, topic: 'lease', action: 'updated', entityId: leaseId, actorId: p.userId, payload: { leaseId, propertyId: lease.property_id } })
        await settleCredits(trx, p.orgId, { leaseIds: [leaseId] }, p.userId)
        return toDispositionDto(disposition, deductionRows.map((r) => ({ ...r })))
      })
    },

    async billingRun(p: Principal, through: string): Promise<BillingRunResult> {
      requireRole(p, 'admin')
      // A mistyped year would post a period per month up to it (and past the calendar's end).
      const limit = addMonths(await today(p.orgId), BILLING_HORIZON_MONTHS)
      if (through > limit) throw invalid('body.through', `at most ${BILLING_HORIZON_MONTHS} months ahead (${limit})`)
      return billOrganization(db, p.orgId, through, p.userId)
    },

    async lateFeeRun(p: Principal, on: string | undefined): Promise<LateFeeRunResult> {
      requireRole(p, 'admin')
      // A fee is owed only once rent is late: a day not yet come would charge rent that may still be paid on time.
      if (on !== undefined) {
        const current = await today(p.orgId)
        if (on > current) throw invalid('body.on', `at most today (${current})`)
      }
      return assessLateFees(db, p.orgId, on, p.userId, now())
    },
  }
}

/** A charge (not an adjustment) the staff caller may adjust, with its balance; 404 otherwise. */
async function adjustable(t: LedgerQueries, p: Principal, chargeId: string) {
  assertThat(isStaff(p), () => new AppError('auth.forbidden', `not allowed for the ${p.role} role`))
  const charge = await t.charge(p.orgId, chargeId)
  if (!charge || !(await t.visibleLease(p, charge.lease_id))) throw notFound('charge')
  assertThat(charge.adjustment === null, invalid('path.id', 'an adjustment cannot itself be adjusted; post a new charge instead'))
  const balance = await t.balanceOf(p.orgId, chargeId)
  if (!balance) throw notFound('charge')
  return { charge, balance }
}

export type LedgerService = ReturnType<typeof createLedgerService>
