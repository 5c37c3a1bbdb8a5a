// The ledger's properties through the real services and database: random leases billed over five
// years with payments, returns and late-fee runs in between, then read back through the API.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { targets } from '../../../test/support/db.js'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { inTransaction } from '../../lib/tx.js'
import { addDays, dayNumber, fromDayNumber, parseDate } from './dates.js'
import { applyPaymentStatus, assessLateFees, billOrganization } from './ledger.service.js'
import { anchorInMonth } from './schedule.js'

export const DB_RUNS = 20
const FIVE_YEARS = 5 * 365 + 2

for (const target of targets) {
  describe(`ledger properties on ${target.name}`, () => {
    let t: TestApp
    before(async () => {
      t = await startTestApp(target)
    })
    after(() => t.close())

    const scenario = fc.record({
      start: fc.integer({ min: dayNumber('2023-06-01'), max: dayNumber('2025-06-30') }).map(fromDayNumber),
      dueDay: fc.integer({ min: 1, max: 31 }),
      rentCents: fc.integer({ min: 50_000, max: 300_000 }),
      monthToMonth: fc.boolean(),
      timeZone: fc.constantFrom('America/New_York', 'America/Sao_Paulo', 'Pacific/Kiritimati', 'UTC'),
      fee: fc.record({ kind: fc.constantFrom('flat' as const, 'percent' as const), flat: fc.integer({ min: 1_000, max: 10_000 }), bp: fc.integer({ min: 100, max: 1_000 }), grace: fc.integer({ min: 0, max: 10 }) }),
      ops: fc.array(
        fc.oneof(
          fc.record({ kind: fc.constant('pay' as const), day: fc.integer({ min: 0, max: FIVE_YEARS }), cents: fc.integer({ min: 1, max: 600_000 }) }),
          fc.record({ kind: fc.constant('return' as const), day: fc.integer({ min: 0, max: FIVE_YEARS }), index: fc.nat() }),
          fc.record({ kind: fc.constant('fees' as const), day: fc.integer({ min: 0, max: FIVE_YEARS }) }),
        ),
        { minLength: 5, maxLength: 25 },
      ),
    })

    test(`balances add up, nothing is negative and due dates never drift (${DB_RUNS} runs)`, async () => {
      await fc.assert(
        fc.asyncProperty(scenario, async (s) => {
          const org = await t.f.org({ time_zone: s.timeZone })
          const admin = await t.f.user(org.id, 'admin')
          const property = await t.f.property(org.id)
          const unit = await t.f.unit(org.id, property.id)
          const tenant = await t.f.tenant(org.id)
          const end = s.monthToMonth ? null : addDays(s.start, FIVE_YEARS)
          await t.f.lease(org.id, unit.id, [tenant.id], {
            start_date: s.start,
            end_date: end,
            due_day: s.dueDay,
            rent_cents: s.rentCents,
            deposit_cents: s.rentCents,
            grace_days: s.fee.grace,
            late_fee_kind: s.fee.kind,
            late_fee_flat_cents: s.fee.flat,
            late_fee_percent_bp: s.fee.bp,
          })
          const paid: string[] = []
          const ops = [...s.ops].sort((a, b) => a.day - b.day)
          for (const o of ops) {
            const day = addDays(s.start, o.day)
            await billOrganization(t.db, org.id, day)
            if (o.kind === 'pay') {
              const payment = await t.f.payment(org.id, tenant.id, { amount_cents: o.cents, paid_on: day })
              await inTransaction(t.db, (trx) => applyPaymentStatus(trx, org.id, payment.id, null, null))
              paid.push(payment.id)
            } else if (o.kind === 'return' && paid.length) {
              const [id] = paid.splice(o.index % paid.length, 1)
              await inTransaction(t.db, async (trx) => {
                await trx.updateTable('payments').set({ status: 'returned' }).where('id', '=', id!).execute()
                await applyPaymentStatus(trx, org.id, id!, 'succeeded', null, new Date(`${day}T12:00:00Z`))
              })
            } else if (o.kind === 'fees') {
              await assessLateFees(t.db, org.id, day)
              await assessLateFees(t.db, org.id, day)
            }
          }
          const last = addDays(s.start, FIVE_YEARS)
          await billOrganization(t.db, org.id, last)

          const res = await t.as(await t.tokenFor(admin), { method: 'GET', url: `/api/v1/tenants/${tenant.id}/ledger?asOf=${last}` })
          assert.equal(res.statusCode, 200, res.body)
          const ledger = res.json()
          const balances: number[] = ledger.charges.map((c: { balanceCents: number }) => c.balanceCents)
          assert.ok(balances.every((b) => b >= 0), 'no charge balance is negative')
          assert.equal(balances.reduce((a, b) => a + b, 0), ledger.openChargesCents)
          assert.equal(ledger.balanceCents, ledger.openChargesCents - ledger.creditCents, "the tenant balance is the sum of the charges' balances less credit")
          assert.equal(ledger.entries.at(-1)?.balanceCents ?? 0, ledger.balanceCents, 'the running balance of the entries ends at the tenant balance')
          if (ledger.creditCents > 0) assert.equal(ledger.openChargesCents, 0, 'credit is left only when nothing is open')

          const rents = ledger.charges.filter((c: { kind: string }) => c.kind === 'rent')
          for (const c of rents as { dueDate: string }[]) {
            const { year, month } = parseDate(c.dueDate)
            assert.ok(c.dueDate === s.start || c.dueDate === anchorInMonth(year, month, s.dueDay), `rent due ${c.dueDate} drifted from day ${s.dueDay}`)
          }
          const fees = ledger.charges.filter((c: { kind: string }) => c.kind === 'late_fee').length
          assert.ok(fees <= rents.length, 'at most one late fee per rent charge')
          const sources = await t.db.selectFrom('charges').select('source_charge_id').where('org_id', '=', org.id).where('kind', '=', 'late_fee').execute()
          assert.equal(new Set(sources.map((r) => r.source_charge_id)).size, sources.length)
        }),
        { numRuns: DB_RUNS },
      )
    })
  })
}
