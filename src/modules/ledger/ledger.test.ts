import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { targets } from '../../../test/support/db.js'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import type { NewRow, PaymentStatus, Row } from '../../db/types.js'
import { inTransaction } from '../../lib/tx.js'
import { sql } from 'kysely'
import { formatBillingReport, runBilling, runLateFees } from '../../jobs/billing.js'
import { uuidv7 } from '../../lib/ids.js'
import { addDays } from './dates.js'
import { createLedgerQueries } from './ledger.queries.js'
import { applyPaymentStatus, assessLateFees, BILLING_MAX_POSTINGS_PER_LEASE, billOrganization } from './ledger.service.js'

for (const target of targets) {
  describe(`ledger on ${target.name}`, () => {
    let t: TestApp
    before(async () => {
      t = await startTestApp(target)
    })
    after(() => t.close())

    /** An organization with an admin, a property, a unit, a tenant (who can sign in) and a lease. */
    async function world(lease: Partial<NewRow<'leases'>> = {}, orgOver: Partial<NewRow<'organizations'>> = {}) {
      const org = await t.f.org(orgOver)
      const admin = await t.f.user(org.id, 'admin')
      const property = await t.f.property(org.id)
      const unit = await t.f.unit(org.id, property.id)
      const tenantUser = await t.f.user(org.id, 'tenant')
      const tenantId = tenantUser.tenant_id!
      const l = await t.f.lease(org.id, unit.id, [tenantId], { deposit_cents: 0, ...lease })
      return { org, admin, property, unit, tenantUser, tenantId, lease: l, token: await t.tokenFor(admin) }
    }

    /** A payment recorded as the payments module does, then run through the ledger. */
    async function pay(orgId: string, tenantId: string, cents: number, over: Partial<NewRow<'payments'>> = {}): Promise<Row<'payments'>> {
      const payment = await t.f.payment(orgId, tenantId, { amount_cents: cents, ...over })
      await inTransaction(t.db, (trx) => applyPaymentStatus(trx, orgId, payment.id, null, null))
      return payment
    }

    async function setStatus(orgId: string, paymentId: string, status: PaymentStatus, now = new Date()) {
      await inTransaction(t.db, async (trx) => {
        const before = await trx.selectFrom('payments').select('status').where('id', '=', paymentId).executeTakeFirstOrThrow()
        await trx.updateTable('payments').set({ status }).where('id', '=', paymentId).execute()
        await applyPaymentStatus(trx, orgId, paymentId, before.status, null, now)
      })
    }

    const ledgerOf = async (token: string, tenantId: string, qs = '') => {
      const res = await t.as(token, { method: 'GET', url: `/api/v1/tenants/${tenantId}/ledger${qs}` })
      assert.equal(res.statusCode, 200, res.body)
      return res.json()
    }

    const charge = async (token: string, leaseId: string, amountCents: number, dueDate: string, kind = 'other') => {
      const res = await t.as(token, { method: 'POST', url: `/api/v1/leases/${leaseId}/charges`, payload: { kind, amountCents, dueDate, description: `${kind} ${dueDate}` } })
      assert.equal(res.statusCode, 201, res.body)
      return res.json()
    }

    test('an invoice of 1000.00 paid 200.00 leaves 800.00 on the balance and the statement', async () => {
      const w = await world()
      await charge(w.token, w.lease.id, 100_000, '2026-03-01')
      await pay(w.org.id, w.tenantId, 20_000, { paid_on: '2026-03-02' })
      const ledger = await ledgerOf(w.token, w.tenantId, '?asOf=2026-03-10')
      assert.equal(ledger.balanceCents, 80_000)
      assert.equal(ledger.openChargesCents, 80_000)
      assert.equal(ledger.creditCents, 0)
      assert.deepEqual(
        ledger.entries.map((e: { type: string; amountCents: number; balanceCents: number }) => [e.type, e.amountCents, e.balanceCents]),
        [
          ['charge', 100_000, 100_000],
          ['payment', -20_000, 80_000],
        ],
      )
      const balance = (await t.as(w.token, { method: 'GET', url: `/api/v1/leases/${w.lease.id}/balance?asOf=2026-03-10` })).json()
      assert.equal(balance.balanceCents, 80_000)
      assert.equal(balance.paidCents, 20_000)
      assert.deepEqual(balance.shares, [{ tenantId: w.tenantId, shareCents: 80_000 }])
      // The tenant reads the same figure on their own ledger.
      const own = await ledgerOf(await t.tokenFor(w.tenantUser), w.tenantId, '?asOf=2026-03-10')
      assert.equal(own.balanceCents, 80_000)
    })

    test('charge A 50.00 paid 20.00, then charge B 70.00 paid 100.00 leaves A 0.00, B 0.00 and no credit', async () => {
      const w = await world()
      const a = await charge(w.token, w.lease.id, 5_000, '2026-02-01')
      await pay(w.org.id, w.tenantId, 2_000, { paid_on: '2026-02-02' })
      const b = await charge(w.token, w.lease.id, 7_000, '2026-03-01')
      await pay(w.org.id, w.tenantId, 10_000, { paid_on: '2026-03-02' })
      const ledger = await ledgerOf(w.token, w.tenantId, '?asOf=2026-03-05')
      const byId = new Map(ledger.charges.map((c: { id: string; balanceCents: number }) => [c.id, c.balanceCents]))
      assert.equal(byId.get(a.id), 0)
      assert.equal(byId.get(b.id), 0)
      assert.equal(ledger.creditCents, 0)
      assert.equal(ledger.balanceCents, 0)
    })

    test('an overpayment becomes a credit that pays the next charge', async () => {
      const w = await world()
      await pay(w.org.id, w.tenantId, 30_000, { paid_on: '2026-01-05' })
      let ledger = await ledgerOf(w.token, w.tenantId, '?asOf=2026-01-05')
      assert.equal(ledger.creditCents, 30_000)
      assert.equal(ledger.balanceCents, -30_000)
      const next = await charge(w.token, w.lease.id, 20_000, '2026-02-01')
      ledger = await ledgerOf(w.token, w.tenantId, '?asOf=2026-02-01')
      assert.equal(ledger.charges.find((c: { id: string }) => c.id === next.id).balanceCents, 0)
      assert.equal(ledger.creditCents, 10_000)
      assert.equal(ledger.balanceCents, -10_000)
    })

    test('1.00 split three ways among the leased units is 0.34, 0.33 and 0.33', async () => {
      const w = await world()
      for (let i = 0; i < 2; i++) {
        const unit = await t.f.unit(w.org.id, w.property.id)
        await t.f.lease(w.org.id, unit.id, [(await t.f.tenant(w.org.id)).id], { deposit_cents: 0 })
      }
      const res = await t.as(w.token, {
        method: 'POST',
        url: `/api/v1/properties/${w.property.id}/split-charges`,
        payload: { kind: 'utility', amountCents: 100, dueDate: '2026-04-01', description: 'Water' },
      })
      assert.equal(res.statusCode, 201, res.body)
      assert.deepEqual(res.json().charges.map((c: { amountCents: number }) => c.amountCents), [34, 33, 33])
    })

    test('a term of 3 Aug 2026 – 2 Aug 2027 at 2,000.00 due on the 3rd bills twelve charges of 2,000.00', async () => {
      const w = await world({ start_date: '2026-08-03', end_date: '2027-08-02', rent_cents: 200_000, due_day: 3 })
      const res = await t.as(w.token, { method: 'POST', url: '/api/v1/billing/runs', payload: { through: '2027-12-31' } })
      assert.equal(res.statusCode, 200, res.body)
      assert.equal(res.json().chargesPosted, 12)
      const charges = (await t.as(w.token, { method: 'GET', url: `/api/v1/leases/${w.lease.id}/charges` })).json()
      assert.equal(charges.length, 12)
      assert.ok(charges.every((c: { amountCents: number; proration: null; dueDate: string }) => c.amountCents === 200_000 && c.proration === null && c.dueDate.endsWith('-03')))
    })

    test('the same term due on the 1st prorates the first and last months and totals 24,000.00 exactly', async () => {
      const w = await world({ start_date: '2026-08-03', end_date: '2027-08-02', rent_cents: 200_000, due_day: 1 })
      await t.as(w.token, { method: 'POST', url: '/api/v1/billing/runs', payload: { through: '2027-12-31' } })
      const charges = (await t.as(w.token, { method: 'GET', url: `/api/v1/leases/${w.lease.id}/charges` })).json()
      assert.equal(charges.length, 13)
      assert.deepEqual(
        [charges[0].dueDate, charges[0].amountCents, charges[0].proration],
        ['2026-08-03', 187_097, 'actual_days:29/31'],
      )
      assert.deepEqual([charges[12].dueDate, charges[12].periodEnd, charges[12].amountCents, charges[12].proration], ['2027-08-01', '2027-08-02', 12_903, 'term_remainder:2/31'])
      assert.equal(charges.slice(1, 12).filter((c: { amountCents: number; proration: null }) => c.amountCents === 200_000 && c.proration === null).length, 11)
      assert.equal(charges.reduce((s: number, c: { amountCents: number }) => s + c.amountCents, 0), 2_400_000)
    })

    test('billing twice, or five runs at once, posts each charge once', async () => {
      const w = await world({ start_date: '2026-01-01', end_date: '2026-12-31', rent_cents: 150_000, deposit_cents: 150_000 })
      const runs = await Promise.all(Array.from({ length: 5 }, () => billOrganization(t.db, w.org.id, '2026-06-30')))
      assert.equal(runs.reduce((s, r) => s + r.chargesPosted, 0), 7)
      const again = await billOrganization(t.db, w.org.id, '2026-06-30')
      assert.equal(again.chargesPosted, 0)
      const rows = await t.db.selectFrom('charges').select(['kind']).where('lease_id', '=', w.lease.id).execute()
      assert.equal(rows.filter((r) => r.kind === 'rent').length, 6)
      assert.equal(rows.filter((r) => r.kind === 'deposit').length, 1)
    })

    test('a lease decades behind is billed at most ten years of rent per run, oldest first, and the next runs catch up', async () => {
      // A month-to-month lease since 1990 never billed: 1990-01 to 2026-06 is 438 rent periods and the deposit.
      const w = await world({ start_date: '1990-01-01', end_date: null, rent_cents: 1_000, deposit_cents: 500 })
      const first = await billOrganization(t.db, w.org.id, '2026-06-30')
      assert.deepEqual([first.chargesPosted, first.leasesBehind], [BILLING_MAX_POSTINGS_PER_LEASE, 1])
      const posted = await t.db.selectFrom('charges').select(['kind', 'due_date']).where('lease_id', '=', w.lease.id).orderBy('due_date').execute()
      assert.deepEqual([posted[0]!.kind, posted[0]!.due_date, posted.at(-1)!.due_date], ['deposit', '1990-01-01', '1999-12-01'])
      const runs = [first]
      while (runs.at(-1)!.leasesBehind > 0) runs.push(await billOrganization(t.db, w.org.id, '2026-06-30'))
      assert.deepEqual(runs.map((r) => r.chargesPosted), [121, 121, 121, 76])
      assert.equal((await billOrganization(t.db, w.org.id, '2026-06-30')).chargesPosted, 0)
      const rent = await t.db.selectFrom('charges').select(['due_date']).where('lease_id', '=', w.lease.id).where('kind', '=', 'rent').orderBy('due_date').execute()
      assert.deepEqual([rent.length, rent[0]!.due_date, rent.at(-1)!.due_date], [438, '1990-01-01', '2026-06-01'])
    })

    test('7,000 scheduled postings, more bind parameters than PostgreSQL takes in one statement, are all inserted', async () => {
      const w = await world({ start_date: '1990-01-01', end_date: null, rent_cents: 1_000 })
      const rows: NewRow<'charges'>[] = Array.from({ length: 7_000 }, (_, i) => {
        const day = addDays('1990-01-01', i)
        return { id: uuidv7(), org_id: w.org.id, lease_id: w.lease.id, kind: 'rent', description: `Rent ${day}`, amount_cents: 1, due_date: day, period_start: day, period_end: day, scheduled: true }
      })
      const inserted = await createLedgerQueries(t.db).insertScheduled(rows)
      assert.equal(inserted.length, 7_000)
      assert.equal(Number((await t.db.selectFrom('charges').select((eb) => eb.fn.countAll<number>().as('n')).where('lease_id', '=', w.lease.id).executeTakeFirstOrThrow()).n), 7_000)
    })

    test('a lease that cannot be billed is reported by id and left as it was; the other leases of the run are billed', async () => {
      const w = await world({ start_date: '2026-01-01', end_date: '2026-12-31', rent_cents: 1_000 })
      const unit = await t.f.unit(w.org.id, w.property.id)
      const good = await t.f.lease(w.org.id, unit.id, [w.tenantId], { start_date: '2026-01-01', end_date: '2026-12-31', rent_cents: 2_000, deposit_cents: 0 })
      // A database rule refusing the first lease's charges stands in for whatever breaks one lease.
      const name = `refuse_${w.lease.id.replaceAll('-', '')}`
      await sql.raw(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.lease_id = '${w.lease.id}' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$`).execute(t.db)
      await sql.raw(`CREATE TRIGGER ${name} BEFORE INSERT ON charges FOR EACH ROW EXECUTE FUNCTION ${name}()`).execute(t.db)
      try {
        const run = await billOrganization(t.db, w.org.id, '2026-03-31')
        assert.deepEqual(run.failed.map((f) => f.leaseId), [w.lease.id])
        assert.deepEqual([run.chargesPosted, run.postedCents], [3, 6_000])
        const charged = await t.db.selectFrom('charges').select(['lease_id']).where('org_id', '=', w.org.id).execute()
        assert.deepEqual(new Set(charged.map((c) => c.lease_id)), new Set([good.id]))
        assert.match(formatBillingReport([{ orgId: w.org.id, ...run }]), new RegExp(`1 leases could not be billed: ${w.lease.id}`))
      } finally {
        await sql.raw(`DROP TRIGGER ${name} ON charges; DROP FUNCTION ${name}()`).execute(t.db)
      }
      const again = await billOrganization(t.db, w.org.id, '2026-03-31')
      assert.deepEqual([again.failed, again.chargesPosted], [[], 3])
    })

    test('7,000 overdue rent charges, more late fees than one statement can insert, all get their fee in one run', async () => {
      const w = await world({ start_date: '1990-01-01', end_date: null, rent_cents: 100, grace_days: 0, late_fee_kind: 'flat', late_fee_flat_cents: 5 })
      await sql`
        INSERT INTO charges (id, org_id, lease_id, kind, description, amount_cents, due_date)
        SELECT gen_random_uuid(), ${w.org.id}, ${w.lease.id}, 'rent', 'Rent', 100, DATE '1990-01-01' + n
        FROM generate_series(0, 6999) AS n`.execute(t.db)
      const run = await assessLateFees(t.db, w.org.id, '2026-06-30')
      assert.deepEqual([run.feesPosted, run.postedCents], [7_000, 35_000])
      assert.equal((await assessLateFees(t.db, w.org.id, '2026-06-30')).feesPosted, 0)
    })

    test('a lease ending 31 May with May unpaid still owes the May balance in June', async () => {
      const w = await world({ start_date: '2026-01-01', end_date: '2026-05-31', rent_cents: 100_000, status: 'ended', grace_days: 5 })
      await billOrganization(t.db, w.org.id, '2026-06-30')
      for (const paidOn of ['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01']) await pay(w.org.id, w.tenantId, 100_000, { paid_on: paidOn })
      const ledger = await ledgerOf(w.token, w.tenantId, '?asOf=2026-06-15')
      assert.equal(ledger.balanceCents, 100_000)
      const open = ledger.charges.filter((c: { balanceCents: number }) => c.balanceCents > 0)
      assert.deepEqual(open.map((c: { dueDate: string; overdue: boolean; daysUntilDue: number }) => [c.dueDate, c.overdue, c.daysUntilDue]), [['2026-05-01', true, -45]])
      assert.equal(ledger.overdueCents, 100_000)
    })

    test('a returned payment re-opens exactly the charges it paid', async () => {
      const w = await world({ start_date: '2026-01-01', end_date: '2026-12-31', rent_cents: 100_000 })
      await billOrganization(t.db, w.org.id, '2026-03-01')
      await pay(w.org.id, w.tenantId, 100_000, { paid_on: '2026-01-02' })
      const returned = await pay(w.org.id, w.tenantId, 150_000, { paid_on: '2026-02-02' })
      let ledger = await ledgerOf(w.token, w.tenantId, '?asOf=2026-03-01')
      assert.deepEqual(ledger.charges.map((c: { balanceCents: number }) => c.balanceCents), [0, 0, 50_000])
      await setStatus(w.org.id, returned.id, 'returned', new Date('2026-03-04T15:00:00Z'))
      ledger = await ledgerOf(w.token, w.tenantId, '?asOf=2026-03-05')
      assert.deepEqual(ledger.charges.map((c: { balanceCents: number }) => c.balanceCents), [0, 100_000, 100_000])
      assert.equal(ledger.balanceCents, 200_000)
      const last = ledger.entries.at(-1)
      assert.deepEqual([last.type, last.date, last.amountCents, last.balanceCents], ['payment_reversed', '2026-03-04', 150_000, 200_000])
      const negative = await t.db.selectFrom('payment_allocations').select(['amount_cents']).where('payment_id', '=', returned.id).where('amount_cents', '<', 0).execute()
      assert.deepEqual(negative.map((r) => r.amount_cents).sort((a, b) => a - b), [-100_000, -50_000])
    })

    test('the late-fee run executed 50 times on the same day posts one fee per overdue charge', async () => {
      const w = await world({
        start_date: '2026-01-01',
        end_date: '2026-12-31',
        rent_cents: 100_000,
        grace_days: 5,
        late_fee_kind: 'percent',
        late_fee_percent_bp: 500,
        late_fee_cap_cents: 4_000,
        late_fee_min_balance_cents: 10_000,
      })
      await billOrganization(t.db, w.org.id, '2026-03-01')
      await pay(w.org.id, w.tenantId, 100_000, { paid_on: '2026-01-03' })
      await pay(w.org.id, w.tenantId, 95_000, { paid_on: '2026-02-03' })
      for (let i = 0; i < 50; i++) await assessLateFees(t.db, w.org.id, '2026-03-07')
      const fees = await t.db.selectFrom('charges').select(['amount_cents', 'source_charge_id', 'due_date']).where('lease_id', '=', w.lease.id).where('kind', '=', 'late_fee').execute()
      // January is paid; February owes 50.00, below the 100.00 minimum; March (due 1 Mar) is late on the 7th: 5 % capped at 40.00.
      assert.deepEqual(fees.map((f) => [f.amount_cents, f.due_date]), [[4_000, '2026-03-07']])
      const res = await t.as(w.token, { method: 'POST', url: '/api/v1/billing/late-fee-runs', payload: { on: '2026-03-07' } })
      assert.deepEqual(res.json(), { on: '2026-03-07', feesPosted: 0, postedCents: 0 })
    })

    test("a late-fee run for a day after today in the organization's zone is refused (400 naming body.on) and posts nothing", async () => {
      const w = await world({ start_date: '2026-01-01', end_date: null, rent_cents: 100_000, grace_days: 0, late_fee_kind: 'flat', late_fee_flat_cents: 5_000 })
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date())
      await billOrganization(t.db, w.org.id, addDays(today, 40))
      const ahead = await t.as(w.token, { method: 'POST', url: '/api/v1/billing/late-fee-runs', payload: { on: addDays(today, 1) } })
      assert.equal(ahead.statusCode, 400, ahead.body)
      assert.deepEqual(ahead.json().errors.map((e: { field: string }) => e.field), ['body.on'])
      await assert.rejects(runLateFees(t.db, { orgId: w.org.id, on: '2028-01-01' }), /at most today/)
      // The command line's billing run keeps the API's horizon: a mistyped year posts nothing.
      await assert.rejects(runBilling(t.db, { orgId: w.org.id, through: '2206-01-01' }), /at most 24 months ahead/)
      assert.equal((await t.db.selectFrom('charges').select('id').where('lease_id', '=', w.lease.id).where('period_start', '>', addDays(today, 40)).execute()).length, 0)
      assert.equal((await t.db.selectFrom('charges').select('id').where('lease_id', '=', w.lease.id).where('kind', '=', 'late_fee').execute()).length, 0)
      const now = await t.as(w.token, { method: 'POST', url: '/api/v1/billing/late-fee-runs', payload: { on: today } })
      assert.equal(now.statusCode, 200, now.body)
      assert.ok(now.json().feesPosted > 0)
    })

    test('no late fee is charged within the grace days', async () => {
      const w = await world({ start_date: '2026-01-01', end_date: '2026-12-31', rent_cents: 100_000, grace_days: 5, late_fee_kind: 'flat', late_fee_flat_cents: 5_000 })
      await billOrganization(t.db, w.org.id, '2026-01-31')
      assert.equal((await assessLateFees(t.db, w.org.id, '2026-01-06')).feesPosted, 0)
      assert.equal((await assessLateFees(t.db, w.org.id, '2026-01-07')).postedCents, 5_000)
    })

    test("the late-fee run judges today in the organization's time zone", async () => {
      const w = await world({ start_date: '2026-01-01', end_date: '2026-12-31', rent_cents: 100_000, grace_days: 0, late_fee_kind: 'flat', late_fee_flat_cents: 5_000 }, { time_zone: 'Pacific/Kiritimati' })
      await billOrganization(t.db, w.org.id, '2026-01-31')
      // 1 Jan 10:30 UTC is already 2 Jan in Kiritimati (UTC+14): the rent due on the 1st is late there.
      const run = await assessLateFees(t.db, w.org.id, undefined, null, new Date('2026-01-01T10:30:00Z'))
      assert.deepEqual(run, { on: '2026-01-02', feesPosted: 1, postedCents: 5_000 })
    })

    test('a rent due 2025-11-20 is the same calendar date and the same days-until-due everywhere', async () => {
      const w = await world({ start_date: '2025-11-20', end_date: '2026-11-19', rent_cents: 100_000, due_day: 20 }, { time_zone: 'America/Sao_Paulo' })
      await billOrganization(t.db, w.org.id, '2025-11-30')
      const ledger = await ledgerOf(w.token, w.tenantId, '?asOf=2025-11-17')
      const balance = (await t.as(w.token, { method: 'GET', url: `/api/v1/leases/${w.lease.id}/balance?asOf=2025-11-17` })).json()
      const aged = (await t.as(w.token, { method: 'GET', url: '/api/v1/reports/aged-receivables?asOf=2025-11-17' })).json()
      assert.equal(ledger.charges[0].dueDate, '2025-11-20')
      assert.equal(ledger.entries[0].date, '2025-11-20')
      assert.equal(ledger.charges[0].daysUntilDue, 3)
      assert.equal(balance.charges[0].daysUntilDue, 3)
      assert.equal(aged.rows.length, 0, 'nothing is receivable before it is due')
      const later = (await t.as(w.token, { method: 'GET', url: '/api/v1/reports/aged-receivables?asOf=2025-12-01' })).json()
      assert.deepEqual([later.rows[0].oldestDueDate, later.rows[0].oldestDaysPastDue], ['2025-11-20', 11])
    })

    test('a reversal corrects a paid charge: the payment becomes credit and pays the next charge', async () => {
      const w = await world()
      const wrong = await charge(w.token, w.lease.id, 12_000, '2026-02-01', 'utility')
      await pay(w.org.id, w.tenantId, 12_000, { paid_on: '2026-02-03' })
      const res = await t.as(w.token, { method: 'POST', url: `/api/v1/charges/${wrong.id}/reversal`, payload: { reason: 'meter misread', on: '2026-02-10' } })
      assert.equal(res.statusCode, 201, res.body)
      assert.deepEqual(res.json().adjustments.map((a: { amountCents: number; adjustment: string }) => [a.amountCents, a.adjustment]), [[-12_000, 'reversal']])
      let ledger = await ledgerOf(w.token, w.tenantId, '?asOf=2026-02-10')
      assert.equal(ledger.creditCents, 12_000)
      assert.equal(ledger.balanceCents, -12_000)
      await charge(w.token, w.lease.id, 9_000, '2026-02-11', 'utility')
      ledger = await ledgerOf(w.token, w.tenantId, '?asOf=2026-02-11')
      assert.equal(ledger.creditCents, 3_000)
      assert.ok(ledger.charges.every((c: { balanceCents: number }) => c.balanceCents >= 0))
      const again = await t.as(w.token, { method: 'POST', url: `/api/v1/charges/${wrong.id}/reversal`, payload: { reason: 'twice' } })
      assert.equal(again.statusCode, 409)
      assert.equal((await t.db.selectFrom('charges').select('amount_cents').where('id', '=', wrong.id).executeTakeFirstOrThrow()).amount_cents, 12_000)
    })

    test('a write-off ends what is owed on a charge and the ledger says so', async () => {
      const w = await world()
      const c = await charge(w.token, w.lease.id, 40_000, '2026-02-01')
      await pay(w.org.id, w.tenantId, 10_000, { paid_on: '2026-02-03' })
      const res = await t.as(w.token, { method: 'POST', url: `/api/v1/charges/${c.id}/write-off`, payload: { reason: 'uncollectable', on: '2026-06-01' } })
      assert.equal(res.statusCode, 201, res.body)
      const ledger = await ledgerOf(w.token, w.tenantId, '?asOf=2026-06-01')
      assert.equal(ledger.balanceCents, 0)
      assert.deepEqual(ledger.entries.map((e: { type: string; amountCents: number }) => [e.type, e.amountCents]), [['charge', 40_000], ['payment', -10_000], ['write_off', -30_000]])
    })

    test('a deposit is held, then pays the itemized deductions at move-out and the rest is refunded', async () => {
      const w = await world({ start_date: '2026-01-01', end_date: '2026-03-31', rent_cents: 100_000, deposit_cents: 150_000, status: 'ended' })
      await billOrganization(t.db, w.org.id, '2026-03-31')
      // Deposit and January, February paid; March unpaid.
      await pay(w.org.id, w.tenantId, 350_000, { paid_on: '2026-01-01' })
      let balance = (await t.as(w.token, { method: 'GET', url: `/api/v1/leases/${w.lease.id}/balance?asOf=2026-04-01` })).json()
      assert.equal(balance.balanceCents, 100_000)
      assert.deepEqual([balance.deposit.receivedCents, balance.deposit.heldCents], [150_000, 150_000])
      const march = balance.charges.find((c: { dueDate: string; kind: string }) => c.kind === 'rent' && c.dueDate === '2026-03-01')
      const res = await t.as(w.token, {
        method: 'POST',
        url: `/api/v1/leases/${w.lease.id}/deposit-disposition`,
        payload: { disposedOn: '2026-04-10', deductions: [{ description: 'Carpet cleaning', amountCents: 20_000 }, { description: 'March rent', amountCents: 100_000, chargeId: march.id }], refundMethod: 'check' },
      })
      assert.equal(res.statusCode, 201, res.body)
      const d = res.json()
      assert.deepEqual([d.heldCents, d.deductionsCents, d.appliedCents, d.refundCents], [150_000, 120_000, 120_000, 30_000])
      balance = (await t.as(w.token, { method: 'GET', url: `/api/v1/leases/${w.lease.id}/balance?asOf=2026-04-10` })).json()
      assert.equal(balance.balanceCents, 0)
      assert.deepEqual([balance.deposit.appliedCents, balance.deposit.refundedCents, balance.deposit.heldCents], [120_000, 30_000, 0])
      const ledger = await ledgerOf(w.token, w.tenantId, '?asOf=2026-04-10&from=2026-04-01')
      assert.equal(ledger.openingBalanceCents, 100_000)
      assert.deepEqual(
        ledger.entries.map((e: { type: string; amountCents: number }) => [e.type, e.amountCents]),
        [['charge', 20_000], ['deposit_applied', -20_000], ['deposit_applied', -100_000]],
      )
      assert.equal(ledger.deposits[0].disposition.refundCents, 30_000)
      const twice = await t.as(w.token, { method: 'POST', url: `/api/v1/leases/${w.lease.id}/deposit-disposition`, payload: { disposedOn: '2026-04-11' } })
      assert.equal(twice.statusCode, 409)
    })

    test('a deposit cannot be disposed of while the lease is active', async () => {
      const w = await world()
      const res = await t.as(w.token, { method: 'POST', url: `/api/v1/leases/${w.lease.id}/deposit-disposition`, payload: { disposedOn: '2026-04-11' } })
      assert.equal(res.statusCode, 409)
      assert.equal(res.json().code, 'lease.invalid_transition')
    })

    test('a credit pays open charges oldest first and may not exceed what is open', async () => {
      const w = await world()
      await charge(w.token, w.lease.id, 5_000, '2026-01-01')
      await charge(w.token, w.lease.id, 5_000, '2026-02-01')
      const res = await t.as(w.token, { method: 'POST', url: `/api/v1/leases/${w.lease.id}/credits`, payload: { amountCents: 7_000, description: 'Goodwill', on: '2026-02-02' } })
      assert.equal(res.statusCode, 201, res.body)
      assert.deepEqual(res.json().adjustments.map((a: { amountCents: number }) => a.amountCents), [-5_000, -2_000])
      const tooMuch = await t.as(w.token, { method: 'POST', url: `/api/v1/leases/${w.lease.id}/credits`, payload: { amountCents: 3_001, description: 'Too much' } })
      assert.equal(tooMuch.statusCode, 400)
      assert.equal(tooMuch.json().errors[0].field, 'body.amountCents')
    })

    test('co-tenants see one lease balance, and its shares sum to it', async () => {
      const w = await world()
      const second = await t.f.tenant(w.org.id)
      await t.db.insertInto('lease_tenants').values({ org_id: w.org.id, lease_id: w.lease.id, tenant_id: second.id }).execute()
      await charge(w.token, w.lease.id, 100_001, '2026-01-01')
      await pay(w.org.id, second.id, 30_000, { paid_on: '2026-01-02' })
      const balance = (await t.as(w.token, { method: 'GET', url: `/api/v1/leases/${w.lease.id}/balance?asOf=2026-01-05` })).json()
      assert.equal(balance.balanceCents, 70_001)
      assert.deepEqual(balance.shares.map((s: { shareCents: number }) => s.shareCents), [35_001, 35_000])
      const first = await ledgerOf(w.token, w.tenantId, '?asOf=2026-01-05')
      assert.equal(first.balanceCents, 70_001)
      assert.deepEqual(first.entries.map((e: { type: string; amountCents: number; paidByTenantId: string | null }) => [e.type, e.amountCents, e.paidByTenantId]), [['charge', 100_001, null], ['payment', -30_000, second.id]])
    })

    test("a tenant reads only their own ledger; others' are 404 and technicians are refused", async () => {
      const w = await world()
      const other = await world()
      const tenantToken = await t.tokenFor(w.tenantUser)
      assert.equal((await t.as(tenantToken, { method: 'GET', url: `/api/v1/tenants/${other.tenantId}/ledger` })).statusCode, 404)
      assert.equal((await t.as(tenantToken, { method: 'GET', url: `/api/v1/leases/${other.lease.id}/balance` })).statusCode, 404)
      assert.equal((await t.as(w.token, { method: 'GET', url: `/api/v1/tenants/${other.tenantId}/ledger` })).statusCode, 404, 'another organization')
      const tech = await t.tokenFor(await t.f.user(w.org.id, 'technician'))
      assert.equal((await t.as(tech, { method: 'GET', url: `/api/v1/tenants/${w.tenantId}/ledger` })).statusCode, 403)
      assert.equal((await t.as(tenantToken, { method: 'POST', url: `/api/v1/leases/${w.lease.id}/charges`, payload: { kind: 'other', amountCents: 1, dueDate: '2026-01-01', description: 'x' } })).statusCode, 403)
      assert.equal((await t.as(tenantToken, { method: 'POST', url: '/api/v1/billing/runs', payload: { through: '2026-01-01' } })).statusCode, 403)
      const manager = await t.f.user(w.org.id, 'property_manager')
      assert.equal((await t.as(await t.tokenFor(manager), { method: 'GET', url: `/api/v1/tenants/${w.tenantId}/ledger` })).statusCode, 404, 'a property not assigned')
      await t.f.assignManager(w.org.id, w.property.id, manager.id)
      assert.equal((await t.as(await t.tokenFor(manager), { method: 'GET', url: `/api/v1/tenants/${w.tenantId}/ledger` })).statusCode, 200)
    })

    test('bad input is a 400 naming the field', async () => {
      const w = await world()
      const res = await t.as(w.token, { method: 'POST', url: `/api/v1/leases/${w.lease.id}/charges`, payload: { kind: 'rent', amountCents: 10.5, dueDate: '2026-02-30', description: 'x', extra: 1 } })
      assert.equal(res.statusCode, 400)
      assert.equal(res.json().code, 'request.unknown_field')
      assert.deepEqual(res.json().errors.map((e: { field: string }) => e.field).sort(), ['body.amountCents', 'body.dueDate', 'body.extra'])
      const range = await t.as(w.token, { method: 'GET', url: `/api/v1/tenants/${w.tenantId}/ledger?from=2026-03-01&to=2026-02-01` })
      assert.equal(range.statusCode, 400)
      assert.equal((await t.as(w.token, { method: 'GET', url: '/api/v1/leases/not-a-uuid/balance' })).statusCode, 400)
    })
  })
}
