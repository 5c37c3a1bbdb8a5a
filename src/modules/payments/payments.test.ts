import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { targets } from '../../../test/support/db.js'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import type { Role } from '../../db/types.js'
import { uuidv7 } from '../../lib/ids.js'
import { addDays, addMonths } from '../ledger/dates.js'

const API = '/api/v1/payments'

for (const target of targets) {
  describe(`payments on ${target.name}`, () => {
    let t: TestApp
    before(async () => {
      t = await startTestApp(target)
    })
    after(() => t.close())

    async function signedIn(orgId: string, role: Role, over: Parameters<TestApp['f']['user']>[2] = {}) {
      const user = await t.f.user(orgId, role, over)
      return { user, token: await t.tokenFor(user) }
    }

    /**
     * An organization with an admin and two properties, each with a unit under an active lease:
     * tenant one on property one, tenant two on property two.
     */
    async function world() {
      const org = await t.f.org()
      const admin = await signedIn(org.id, 'admin')
      const p1 = await t.f.property(org.id, { address_line1: '88 Juniper Way' })
      const p2 = await t.f.property(org.id, { address_line1: '3 Cedar Row' })
      const u1 = await t.f.unit(org.id, p1.id)
      const u2 = await t.f.unit(org.id, p2.id)
      const t1 = await t.f.tenant(org.id, { first_name: 'Imogen', last_name: 'Featherstone' })
      const t2 = await t.f.tenant(org.id, { first_name: 'Basil', last_name: 'Oakes' })
      const l1 = await t.f.lease(org.id, u1.id, [t1.id])
      const l2 = await t.f.lease(org.id, u2.id, [t2.id])
      return { org, admin, p1, p2, u1, u2, t1, t2, l1, l2 }
    }

    async function ids(token: string, qs: string) {
      const res = await t.as(token, { method: 'GET', url: `${API}?pageSize=100${qs ? `&${qs}` : ''}` })
      assert.equal(res.statusCode, 200, res.body)
      const body = res.json<{ data: { id: string }[]; total: number }>()
      assert.equal(body.total, body.data.length)
      return body.data.map((r) => r.id).sort()
    }

    const sorted = (...rows: { id: string }[]) => rows.map((r) => r.id).sort()
    const fields = (res: { json: () => { errors?: { field: string }[] } }) => (res.json().errors ?? []).map((e) => e.field)

    async function counts(orgId: string) {
      const n = async (table: 'payments' | 'events') =>
        Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', orgId).executeTakeFirstOrThrow()).n)
      return { payments: await n('payments'), events: await n('events') }
    }

    const allocate = (orgId: string, paymentId: string, chargeId: string, cents = 100) =>
      t.db.insertInto('payment_allocations').values({ id: uuidv7(), org_id: orgId, payment_id: paymentId, charge_id: chargeId, amount_cents: cents }).execute()

    describe('filters', () => {
      test('status[] with one value and with two values returns exactly the matching payments', async () => {
        const w = await world()
        const pending = await t.f.payment(w.org.id, w.t1.id, { status: 'pending' })
        const failed = await t.f.payment(w.org.id, w.t1.id, { status: 'failed' })
        await t.f.payment(w.org.id, w.t1.id, { status: 'succeeded' })
        await t.f.payment(w.org.id, w.t1.id, { status: 'returned' })
        assert.deepEqual(await ids(w.admin.token, 'status[]=failed'), sorted(failed))
        assert.deepEqual(await ids(w.admin.token, 'status[]=failed&status[]=pending'), sorted(pending, failed))
      })

      test('paymentMethod[] with one value and with two values filters on the method', async () => {
        const w = await world()
        const cash = await t.f.payment(w.org.id, w.t1.id, { method: 'cash' })
        const order = await t.f.payment(w.org.id, w.t1.id, { method: 'money_order' })
        await t.f.payment(w.org.id, w.t1.id, { method: 'ach' })
        await t.f.payment(w.org.id, w.t1.id, { method: 'card' })
        assert.deepEqual(await ids(w.admin.token, 'paymentMethod=money_order'), sorted(order))
        assert.deepEqual(await ids(w.admin.token, 'paymentMethod[]=cash&paymentMethod[]=money_order'), sorted(cash, order))
      })

      test('propertyId selects payments whose lease is on that property; tenantId the tenant’s', async () => {
        const w = await world()
        const onP1 = await t.f.payment(w.org.id, w.t1.id, { lease_id: w.l1.id })
        const noLease = await t.f.payment(w.org.id, w.t1.id)
        const onP2 = await t.f.payment(w.org.id, w.t2.id, { lease_id: w.l2.id })
        assert.deepEqual(await ids(w.admin.token, `propertyId=${w.p1.id}`), sorted(onP1))
        assert.deepEqual(await ids(w.admin.token, `propertyId=${w.p2.id}`), sorted(onP2))
        assert.deepEqual(await ids(w.admin.token, `tenantId=${w.t1.id}`), sorted(onP1, noLease))
        assert.deepEqual(await ids(w.admin.token, `tenantId=${w.t1.id}&propertyId=${w.p2.id}`), [])
      })

      test('minAmount/maxAmount are inclusive cents', async () => {
        const w = await world()
        const pay = (amount_cents: number) => t.f.payment(w.org.id, w.t1.id, { amount_cents })
        const below = await pay(9_999)
        const min = await pay(10_000)
        const mid = await pay(15_000)
        const max = await pay(20_000)
        const above = await pay(20_001)
        assert.deepEqual(await ids(w.admin.token, 'minAmount=10000&maxAmount=20000'), sorted(min, mid, max))
        assert.deepEqual(await ids(w.admin.token, 'minAmount=20000'), sorted(max, above))
        assert.deepEqual(await ids(w.admin.token, 'maxAmount=10000'), sorted(below, min))
        assert.deepEqual(await ids(w.admin.token, 'minAmount=15000&maxAmount=15000'), sorted(mid))
      })

      test('paymentDateFrom/To are inclusive calendar dates on paid_on', async () => {
        const w = await world()
        const on = (paid_on: string) => t.f.payment(w.org.id, w.t1.id, { paid_on })
        await on('2026-01-09')
        const from = await on('2026-01-10')
        const middle = await on('2026-01-11')
        const to = await on('2026-01-12')
        const after = await on('2026-01-13')
        assert.deepEqual(await ids(w.admin.token, 'paymentDateFrom=2026-01-10&paymentDateTo=2026-01-12'), sorted(from, middle, to))
        assert.deepEqual(await ids(w.admin.token, 'paymentDateFrom=2026-01-12'), sorted(to, after))
        assert.deepEqual(await ids(w.admin.token, 'paymentDateFrom=2026-01-11&paymentDateTo=2026-01-11'), sorted(middle))
      })

      test('dueDateFrom/To select payments allocated to a charge due in the range, inclusive', async () => {
        const w = await world()
        const charge = (due_date: string) => t.f.charge(w.org.id, w.l1.id, { due_date })
        const byDue = async (due: string) => {
          const p = await t.f.payment(w.org.id, w.t1.id, { lease_id: w.l1.id })
          await allocate(w.org.id, p.id, (await charge(due)).id)
          return p
        }
        await byDue('2026-02-28')
        const first = await byDue('2026-03-01')
        const mid = await byDue('2026-03-15')
        const last = await byDue('2026-03-31')
        const dayAfter = await byDue('2026-04-01')
        const split = await t.f.payment(w.org.id, w.t1.id, { lease_id: w.l1.id })
        await allocate(w.org.id, split.id, (await charge('2026-01-01')).id)
        await allocate(w.org.id, split.id, (await charge('2026-03-20')).id)
        await t.f.payment(w.org.id, w.t1.id, { lease_id: w.l1.id, paid_on: '2026-03-15' })
        assert.deepEqual(await ids(w.admin.token, 'dueDateFrom=2026-03-01&dueDateTo=2026-03-31'), sorted(first, mid, last, split))
        assert.deepEqual(await ids(w.admin.token, 'dueDateFrom=2026-03-31'), sorted(last, dayAfter))
        assert.deepEqual(await ids(w.admin.token, 'dueDateTo=2026-01-01'), sorted(split))
      })

      test('search matches reference, tenant first or last name and the lease’s property address, case-insensitively', async () => {
        const w = await world()
        const byRef = await t.f.payment(w.org.id, w.t2.id, { reference: 'CHK-4471' })
        const ofT1 = await t.f.payment(w.org.id, w.t1.id)
        const ofT1OnLease = await t.f.payment(w.org.id, w.t1.id, { lease_id: w.l1.id })
        const onCedar = await t.f.payment(w.org.id, w.t2.id, { lease_id: w.l2.id })
        await t.f.payment(w.org.id, w.t2.id, { reference: 'WIRE-1' })
        assert.deepEqual(await ids(w.admin.token, 'search=chk-44'), sorted(byRef))
        assert.deepEqual(await ids(w.admin.token, 'search=IMOGEN'), sorted(ofT1, ofT1OnLease))
        assert.deepEqual(await ids(w.admin.token, 'search=featherst'), sorted(ofT1, ofT1OnLease))
        assert.deepEqual(await ids(w.admin.token, 'search=cedar%20row'), sorted(onCedar))
        assert.deepEqual(await ids(w.admin.token, 'search=juniper'), sorted(ofT1OnLease))
        assert.deepEqual(await ids(w.admin.token, 'search=_'), [])
      })

      test('items carry the tenant summary and exact values', async () => {
        const w = await world()
        const p = await t.f.payment(w.org.id, w.t1.id, { lease_id: w.l1.id, amount_cents: 123_456, method: 'check', status: 'pending', paid_on: '2026-02-03', reference: 'R1', memo: 'Feb' })
        const res = await t.as(w.admin.token, { method: 'GET', url: `${API}/${p.id}` })
        assert.equal(res.statusCode, 200, res.body)
        const body = res.json()
        assert.deepEqual(
          { ...body, createdAt: undefined, updatedAt: undefined },
          {
            id: p.id,
            tenantId: w.t1.id,
            leaseId: w.l1.id,
            amountCents: 123_456,
            method: 'check',
            status: 'pending',
            paidOn: '2026-02-03',
            reference: 'R1',
            memo: 'Feb',
            createdAt: undefined,
            updatedAt: undefined,
            tenant: { id: w.t1.id, firstName: 'Imogen', lastName: 'Featherstone' },
            reversedOn: null,
          },
        )
      })
    })

    test('57 payments with the same paid_on and created_at are walked page by page, each seen exactly once', async () => {
      const w = await world()
      const created = new Date('2026-03-01T12:00:00Z')
      const made: string[] = []
      for (let i = 0; i < 57; i++) made.push((await t.f.payment(w.org.id, w.t1.id, { paid_on: '2026-03-01', created_at: created })).id)
      const seen: string[] = []
      for (let page = 1; page <= 3; page++) {
        const res = await t.as(w.admin.token, { method: 'GET', url: `${API}?page=${page}&pageSize=25` })
        const body = res.json()
        assert.equal(body.total, 57)
        assert.equal(body.data.length, page === 3 ? 7 : 25)
        seen.push(...body.data.map((p: { id: string }) => p.id))
      }
      assert.equal(new Set(seen).size, 57)
      assert.deepEqual(seen, [...made].sort().reverse())
    })

    test('the list is newest first: paid_on, then created_at, then id', async () => {
      const w = await world()
      const old = await t.f.payment(w.org.id, w.t1.id, { paid_on: '2026-01-01' })
      const sameDayEarly = await t.f.payment(w.org.id, w.t1.id, { paid_on: '2026-02-01', created_at: new Date('2026-02-01T08:00:00Z') })
      const sameDayLate = await t.f.payment(w.org.id, w.t1.id, { paid_on: '2026-02-01', created_at: new Date('2026-02-01T09:00:00Z') })
      const res = await t.as(w.admin.token, { method: 'GET', url: API })
      assert.deepEqual(res.json().data.map((p: { id: string }) => p.id), [sameDayLate.id, sameDayEarly.id, old.id])
    })

    describe('bad input', () => {
      test('amountCents negative, zero, fractional or a string is a 400 naming it, and nothing is written', async () => {
        const w = await world()
        const before = await counts(w.org.id)
        for (const amountCents of [-100, 0, 10.5, '100', null, 1e12]) {
          const res = await t.as(w.admin.token, { method: 'POST', url: API, payload: { tenantId: w.t1.id, amountCents, method: 'ach', paidOn: '2026-01-01' } })
          assert.equal(res.statusCode, 400, String(amountCents))
          assert.deepEqual(fields(res), ['body.amountCents'])
        }
        assert.deepEqual(await counts(w.org.id), before)
      })

      test('wrong types, unknown fields, a bogus method or status, and a bad date are 400s naming each field', async () => {
        const w = await world()
        const before = await counts(w.org.id)
        const res = await t.as(w.admin.token, {
          method: 'POST',
          url: API,
          payload: { tenantId: 'me', amountCents: 100, method: 'bitcoin', paidOn: '2026-13-01', status: 'refunded', dueDate: '2026-01-01' },
        })
        assert.equal(res.statusCode, 400)
        assert.deepEqual(fields(res).sort(), ['body.dueDate', 'body.method', 'body.paidOn', 'body.status', 'body.tenantId'])
        assert.deepEqual(await counts(w.org.id), before)
      })

      test('inverted ranges and bogus list parameters are 400s naming the field', async () => {
        const w = await world()
        const cases: [string, string][] = [
          ['minAmount=200&maxAmount=100', 'query.minAmount'],
          ['paymentDateFrom=2026-01-02&paymentDateTo=2026-01-01', 'query.paymentDateFrom'],
          ['dueDateFrom=2026-01-02&dueDateTo=2026-01-01', 'query.dueDateFrom'],
          ['status=lost', 'query.status'],
          ['paymentMethod[]=bitcoin', 'query.paymentMethod'],
          ['minAmount=abc', 'query.minAmount'],
          ['maxAmount=1.5', 'query.maxAmount'],
          ['minAmount=-1', 'query.minAmount'],
          ['paymentDateFrom=01/02/2026', 'query.paymentDateFrom'],
          ['propertyId=p1', 'query.propertyId'],
          ['dueDate=2026-01-01', 'query.dueDate'],
        ]
        for (const [qs, field] of cases) {
          const res = await t.as(w.admin.token, { method: 'GET', url: `${API}?${qs}` })
          assert.equal(res.statusCode, 400, qs)
          assert.ok(fields(res).some((f) => f === field || f.startsWith(`${field}.`)), `${qs}: ${res.body}`)
        }
        assert.equal((await t.as(w.admin.token, { method: 'GET', url: `${API}?minAmount=100&maxAmount=100` })).statusCode, 200)
      })

      test('a malformed id is a 400 naming path.id; an empty update is a 400', async () => {
        const w = await world()
        for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
          const res = await t.as(w.admin.token, { method, url: `${API}/12`, ...(method === 'PATCH' ? { payload: { memo: 'x' } } : {}) })
          assert.equal(res.statusCode, 400)
          assert.deepEqual(fields(res), ['path.id'])
        }
        const p = await t.f.payment(w.org.id, w.t1.id)
        const empty = await t.as(w.admin.token, { method: 'PATCH', url: `${API}/${p.id}`, payload: {} })
        assert.equal(empty.statusCode, 400)
        const unknown = await t.as(w.admin.token, { method: 'PATCH', url: `${API}/${p.id}`, payload: { amountCents: 1 } })
        assert.equal(unknown.statusCode, 400)
        assert.deepEqual(fields(unknown), ['body.amountCents'])
      })
    })

    describe('create, update and delete', () => {
      test('a manager records a payment for a tenant of an assigned property: 201, created_by and one event', async () => {
        const w = await world()
        const manager = await signedIn(w.org.id, 'property_manager')
        await t.f.assignManager(w.org.id, w.p1.id, manager.user.id)
        const res = await t.as(manager.token, {
          method: 'POST',
          url: API,
          payload: { tenantId: w.t1.id, leaseId: w.l1.id, amountCents: 150_000, method: 'check', paidOn: '2026-02-01', reference: 'CHK 1001', status: 'succeeded' },
        })
        assert.equal(res.statusCode, 201, res.body)
        const body = res.json()
        assert.equal(body.amountCents, 150_000)
        assert.equal(body.status, 'succeeded')
        assert.equal(body.paidOn, '2026-02-01')
        assert.equal(body.tenant.lastName, 'Featherstone')
        const row = await t.db.selectFrom('payments').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow()
        assert.equal(row.created_by, manager.user.id)
        const events = await t.db.selectFrom('events').selectAll().where('org_id', '=', w.org.id).execute()
        assert.deepEqual(events.map((e) => [e.topic, e.action, e.entity_id]), [['payment', 'created', body.id]])
        assert.deepEqual(events[0]!.payload, { tenantId: w.t1.id, leaseId: w.l1.id, status: 'succeeded' })
        const defaulted = await t.as(manager.token, { method: 'POST', url: API, payload: { tenantId: w.t1.id, amountCents: 1, method: 'cash', paidOn: '2026-02-01' } })
        assert.equal(defaulted.json().status, 'pending')
        assert.equal(defaulted.json().leaseId, null)
      })

      test('a tenant or lease outside the caller’s scope is a 400 naming it, and nothing is written', async () => {
        const w = await world()
        const manager = await signedIn(w.org.id, 'property_manager')
        await t.f.assignManager(w.org.id, w.p1.id, manager.user.id)
        const foreign = await world()
        const before = await counts(w.org.id)
        const cases: [string, Record<string, unknown>, string][] = [
          [manager.token, { tenantId: w.t2.id }, 'body.tenantId'],
          [manager.token, { tenantId: w.t1.id, leaseId: w.l2.id }, 'body.leaseId'],
          [w.admin.token, { tenantId: foreign.t1.id }, 'body.tenantId'],
          [w.admin.token, { tenantId: w.t1.id, leaseId: foreign.l1.id }, 'body.leaseId'],
          [w.admin.token, { tenantId: uuidv7() }, 'body.tenantId'],
        ]
        for (const [token, payload, field] of cases) {
          const res = await t.as(token, { method: 'POST', url: API, payload: { amountCents: 100, method: 'ach', paidOn: '2026-01-01', ...payload } })
          assert.equal(res.statusCode, 400, `${field}: ${res.body}`)
          assert.deepEqual(fields(res), [field])
        }
        assert.deepEqual(await counts(w.org.id), before)
      })

      test('a tenant pays for themself on their own lease, always pending; for anyone else it is refused', async () => {
        const w = await world()
        const tenant = await signedIn(w.org.id, 'tenant', { tenant_id: w.t1.id })
        const ok = await t.as(tenant.token, { method: 'POST', url: API, payload: { tenantId: w.t1.id, leaseId: w.l1.id, amountCents: 150_000, method: 'card', paidOn: '2026-02-01' } })
        assert.equal(ok.statusCode, 201, ok.body)
        assert.equal(ok.json().status, 'pending')
        const before = await counts(w.org.id)
        const forOther = await t.as(tenant.token, { method: 'POST', url: API, payload: { tenantId: w.t2.id, amountCents: 100, method: 'card', paidOn: '2026-02-01' } })
        assert.equal(forOther.statusCode, 400)
        assert.deepEqual(fields(forOther), ['body.tenantId'])
        const otherLease = await t.as(tenant.token, { method: 'POST', url: API, payload: { tenantId: w.t1.id, leaseId: w.l2.id, amountCents: 100, method: 'card', paidOn: '2026-02-01' } })
        assert.equal(otherLease.statusCode, 400)
        assert.deepEqual(fields(otherLease), ['body.leaseId'])
        const cleared = await t.as(tenant.token, { method: 'POST', url: API, payload: { tenantId: w.t1.id, amountCents: 100, method: 'card', paidOn: '2026-02-01', status: 'succeeded' } })
        assert.equal(cleared.statusCode, 403)
        assert.deepEqual(fields(cleared), ['body.status'])
        assert.deepEqual(await counts(w.org.id), before)
      })

      test('staff update status, reference and memo; owners and tenants get 403', async () => {
        const w = await world()
        const p = await t.f.payment(w.org.id, w.t1.id, { lease_id: w.l1.id, status: 'pending' })
        const res = await t.as(w.admin.token, { method: 'PATCH', url: `${API}/${p.id}`, payload: { status: 'succeeded', reference: 'ACH-9', memo: null } })
        assert.equal(res.statusCode, 200, res.body)
        assert.equal(res.json().status, 'succeeded')
        assert.equal(res.json().reference, 'ACH-9')
        assert.equal(res.json().memo, null)
        assert.ok(res.json().updatedAt >= res.json().createdAt)
        const owner = await signedIn(w.org.id, 'owner')
        await t.db.updateTable('properties').set({ owner_id: owner.user.owner_id }).where('id', '=', w.p1.id).execute()
        const tenant = await signedIn(w.org.id, 'tenant', { tenant_id: w.t1.id })
        for (const token of [owner.token, tenant.token]) {
          assert.equal((await t.as(token, { method: 'PATCH', url: `${API}/${p.id}`, payload: { memo: 'x' } })).statusCode, 403)
        }
        const events = await t.db.selectFrom('events').select(['topic', 'action', 'payload']).where('org_id', '=', w.org.id).execute()
        assert.deepEqual(events, [{ topic: 'payment', action: 'updated', payload: { tenantId: w.t1.id, leaseId: w.l1.id, status: 'succeeded', previousStatus: 'pending' } }])
      })

      test('an admin deletes pending and failed payments (204); a succeeded one is a 409; managers get 403', async () => {
        const w = await world()
        const manager = await signedIn(w.org.id, 'property_manager')
        await t.f.assignManager(w.org.id, w.p1.id, manager.user.id)
        const pending = await t.f.payment(w.org.id, w.t1.id, { status: 'pending' })
        const failed = await t.f.payment(w.org.id, w.t1.id, { status: 'failed' })
        const succeeded = await t.f.payment(w.org.id, w.t1.id, { status: 'succeeded' })
        assert.equal((await t.as(manager.token, { method: 'DELETE', url: `${API}/${pending.id}` })).statusCode, 403)
        assert.equal((await t.as(w.admin.token, { method: 'DELETE', url: `${API}/${pending.id}` })).statusCode, 204)
        assert.equal((await t.as(w.admin.token, { method: 'DELETE', url: `${API}/${failed.id}` })).statusCode, 204)
        const kept = await t.as(w.admin.token, { method: 'DELETE', url: `${API}/${succeeded.id}` })
        assert.equal(kept.statusCode, 409)
        assert.equal(kept.json().code, 'payment.not_deletable')
        assert.deepEqual(await ids(w.admin.token, ''), sorted(succeeded))
        const events = await t.db.selectFrom('events').select(['action', 'entity_id']).where('org_id', '=', w.org.id).orderBy('seq').execute()
        assert.deepEqual(events, [{ action: 'deleted', entity_id: pending.id }, { action: 'deleted', entity_id: failed.id }])
      })

      test('a pending payment already allocated to a charge is not deleted (409) and stays', async () => {
        const w = await world()
        const p = await t.f.payment(w.org.id, w.t1.id, { lease_id: w.l1.id, status: 'pending' })
        await allocate(w.org.id, p.id, (await t.f.charge(w.org.id, w.l1.id)).id)
        const res = await t.as(w.admin.token, { method: 'DELETE', url: `${API}/${p.id}` })
        assert.equal(res.statusCode, 409, res.body)
        assert.equal((await t.as(w.admin.token, { method: 'GET', url: `${API}/${p.id}` })).statusCode, 200)
        assert.equal((await counts(w.org.id)).events, 0)
      })
    })

    test('a pending payment confirmed and deleted at the same moment is either confirmed or deleted, never both', async () => {
      const w = await world()
      for (let i = 0; i < 25; i++) {
        const created = await t.as(w.admin.token, { method: 'POST', url: API, payload: { tenantId: w.t1.id, amountCents: 777, method: 'cash', paidOn: '2026-02-01' } })
        assert.equal(created.statusCode, 201, created.body)
        const id = created.json().id
        const [confirm, remove] = await Promise.all([
          t.as(w.admin.token, { method: 'PATCH', url: `${API}/${id}`, payload: { status: 'succeeded' } }),
          t.as(w.admin.token, { method: 'DELETE', url: `${API}/${id}` }),
        ])
        const after = await t.db.selectFrom('payments').select('status').where('id', '=', id).executeTakeFirst()
        if (confirm.statusCode === 200) {
          assert.equal(remove.statusCode, 409, `round ${i}: confirmed and deleted`)
          assert.equal(after?.status, 'succeeded')
        } else {
          assert.equal(remove.statusCode, 204, remove.body)
          assert.equal(after, undefined)
        }
      }
    })

    describe('the day paid', () => {
      const todayNY = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date())

      test('a payment dated after today in the organization\'s zone, or more than a year before its lease starts, is refused (400 naming body.paidOn)', async () => {
        const w = await world()
        const tenant = await signedIn(w.org.id, 'tenant', { tenant_id: w.t1.id })
        const body = { tenantId: w.t1.id, leaseId: w.l1.id, amountCents: 100, method: 'card' }
        for (const [token, paidOn] of [[w.admin.token, addDays(todayNY(), 1)], [tenant.token, addDays(todayNY(), 1)], [w.admin.token, '2099-01-01'], [w.admin.token, addDays(w.l1.start_date, -367)]] as const) {
          const res = await t.as(token, { method: 'POST', url: API, payload: { ...body, paidOn } })
          assert.equal(res.statusCode, 400, `${paidOn}: ${res.body}`)
          assert.deepEqual(fields(res), ['body.paidOn'])
        }
        for (const paidOn of [todayNY(), addDays(w.l1.start_date, -366)]) {
          const res = await t.as(tenant.token, { method: 'POST', url: API, payload: { ...body, paidOn } })
          assert.equal(res.statusCode, 201, `${paidOn}: ${res.body}`)
        }
        const count = await t.db.selectFrom('payments').select('paid_on').where('tenant_id', '=', w.t1.id).execute()
        assert.equal(count.length, 2)
      })

      test('a payment made today leaves the ledger, the lease balance, aged receivables and the rent roll owing the same', async () => {
        const w = await world()
        const today = todayNY()
        const unit = await t.f.unit(w.org.id, w.p1.id)
        const tenant = await t.f.tenant(w.org.id)
        const start = addMonths(`${today.slice(0, 8)}01`, -2)
        const lease = await t.f.lease(w.org.id, unit.id, [tenant.id], { start_date: start, end_date: null, rent_cents: 100_000, deposit_cents: 0 })
        assert.equal((await t.as(w.admin.token, { method: 'POST', url: '/api/v1/billing/runs', payload: { through: today } })).statusCode, 200)
        const paid = await t.as(w.admin.token, { method: 'POST', url: API, payload: { tenantId: tenant.id, leaseId: lease.id, amountCents: 150_000, method: 'check', paidOn: today, status: 'succeeded' } })
        assert.equal(paid.statusCode, 201, paid.body)
        const get = async (url: string) => (await t.as(w.admin.token, { method: 'GET', url })).json()
        const ledger = await get(`/api/v1/tenants/${tenant.id}/ledger`)
        const balance = await get(`/api/v1/leases/${lease.id}/balance`)
        const aged = await get(`/api/v1/reports/aged-receivables?propertyId=${w.p1.id}`)
        const roll = await get(`/api/v1/reports/rent-roll?propertyId=${w.p1.id}`)
        const row = roll.rows.find((r: { leaseId: string | null }) => r.leaseId === lease.id)
        const agedRow = aged.rows.filter((r: { leaseId: string }) => r.leaseId === lease.id)
        const agedTotal = agedRow.reduce((n: number, r: { totalCents: number }) => n + r.totalCents, 0)
        assert.deepEqual([ledger.balanceCents, balance.balanceCents, agedTotal, row.balanceCents], [150_000, 150_000, 150_000, 150_000])
      })
    })

    describe('scope', () => {
      test('tenant A cannot read tenant B’s payment (404) nor see it in the list', async () => {
        const w = await world()
        const a = await signedIn(w.org.id, 'tenant', { tenant_id: w.t1.id })
        const ofA = await t.f.payment(w.org.id, w.t1.id)
        const ofB = await t.f.payment(w.org.id, w.t2.id, { lease_id: w.l2.id })
        assert.equal((await t.as(a.token, { method: 'GET', url: `${API}/${ofB.id}` })).statusCode, 404)
        assert.equal((await t.as(a.token, { method: 'GET', url: `${API}/${ofA.id}` })).statusCode, 200)
        assert.deepEqual(await ids(a.token, ''), sorted(ofA))
        assert.deepEqual(await ids(a.token, `tenantId=${w.t2.id}`), [])
        assert.deepEqual(await ids(a.token, `propertyId=${w.p2.id}`), [])
      })

      test('include=lease,allocations gives the lease with its unit and property and the allocations, only those on visible properties', async () => {
        const w = await world()
        // Tenant one also rents on property two; a payment naming no lease was spread over both leases.
        const second = await t.f.lease(w.org.id, (await t.f.unit(w.org.id, w.p2.id)).id, [w.t1.id])
        const here = await t.f.charge(w.org.id, w.l1.id, { due_date: '2026-01-01', description: 'January rent' })
        const there = await t.f.charge(w.org.id, second.id, { due_date: '2026-01-01' })
        const onLease = await t.f.payment(w.org.id, w.t1.id, { lease_id: w.l1.id, reference: 'DETAIL-1' })
        const spread = await t.f.payment(w.org.id, w.t1.id)
        await allocate(w.org.id, onLease.id, here.id, 5_000)
        await allocate(w.org.id, spread.id, here.id, 100)
        await allocate(w.org.id, spread.id, there.id, 200)
        const manager = await signedIn(w.org.id, 'property_manager')
        await t.f.assignManager(w.org.id, w.p1.id, manager.user.id)

        const res = await t.as(manager.token, { method: 'GET', url: `${API}/${onLease.id}?include=lease,allocations` })
        assert.equal(res.statusCode, 200, res.body)
        const body = res.json()
        assert.equal(body.reference, 'DETAIL-1')
        assert.equal(body.reversedOn, null)
        assert.deepEqual(body.lease, {
          id: w.l1.id,
          status: w.l1.status,
          startDate: w.l1.start_date,
          endDate: w.l1.end_date,
          unit: { id: w.u1.id, unitNumber: w.u1.unit_number },
          property: { id: w.p1.id, name: w.p1.name },
        })
        assert.deepEqual(
          body.allocations.map((a: { chargeId: string; amountCents: number; description: string; kind: string }) => [a.chargeId, a.amountCents, a.description, a.kind]),
          [[here.id, 5_000, 'January rent', 'rent']],
        )
        const plain = (await t.as(manager.token, { method: 'GET', url: `${API}/${onLease.id}` })).json()
        assert.equal('lease' in plain || 'allocations' in plain, false, 'relations only when asked for')

        const spreadOf = async (token: string) => (await t.as(token, { method: 'GET', url: `${API}/${spread.id}?include=lease,allocations` })).json()
        assert.equal((await spreadOf(manager.token)).lease, null)
        assert.deepEqual((await spreadOf(manager.token)).allocations.map((a: { chargeId: string }) => a.chargeId), [here.id], "the other property's charge stays hidden")
        assert.deepEqual((await spreadOf(w.admin.token)).allocations.map((a: { chargeId: string }) => a.chargeId).sort(), [here.id, there.id].sort())
        const bogus = await t.as(manager.token, { method: 'GET', url: `${API}/${onLease.id}?include=tenant` })
        assert.equal(bogus.statusCode, 400)
      })

      test('managers and owners see payments of tenants leased on their properties or on leases there', async () => {
        const w = await world()
        const manager = await signedIn(w.org.id, 'property_manager')
        await t.f.assignManager(w.org.id, w.p1.id, manager.user.id)
        const owner = await signedIn(w.org.id, 'owner')
        await t.db.updateTable('properties').set({ owner_id: owner.user.owner_id }).where('id', '=', w.p1.id).execute()
        const t1NoLease = await t.f.payment(w.org.id, w.t1.id)
        const t1OnLease = await t.f.payment(w.org.id, w.t1.id, { lease_id: w.l1.id })
        const t2OnL1 = await t.f.payment(w.org.id, w.t2.id, { lease_id: w.l1.id })
        const t2Elsewhere = await t.f.payment(w.org.id, w.t2.id, { lease_id: w.l2.id })
        const stranger = await t.f.payment(w.org.id, (await t.f.tenant(w.org.id)).id)
        for (const who of [manager, owner]) {
          assert.deepEqual(await ids(who.token, ''), sorted(t1NoLease, t1OnLease, t2OnL1))
          for (const hidden of [t2Elsewhere, stranger]) {
            assert.equal((await t.as(who.token, { method: 'GET', url: `${API}/${hidden.id}` })).statusCode, 404)
          }
        }
        assert.equal((await t.as(manager.token, { method: 'PATCH', url: `${API}/${stranger.id}`, payload: { memo: 'x' } })).statusCode, 404)
        assert.equal((await t.as(owner.token, { method: 'POST', url: API, payload: { tenantId: w.t1.id, amountCents: 1, method: 'cash', paidOn: '2026-01-01' } })).statusCode, 403)
      })

      test('technicians may not use the payment routes (403)', async () => {
        const w = await world()
        const tech = await signedIn(w.org.id, 'technician')
        const p = await t.f.payment(w.org.id, w.t1.id)
        assert.equal((await t.as(tech.token, { method: 'GET', url: API })).statusCode, 403)
        assert.equal((await t.as(tech.token, { method: 'GET', url: `${API}/${p.id}` })).statusCode, 403)
        assert.equal((await t.as(tech.token, { method: 'POST', url: API, payload: { tenantId: w.t1.id, amountCents: 1, method: 'cash', paidOn: '2026-01-01' } })).statusCode, 403)
      })

      test('another organization’s payment ids answer 404 and never appear in lists', async () => {
        const mine = await world()
        const theirs = await world()
        const foreign = await t.f.payment(theirs.org.id, theirs.t1.id, { status: 'pending' })
        for (const [method, payload] of [['GET', undefined], ['PATCH', { memo: 'x' }], ['DELETE', undefined]] as const) {
          const res = await t.as(mine.admin.token, { method, url: `${API}/${foreign.id}`, ...(payload ? { payload } : {}) })
          assert.equal(res.statusCode, 404, method)
        }
        assert.deepEqual(await ids(mine.admin.token, ''), [])
        assert.deepEqual(await ids(mine.admin.token, `tenantId=${theirs.t1.id}`), [])
        const row = await t.db.selectFrom('payments').select('memo').where('id', '=', foreign.id).executeTakeFirstOrThrow()
        assert.equal(row.memo, null)
      })
    })
  })
}
