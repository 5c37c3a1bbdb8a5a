import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { targets } from '../../../test/support/db.js'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import type { NewRow } from '../../db/types.js'
import { inTransaction } from '../../lib/tx.js'
import { applyPaymentStatus, billOrganization } from '../ledger/ledger.service.js'
import { decimal, toCsv } from './csv.js'
import { agingBucket } from './reports.service.js'

describe('report rules', () => {
  test('ageing buckets: current, 1-30, 31-60, 61-90, 90+', () => {
    assert.deepEqual([0, 1, 30, 31, 60, 61, 90, 91, -3].map(agingBucket), [
      'currentCents',
      'days1To30Cents',
      'days1To30Cents',
      'days31To60Cents',
      'days31To60Cents',
      'days61To90Cents',
      'days61To90Cents',
      'over90Cents',
      'currentCents',
    ])
  })

  test('CSV quotes what needs quoting, defuses formulas and writes money as exact decimals', () => {
    assert.equal(decimal(80_000), '800.00')
    assert.equal(decimal(-5), '-0.05')
    const csv = toCsv([{ header: 'name', value: (r: { n: string }) => r.n }], [{ n: 'Smith, "Jo"' }, { n: '=HYPERLINK("x")' }, { n: '-12.50' }])
    assert.equal(csv, 'name\r\n"Smith, ""Jo"""\r\n"\'=HYPERLINK(""x"")"\r\n-12.50\r\n')
  })
})

