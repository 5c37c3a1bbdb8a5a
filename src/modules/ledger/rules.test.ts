import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { parseMoneyToCents } from '../../lib/money.js'
import { settle, unallocate } from './allocation.js'
import { lateFee, type LateFeePolicy } from './late-fees.js'
import { anchorInMonth, prorate, rentSchedule, wholeMonthsOf } from './schedule.js'
import { splitCents, splitEvenly } from './split.js'

describe('rent schedule', () => {
  test('a lease due on the 31st is due 31 Jan, 28 Feb, 31 Mar, 30 Apr and never drifts to the 28th', () => {
    const periods = rentSchedule({ startDate: '2026-01-31', endDate: null, dueDay: 31, rentCents: 100_000 }, '2026-07-31')
    assert.deepEqual(periods.map((p) => p.dueDate), ['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31', '2026-06-30', '2026-07-31'])
    assert.ok(periods.every((p) => p.amountCents === 100_000 && p.proration === null))
    assert.deepEqual(periods.slice(0, 2).map((p) => p.periodEnd), ['2026-02-27', '2026-03-30'])
  })

  test('in a leap year the 31st falls on 29 February', () => {
    const periods = rentSchedule({ startDate: '2028-01-31', endDate: null, dueDay: 31, rentCents: 100_000 }, '2028-03-31')
    assert.deepEqual(periods.map((p) => p.dueDate), ['2028-01-31', '2028-02-29', '2028-03-31'])
    assert.equal(anchorInMonth(2100, 2, 29), '2100-02-28', '2100 is not a leap year')
  })

  test('a 12-month term starting on the 3rd and due on the 3rd bills 12 whole months', () => {
    const periods = rentSchedule({ startDate: '2026-08-03', endDate: '2027-08-02', dueDay: 3, rentCents: 200_000 })
    assert.equal(periods.length, 12)
    assert.ok(periods.every((p) => p.amountCents === 200_000 && p.proration === null))
    assert.equal(periods.at(-1)!.periodEnd, '2027-08-02')
  })

  test('partial months are prorated by actual days counted inclusively, and the method is recorded', () => {
    const periods = rentSchedule({ startDate: '2026-02-10', endDate: '2026-04-20', dueDay: 1, rentCents: 280_000 })
    assert.deepEqual(
      periods.map((p) => [p.periodStart, p.periodEnd, p.amountCents, p.proration]),
      [
        ['2026-02-10', '2026-02-28', 190_000, 'actual_days:19/28'],
        ['2026-03-01', '2026-03-31', 280_000, null],
        ['2026-04-01', '2026-04-20', 186_667, 'actual_days:20/30'],
      ],
    )
  })

  test('a whole-month term that starts mid-month totals exactly its months of rent', () => {
    const periods = rentSchedule({ startDate: '2027-02-15', endDate: '2028-02-14', dueDay: 1, rentCents: 100_000 })
    assert.equal(wholeMonthsOf('2027-02-15', '2028-02-14'), 12)
    assert.equal(periods.reduce((s, p) => s + p.amountCents, 0), 1_200_000)
    assert.equal(periods[0]!.proration, 'actual_days:14/28')
    assert.equal(periods.at(-1)!.proration, 'term_remainder:14/29')
  })

  test('an early termination ends rent on the termination day, prorated', () => {
    const periods = rentSchedule({ startDate: '2026-01-01', endDate: '2026-12-31', terminatedOn: '2026-03-15', dueDay: 1, rentCents: 310_000 })
    assert.deepEqual(periods.map((p) => [p.dueDate, p.amountCents]), [['2026-01-01', 310_000], ['2026-02-01', 310_000], ['2026-03-01', 150_000]])
  })

  test('billing through a date stops at the periods due by then', () => {
    const periods = rentSchedule({ startDate: '2026-01-15', endDate: null, dueDay: 15, rentCents: 1 }, '2026-03-14')
    assert.deepEqual(periods.map((p) => p.dueDate), ['2026-01-15', '2026-02-15'])
  })

  test('proration rounds half up in exact integer arithmetic', () => {
    assert.equal(prorate(100, 1, 2), 50)
    assert.equal(prorate(1, 1, 2), 1)
    assert.equal(prorate(200_000, 29, 31), 187_097)
    assert.equal(prorate(100_000_000_000, 30, 31), 96_774_193_548)
  })
})

