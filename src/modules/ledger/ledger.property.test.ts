// Property tests of the ledger's rules over random leases, payments, returns and fees spanning
// five years with leap years. Run counts are fixed so a report can state them.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { oldestFirst, settle, unallocate } from './allocation.js'
import { addDays, addMonths, dayNumber, fromDayNumber, parseDate } from './dates.js'
import { lateFee, type LateFeePolicy } from './late-fees.js'
import { anchorInMonth, nextAnchorAfter, rentSchedule, wholeMonthsOf } from './schedule.js'
import { splitCents } from './split.js'

export const RUNS = { schedule: 5_000, wholeTerms: 5_000, splits: 5_000, ledger: 500 } as const

const FIVE_YEARS = 5 * 365 + 2
/** Start dates from 2023 to 2028: the five years after each include 2024 and/or 2028, leap years. */
const startDate = fc.integer({ min: dayNumber('2023-01-01'), max: dayNumber('2028-12-31') }).map(fromDayNumber)
const dueDay = fc.integer({ min: 1, max: 31 })
const rent = fc.integer({ min: 100, max: 2_000_000 })

describe('rent schedule properties', () => {
  test(`due dates never drift and periods tile the term (${RUNS.schedule} runs)`, () => {
    fc.assert(
      fc.property(startDate, dueDay, fc.option(fc.integer({ min: 0, max: FIVE_YEARS }), { nil: null }), rent, (start, day, length, rentCents) => {
        const end = length === null ? null : addDays(start, length)
        const through = addDays(start, FIVE_YEARS)
        const periods = rentSchedule({ startDate: start, endDate: end, dueDay: day, rentCents }, through)
        assert.ok(periods.length > 0)
        if (periods[0]!.periodStart !== start) {
          // Only a whole-month term whose full periods already make its months leaves its first days unbilled.
          assert.ok(end !== null && wholeMonthsOf(start, end) !== undefined, 'rent starts with the term')
          assert.equal(periods[0]!.periodStart, nextAnchorAfter(start, day))
        }
        for (const [i, p] of periods.entries()) {
          if (i > 0) assert.equal(p.periodStart, addDays(periods[i - 1]!.periodEnd, 1), 'no gap, no overlap')
          assert.equal(p.dueDate, p.periodStart)
          if (p.periodStart !== start) {
            const { year, month } = parseDate(p.dueDate)
            assert.equal(p.dueDate, anchorInMonth(year, month, day), 'due on the anchor day of its month')
          }
          if (p.proration === null) assert.equal(p.amountCents, rentCents, 'whole periods are never prorated')
          else {
            assert.match(p.proration, /^(actual_days|term_remainder):\d+\/\d+$/)
            // A whole-month term's remainder may round the last part up to a full month.
            assert.ok(p.amountCents > 0 && (p.proration.startsWith('term_remainder') ? p.amountCents <= rentCents : p.amountCents < rentCents))
          }
        }
        if (end !== null) assert.equal(periods.at(-1)!.periodEnd, end, 'the last period ends with the term')
        else assert.ok(periods.at(-1)!.dueDate <= through && addDays(periods.at(-1)!.periodEnd, 1) > through)
      }),
      { numRuns: RUNS.schedule },
    )
  })

  test(`a whole-month term bills exactly its months of rent, billed at once or month by month (${RUNS.wholeTerms} runs)`, () => {
    fc.assert(
      fc.property(startDate, dueDay, fc.integer({ min: 1, max: 60 }), rent, fc.integer({ min: 0, max: 60 * 31 }), (s, day, months, rentCents, cut) => {
        const end = addDays(addMonths(s, months), -1)
        const terms = { startDate: s, endDate: end, dueDay: day, rentCents }
        const whole = rentSchedule(terms)
        assert.equal(whole.reduce((sum, p) => sum + p.amountCents, 0), months * rentCents)
        // A run through any earlier day posts exactly the first periods of the whole schedule.
        const through = addDays(s, cut)
        assert.deepEqual(rentSchedule(terms, through), whole.filter((p) => p.dueDate <= through))
      }),
      { numRuns: RUNS.wholeTerms },
    )
  })
})

describe('split properties', () => {
  test(`every split sums to its total, each part within a cent of its exact share (${RUNS.splits} runs)`, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
        fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 12 }).filter((w) => w.some((x) => x > 0)),
        (total, weights) => {
          const parts = splitCents(total, weights)
          assert.equal(parts.reduce((a, b) => a + b, 0), total)
          const sum = weights.reduce((a, b) => a + b, 0)
          parts.forEach((part, i) => assert.ok(Math.abs(part - (total * weights[i]!) / sum) < 1 + 1e-9))
        },
      ),
      { numRuns: RUNS.splits },
    )
  })
})

interface ModelCharge {
  id: string
  kind: 'rent' | 'late_fee'
  dueDate: string
  amount: number
  adjusted: number
  allocated: number
}
interface ModelPayment {
  id: string
  amount: number
  paidOn: string
  status: 'succeeded' | 'returned'
  allocations: { chargeId: string; amountCents: number }[]
}

/** A one-lease ledger driven by the same rules as the service: settle after every write. */
class ModelLedger {
  charges: ModelCharge[] = []
  payments: ModelPayment[] = []
  private seq = 0
  private nextId = () => `id${String(++this.seq).padStart(6, '0')}`
  private balance = (c: ModelCharge) => c.amount + c.adjusted - c.allocated