for (const target of targets) {
  describe(`reports on ${target.name}`, () => {
    let t: TestApp
    before(async () => {
      t = await startTestApp(target)
    })
    after(() => t.close())

    async function portfolio() {
      const org = await t.f.org()
      const owner = await t.f.user(org.id, 'owner')
      const admin = await t.f.user(org.id, 'admin')
      const property = await t.f.property(org.id, { name: 'Alder Court', owner_id: owner.owner_id, management_fee_bp: 800 })
      const occupied = await t.f.unit(org.id, property.id, { unit_number: '1A', market_rent_cents: 105_000 })
      await t.f.unit(org.id, property.id, { unit_number: '1B', market_rent_cents: 99_000 })
      const tenant = await t.f.tenant(org.id, { first_name: 'Ada', last_name: 'Lovelace' })
      const lease = await t.f.lease(org.id, occupied.id, [tenant.id], { start_date: '2026-01-01', end_date: '2026-12-31', rent_cents: 100_000, deposit_cents: 50_000, grace_days: 5 })
      return { org, owner, admin, property, occupied, tenant, lease, token: await t.tokenFor(admin) }
    }

    const pay = async (orgId: string, tenantId: string, cents: number, over: Partial<NewRow<'payments'>>) => {
      const payment = await t.f.payment(orgId, tenantId, { amount_cents: cents, ...over })
      await inTransaction(t.db, (trx) => applyPaymentStatus(trx, orgId, payment.id, null, null))
    }

    test('an invoice of 1000.00 paid 200.00 shows 800.00 on the rent roll and the aged receivables', async () => {
      const w = await portfolio()
      await t.db.updateTable('leases').set({ deposit_cents: 0 }).where('id', '=', w.lease.id).execute()
      await t.f.charge(w.org.id, w.lease.id, { kind: 'other', amount_cents: 100_000, due_date: '2026-01-10' })
      await pay(w.org.id, w.tenant.id, 20_000, { paid_on: '2026-01-11' })
      const roll = (await t.as(w.token, { method: 'GET', url: '/api/v1/reports/rent-roll?asOf=2026-01-15' })).json()
      assert.equal(roll.rows.find((r: { unitNumber: string }) => r.unitNumber === '1A').balanceCents, 80_000)
      const aged = (await t.as(w.token, { method: 'GET', url: '/api/v1/reports/aged-receivables?asOf=2026-01-15' })).json()
      assert.equal(aged.totals.totalCents, 80_000)
      assert.equal(aged.rows[0].days1To30Cents, 80_000)
    })

    test('the rent roll lists every unit as of the day, with rent, deposit held and balance', async () => {
      const w = await portfolio()
      await billOrganization(t.db, w.org.id, '2026-03-01')
      await pay(w.org.id, w.tenant.id, 250_000, { paid_on: '2026-01-01' })
      const res = await t.as(w.token, { method: 'GET', url: '/api/v1/reports/rent-roll?asOf=2026-03-10' })
      assert.equal(res.statusCode, 200, res.body)
      const roll = res.json()
      assert.deepEqual(
        roll.rows.map((r: Record<string, unknown>) => [r.unitNumber, r.occupancy, r.tenantNames, r.rentCents, r.depositHeldCents, r.balanceCents]),
        [
          ['1A', 'occupied', 'Ada Lovelace', 100_000, 50_000, 100_000],
          ['1B', 'vacant', null, null, 0, 0],
        ],
      )
      assert.deepEqual(roll.totals, { units: 2, occupied: 1, rentCents: 100_000, marketRentCents: 204_000, depositHeldCents: 50_000, balanceCents: 100_000 })
      // As of February the March rent was not yet due, and February was paid ahead.
      const earlier = (await t.as(w.token, { method: 'GET', url: '/api/v1/reports/rent-roll?asOf=2026-02-15' })).json()
      assert.equal(earlier.rows[0].balanceCents, 0)
      const csv = await t.as(w.token, { method: 'GET', url: '/api/v1/reports/rent-roll?asOf=2026-03-10&format=csv' })
      assert.equal(csv.statusCode, 200)
      assert.match(String(csv.headers['content-type']), /^text\/csv/)
      assert.equal(
        csv.body.split('\r\n')[1],
        'Alder Court,1A,occupied,Ada Lovelace,active,2026-01-01,2026-12-31,1000.00,1050.00,500.00,1000.00,2026-03-10',
      )
    })

    test('aged receivables bucket each open charge by days past due, ended leases included', async () => {
      const w = await portfolio()
      await t.db.updateTable('leases').set({ deposit_cents: 0, status: 'ended' }).where('id', '=', w.lease.id).execute()
      for (const [due, cents] of [['2026-06-30', 100], ['2026-06-15', 200], ['2026-05-15', 300], ['2026-04-15', 400], ['2026-03-01', 500]] as const) {
        await t.f.charge(w.org.id, w.lease.id, { kind: 'other', amount_cents: cents, due_date: due })
      }
      await t.f.charge(w.org.id, w.lease.id, { kind: 'other', amount_cents: 999, due_date: '2026-07-01' })
      const res = await t.as(w.token, { method: 'GET', url: '/api/v1/reports/aged-receivables?asOf=2026-06-30' })
      assert.equal(res.statusCode, 200, res.body)
      const aged = res.json()
      assert.deepEqual(aged.totals, { currentCents: 100, days1To30Cents: 200, days31To60Cents: 300, days61To90Cents: 400, over90Cents: 500, totalCents: 1_500 })
      assert.deepEqual([aged.rows[0].leaseStatus, aged.rows[0].oldestDueDate, aged.rows[0].oldestDaysPastDue, aged.rows[0].tenantNames], ['ended', '2026-03-01', 121, 'Ada Lovelace'])
      const csv = await t.as(w.token, { method: 'GET', url: '/api/v1/reports/aged-receivables?asOf=2026-06-30', headers: { accept: 'text/csv' } })
      assert.match(String(csv.headers['content-type']), /^text\/csv/)
      assert.equal(csv.body.split('\r\n')[0], 'property,unit,tenants,lease_status,current,1-30,31-60,61-90,90+,total,oldest_due_date,oldest_days_past_due,as_of')
      assert.equal(csv.body.split('\r\n')[1], 'Alder Court,1A,Ada Lovelace,ended,1.00,2.00,3.00,4.00,5.00,15.00,2026-03-01,121,2026-06-30')
    })

    test('the owner statement shows rent collected, work-order costs, the management fee and net to owner', async () => {
      const w = await portfolio()
      await billOrganization(t.db, w.org.id, '2026-02-28')
      // Deposit (held, not income) and January in January; February with a late fee in February.
      await pay(w.org.id, w.tenant.id, 150_000, { paid_on: '2026-01-02' })
      await t.f.charge(w.org.id, w.lease.id, { kind: 'late_fee', amount_cents: 5_000, due_date: '2026-02-10' })
      await pay(w.org.id, w.tenant.id, 105_000, { paid_on: '2026-02-12' })
      const request = await t.f.request(w.org.id, w.property.id)
      await t.f.workOrder(w.org.id, request.id, { status: 'completed', completed_at: new Date('2026-02-20T15:00:00Z'), actual_cost_cents: 30_000 })
      await t.f.workOrder(w.org.id, request.id, { status: 'completed', completed_at: new Date('2026-03-02T15:00:00Z'), actual_cost_cents: 99_999 })
      await t.f.property(w.org.id, { name: 'Not theirs' })

      const ownerToken = await t.tokenFor(w.owner)
      const res = await t.as(ownerToken, { method: 'GET', url: '/api/v1/reports/owner-statement?from=2026-02-01&to=2026-02-28' })
      assert.equal(res.statusCode, 200, res.body)
      const statement = res.json()
      assert.equal(statement.rows.length, 1, 'an owner sees only their properties')
      // Income 1000.00 rent + 50.00 fee; 8 % fee 84.00; costs 300.00; net 666.00.
      assert.deepEqual(statement.totals, {
        rentCollectedCents: 100_000,
        otherIncomeCents: 5_000,
        workOrderCostsCents: 30_000,
        managementFeeCents: 8_400,
        netToOwnerCents: 66_600,
        depositsReceivedCents: 0,
      })
      const january = (await t.as(ownerToken, { method: 'GET', url: '/api/v1/reports/owner-statement?from=2026-01-01&to=2026-01-31' })).json()
      assert.deepEqual([january.totals.rentCollectedCents, january.totals.depositsReceivedCents, january.totals.netToOwnerCents], [100_000, 50_000, 92_000])
      const csv = await t.as(ownerToken, { method: 'GET', url: '/api/v1/reports/owner-statement?from=2026-02-01&to=2026-02-28&format=csv' })
      assert.equal(csv.body.split('\r\n')[2], 'TOTAL,1000.00,50.00,300.00,84.00,666.00,0.00,2026-02-01,2026-02-28')
      const all = (await t.as(w.token, { method: 'GET', url: '/api/v1/reports/owner-statement?from=2026-02-01&to=2026-02-28' })).json()
      assert.equal(all.rows.length, 2, 'an admin sees every property')
    })

    test('a management fee set through the property API is subtracted on the owner statement', async () => {
      const w = await portfolio()
      await t.db.updateTable('properties').set({ management_fee_bp: 0 }).where('id', '=', w.property.id).execute()
      await t.db.updateTable('leases').set({ deposit_cents: 0 }).where('id', '=', w.lease.id).execute()
      await billOrganization(t.db, w.org.id, '2026-02-28')
      // January and February rent, both paid in February.
      await pay(w.org.id, w.tenant.id, 200_000, { paid_on: '2026-02-03' })
      await t.f.charge(w.org.id, w.lease.id, { kind: 'utility', amount_cents: 2_345, due_date: '2026-02-10' })
      await pay(w.org.id, w.tenant.id, 2_345, { paid_on: '2026-02-11' })
      const ownerToken = await t.tokenFor(w.owner)
      const statement = async () => {
        const res = await t.as(ownerToken, { method: 'GET', url: `/api/v1/reports/owner-statement?from=2026-02-01&to=2026-02-28&propertyId=${w.property.id}` })
        assert.equal(res.statusCode, 200, res.body)
        return res.json()
      }
      const before = await statement()
      assert.deepEqual([before.rows[0].managementFeeBp, before.totals.managementFeeCents, before.totals.netToOwnerCents], [0, 0, 202_345])

      const set = await t.as(w.token, { method: 'PATCH', url: `/api/v1/properties/${w.property.id}`, payload: { managementFeeBp: 850 } })
      assert.equal(set.statusCode, 200, set.body)
      const after = await statement()
      // Income 2023.45 at 8.5 %: 171.99325, rounded half up to 171.99; net 1851.46.
      assert.equal(after.rows[0].managementFeeBp, 850)
      assert.deepEqual(
        [after.rows[0].rentCollectedCents, after.rows[0].otherIncomeCents, after.rows[0].managementFeeCents, after.rows[0].netToOwnerCents],
        [200_000, 2_345, 17_199, 185_146],
      )
      assert.deepEqual([after.totals.managementFeeCents, after.totals.netToOwnerCents], [17_199, 185_146])
      const csv = await t.as(ownerToken, { method: 'GET', url: `/api/v1/reports/owner-statement?from=2026-02-01&to=2026-02-28&propertyId=${w.property.id}&format=csv` })
      assert.equal(csv.body.split('\r\n')[1], 'Alder Court,2000.00,23.45,0.00,171.99,1851.46,0.00,2026-02-01,2026-02-28')
    })

    test('reports refuse tenants and technicians, bad ranges and properties out of scope', async () => {
      const w = await portfolio()
      const tenantUser = await t.f.user(w.org.id, 'tenant', { tenant_id: w.tenant.id })
      assert.equal((await t.as(await t.tokenFor(tenantUser), { method: 'GET', url: '/api/v1/reports/rent-roll' })).statusCode, 403)
      assert.equal((await t.as(await t.tokenFor(await t.f.user(w.org.id, 'technician')), { method: 'GET', url: '/api/v1/reports/aged-receivables' })).statusCode, 403)
      const range = await t.as(w.token, { method: 'GET', url: '/api/v1/reports/owner-statement?from=2026-03-01&to=2026-02-01' })
      assert.equal(range.statusCode, 400)
      assert.equal(range.json().errors[0].field, 'query.from')
      const elsewhere = await portfolio()
      const scoped = await t.as(w.token, { method: 'GET', url: `/api/v1/reports/rent-roll?propertyId=${elsewhere.property.id}` })
      assert.equal(scoped.statusCode, 400)
      assert.equal(scoped.json().errors[0].field, 'query.propertyId')
      const manager = await t.f.user(w.org.id, 'property_manager')
      const empty = (await t.as(await t.tokenFor(manager), { method: 'GET', url: '/api/v1/reports/rent-roll' })).json()
      assert.equal(empty.rows.length, 0, 'a manager sees only assigned properties')
    })
  })
}