describe('late fees', () => {
  const policy = (over: Partial<LateFeePolicy>): LateFeePolicy => ({ kind: 'flat', flatCents: 5_000, percentBp: 0, minBalanceCents: 0, capCents: null, graceDays: 5, ...over })

  test('nothing is owed within the grace days; the day after, the fee is', () => {
    assert.equal(lateFee(policy({}), { dueDate: '2026-03-01', balanceCents: 100_000 }, '2026-03-06'), 0)
    assert.equal(lateFee(policy({}), { dueDate: '2026-03-01', balanceCents: 100_000 }, '2026-03-07'), 5_000)
  })

  test('a percent fee is basis points of the overdue rent, rounded half up, and capped', () => {
    assert.equal(lateFee(policy({ kind: 'percent', percentBp: 500 }), { dueDate: '2026-03-01', balanceCents: 12_345 }, '2026-03-10'), 617)
    assert.equal(lateFee(policy({ kind: 'percent', percentBp: 500, capCents: 500 }), { dueDate: '2026-03-01', balanceCents: 12_345 }, '2026-03-10'), 500)
    assert.equal(lateFee(policy({ kind: 'flat', flatCents: 9_000, capCents: 7_500 }), { dueDate: '2026-03-01', balanceCents: 100_000 }, '2026-03-10'), 7_500)
  })

  test('no fee below the minimum balance, on a paid charge, or without a policy', () => {
    assert.equal(lateFee(policy({ minBalanceCents: 10_000 }), { dueDate: '2026-03-01', balanceCents: 9_999 }, '2026-04-01'), 0)
    assert.equal(lateFee(policy({ minBalanceCents: 10_000 }), { dueDate: '2026-03-01', balanceCents: 10_000 }, '2026-04-01'), 5_000)
    assert.equal(lateFee(policy({}), { dueDate: '2026-03-01', balanceCents: 0 }, '2026-04-01'), 0)
    assert.equal(lateFee(policy({ kind: 'none' }), { dueDate: '2026-03-01', balanceCents: 100_000 }, '2026-04-01'), 0)
  })
})

describe('splits', () => {
  test('1.00 split three ways is 0.34, 0.33, 0.33', () => {
    assert.deepEqual(splitEvenly(100, 3), [34, 33, 33])
  })

  test('weighted splits give the leftover cents to the largest remainders and sum to the whole', () => {
    assert.deepEqual(splitCents(1_000, [700, 1_100, 1_200]), [233, 367, 400])
    assert.deepEqual(splitCents(-100, [1, 1, 1]), [-34, -33, -33])
    assert.deepEqual(splitCents(5, [0, 1]), [0, 5])
    assert.throws(() => splitCents(5, [0, 0]), RangeError)
  })
})

describe('allocation', () => {
  const charge = (id: string, dueDate: string, balanceCents: number, leaseId = 'L') => ({ id, leaseId, dueDate, balanceCents })

  test('money pays the oldest charge first and the rest is left as credit', () => {
    const out = settle([charge('b', '2026-02-01', 7_000), charge('a', '2026-01-01', 3_000)], [{ paymentId: 'p', availableCents: 12_000, leaseIds: new Set(['L']) }])
    assert.deepEqual(out, [
      { paymentId: 'p', chargeId: 'a', amountCents: 3_000 },
      { paymentId: 'p', chargeId: 'b', amountCents: 7_000 },
    ])
  })

  test('a payment for one lease never pays another lease', () => {
    const out = settle([charge('x', '2026-01-01', 100, 'other'), charge('y', '2026-02-01', 100)], [{ paymentId: 'p', availableCents: 150, leaseIds: new Set(['L']) }])
    assert.deepEqual(out, [{ paymentId: 'p', chargeId: 'y', amountCents: 100 }])
  })

  test('undoing a payment gives back exactly what it still pays on each charge', () => {
    assert.deepEqual(
      unallocate('p', [
        { chargeId: 'a', amountCents: 3_000 },
        { chargeId: 'b', amountCents: 7_000 },
        { chargeId: 'b', amountCents: -2_000 },
        { chargeId: 'c', amountCents: 500 },
        { chargeId: 'c', amountCents: -500 },
      ]),
      [
        { paymentId: 'p', chargeId: 'a', amountCents: -3_000 },
        { paymentId: 'p', chargeId: 'b', amountCents: -5_000 },
      ],
    )
  })
})

describe('money strings', () => {
  test('"0700" is 700.00 and US amounts parse exactly', () => {
    assert.equal(parseMoneyToCents('0700'), 70_000)
    assert.equal(parseMoneyToCents('$1,390.5'), 139_050)
    assert.equal(parseMoneyToCents('1390'), 139_000)
  })

  test('"1 200,50" is refused unless a locale is given, and never glued into 120050 dollars', () => {
    assert.equal(parseMoneyToCents('1 200,50'), undefined)
    assert.equal(parseMoneyToCents('1 200,50', 'fr-FR'), 120_050)
    assert.equal(parseMoneyToCents('1\u202f200,50', 'fr-FR'), 120_050)
    assert.equal(parseMoneyToCents('1.200,50', 'de-DE'), 120_050)
    assert.equal(parseMoneyToCents('R$ 1.200,50', 'pt-BR'), 120_050)
  })

  test('ambiguous or malformed amounts are refused in every locale', () => {
    for (const text of ['12.345', '1,39', '-5', '1,2,3', '', '1.2.3', '12,50']) assert.equal(parseMoneyToCents(text), undefined, text)
    for (const text of ['1.20', '1 20,5', '1,200.50']) assert.equal(parseMoneyToCents(text, 'de-DE'), undefined, text)
  })
})
