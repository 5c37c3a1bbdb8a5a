import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { targets } from '../../../test/support/db.js'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { uuidv7 } from '../../lib/ids.js'
import { averageHalfUp, summaryStatus } from './tenants.service.js'

interface Problem {
  status: number
  code: string
  errors?: { field: string; message: string }[]
}
const fieldsOf = (body: Problem): string[] => (body.errors ?? []).map((e) => e.field).sort()

// Terms that contain today whenever the suite runs, and terms safely in the past or future.
const ALWAYS = { start_date: '2000-01-01', end_date: '2999-12-31' } as const

describe('averageHalfUp', () => {
  test('rounds half up in integers and is 0 with nothing to average', () => {
    assert.equal(averageHalfUp(0, 0), 0)
    assert.equal(averageHalfUp(201, 2), 101)
    assert.equal(averageHalfUp(301, 3), 100)
    assert.equal(averageHalfUp(302, 3), 101)
    assert.equal(averageHalfUp(150_000, 1), 150_000)
    assert.equal(averageHalfUp(9_007_199_254_740_991, 2), 4_503_599_627_370_496)
  })
})

describe('summaryStatus', () => {
  test('overdue beats pending; nothing of either is good', () => {
    assert.equal(summaryStatus(1, 3), 'at_risk')
    assert.equal(summaryStatus(0, 1), 'pending')
    assert.equal(summaryStatus(0, 0), 'good')
  })
})

