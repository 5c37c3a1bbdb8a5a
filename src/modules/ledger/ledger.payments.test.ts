// Payments through the API as the ledger sees them: idempotent creation, allocation on success,
// re-opening on return, and the tenant's financial summary computed from the same entries.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { targets } from '../../../test/support/db.js'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { billOrganization } from './ledger.service.js'

for (const target of targets) {
  describe(`payments on the ledger on ${target.name}`, () => {
    let t: TestApp
    before(async () => {
      t = await startTestApp(target)
    })
    after(() => t.close())

    async function world() {
      const org = await t.f.org()
      const admin = await t.f.user(org.id, 'admin')
      const property = await t.f.property(org.id)
      const unit = await t.f.unit(org.id, property.id)
      const tenant = await t.f.tenant(org.id)
      const lease = await t.f.lease(org.id, unit.id, [tenant.id], { start_date: '2026-01-01', end_date: '2026-12-31', rent_cents: 100_000, deposit_cents: 0, grace_days: 5 })
      return { org, tenant, lease, token: await t.tokenFor(admin) }
    }

    const post = (token: string, payload: Record<string, unknown>, key?: string) =>
      t.as(token, { method: 'POST', url: '/api/v1/payments', payload, headers: key ? { 'idempotency-key': key } : {} })

    const balances = async (token: string, tenantId: string) =>
      (await t.as(token, { method: 'GET', url: `/api/v1/tenants/${tenantId}/ledger?asOf=2026-03-10` })).json().charges.map((c: { balanceCents: number }) => c.balanceCents)

    test('a payment retried after a lost response with the same key is one payment', async () => {
      const w = await world()
      await billOrganization(t.db, w.org.id, '2026-02-01')
      const body = { tenantId: w.tenant.id, leaseId: w.lease.id, amountCents: 150_000, method: 'ach', paidOn: '2026-02-02', status: 'succeeded' }
      const first = await post(w.token, body, 'retry-1')
      assert.equal(first.statusCode, 201, first.body)
      const again = await post(w.token, body, 'retry-1')
      assert.equal(again.statusCode, 201, again.body)
      assert.deepEqual(again.json(), first.json())
      const rows = await t.db.selectFrom('payments').select('id').where('org_id', '=', w.org.id).execute()
      assert.deepEqual(rows.map((r) => r.id), [first.json().id])
      const allocated = await t.db.selectFrom('payment_allocations').select('amount_cents').where('payment_id', '=', first.json().id).execute()
      assert.deepEqual(allocated.map((a) => a.amount_cents).sort((a, b) => b - a), [100_000, 50_000])
      const created = await t.db.selectFrom('events').select('action').where('entity_id', '=', first.json().id).where('action', '=', 'created').execute()
      assert.equal(created.length, 1)
    })

    test('retries racing with the same key still make one payment', async () => {
      const w = await world()
      const body = { tenantId: w.tenant.id, amountCents: 5_000, method: 'card', paidOn: '2026-02-02', status: 'succeeded' }
      const results = await Promise.all(Array.from({ length: 5 }, () => post(w.token, body, 'race-1')))
      assert.deepEqual(results.map((r) => r.statusCode), [201, 201, 201, 201, 201])
      assert.equal(new Set(results.map((r) => r.json().id)).size, 1)
      assert.equal((await t.db.selectFrom('payments').select('id').where('org_id', '=', w.org.id).execute()).length, 1)
    })

    test('the same key with a different body is refused with 409 and writes nothing', async () => {
      const w = await world()
      const body = { tenantId: w.tenant.id, amountCents: 5_000, method: 'card', paidOn: '2026-02-02' }
      assert.equal((await post(w.token, body, 'k-2')).statusCode, 201)
      const other = await post(w.token, { ...body, amountCents: 5_001 }, 'k-2')
      assert.equal(other.statusCode, 409)
      assert.equal(other.json().code, 'payment.idempotency_conflict')
      assert.equal(other.json().errors[0].field, 'header.idempotency-key')
      assert.equal((await t.db.selectFrom('payments').select('id').where('org_id', '=', w.org.id).execute()).length, 1)
    })

    test("a key is the caller's own: another user sending the same key records their own payment and learns nothing of the first", async () => {
      const w = await world()
      const manager = await t.tokenFor(await t.f.user(w.org.id, 'admin'))
      const body = { tenantId: w.tenant.id, amountCents: 5_000, method: 'card', paidOn: '2026-02-02' }
      const mine = await post(w.token, body, 'rent-2026-02')
      assert.equal(mine.statusCode, 201, mine.body)
      const theirs = await post(manager, { ...body, amountCents: 999 }, 'rent-2026-02')
      assert.equal(theirs.statusCode, 201, theirs.body)
      assert.notEqual(theirs.json().id, mine.json().id)
      assert.equal(theirs.json().amountCents, 999)
      // Each caller's retry still returns that caller's first result.
      assert.equal((await post(manager, { ...body, amountCents: 999 }, 'rent-2026-02')).json().id, theirs.json().id)
      assert.equal((await post(w.token, body, 'rent-2026-02')).json().id, mine.json().id)
      assert.equal((await t.db.selectFrom('payments').select('id').where('org_id', '=', w.org.id).execute()).length, 2)
    })

    test('pending → succeeded allocates oldest first; succeeded → returned re-opens exactly what it paid', async () => {
      const w = await world()
      await billOrganization(t.db, w.org.id, '2026-03-01')
      await post(w.token, { tenantId: w.tenant.id, amountCents: 100_000, method: 'check', paidOn: '2026-01-03', status: 'succeeded' })
      const ach = (await post(w.token, { tenantId: w.tenant.id, amountCents: 150_000, method: 'ach', paidOn: '2026-02-03' })).json()
      assert.deepEqual(await balances(w.token, w.tenant.id), [0, 100_000, 100_000], 'a pending payment pays nothing')
      const cleared = await t.as(w.token, { method: 'PATCH', url: `/api/v1/payments/${ach.id}`, payload: { status: 'succeeded' } })
      assert.equal(cleared.statusCode, 200, cleared.body)
      assert.deepEqual(await balances(w.token, w.tenant.id), [0, 0, 50_000])
      const returned = await t.as(w.token, { method: 'PATCH', url: `/api/v1/payments/${ach.id}`, payload: { status: 'returned' } })
      assert.equal(returned.statusCode, 200, returned.body)
      assert.deepEqual(await balances(w.token, w.tenant.id), [0, 100_000, 100_000])
      const back = await t.as(w.token, { method: 'PATCH', url: `/api/v1/payments/${ach.id}`, payload: { status: 'succeeded' } })
      assert.equal(back.statusCode, 409)
      assert.equal(back.json().code, 'payment.invalid_transition')
      const net = await t.db.selectFrom('payment_allocations').select((eb) => eb.fn.sum<number>('amount_cents').as('n')).where('payment_id', '=', ach.id).executeTakeFirstOrThrow()
      assert.equal(Number(net.n), 0)
    })

    test('a pending payment that fails writes nothing to the ledger', async () => {
      const w = await world()
      await billOrganization(t.db, w.org.id, '2026-01-01')
      const p = (await post(w.token, { tenantId: w.tenant.id, amountCents: 100_000, method: 'ach', paidOn: '2026-01-03' })).json()
      assert.equal((await t.as(w.token, { method: 'PATCH', url: `/api/v1/payments/${p.id}`, payload: { status: 'failed' } })).statusCode, 200)
      assert.equal((await t.db.selectFrom('payment_allocations').select('id').where('payment_id', '=', p.id).execute()).length, 0)
      assert.deepEqual(await balances(w.token, w.tenant.id), [100_000])
    })

    test("the tenant's financial summary is computed from the ledger", async () => {
      const w = await world()
      await billOrganization(t.db, w.org.id, '2026-03-01')
      await post(w.token, { tenantId: w.tenant.id, amountCents: 150_000, method: 'ach', paidOn: '2026-01-03', status: 'succeeded' })
      await post(w.token, { tenantId: w.tenant.id, amountCents: 20_000, method: 'ach', paidOn: '2026-03-02' })
      const summary = (await t.as(w.token, { method: 'GET', url: `/api/v1/tenants/${w.tenant.id}/financial-summary` })).json()
      const ledger = (await t.as(w.token, { method: 'GET', url: `/api/v1/tenants/${w.tenant.id}/ledger` })).json()
      assert.equal(summary.asOf, ledger.asOf)
      assert.equal(summary.overdueAmountCents, ledger.overdueCents)
      assert.deepEqual(
        [summary.totalPaidCents, summary.paidCount, summary.pendingAmountCents, summary.pendingCount, summary.overdueAmountCents, summary.overdueCount, summary.lastPaymentDate, summary.status],
        [150_000, 1, 20_000, 1, 150_000, 2, '2026-01-03', 'at_risk'],
      )
    })
  })
}