  settle(): void {
    const open = this.charges.map((c) => ({ id: c.id, leaseId: 'L', dueDate: c.dueDate, balanceCents: this.balance(c) }))
    const credits = this.payments
      .filter((p) => p.status === 'succeeded')
      .map((p) => ({ paymentId: p.id, availableCents: p.amount - p.allocations.reduce((s, a) => s + a.amountCents, 0), leaseIds: new Set(['L']) }))
      .filter((c) => c.availableCents > 0)
    for (const a of settle(open, credits)) this.apply(a.paymentId, a.chargeId, a.amountCents)
  }

  private apply(paymentId: string, chargeId: string, cents: number): void {
    this.payments.find((p) => p.id === paymentId)!.allocations.push({ chargeId, amountCents: cents })
    this.charges.find((c) => c.id === chargeId)!.allocated += cents
  }

  post(kind: ModelCharge['kind'], dueDate: string, amount: number): ModelCharge {
    const c = { id: this.nextId(), kind, dueDate, amount, adjusted: 0, allocated: 0 }
    this.charges.push(c)
    this.settle()
    return c
  }

  pay(paidOn: string, amount: number): void {
    this.payments.push({ id: this.nextId(), amount, paidOn, status: 'succeeded', allocations: [] })
    this.settle()
  }

  returnPayment(index: number): void {
    const live = this.payments.filter((p) => p.status === 'succeeded')
    const p = live[index % Math.max(live.length, 1)]
    if (!p) return
    p.status = 'returned'
    for (const a of unallocate(p.id, p.allocations)) this.apply(a.paymentId, a.chargeId, a.amountCents)
    this.settle()
  }

  lateFees(today: string, policy: LateFeePolicy, charged: Set<string>): void {
    for (const c of [...this.charges].sort(oldestFirst)) {
      if (c.kind !== 'rent' || charged.has(c.id)) continue
      const fee = lateFee(policy, { dueDate: c.dueDate, balanceCents: this.balance(c) }, today)
      if (fee > 0) {
        charged.add(c.id)
        this.post('late_fee', today, fee)
      }
    }
  }

  check(): void {
    const balances = this.charges.map((c) => this.balance(c))
    assert.ok(balances.every((b) => b >= 0), 'no charge balance is negative')
    const credit = this.payments.filter((p) => p.status === 'succeeded').reduce((s, p) => s + p.amount - p.allocations.reduce((x, a) => x + a.amountCents, 0), 0)
    assert.ok(credit >= 0)
    const open = balances.reduce((a, b) => a + b, 0)
    const entries =
      this.charges.reduce((s, c) => s + c.amount + c.adjusted, 0) - this.payments.filter((p) => p.status === 'succeeded').reduce((s, p) => s + p.amount, 0)
    assert.equal(open - credit, entries, "the sum of the charges' balances less credit is the balance of the entries")
    if (credit > 0) assert.equal(open, 0, 'credit is left only when nothing is open')
  }
}

describe('ledger properties', () => {
  const op = fc.oneof(
    fc.record({ kind: fc.constant('pay' as const), day: fc.integer({ min: 0, max: FIVE_YEARS }), cents: fc.integer({ min: 1, max: 400_000 }) }),
    fc.record({ kind: fc.constant('return' as const), day: fc.integer({ min: 0, max: FIVE_YEARS }), index: fc.nat() }),
    fc.record({ kind: fc.constant('fees' as const), day: fc.integer({ min: 0, max: FIVE_YEARS }) }),
  )
  const policy = fc.record({
    kind: fc.constantFrom('none' as const, 'flat' as const, 'percent' as const),
    flatCents: fc.integer({ min: 0, max: 20_000 }),
    percentBp: fc.integer({ min: 0, max: 2_000 }),
    minBalanceCents: fc.integer({ min: 0, max: 50_000 }),
    capCents: fc.option(fc.integer({ min: 0, max: 15_000 }), { nil: null }),
    graceDays: fc.integer({ min: 0, max: 15 }),
  })

  test(`over five years of rent, payments, returns and fees the balances always add up (${RUNS.ledger} runs)`, () => {
    fc.assert(
      fc.property(startDate, dueDay, rent, policy, fc.array(op, { maxLength: 60 }), (start, day, rentCents, fees, ops) => {
        const ledger = new ModelLedger()
        const charged = new Set<string>()
        const periods = rentSchedule({ startDate: start, endDate: addDays(start, FIVE_YEARS), dueDay: day, rentCents })
        const events = [
          ...periods.map((p) => ({ date: p.dueDate, order: 0, run: () => void ledger.post('rent', p.dueDate, p.amountCents) })),
          ...ops.map((o, i) => {
            const date = addDays(start, o.day)
            const run =
              o.kind === 'pay' ? () => ledger.pay(date, o.cents) : o.kind === 'return' ? () => ledger.returnPayment(o.index) : () => ledger.lateFees(date, fees, charged)
            return { date, order: 1 + i, run }
          }),
        ].sort((a, b) => (a.date === b.date ? a.order - b.order : a.date < b.date ? -1 : 1))
        for (const e of events) {
          e.run()
          ledger.check()
        }
        assert.ok(ledger.charges.filter((c) => c.kind === 'late_fee').length <= periods.length, 'at most one fee per rent charge')
      }),
      { numRuns: RUNS.ledger },
    )
  })
})