for (const target of targets) {
  describe(`tenants on ${target.name}`, () => {
    let t: TestApp
    before(async () => {
      t = await startTestApp(target)
    })
    after(() => t.close())

    async function world() {
      const org = await t.f.org()
      const admin = await t.f.user(org.id, 'admin')
      const token = await t.tokenFor(admin)
      const property = await t.f.property(org.id)
      return { org, admin, token, property }
    }

    /** A tenant with one lease on a fresh unit of `propertyId`. */
    async function leased(orgId: string, propertyId: string, tenantOver = {}, leaseOver = {}) {
      const tenant = await t.f.tenant(orgId, tenantOver)
      const unit = await t.f.unit(orgId, propertyId)
      const lease = await t.f.lease(orgId, unit.id, [tenant.id], leaseOver)
      return { tenant, unit, lease }
    }

    const listIds = async (token: string, qs: string): Promise<string[]> => {
      const res = await t.as(token, { method: 'GET', url: `/api/v1/tenants?pageSize=100&${qs}` })
      assert.equal(res.statusCode, 200, res.body)
      const body = res.json()
      assert.equal(body.total, body.data.length, 'total counts the same rows')
      return body.data.map((x: { id: string }) => x.id)
    }

    const allocate = (orgId: string, paymentId: string, chargeId: string, cents: number) =>
      t.db.insertInto('payment_allocations').values({ id: uuidv7(), org_id: orgId, payment_id: paymentId, charge_id: chargeId, amount_cents: cents }).execute()

    describe('list filters', () => {
      test('status[] keeps exactly the named statuses, sorted by last then first name', async () => {
        const w = await world()
        const a = await t.f.tenant(w.org.id, { last_name: 'Aalto', status: 'applicant' })
        const b = await t.f.tenant(w.org.id, { last_name: 'Baker', first_name: 'Zoe', status: 'active' })
        const b2 = await t.f.tenant(w.org.id, { last_name: 'Baker', first_name: 'Amy', status: 'active' })
        const c = await t.f.tenant(w.org.id, { last_name: 'Cole', status: 'notice' })
        const d = await t.f.tenant(w.org.id, { last_name: 'Dunn', status: 'past' })
        assert.deepEqual(await listIds(w.token, ''), [a.id, b2.id, b.id, c.id, d.id])
        assert.deepEqual(await listIds(w.token, 'status[]=active&status[]=notice'), [b2.id, b.id, c.id])
        assert.deepEqual(await listIds(w.token, 'status=past,applicant'), [a.id, d.id])
        assert.deepEqual(await listIds(w.token, 'status=notice'), [c.id])
        const bad = await t.as(w.token, { method: 'GET', url: '/api/v1/tenants?status=evicted' })
        assert.equal(bad.statusCode, 400)
        assert.deepEqual(fieldsOf(bad.json()), ['query.status.0'])
      })

      test('propertyId keeps tenants with a lease of any status on that property', async () => {
        const w = await world()
        const other = await t.f.property(w.org.id)
        const here = await leased(w.org.id, w.property.id, { last_name: 'Here' })
        const past = await leased(w.org.id, w.property.id, { last_name: 'Past' }, { status: 'ended', start_date: '2020-01-01', end_date: '2020-12-31' })
        await leased(w.org.id, other.id, { last_name: 'There' })
        await t.f.tenant(w.org.id, { last_name: 'Nowhere' })
        assert.deepEqual(await listIds(w.token, `propertyId=${w.property.id}`), [here.tenant.id, past.tenant.id])
        assert.deepEqual(await listIds(w.token, `propertyId=${uuidv7()}`), [])
      })

      test('search matches each named field case-insensitively and nothing else', async () => {
        const w = await world()
        const first = await t.f.tenant(w.org.id, { first_name: 'Zebulon' })
        const last = await t.f.tenant(w.org.id, { last_name: 'Quixote' })
        const email = await t.f.tenant(w.org.id, { email: 'mailmatch@example.test' })
        const phone = await t.f.tenant(w.org.id, { phone: '(312) 979-4321' })
        const street = await t.f.property(w.org.id, { address_line1: '77 Sunflower Lane', city: 'Peoria' })
        const address = await leased(w.org.id, street.id)
        await t.f.tenant(w.org.id, { first_name: 'Plain', last_name: 'Person', email: null, phone: null })
        assert.deepEqual(await listIds(w.token, 'search=zebul'), [first.id])
        assert.deepEqual(await listIds(w.token, 'search=QUIX'), [last.id])
        assert.deepEqual(await listIds(w.token, 'search=MailMatch'), [email.id])
        assert.deepEqual(await listIds(w.token, 'search=979-43'), [phone.id])
        assert.deepEqual(await listIds(w.token, 'search=sunflower%20lane'), [address.tenant.id])
        assert.deepEqual(await listIds(w.token, 'search=peoria'), [address.tenant.id])
        assert.deepEqual(await listIds(w.token, 'search=Zebulon%20Last'), [first.id], 'first and last name together')
        assert.deepEqual(await listIds(w.token, 'search=50%25'), [], 'a % is a literal character, not a wildcard')
        assert.deepEqual(await listIds(w.token, 'search=_'), [], 'an _ is a literal character, not a wildcard')
      })

      test('minRent/maxRent bound the rent of the current lease, the bound itself included', async () => {
        const w = await world()
        const low = await leased(w.org.id, w.property.id, { last_name: 'A' }, { ...ALWAYS, rent_cents: 100_000 })
        const mid = await leased(w.org.id, w.property.id, { last_name: 'B' }, { start_date: '2000-01-01', end_date: null, rent_cents: 150_000 })
        const high = await leased(w.org.id, w.property.id, { last_name: 'C' }, { ...ALWAYS, rent_cents: 200_000 })
        // Not current: ended, starting in the future, or only a draft.
        await leased(w.org.id, w.property.id, { last_name: 'D' }, { start_date: '2000-01-01', end_date: '2000-12-31', status: 'ended', rent_cents: 150_000 })
        await leased(w.org.id, w.property.id, { last_name: 'E' }, { start_date: '2998-01-01', end_date: null, rent_cents: 150_000 })
        await leased(w.org.id, w.property.id, { last_name: 'F' }, { ...ALWAYS, status: 'draft', rent_cents: 150_000 })
        assert.deepEqual(await listIds(w.token, 'minRent=150000'), [mid.tenant.id, high.tenant.id])
        assert.deepEqual(await listIds(w.token, 'maxRent=150000'), [low.tenant.id, mid.tenant.id])
        assert.deepEqual(await listIds(w.token, 'minRent=150000&maxRent=150000'), [mid.tenant.id])
        assert.deepEqual(await listIds(w.token, 'minRent=100001&maxRent=199999'), [mid.tenant.id])
        assert.deepEqual(await listIds(w.token, 'minRent=0'), [low.tenant.id, mid.tenant.id, high.tenant.id])
        const bad = await t.as(w.token, { method: 'GET', url: '/api/v1/tenants?minRent=2&maxRent=1' })
        assert.equal(bad.statusCode, 400)
        assert.deepEqual(fieldsOf(bad.json()), ['query.maxRent'])
        const float = await t.as(w.token, { method: 'GET', url: '/api/v1/tenants?minRent=1.5' })
        assert.equal(float.statusCode, 400)
        assert.deepEqual(fieldsOf(float.json()), ['query.minRent'])
      })

      test('leaseStartDate/leaseEndDate keep tenants with a lease overlapping the range', async () => {
        const w = await world()
        const mk = (last: string, start: string, end: string | null) =>
          leased(w.org.id, w.property.id, { last_name: last }, { start_date: start, end_date: end }).then((x) => x.tenant.id)
        const before = await mk('A before', '2030-01-01', '2030-02-28')
        const endsOnStart = await mk('B ends on start', '2030-01-01', '2030-03-01')
        const startsOnEnd = await mk('C starts on end', '2030-06-30', '2030-09-30')
        const contains = await mk('D contains', '2030-01-01', '2030-12-31')
        const monthToMonth = await mk('E month to month', '2029-01-01', null)
        const inside = await mk('F inside', '2030-04-01', '2030-04-30')
        const after = await mk('G after', '2030-07-01', '2030-12-31')
        const m2mAfter = await mk('H month to month after', '2030-07-01', null)
        await t.f.tenant(w.org.id, { last_name: 'I no lease' })

        assert.deepEqual(await listIds(w.token, 'leaseStartDate=2030-03-01&leaseEndDate=2030-06-30'), [endsOnStart, startsOnEnd, contains, monthToMonth, inside])
        assert.deepEqual(await listIds(w.token, 'leaseStartDate=2030-07-01'), [startsOnEnd, contains, monthToMonth, after, m2mAfter])
        assert.deepEqual(await listIds(w.token, 'leaseEndDate=2030-02-28'), [before, endsOnStart, contains, monthToMonth])
        assert.deepEqual(await listIds(w.token, 'leaseStartDate=2031-01-01&leaseEndDate=2031-01-01'), [monthToMonth, m2mAfter])
        const bad = await t.as(w.token, { method: 'GET', url: '/api/v1/tenants?leaseStartDate=2030-02-01&leaseEndDate=2030-01-31' })
        assert.equal(bad.statusCode, 400)
        assert.deepEqual(fieldsOf(bad.json()), ['query.leaseEndDate'])
        const malformed = await t.as(w.token, { method: 'GET', url: '/api/v1/tenants?leaseStartDate=March' })
        assert.equal(malformed.statusCode, 400)
        assert.deepEqual(fieldsOf(malformed.json()), ['query.leaseStartDate'])
      })

      test('hasMaintenanceIssues: true keeps tenants with an open request (neither completed nor cancelled), false keeps the rest', async () => {
        const w = await world()
        const open = await t.f.tenant(w.org.id, { last_name: 'A open' })
        const working = await t.f.tenant(w.org.id, { last_name: 'B in progress' })
        const held = await t.f.tenant(w.org.id, { last_name: 'B2 on hold' })
        const done = await t.f.tenant(w.org.id, { last_name: 'C completed and cancelled' })
        const none = await t.f.tenant(w.org.id, { last_name: 'D none' })
        await t.f.request(w.org.id, w.property.id, { tenant_id: open.id, status: 'open' })
        await t.f.request(w.org.id, w.property.id, { tenant_id: working.id, status: 'in_progress' })
        await t.f.request(w.org.id, w.property.id, { tenant_id: done.id, status: 'completed', completed_at: new Date() })
        await t.f.request(w.org.id, w.property.id, { tenant_id: done.id, status: 'cancelled' })
        await t.f.request(w.org.id, w.property.id, { tenant_id: held.id, status: 'on_hold' })
        assert.deepEqual(await listIds(w.token, 'hasMaintenanceIssues=true'), [open.id, working.id, held.id])
        assert.deepEqual(await listIds(w.token, 'hasMaintenanceIssues=false'), [done.id, none.id])
        const bad = await t.as(w.token, { method: 'GET', url: '/api/v1/tenants?hasMaintenanceIssues=yes' })
        assert.equal(bad.statusCode, 400)
        assert.deepEqual(fieldsOf(bad.json()), ['query.hasMaintenanceIssues'])
      })

      test('filters combine with AND', async () => {
        const w = await world()
        const match = await leased(w.org.id, w.property.id, { last_name: 'Match', status: 'active' }, { ...ALWAYS, rent_cents: 120_000 })
        await leased(w.org.id, w.property.id, { last_name: 'Match', status: 'notice' }, { ...ALWAYS, rent_cents: 120_000 })
        await leased(w.org.id, w.property.id, { last_name: 'Match', status: 'active' }, { ...ALWAYS, rent_cents: 90_000 })
        assert.deepEqual(await listIds(w.token, `status=active&minRent=100000&search=match&propertyId=${w.property.id}`), [match.tenant.id])
      })
    })

    test('57 tenants with the same names and created_at: each page walked is seen exactly once', async () => {
      const w = await world()
      const createdAt = new Date('2026-01-01T00:00:00Z')
      const made: string[] = []
      for (let i = 0; i < 57; i++) {
        made.push((await t.f.tenant(w.org.id, { first_name: 'Sam', last_name: 'Same', created_at: createdAt, updated_at: createdAt })).id)
      }
      const seen: string[] = []
      for (let page = 1; page <= 6; page++) {
        const body = (await t.as(w.token, { method: 'GET', url: `/api/v1/tenants?pageSize=10&page=${page}` })).json()
        assert.equal(body.total, 57)
        assert.equal(body.page, page)
        assert.equal(body.pageSize, 10)
        assert.equal(body.data.length, page < 6 ? 10 : 7)
        seen.push(...body.data.map((x: { id: string }) => x.id))
      }
      assert.equal(new Set(seen).size, 57)
      assert.deepEqual(seen, [...made].sort())
      const beyond = (await t.as(w.token, { method: 'GET', url: '/api/v1/tenants?pageSize=10&page=7' })).json()
      assert.deepEqual(beyond.data, [])
      assert.equal(beyond.total, 57)
    })

    test('each list item carries its current lease, or null', async () => {
      const w = await world()
      const current = await leased(w.org.id, w.property.id, { last_name: 'A' }, { start_date: '2000-01-01', end_date: null, rent_cents: 123_400 })
      const future = await leased(w.org.id, w.property.id, { last_name: 'B' }, { start_date: '2998-01-01', end_date: '2998-12-31' })
      // Two current leases (say, a flat and a parking space): the one started last.
      const two = await leased(w.org.id, w.property.id, { last_name: 'C' }, { start_date: '2000-01-01', end_date: null })
      const unit = await t.f.unit(w.org.id, w.property.id)
      const later = await t.f.lease(w.org.id, unit.id, [two.tenant.id], { start_date: '2010-01-01', end_date: '2999-12-31', rent_cents: 9_900 })
      const res = await t.as(w.token, { method: 'GET', url: '/api/v1/tenants' })
      const byId = new Map(res.json().data.map((x: { id: string }) => [x.id, x]))
      assert.deepEqual((byId.get(current.tenant.id) as { currentLease: unknown }).currentLease, {
        id: current.lease.id,
        unitId: current.unit.id,
        propertyId: w.property.id,
        rentCents: 123_400,
        startDate: '2000-01-01',
        endDate: null,
      })
      assert.equal((byId.get(future.tenant.id) as { currentLease: unknown }).currentLease, null)
      assert.equal((byId.get(two.tenant.id) as { currentLease: { id: string } }).currentLease.id, later.id)
      const item = byId.get(current.tenant.id) as Record<string, unknown>
      assert.deepEqual(Object.keys(item).sort(), ['createdAt', 'currentLease', 'email', 'firstName', 'id', 'lastName', 'phone', 'status', 'updatedAt'])
    })

    describe('detail and writes', () => {
      test('include= loads leases, payments, maintenance, documents and communications', async () => {
        const w = await world()
        const { tenant, lease } = await leased(w.org.id, w.property.id, {}, ALWAYS)
        const payment = await t.f.payment(w.org.id, tenant.id, { lease_id: lease.id, amount_cents: 150_000 })
        const request = await t.f.request(w.org.id, w.property.id, { tenant_id: tenant.id })
        const doc = uuidv7()
        await t.db
          .insertInto('documents')
          .values({ id: doc, org_id: w.org.id, tenant_id: tenant.id, file_name: 'id.png', content_type: 'image/png', size_bytes: 1, sha256: 'x', content: new Uint8Array([9]) })
          .execute()
        const comm = uuidv7()
        await t.db.insertInto('communication_logs').values({ id: comm, org_id: w.org.id, tenant_id: tenant.id, channel: 'email', direction: 'outbound', subject: 'Welcome', body: 'Hi' }).execute()

        const res = await t.as(w.token, { method: 'GET', url: `/api/v1/tenants/${tenant.id}?include=leases,payments,maintenance,documents,communications` })
        assert.equal(res.statusCode, 200, res.body)
        const body = res.json()
        assert.equal(body.id, tenant.id)
        assert.equal(body.currentLease.id, lease.id)
        assert.deepEqual(body.leases.map((l: { id: string; tenantIds: string[] }) => [l.id, l.tenantIds]), [[lease.id, [tenant.id]]])
        assert.deepEqual(body.payments.map((p: { id: string; amountCents: number }) => [p.id, p.amountCents]), [[payment.id, 150_000]])
        assert.deepEqual(body.maintenance.map((m: { id: string; status: string }) => [m.id, m.status]), [[request.id, 'open']])
        assert.deepEqual(body.documents.map((d: { id: string; contentType: string }) => [d.id, d.contentType]), [[doc, 'image/png']])
        assert.deepEqual(body.communications.map((c: { id: string; subject: string }) => [c.id, c.subject]), [[comm, 'Welcome']])

        const plain = (await t.as(w.token, { method: 'GET', url: `/api/v1/tenants/${tenant.id}` })).json()
        for (const key of ['leases', 'payments', 'maintenance', 'documents', 'communications']) assert.equal(key in plain, false, key)
        const bad = await t.as(w.token, { method: 'GET', url: `/api/v1/tenants/${tenant.id}?include=lease` })
        assert.equal(bad.statusCode, 400)
        assert.deepEqual(fieldsOf(bad.json()), ['query.include.0'])
      })

      test('a manager creates an applicant (201), recorded as theirs, and then sees it', async () => {
        const w = await world()
        const manager = await t.f.user(w.org.id, 'property_manager')
        const token = await t.tokenFor(manager)
        const res = await t.as(token, { method: 'POST', url: '/api/v1/tenants', payload: { firstName: ' Ada ', lastName: 'Lovelace', email: 'ada@example.test' } })
        assert.equal(res.statusCode, 201, res.body)
        const body = res.json()
        assert.equal(body.firstName, 'Ada')
        assert.equal(body.status, 'applicant')
        assert.equal(body.phone, null)
        assert.equal(body.currentLease, null)
        const row = await t.db.selectFrom('tenants').select(['created_by', 'org_id']).where('id', '=', body.id).executeTakeFirstOrThrow()
        assert.equal(row.created_by, manager.id)
        assert.equal(row.org_id, w.org.id)
        assert.deepEqual(await listIds(token, ''), [body.id])
        assert.equal((await t.as(token, { method: 'GET', url: `/api/v1/tenants/${body.id}` })).statusCode, 200)
        const event = await t.db.selectFrom('events').selectAll().where('entity_id', '=', body.id).executeTakeFirstOrThrow()
        assert.equal(event.topic, 'tenant')
        assert.equal(event.action, 'created')
        assert.deepEqual(event.payload, { tenantId: body.id })
      })

      test('create refuses unknown fields, a bad e-mail and blank names (400), and other roles (403)', async () => {
        const w = await world()
        const res = await t.as(w.token, { method: 'POST', url: '/api/v1/tenants', payload: { firstName: ' ', lastName: 'X', email: 'not-an-email', ssn: '1' } })
        assert.equal(res.statusCode, 400)
        assert.equal(res.json().code, 'request.unknown_field')
        assert.deepEqual(fieldsOf(res.json()), ['body.email', 'body.firstName', 'body.ssn'])
        for (const role of ['owner', 'tenant', 'technician'] as const) {
          const token = await t.tokenFor(await t.f.user(w.org.id, role))
          const denied = await t.as(token, { method: 'POST', url: '/api/v1/tenants', payload: { firstName: 'A', lastName: 'B' } })
          assert.equal(denied.statusCode, 403, role)
        }
        const count = await t.db.selectFrom('tenants').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', w.org.id).where('last_name', 'in', ['X', 'B']).executeTakeFirstOrThrow()
        assert.equal(Number(count.n), 0)
      })

      test('PATCH changes the given fields only and appends an event; an empty body is a 400', async () => {
        const w = await world()
        const tenant = await t.f.tenant(w.org.id, { first_name: 'Old', email: 'old@example.test', phone: '555-0000' })
        const url = `/api/v1/tenants/${tenant.id}`
        const res = await t.as(w.token, { method: 'PATCH', url, payload: { firstName: 'New', phone: null, status: 'notice', notes: 'moving out in June' } })
        assert.equal(res.statusCode, 200, res.body)
        const body = res.json()
        assert.equal(body.firstName, 'New')
        assert.equal(body.lastName, tenant.last_name)
        assert.equal(body.email, 'old@example.test')
        assert.equal(body.phone, null)
        assert.equal(body.status, 'notice')
        assert.equal(body.notes, 'moving out in June')
        assert.ok(body.updatedAt > tenant.updated_at.toISOString())
        const event = await t.db.selectFrom('events').select('action').where('entity_id', '=', tenant.id).executeTakeFirstOrThrow()
        assert.equal(event.action, 'updated')
        const empty = await t.as(w.token, { method: 'PATCH', url, payload: {} })
        assert.equal(empty.statusCode, 400)
        const badStatus = await t.as(w.token, { method: 'PATCH', url, payload: { status: 'evicted' } })
        assert.deepEqual(fieldsOf(badStatus.json()), ['body.status'])
      })

      test('DELETE: 409 while the tenant has leases, payments or an account; 204 otherwise; admins only', async () => {
        const w = await world()
        const withLease = await leased(w.org.id, w.property.id)
        const withPayment = await t.f.tenant(w.org.id)
        await t.f.payment(w.org.id, withPayment.id)
        const withAccount = await t.f.user(w.org.id, 'tenant')
        const clean = await t.f.tenant(w.org.id)
        for (const id of [withLease.tenant.id, withPayment.id, withAccount.tenant_id!]) {
          const res = await t.as(w.token, { method: 'DELETE', url: `/api/v1/tenants/${id}` })
          assert.equal(res.statusCode, 409, res.body)
          assert.equal(res.json().code, 'resource.in_use')
        }
        // Each refusal names its reason.
        const login = await t.as(w.token, { method: 'DELETE', url: `/api/v1/tenants/${withAccount.tenant_id!}` })
        assert.match(login.json().detail, /portal login/)
        const manager = await t.f.user(w.org.id, 'property_manager')
        const managerToken = await t.tokenFor(manager)
        assert.equal((await t.as(managerToken, { method: 'DELETE', url: `/api/v1/tenants/${clean.id}` })).statusCode, 403)
        const ok = await t.as(w.token, { method: 'DELETE', url: `/api/v1/tenants/${clean.id}` })
        assert.equal(ok.statusCode, 204)
        assert.equal((await t.as(w.token, { method: 'GET', url: `/api/v1/tenants/${clean.id}` })).statusCode, 404)
        assert.equal((await t.as(w.token, { method: 'DELETE', url: `/api/v1/tenants/${clean.id}` })).statusCode, 404)
        const events = await t.db.selectFrom('events').select('action').where('entity_id', 'in', [withLease.tenant.id, withPayment.id, clean.id]).execute()
        assert.deepEqual(events.map((e) => e.action), ['deleted'])
      })
    })

    describe('financial summary', () => {
      const summary = async (token: string, tenantId: string) => {
        const res = await t.as(token, { method: 'GET', url: `/api/v1/tenants/${tenantId}/financial-summary` })
        assert.equal(res.statusCode, 200, res.body)
        return res.json()
      }

      test('charges of 1000.00 and 500.00 past due with 1000.00 allocated: 500.00 overdue, count 1, at_risk', async () => {
        const w = await world()
        const { tenant, lease } = await leased(w.org.id, w.property.id, {}, { start_date: '2020-01-01', end_date: '2020-12-31', grace_days: 5 })
        const rent = await t.f.charge(w.org.id, lease.id, { amount_cents: 100_000, due_date: '2020-01-01' })
        await t.f.charge(w.org.id, lease.id, { kind: 'utility', amount_cents: 50_000, due_date: '2020-01-01' })
        const paid = await t.f.payment(w.org.id, tenant.id, { lease_id: lease.id, amount_cents: 100_000, paid_on: '2020-01-03', status: 'succeeded' })
        await allocate(w.org.id, paid.id, rent.id, 100_000)
        const s = await summary(w.token, tenant.id)
        const expectedToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date())
        assert.deepEqual(s, {
          tenantId: tenant.id,
          asOf: expectedToday,
          totalPaidCents: 100_000,
          paidAmountCents: 100_000,
          paidCount: 1,
          pendingAmountCents: 0,
          pendingCount: 0,
          overdueAmountCents: 50_000,
          overdueCount: 1,
          averagePaymentCents: 100_000,
          lastPaymentDate: '2020-01-03',
          status: 'at_risk',
        })
      })

      test('a pending payment and nothing overdue: pending', async () => {
        const w = await world()
        const { tenant, lease } = await leased(w.org.id, w.property.id, {}, ALWAYS)
        const rent = await t.f.charge(w.org.id, lease.id, { amount_cents: 150_000, due_date: '2020-01-01' })
        const paid = await t.f.payment(w.org.id, tenant.id, { lease_id: lease.id, amount_cents: 150_000, paid_on: '2020-01-01' })
        await allocate(w.org.id, paid.id, rent.id, 150_000)
        await t.f.payment(w.org.id, tenant.id, { lease_id: lease.id, amount_cents: 75_000, status: 'pending', paid_on: '2020-02-01' })
        const s = await summary(w.token, tenant.id)
        assert.equal(s.status, 'pending')
        assert.equal(s.pendingAmountCents, 75_000)
        assert.equal(s.pendingCount, 1)
        assert.equal(s.overdueAmountCents, 0)
        assert.equal(s.overdueCount, 0)
        assert.equal(s.paidAmountCents, 150_000)
        assert.equal(s.lastPaymentDate, '2020-01-01')
      })

      test('nothing overdue — not yet due, within grace, paid, or written off — and failed or refunded payments ignored: good', async () => {
        const w = await world()
        const { tenant, lease } = await leased(w.org.id, w.property.id, {}, { ...ALWAYS, grace_days: 5 })
        const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
        await t.f.charge(w.org.id, lease.id, { amount_cents: 150_000, due_date: '2999-01-01' })
        await t.f.charge(w.org.id, lease.id, { amount_cents: 150_000, due_date: day(-2) })
        const writtenOff = await t.f.charge(w.org.id, lease.id, { amount_cents: 20_000, due_date: '2020-01-01' })
        await t.f.charge(w.org.id, lease.id, { kind: 'credit', amount_cents: -20_000, due_date: '2020-01-01', reverses_charge_id: writtenOff.id, adjustment: 'write_off' })
        const paidCharge = await t.f.charge(w.org.id, lease.id, { amount_cents: 150_000, due_date: '2020-01-01' })
        const paid = await t.f.payment(w.org.id, tenant.id, { lease_id: lease.id, amount_cents: 150_000, paid_on: '2020-01-02' })
        await allocate(w.org.id, paid.id, paidCharge.id, 150_000)
        await t.f.payment(w.org.id, tenant.id, { lease_id: lease.id, amount_cents: 99_000, status: 'failed', paid_on: '2021-01-01' })
        await t.f.payment(w.org.id, tenant.id, { lease_id: lease.id, amount_cents: 88_000, status: 'refunded', paid_on: '2021-02-01' })
        const s = await summary(w.token, tenant.id)
        assert.equal(s.status, 'good')
        assert.equal(s.overdueAmountCents, 0)
        assert.equal(s.overdueCount, 0)
        assert.equal(s.totalPaidCents, 150_000)
        assert.equal(s.paidCount, 1)
        assert.equal(s.pendingCount, 0)
        assert.equal(s.lastPaymentDate, '2020-01-02')
      })

      test('a charge past its grace days is overdue; a returned payment (negative allocation) leaves the charge open', async () => {
        const w = await world()
        const { tenant, lease } = await leased(w.org.id, w.property.id, {}, { ...ALWAYS, grace_days: 5 })
        const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
        await t.f.charge(w.org.id, lease.id, { amount_cents: 10_000, due_date: day(-10) })
        const returned = await t.f.charge(w.org.id, lease.id, { amount_cents: 100_000, due_date: '2020-01-01' })
        const pay = await t.f.payment(w.org.id, tenant.id, { lease_id: lease.id, amount_cents: 100_000, status: 'returned' })
        await allocate(w.org.id, pay.id, returned.id, 100_000)
        await allocate(w.org.id, pay.id, returned.id, -100_000)
        const s = await summary(w.token, tenant.id)
        assert.equal(s.overdueAmountCents, 110_000)
        assert.equal(s.overdueCount, 2)
        assert.equal(s.status, 'at_risk')
        assert.equal(s.paidCount, 0)
      })

      test('the average of succeeded payments is rounded half up to whole cents', async () => {
        const w = await world()
        const a = await t.f.tenant(w.org.id)
        await t.f.payment(w.org.id, a.id, { amount_cents: 100, paid_on: '2021-01-01' })
        await t.f.payment(w.org.id, a.id, { amount_cents: 101, paid_on: '2021-03-01' })
        const b = await t.f.tenant(w.org.id)
        for (const cents of [100, 100, 101]) await t.f.payment(w.org.id, b.id, { amount_cents: cents })
        const sa = await summary(w.token, a.id)
        assert.equal(sa.averagePaymentCents, 101)
        assert.equal(sa.totalPaidCents, 201)
        assert.equal(sa.lastPaymentDate, '2021-03-01')
        assert.equal((await summary(w.token, b.id)).averagePaymentCents, 100)
      })

      test('a tenant with no history: zeros, no last payment date, good', async () => {
        const w = await world()
        const tenant = await t.f.tenant(w.org.id)
        const s = await summary(w.token, tenant.id)
        assert.deepEqual(
          { ...s, asOf: undefined },
          {
            tenantId: tenant.id,
            asOf: undefined,
            totalPaidCents: 0,
            paidAmountCents: 0,
            paidCount: 0,
            pendingAmountCents: 0,
            pendingCount: 0,
            overdueAmountCents: 0,
            overdueCount: 0,
            averagePaymentCents: 0,
            lastPaymentDate: null,
            status: 'good',
          },
        )
      })

      test('a tenant reads their own summary; another tenant gets 404, a technician 403', async () => {
        const w = await world()
        const me = await t.f.user(w.org.id, 'tenant')
        const token = await t.tokenFor(me)
        const other = await t.f.tenant(w.org.id)
        assert.equal((await summary(token, me.tenant_id!)).tenantId, me.tenant_id)
        assert.equal((await t.as(token, { method: 'GET', url: `/api/v1/tenants/${other.id}/financial-summary` })).statusCode, 404)
        const tech = await t.tokenFor(await t.f.user(w.org.id, 'technician'))
        assert.equal((await t.as(tech, { method: 'GET', url: `/api/v1/tenants/${other.id}/financial-summary` })).statusCode, 403)
      })
    })

    describe('scope', () => {
      test('a tenant reading another tenant gets 404 and lists only themself', async () => {
        const w = await world()
        const me = await t.f.user(w.org.id, 'tenant')
        const token = await t.tokenFor(me)
        const other = await leased(w.org.id, w.property.id)
        await t.f.lease(w.org.id, (await t.f.unit(w.org.id, w.property.id)).id, [me.tenant_id!])
        assert.equal((await t.as(token, { method: 'GET', url: `/api/v1/tenants/${other.tenant.id}` })).statusCode, 404)
        assert.deepEqual(await listIds(token, ''), [me.tenant_id])
        assert.deepEqual(await listIds(token, `propertyId=${w.property.id}`), [me.tenant_id])
        const own = (await t.as(token, { method: 'GET', url: `/api/v1/tenants/${me.tenant_id}` })).json()
        assert.equal(own.id, me.tenant_id)
        assert.equal('notes' in own, false, 'staff notes are not shown to the tenant')
      })

      test('a manager reading a tenant with no lease on an assigned property gets 404 and does not list them', async () => {
        const w = await world()
        const manager = await t.f.user(w.org.id, 'property_manager')
        await t.f.assignManager(w.org.id, w.property.id, manager.id)
        const token = await t.tokenFor(manager)
        const mine = await leased(w.org.id, w.property.id)
        const elsewhere = await leased(w.org.id, (await t.f.property(w.org.id)).id)
        const nowhere = await t.f.tenant(w.org.id)
        for (const id of [elsewhere.tenant.id, nowhere.id]) {
          assert.equal((await t.as(token, { method: 'GET', url: `/api/v1/tenants/${id}` })).statusCode, 404)
          assert.equal((await t.as(token, { method: 'GET', url: `/api/v1/tenants/${id}/financial-summary` })).statusCode, 404)
          assert.equal((await t.as(token, { method: 'PATCH', url: `/api/v1/tenants/${id}`, payload: { firstName: 'X' } })).statusCode, 404)
        }
        assert.deepEqual(await listIds(token, ''), [mine.tenant.id])
        assert.deepEqual(await listIds(token, 'search=main%20street'), [mine.tenant.id])
      })

      test("a manager does not see a visible tenant's lease, payments or address on another property", async () => {
        const w = await world()
        const manager = await t.f.user(w.org.id, 'property_manager')
        await t.f.assignManager(w.org.id, w.property.id, manager.id)
        const token = await t.tokenFor(manager)
        const hidden = await t.f.property(w.org.id, { address_line1: '9 Hidden Way' })
        const { tenant, lease: visibleLease } = await leased(w.org.id, w.property.id, {}, { start_date: '2000-01-01', end_date: '2000-12-31', status: 'ended' })
        const hiddenUnit = await t.f.unit(w.org.id, hidden.id)
        const hiddenLease = await t.f.lease(w.org.id, hiddenUnit.id, [tenant.id], ALWAYS)
        await t.f.payment(w.org.id, tenant.id, { lease_id: hiddenLease.id })
        await t.f.charge(w.org.id, hiddenLease.id, { due_date: '2020-01-01' })
        const body = (await t.as(token, { method: 'GET', url: `/api/v1/tenants/${tenant.id}?include=leases,payments` })).json()
        assert.equal(body.currentLease, null)
        assert.deepEqual(body.leases.map((l: { id: string }) => l.id), [visibleLease.id])
        assert.deepEqual(body.payments, [])
        assert.deepEqual(await listIds(token, 'search=hidden'), [])
        const s = (await t.as(token, { method: 'GET', url: `/api/v1/tenants/${tenant.id}/financial-summary` })).json()
        assert.equal(s.overdueCount, 0)
        assert.equal(s.paidCount, 0)
      })

      test("another organization's tenant answers 404 to every route", async () => {
        const w = await world()
        const other = await world()
        const tenant = await t.f.tenant(other.org.id)
        const url = `/api/v1/tenants/${tenant.id}`
        assert.equal((await t.as(w.token, { method: 'GET', url })).statusCode, 404)
        assert.equal((await t.as(w.token, { method: 'GET', url: `${url}/financial-summary` })).statusCode, 404)
        assert.equal((await t.as(w.token, { method: 'PATCH', url, payload: { firstName: 'X' } })).statusCode, 404)
        assert.equal((await t.as(w.token, { method: 'DELETE', url })).statusCode, 404)
        assert.deepEqual(await listIds(w.token, ''), [])
      })

      test("an owner sees the names and balances of their properties' tenants but not their e-mail or phone; a technician sees the reporting tenant's contact but no relations", async () => {
        const w = await world()
        const ownerUser = await t.f.user(w.org.id, 'owner')
        const owned = await t.f.property(w.org.id, { owner_id: ownerUser.owner_id })
        const onOwned = await leased(w.org.id, owned.id, { email: 'owned.tenant@example.test', phone: '555-0101' }, { end_date: null })
        await leased(w.org.id, w.property.id)
        const owner = await t.tokenFor(ownerUser)
        assert.deepEqual(await listIds(owner, ''), [onOwned.tenant.id])
        const listed = (await t.as(owner, { method: 'GET', url: '/api/v1/tenants' })).json().data[0]
        const detail = await t.as(owner, { method: 'GET', url: `/api/v1/tenants/${onOwned.tenant.id}?include=leases` })
        const lease = await t.as(owner, { method: 'GET', url: `/api/v1/leases/${onOwned.lease.id}?include=tenants` })
        for (const res of [detail, lease]) assert.equal(res.statusCode, 200, res.body)
        for (const view of [listed, detail.json(), lease.json().tenants[0]]) {
          assert.equal(view.lastName, onOwned.tenant.last_name)
          assert.ok(!('email' in view) && !('phone' in view), JSON.stringify(view))
        }
        for (const body of [JSON.stringify(listed), detail.body, lease.body]) assert.ok(!body.includes('owned.tenant@example.test') && !body.includes('555-0101'))
        assert.equal(detail.json().currentLease.id, onOwned.lease.id)
        assert.equal((await t.as(owner, { method: 'GET', url: `/api/v1/tenants/${onOwned.tenant.id}/financial-summary` })).statusCode, 200)
        // Searching by contact details would reveal them one character at a time: owners search names and addresses.
        assert.deepEqual(await listIds(owner, 'search=owned.tenant@'), [])
        assert.deepEqual(await listIds(owner, 'search=555-01'), [])
        assert.deepEqual(await listIds(owner, `search=${onOwned.tenant.last_name}`), [onOwned.tenant.id])
        assert.deepEqual(await listIds(w.token, 'search=owned.tenant@'), [onOwned.tenant.id])
        const staffView = (await t.as(w.token, { method: 'GET', url: `/api/v1/leases/${onOwned.lease.id}?include=tenants` })).json().tenants[0]
        assert.deepEqual([staffView.email, staffView.phone], ['owned.tenant@example.test', '555-0101'])

        const techUser = await t.f.user(w.org.id, 'technician')
        const request = await t.f.request(w.org.id, owned.id, { tenant_id: onOwned.tenant.id })
        await t.f.workOrder(w.org.id, request.id, { assignee_id: techUser.id })
        const tech = await t.tokenFor(techUser)
        assert.deepEqual(await listIds(tech, ''), [onOwned.tenant.id])
        const contact = (await t.as(tech, { method: 'GET', url: `/api/v1/tenants/${onOwned.tenant.id}` })).json()
        assert.equal(contact.phone, onOwned.tenant.phone)
        assert.equal(contact.currentLease, null, 'rent stays hidden from technicians')
        assert.equal((await t.as(tech, { method: 'GET', url: `/api/v1/tenants/${onOwned.tenant.id}?include=payments` })).statusCode, 403)
      })
    })
  })
}
