import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { targets } from '../../../test/support/db.js'
import { startTestApp, type TestApp } from '../../../test/support/app.js'

/** Today, this month and offsets as the organization (UTC by default) sees them. */
const utcDay = (offsetDays = 0): string => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10)
const monthStart = (): string => `${utcDay().slice(0, 7)}-01`

for (const target of targets) {
  describe(`dashboard on ${target.name}`, () => {
    let t: TestApp
    before(async () => {
      t = await startTestApp(target)
    })
    after(() => t.close())

    async function portfolio() {
      const org = await t.f.org({ time_zone: 'UTC' })
      const manager = await t.f.user(org.id, 'property_manager')
      const mine = await t.f.property(org.id)
      const other = await t.f.property(org.id)
      await t.f.assignManager(org.id, mine.id, manager.id)
      const [u1, u2, u3] = [await t.f.unit(org.id, mine.id), await t.f.unit(org.id, mine.id), await t.f.unit(org.id, mine.id)]
      const ou = await t.f.unit(org.id, other.id)
      const [a, b, c, d] = [await t.f.tenant(org.id), await t.f.tenant(org.id), await t.f.tenant(org.id), await t.f.tenant(org.id)]
      // u1: occupied, ends in 30 days; u2: occupied month-to-month; u3: only a future lease (not occupied).
      const l1 = await t.f.lease(org.id, u1.id, [a.id], { start_date: utcDay(-300), end_date: utcDay(30), rent_cents: 100_000, grace_days: 3 })
      const l2 = await t.f.lease(org.id, u2.id, [b.id], { start_date: utcDay(-100), end_date: null, rent_cents: 200_000 })
      await t.f.lease(org.id, u3.id, [c.id], { start_date: utcDay(10), end_date: utcDay(400) })
      const lo = await t.f.lease(org.id, ou.id, [d.id], { start_date: utcDay(-10), end_date: utcDay(5), rent_cents: 999_900 })
      return { org, manager, mine, other, l1, l2, lo, a, b, d }
    }

    test('answers occupancy, rent due and collected, delinquency, open requests and expiring leases of the visible properties only', async () => {
      const { org, manager, mine, other, l1, l2, lo, a, b, d } = await portfolio()
      const due = monthStart()
      await t.f.charge(org.id, l1.id, { amount_cents: 100_000, due_date: due })
      await t.f.charge(org.id, l2.id, { amount_cents: 200_000, due_date: due })
      await t.f.charge(org.id, lo.id, { amount_cents: 999_900, due_date: due })
      // An old charge past due + grace with 300.00 of 1,000.00 paid: 700.00 overdue.
      const old = await t.f.charge(org.id, l1.id, { amount_cents: 100_000, due_date: utcDay(-40) })
      const paid = await t.f.payment(org.id, a.id, { lease_id: l1.id, amount_cents: 30_000, paid_on: utcDay(-39), status: 'succeeded' })
      await t.db.insertInto('payment_allocations').values({ id: crypto.randomUUID(), org_id: org.id, payment_id: paid.id, charge_id: old.id, amount_cents: 30_000 }).execute()
      await t.f.payment(org.id, b.id, { lease_id: l2.id, amount_cents: 150_000, paid_on: due, status: 'succeeded' })
      await t.f.payment(org.id, b.id, { lease_id: l2.id, amount_cents: 50_000, paid_on: due, status: 'pending' })
      await t.f.payment(org.id, d.id, { lease_id: lo.id, amount_cents: 999_900, paid_on: due, status: 'succeeded' })
      await t.f.request(org.id, mine.id, { priority: 'emergency', status: 'open' })
      await t.f.request(org.id, mine.id, { priority: 'high', status: 'in_progress' })
      await t.f.request(org.id, mine.id, { priority: 'high', status: 'completed', completed_at: new Date() })
      await t.f.request(org.id, other.id, { priority: 'low', status: 'open' })

      const res = await t.as(await t.tokenFor(manager), { method: 'GET', url: '/api/v1/dashboard' })
      assert.equal(res.statusCode, 200, res.body)
      const body = res.json()
      assert.equal(body.asOf, utcDay())
      assert.equal(body.monthStart, due)
      assert.deepEqual(body.occupancy, { properties: 1, units: 3, occupiedUnits: 2 })
      assert.deepEqual(body.rent, { dueCents: 300_000, collectedCents: 150_000, pendingCents: 50_000 })
      assert.deepEqual(body.delinquency, { overdueCents: 70_000, overdueCharges: 1, delinquentLeases: 1 })
      assert.deepEqual(body.openRequests, { low: 0, normal: 0, high: 1, emergency: 1 })
      assert.equal(body.expiringLeases.total, 1)
      assert.equal(body.expiringLeases.leases[0].id, l1.id)
      assert.equal(body.expiringLeases.leases[0].endDate, utcDay(30))
      assert.deepEqual(body.expiringLeases.leases[0].tenantNames, [`${a.first_name} ${a.last_name}`])
    })

    test('an admin sees the whole organization and nothing of another one', async () => {
      const { org } = await portfolio()
      await portfolio() // another organization's rows must not count
      const admin = await t.f.user(org.id, 'admin')
      const res = await t.as(await t.tokenFor(admin), { method: 'GET', url: '/api/v1/dashboard?expiringWithinDays=7' })
      assert.equal(res.statusCode, 200, res.body)
      assert.deepEqual(res.json().occupancy, { properties: 2, units: 4, occupiedUnits: 3 })
      assert.equal(res.json().expiringLeases.total, 1)
      assert.equal(res.json().expiringLeases.withinDays, 7)
    })

    test('refuses tenants and technicians with 403, and a bad range with 400 naming the field', async () => {
      const { org } = await portfolio()
      for (const role of ['tenant', 'technician'] as const) {
        const res = await t.as(await t.tokenFor(await t.f.user(org.id, role)), { method: 'GET', url: '/api/v1/dashboard' })
        assert.equal(res.statusCode, 403)
      }
      const admin = await t.f.user(org.id, 'admin')
      const bad = await t.as(await t.tokenFor(admin), { method: 'GET', url: '/api/v1/dashboard?expiringWithinDays=0' })
      assert.equal(bad.statusCode, 400)
      assert.equal(bad.json().errors[0].field, 'query.expiringWithinDays')
    })

    test('propertyId narrows every figure to that one property of the caller', async () => {
      const { org, mine, other, l1, l2, lo, b, d } = await portfolio()
      const ownerUser = await t.f.user(org.id, 'owner')
      await t.db.updateTable('properties').set({ owner_id: ownerUser.owner_id }).where('id', 'in', [mine.id, other.id]).execute()
      const due = monthStart()
      await t.f.charge(org.id, l1.id, { amount_cents: 100_000, due_date: due })
      await t.f.charge(org.id, l2.id, { amount_cents: 200_000, due_date: due })
      await t.f.charge(org.id, lo.id, { amount_cents: 999_900, due_date: due })
      await t.f.payment(org.id, b.id, { lease_id: l2.id, amount_cents: 150_000, paid_on: due, status: 'succeeded' })
      await t.f.payment(org.id, d.id, { lease_id: lo.id, amount_cents: 999_900, paid_on: due, status: 'succeeded' })
      await t.f.request(org.id, mine.id, { priority: 'high', status: 'open' })
      await t.f.request(org.id, other.id, { priority: 'low', status: 'open' })
      const token = await t.tokenFor(ownerUser)

      const one = await t.as(token, { method: 'GET', url: `/api/v1/dashboard?propertyId=${mine.id}` })
      assert.equal(one.statusCode, 200, one.body)
      assert.deepEqual(one.json().occupancy, { properties: 1, units: 3, occupiedUnits: 2 })
      assert.deepEqual(one.json().rent, { dueCents: 300_000, collectedCents: 150_000, pendingCents: 0 })
      assert.deepEqual(one.json().openRequests, { low: 0, normal: 0, high: 1, emergency: 0 })
      assert.deepEqual(one.json().expiringLeases.leases.map((l: { id: string }) => l.id), [l1.id])
      const theOther = (await t.as(token, { method: 'GET', url: `/api/v1/dashboard?propertyId=${other.id}` })).json()
      assert.deepEqual(theOther.occupancy, { properties: 1, units: 1, occupiedUnits: 1 })
      assert.deepEqual(theOther.rent, { dueCents: 999_900, collectedCents: 999_900, pendingCents: 0 })
      const both = (await t.as(token, { method: 'GET', url: '/api/v1/dashboard' })).json()
      assert.deepEqual(both.occupancy, { properties: 2, units: 4, occupiedUnits: 3 })
    })

    test("another owner's property, an unassigned one and another organization's are 404; a bad id is 400", async () => {
      const { org, manager, mine, other } = await portfolio()
      const ownerUser = await t.f.user(org.id, 'owner')
      await t.db.updateTable('properties').set({ owner_id: ownerUser.owner_id }).where('id', '=', mine.id).execute()
      const foreignOwned = await t.f.property(org.id, { owner_id: (await t.f.owner(org.id)).id })
      const elsewhere = await t.f.property((await t.f.org()).id)
      const ownerToken = await t.tokenFor(ownerUser)
      for (const id of [foreignOwned.id, other.id, elsewhere.id]) {
        const res = await t.as(ownerToken, { method: 'GET', url: `/api/v1/dashboard?propertyId=${id}` })
        assert.equal(res.statusCode, 404, res.body)
        assert.equal(res.json().code, 'resource.not_found')
      }
      const managerToken = await t.tokenFor(manager)
      assert.equal((await t.as(managerToken, { method: 'GET', url: `/api/v1/dashboard?propertyId=${mine.id}` })).statusCode, 200)
      assert.equal((await t.as(managerToken, { method: 'GET', url: `/api/v1/dashboard?propertyId=${other.id}` })).statusCode, 404)
      const admin = await t.tokenFor(await t.f.user(org.id, 'admin'))
      assert.equal((await t.as(admin, { method: 'GET', url: `/api/v1/dashboard?propertyId=${elsewhere.id}` })).statusCode, 404)
      const bad = await t.as(admin, { method: 'GET', url: '/api/v1/dashboard?propertyId=nope' })
      assert.equal(bad.statusCode, 400)
      assert.equal(bad.json().errors[0].field, 'query.propertyId')
    })
  })
}
