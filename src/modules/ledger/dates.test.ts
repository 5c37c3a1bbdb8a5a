// These tests must hold in every process time zone: dates.tz.test.ts re-runs this file under
// America/Sao_Paulo (UTC-3) and Pacific/Kiritimati (UTC+14).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { addDays, addMonths, dayNumber, daysBetween, isDate, todayIn } from './dates.js'
import { isOverdue } from './late-fees.js'
import { daysUntil, rentSchedule } from './schedule.js'

const processZone = Intl.DateTimeFormat().resolvedOptions().timeZone

describe(`calendar dates (process time zone ${processZone})`, () => {
  test('a rent due 2025-11-20 is the same calendar date for a client at UTC-3 and at UTC+14', () => {
    const [charge] = rentSchedule({ startDate: '2025-11-20', endDate: '2026-11-19', dueDay: 20, rentCents: 100_000 })
    assert.equal(charge!.dueDate, '2025-11-20')
    // What a client shows is the string itself; a UTC instant would shift it a day at UTC-3 or UTC+14.
    const instant = new Date(`${charge!.dueDate}T00:00:00Z`)
    assert.equal(todayIn('America/Sao_Paulo', instant), '2025-11-19', 'the reason due dates are never sent as instants')
    assert.equal(todayIn('Pacific/Kiritimati', instant), '2025-11-20')
    assert.equal(JSON.parse(JSON.stringify({ dueDate: charge!.dueDate })).dueDate, '2025-11-20')
  })

  test('"days until due" depends on the organization\'s today, not on the process or the client', () => {
    const now = new Date('2025-11-17T12:00:00Z')
    assert.equal(daysUntil(todayIn('America/Sao_Paulo', now), '2025-11-20'), 3)
    assert.equal(daysUntil(todayIn('Pacific/Kiritimati', now), '2025-11-20'), 2, 'already the 18th at UTC+14')
    assert.equal(daysUntil('2025-11-17', '2025-11-20'), 3)
  })

  test("today is read in the organization's time zone at any instant", () => {
    const instant = new Date('2026-01-01T10:30:00Z')
    assert.equal(todayIn('Pacific/Kiritimati', instant), '2026-01-02')
    assert.equal(todayIn('America/Sao_Paulo', instant), '2026-01-01')
    assert.equal(todayIn('America/New_York', new Date('2026-03-08T04:59:59Z')), '2026-03-07')
    assert.equal(todayIn('America/New_York', new Date('2026-03-08T05:00:00Z')), '2026-03-08')
    assert.equal(todayIn('UTC', new Date('2028-02-29T23:59:59Z')), '2028-02-29')
  })

  test('day arithmetic ignores daylight-saving changes and leap days are real', () => {
    assert.equal(addDays('2026-03-07', 1), '2026-03-08')
    assert.equal(addDays('2026-11-01', 1), '2026-11-02')
    assert.equal(daysBetween('2028-02-28', '2028-03-01'), 2)
    assert.equal(daysBetween('2027-02-28', '2027-03-01'), 1)
    assert.equal(dayNumber('1970-01-02'), 1)
    assert.equal(addMonths('2026-01-31', 1), '2026-02-28')
    assert.equal(addMonths('2028-01-31', 1), '2028-02-29')
    assert.equal(isDate('2027-02-29'), false)
    assert.equal(isDate('2028-02-29'), true)
  })

  test('overdue means past the due date plus the grace days, by calendar date', () => {
    assert.equal(isOverdue('2025-11-20', 5, '2025-11-25'), false)
    assert.equal(isOverdue('2025-11-20', 5, '2025-11-26'), true)
  })
})
