import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { targets } from '../../../test/support/db.js'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import type { Role } from '../../db/types.js'
import { uuidv7 } from '../../lib/ids.js'

const API = '/api/v1/maintenance'

for (const target of targets) {
  describe(`maintenance requests on ${target.name}`, () => {
    let t: TestApp
    before(async () => {
      t = await startTestApp(target)
    })
    after(() => t.close())

    /** A fresh organization with an admin signed in. */
    async function world(over: { time_zone?: string } = {}) {
      const org = await t.f.org(over)
      const admin = await t.f.user(org.id, 'admin')
      return { org, admin, token: await t.tokenFor(admin) }
    }

    async function signedIn(orgId: string, role: Role, over: Parameters<TestApp['f']['user']>[2] = {}) {
      const user = await t.f.user(orgId, role, over)
      return { user, token: await t.tokenFor(user) }
    }

    async function list(token: string, qs = '') {
      const res = await t.as(token, { method: 'GET', url: `${API}${qs ? `?${qs}` : ''}` })
      assert.equal(res.statusCode, 200, res.body)
      return res.json<{ data: { id: string }[]; total: number; page: number; pageSize: number }>()
    }

    /** The ids a filtered list returns, sorted, for set comparison. */
    async function ids(token: string, qs: string) {
      const body = await list(token, `${qs}&pageSize=100`)
      assert.equal(body.total, body.data.length)
      return body.data.map((r) => r.id).sort()
    }

    const sorted = (...rows: { id: string }[]) => rows.map((r) => r.id).sort()

    async function counts(orgId: string) {
      const n = async (table: 'maintenance_requests' | 'events' | 'request_comments') =>
        Number(
          (await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', orgId).executeTakeFirstOrThrow()).n,
        )
      return { requests: await n('maintenance_requests'), events: await n('events'), comments: await n('request_comments') }
    }

    const fields = (res: { json: () => { errors?: { field: string }[] } }) => (res.json().errors ?? []).map((e) => e.field)

    describe('filters', () => {
      test('status[] with one value and with two values returns exactly the matching requests', async () => {
        const { org, token } = await world()
        const pr = await t.f.property(org.id)
        const open = await t.f.request(org.id, pr.id, { status: 'open' })
        const held = await t.f.request(org.id, pr.id, { status: 'on_hold' })
        await t.f.request(org.id, pr.id, { status: 'cancelled' })
        await t.f.request(org.id, pr.id, { status: 'completed', completed_at: new Date() })
        assert.deepEqual(await ids(token, 'status[]=open'), sorted(open))
        assert.deepEqual(await ids(token, 'status[]=open&status[]=on_hold'), sorted(open, held))
        assert.deepEqual(await ids(token, 'status=open,on_hold'), sorted(open, held))
      })

      test('priority[] with one value and with two values returns exactly the matching requests', async () => {
        const { org, token } = await world()
        const pr = await t.f.property(org.id)
        const low = await t.f.request(org.id, pr.id, { priority: 'low' })
        const emergency = await t.f.request(org.id, pr.id, { priority: 'emergency' })
        await t.f.request(org.id, pr.id, { priority: 'normal' })
        await t.f.request(org.id, pr.id, { priority: 'high' })
        assert.deepEqual(await ids(token, 'priority[]=emergency'), sorted(emergency))
        assert.deepEqual(await ids(token, 'priority[]=emergency&priority[]=low'), sorted(low, emergency))
      })

      test('propertyId and tenantId return only that property’s or tenant’s requests', async () => {
        const { org, token } = await world()
        const a = await t.f.property(org.id)
        const b = await t.f.property(org.id)
        const tenant = await t.f.tenant(org.id)
        const onA = await t.f.request(org.id, a.id)
        const onB = await t.f.request(org.id, b.id)
        const byTenant = await t.f.request(org.id, b.id, { tenant_id: tenant.id })
        assert.deepEqual(await ids(token, `propertyId=${a.id}`), sorted(onA))
        assert.deepEqual(await ids(token, `propertyId=${b.id}`), sorted(onB, byTenant))
        assert.deepEqual(await ids(token, `tenantId=${tenant.id}`), sorted(byTenant))
        assert.deepEqual(await ids(token, `propertyId=${a.id}&tenantId=${tenant.id}`), [])
      })

      test('requestDateFrom/To dates cover whole days in the organization time zone, both ends inclusive', async () => {
        // America/New_York is UTC-5 in January: a local day runs 05:00Z to 05:00Z.
        const { org, token } = await world({ time_zone: 'America/New_York' })
        const pr = await t.f.property(org.id)
        const at = (iso: string) => t.f.request(org.id, pr.id, { requested_at: new Date(iso) })
        const dayBefore = await at('2026-01-09T17:00:00Z')
        const justBefore = await at('2026-01-10T04:59:59Z')
        const firstInstant = await at('2026-01-10T05:00:00Z')
        const middle = await at('2026-01-11T12:00:00Z')
        const lastSecond = await at('2026-01-13T04:59:59Z')
        const justAfter = await at('2026-01-13T05:00:00Z')
        const dayAfter = await at('2026-01-13T17:00:00Z')
        assert.deepEqual(await ids(token, 'requestDateFrom=2026-01-10&requestDateTo=2026-01-12'), sorted(firstInstant, middle, lastSecond))
        assert.deepEqual(await ids(token, 'requestDateFrom=2026-01-13'), sorted(justAfter, dayAfter))
        assert.deepEqual(await ids(token, 'requestDateTo=2026-01-09'), sorted(dayBefore, justBefore))
        assert.deepEqual(await ids(token, 'requestDateFrom=2026-01-12&requestDateTo=2026-01-12'), sorted(lastSecond))
      })

      test('requestDateFrom/To take date-times: an offset is an instant, none is wall-clock time there, both inclusive', async () => {
        const { org, token } = await world({ time_zone: 'America/New_York' })
        const pr = await t.f.property(org.id)
        const at = (iso: string) => t.f.request(org.id, pr.id, { requested_at: new Date(iso) })
        await at('2026-01-10T14:59:59Z')
        const from = await at('2026-01-10T15:00:00Z')
        const to = await at('2026-01-10T16:00:00Z')
        await at('2026-01-10T16:00:01Z')
        assert.deepEqual(await ids(token, 'requestDateFrom=2026-01-10T15:00:00Z&requestDateTo=2026-01-10T16:00:00Z'), sorted(from, to))
        assert.deepEqual(
          await ids(token, `requestDateFrom=${encodeURIComponent('2026-01-10T10:00:00-05:00')}&requestDateTo=2026-01-10T11:00:00`),
          sorted(from, to),
        )
      })

      test('a date-only requestDateTo follows the organization’s own zone (Asia/Tokyo)', async () => {
        const { org, token } = await world({ time_zone: 'Asia/Tokyo' })
        const pr = await t.f.property(org.id)
        // 15:30Z on the 10th is 00:30 on the 11th in Tokyo.
        const lateUtc = await t.f.request(org.id, pr.id, { requested_at: new Date('2026-01-10T15:30:00Z') })
        assert.deepEqual(await ids(token, 'requestDateTo=2026-01-10'), [])
        assert.deepEqual(await ids(token, 'requestDateFrom=2026-01-11&requestDateTo=2026-01-11'), sorted(lateUtc))
      })

      test('completionDateFrom/To select on completion, whole days inclusive, open requests excluded', async () => {
        const { org, token } = await world({ time_zone: 'America/New_York' })
        const pr = await t.f.property(org.id)
        const done = (iso: string) => t.f.request(org.id, pr.id, { status: 'completed', requested_at: new Date('2026-01-01T12:00:00Z'), completed_at: new Date(iso) })
        await done('2026-02-01T17:00:00Z')
        await done('2026-02-02T04:59:59Z')
        const first = await done('2026-02-02T05:00:00Z')
        const last = await done('2026-02-04T04:59:59Z')
        await done('2026-02-04T05:00:00Z')
        await done('2026-02-04T17:00:00Z')
        await t.f.request(org.id, pr.id, { status: 'open', requested_at: new Date('2026-02-02T12:00:00Z') })
        assert.deepEqual(await ids(token, 'completionDateFrom=2026-02-02&completionDateTo=2026-02-03'), sorted(first, last))
        assert.deepEqual(await ids(token, 'completionDateFrom=2026-02-02T05:00:00Z&completionDateTo=2026-02-02T05:00:00Z'), sorted(first))
      })

      test('search matches title, description, property address and tenant first or last name, case-insensitively', async () => {
        const { org, token } = await world()
        const plain = await t.f.property(org.id, { address_line1: '1 Elm Road' })
        const maple = await t.f.property(org.id, { address_line1: '77 Maplewood Avenue' })
        const zoe = await t.f.tenant(org.id, { first_name: 'Zoëlle', last_name: 'Brandt' })
        const otto = await t.f.tenant(org.id, { first_name: 'Otto', last_name: 'Quixley' })
        const byTitle = await t.f.request(org.id, plain.id, { title: 'Broken RADIATOR valve' })
        const byDescription = await t.f.request(org.id, plain.id, { title: 'Noise', description: 'the radiator bangs at night' })
        const byAddress = await t.f.request(org.id, maple.id, { title: 'Door' })
        const byFirst = await t.f.request(org.id, plain.id, { title: 'Window', tenant_id: zoe.id })
        const byLast = await t.f.request(org.id, plain.id, { title: 'Sink', tenant_id: otto.id })
        await t.f.request(org.id, plain.id, { title: 'Unrelated', description: 'nothing to see' })
        assert.deepEqual(await ids(token, 'search=radiator'), sorted(byTitle, byDescription))
        assert.deepEqual(await ids(token, 'search=MAPLEWOOD'), sorted(byAddress))
        assert.deepEqual(await ids(token, `search=${encodeURIComponent('zoël')}`), sorted(byFirst))
        assert.deepEqual(await ids(token, 'search=quixley'), sorted(byLast))
        assert.deepEqual(await ids(token, 'search=otto%20quix'), sorted(byLast))
        assert.deepEqual(await ids(token, 'search=100%25'), [])
      })

      test('items carry their property and tenant summaries', async () => {
        const { org, token } = await world()
        const pr = await t.f.property(org.id, { name: 'Harbor View', address_line1: '9 Dock St' })
        const tenant = await t.f.tenant(org.id, { first_name: 'Ada', last_name: 'Byron' })
        const withTenant = await t.f.request(org.id, pr.id, { tenant_id: tenant.id, requested_at: new Date('2026-01-02T00:00:00Z') })
        const without = await t.f.request(org.id, pr.id, { requested_at: new Date('2026-01-01T00:00:00Z') })
        const body = await list(token)
        assert.equal(body.total, 2)
        const [first, second] = body.data as unknown as Record<string, unknown>[]
        assert.equal(first!.id, withTenant.id)
        assert.deepEqual(first!.property, { id: pr.id, name: 'Harbor View', addressLine1: '9 Dock St' })
        assert.deepEqual(first!.tenant, { id: tenant.id, firstName: 'Ada', lastName: 'Byron' })
        assert.equal(first!.requestedAt, '2026-01-02T00:00:00.000Z')
        assert.equal(second!.id, without.id)
        assert.equal(second!.tenant, null)
      })
    })

    test('57 requests with the same requested_at are walked page by page, each seen exactly once', async () => {
      const { org, token } = await world()
      const pr = await t.f.property(org.id)
      const when = new Date('2026-03-01T12:00:00Z')
      const made: string[] = []
      for (let i = 0; i < 57; i++) made.push((await t.f.request(org.id, pr.id, { requested_at: when })).id)
      const seen: string[] = []
      for (let page = 1; page <= 6; page++) {
        const body = await list(token, `page=${page}&pageSize=10`)
        assert.equal(body.total, 57)
        assert.equal(body.data.length, page === 6 ? 7 : 10)
        seen.push(...body.data.map((r) => r.id))
      }
      assert.equal((await list(token, 'page=7&pageSize=10')).data.length, 0)
      assert.equal(new Set(seen).size, 57)
      assert.deepEqual(seen, [...made].sort().reverse())
    })

    describe('bad input', () => {
      test('requestDateFrom after requestDateTo is a 400 naming requestDateFrom', async () => {
        const { token } = await world()
        const res = await t.as(token, { method: 'GET', url: `${API}?requestDateFrom=2026-01-11&requestDateTo=2026-01-10` })
        assert.equal(res.statusCode, 400)
        assert.deepEqual(fields(res), ['query.requestDateFrom'])
        const mixed = await t.as(token, { method: 'GET', url: `${API}?completionDateFrom=2026-01-11T05:00:00Z&completionDateTo=2026-01-10` })
        assert.equal(mixed.statusCode, 400)
        assert.deepEqual(fields(mixed), ['query.completionDateFrom'])
        const sameDay = await t.as(token, { method: 'GET', url: `${API}?requestDateFrom=2026-01-10&requestDateTo=2026-01-10` })
        assert.equal(sameDay.statusCode, 200)
      })

      test('bogus status, priority, dates, ids and unknown query fields are 400s naming each field', async () => {
        const { token } = await world()
        const cases: [string, string][] = [
          ['status=bogus', 'query.status'],
          ['priority[]=urgent', 'query.priority'],
          ['requestDateFrom=2026-02-30', 'query.requestDateFrom'],
          ['completionDateTo=yesterday', 'query.completionDateTo'],
          ['propertyId=42', 'query.propertyId'],
          ['tenantId=not-a-uuid', 'query.tenantId'],
          ['pageSize=101', 'query.pageSize'],
          ['page=0', 'query.page'],
          ['sort=title', 'query.sort'],
        ]
        for (const [qs, field] of cases) {
          const res = await t.as(token, { method: 'GET', url: `${API}?${qs}` })
          assert.equal(res.statusCode, 400, qs)
          assert.ok(fields(res).some((f) => f === field || f.startsWith(`${field}.`)), `${qs}: ${res.body}`)
        }
      })

      test('a malformed id is a 400 naming path.id', async () => {
        const { token } = await world()
        for (const [method, url] of [['GET', `${API}/nope`], ['PATCH', `${API}/123`], ['DELETE', `${API}/x`], ['GET', `${API}/x/comments`]] as const) {
          const res = await t.as(token, { method, url, ...(method === 'PATCH' ? { payload: { title: 'x' } } : {}) })
          assert.equal(res.statusCode, 400, url)
          assert.deepEqual(fields(res), ['path.id'])
        }
      })

      test('create with wrong types, unknown fields or a bad category is a 400 naming each, and writes nothing', async () => {
        const { org, token } = await world()
        const pr = await t.f.property(org.id)
        const before = await counts(org.id)
        const res = await t.as(token, {
          method: 'POST',
          url: API,
          payload: { propertyId: pr.id, title: 42, priority: 'asap', category: 'Plumbing!', urgent: true },
        })
        assert.equal(res.statusCode, 400)
        assert.deepEqual(fields(res).sort(), ['body.category', 'body.priority', 'body.title', 'body.urgent'])
        const blank = await t.as(token, { method: 'POST', url: API, payload: { propertyId: pr.id, title: '   ' } })
        assert.equal(blank.statusCode, 400)
        assert.deepEqual(fields(blank), ['body.title'])
        assert.deepEqual(await counts(org.id), before)
      })

      test('an empty update or one with a bogus status is a 400 and changes nothing', async () => {
        const { org, token } = await world()
        const pr = await t.f.property(org.id)
        const r = await t.f.request(org.id, pr.id)
        const empty = await t.as(token, { method: 'PATCH', url: `${API}/${r.id}`, payload: {} })
        assert.equal(empty.statusCode, 400)
        assert.deepEqual(fields(empty), ['body'])
        const bogus = await t.as(token, { method: 'PATCH', url: `${API}/${r.id}`, payload: { status: 'done' } })
        assert.equal(bogus.statusCode, 400)
        assert.deepEqual(fields(bogus), ['body.status'])
        const row = await t.db.selectFrom('maintenance_requests').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow()
        assert.equal(row.status, 'open')
        assert.equal((await counts(org.id)).events, 0)
      })
    })

    describe('detail', () => {
      test('include= loads work orders, comments, documents, property address, tenant contact and unit', async () => {
        const { org, admin, token } = await world()
        const pr = await t.f.property(org.id, { name: 'Oak', address_line1: '5 Oak Ln', city: 'Dayton', state: 'OH', zip: '45402' })
        const unit = await t.f.unit(org.id, pr.id, { unit_number: '3B', bedrooms: 2, bathrooms: 1.5 })
        const tenant = await t.f.tenant(org.id, { first_name: 'Kim', last_name: 'Lee', email: 'kim@example.test', phone: '555-1234' })
        const r = await t.f.request(org.id, pr.id, { unit_id: unit.id, tenant_id: tenant.id, location: 'kitchen' })
        const wo = await t.f.workOrder(org.id, r.id, { vendor: 'Acme Plumbing', estimated_cost_cents: 12_500 })
        const posted = await t.as(token, { method: 'POST', url: `${API}/${r.id}/comments`, payload: { body: 'On our way' } })
        assert.equal(posted.statusCode, 201, posted.body)
        const docId = uuidv7()
        await t.db
          .insertInto('documents')
          .values({ id: docId, org_id: org.id, request_id: r.id, file_name: 'leak.jpg', content_type: 'image/jpeg', size_bytes: 3, sha256: 'abc', content: new Uint8Array([1, 2, 3]), uploaded_by: admin.id })
          .execute()

        const bare = await t.as(token, { method: 'GET', url: `${API}/${r.id}` })
        assert.equal(bare.statusCode, 200, bare.body)
        assert.equal(bare.json().workOrders, undefined)
        assert.equal(bare.json().location, 'kitchen')
        assert.deepEqual(bare.json().property, { id: pr.id, name: 'Oak', addressLine1: '5 Oak Ln' })

        const res = await t.as(token, { method: 'GET', url: `${API}/${r.id}?include=workOrders,comments,documents,property,tenant,unit` })
        assert.equal(res.statusCode, 200, res.body)
        const body = res.json()
        assert.deepEqual(body.property, { id: pr.id, name: 'Oak', addressLine1: '5 Oak Ln', addressLine2: null, city: 'Dayton', state: 'OH', zip: '45402' })
        assert.deepEqual(body.tenant, { id: tenant.id, firstName: 'Kim', lastName: 'Lee', email: 'kim@example.test', phone: '555-1234' })
        assert.deepEqual(body.unit, { id: unit.id, propertyId: pr.id, unitNumber: '3B', bedrooms: 2, bathrooms: 1.5 })
        assert.deepEqual(body.workOrders.map((w: { id: string; vendor: string; estimatedCostCents: number }) => [w.id, w.vendor, w.estimatedCostCents]), [[wo.id, 'Acme Plumbing', 12_500]])
        assert.deepEqual(body.comments.map((c: { body: string; authorId: string; authorRole: string }) => [c.body, c.authorId, c.authorRole]), [['On our way', admin.id, 'admin']])
        assert.deepEqual(body.documents.map((d: { id: string; fileName: string; sizeBytes: number }) => [d.id, d.fileName, d.sizeBytes]), [[docId, 'leak.jpg', 3]])
      })

      test('include= with an unknown relation is a 400 naming query.include', async () => {
        const { org, token } = await world()
        const r = await t.f.request(org.id, (await t.f.property(org.id)).id)
        const res = await t.as(token, { method: 'GET', url: `${API}/${r.id}?include=workOrders,payments` })
        assert.equal(res.statusCode, 400)
        assert.ok(fields(res).every((f) => f.startsWith('query.include')), res.body)
      })

      test('a tenant sees the work orders of their request without vendor, costs or notes', async () => {
        const { org } = await world()
        const pr = await t.f.property(org.id)
        const { user, token } = await signedIn(org.id, 'tenant')
        const r = await t.f.request(org.id, pr.id, { tenant_id: user.tenant_id })
        await t.f.workOrder(org.id, r.id, { vendor: 'Acme', estimated_cost_cents: 9_900, notes: 'tenant was rude', scheduled_for: new Date('2026-05-01T14:00:00Z') })
        const res = await t.as(token, { method: 'GET', url: `${API}/${r.id}?include=workOrders` })
        assert.equal(res.statusCode, 200, res.body)
        const [w] = res.json().workOrders
        assert.equal(w.scheduledFor, '2026-05-01T14:00:00.000Z')
        assert.equal(w.vendor, null)
        assert.equal(w.estimatedCostCents, null)
        assert.equal(w.notes, null)
      })
    })

    describe('create', () => {
      test('staff create a request on a visible property: 201, the row and one event', async () => {
        const { org } = await world()
        const pr = await t.f.property(org.id)
        const unit = await t.f.unit(org.id, pr.id)
        const tenant = await t.f.tenant(org.id)
        await t.f.lease(org.id, unit.id, [tenant.id])
        const { user: manager, token } = await signedIn(org.id, 'property_manager')
        await t.f.assignManager(org.id, pr.id, manager.id)
        const tech = await t.f.user(org.id, 'technician')
        const res = await t.as(token, {
          method: 'POST',
          url: API,
          payload: { propertyId: pr.id, unitId: unit.id, tenantId: tenant.id, title: 'No hot water', priority: 'high', category: 'plumbing', source: 'phone', assigneeId: tech.id },
        })
        assert.equal(res.statusCode, 201, res.body)
        const body = res.json()
        assert.equal(body.title, 'No hot water')
        assert.equal(body.priority, 'high')
        // Reported with an assignee, it starts assigned.
        assert.equal(body.status, 'assigned')
        assert.equal(body.source, 'phone')
        assert.equal(body.assigneeId, tech.id)
        assert.equal(body.tenant.id, tenant.id)
        const events = await t.db.selectFrom('events').selectAll().where('org_id', '=', org.id).execute()
        assert.equal(events.length, 1)
        assert.equal(events[0]!.topic, 'maintenance')
        assert.equal(events[0]!.action, 'created')
        assert.equal(events[0]!.entity_id, body.id)
        assert.deepEqual(events[0]!.payload, { propertyId: pr.id, unitId: unit.id, tenantId: tenant.id, status: 'assigned' })
      })

      test('staff references outside their scope or mismatched are 400s naming the field, and nothing is written', async () => {
        const { org } = await world()
        const mine = await t.f.property(org.id)
        const other = await t.f.property(org.id)
        const otherUnit = await t.f.unit(org.id, other.id)
        const { user: manager, token } = await signedIn(org.id, 'property_manager')
        await t.f.assignManager(org.id, mine.id, manager.id)
        const strangerTenant = await t.f.tenant(org.id)
        const tenantUser = await t.f.user(org.id, 'tenant')
        const foreign = await world()
        const foreignProperty = await t.f.property(foreign.org.id)
        const before = await counts(org.id)
        const cases: [Record<string, unknown>, string][] = [
          [{ propertyId: other.id }, 'body.propertyId'],
          [{ propertyId: foreignProperty.id }, 'body.propertyId'],
          [{ propertyId: mine.id, unitId: otherUnit.id }, 'body.unitId'],
          [{ propertyId: mine.id, unitId: uuidv7() }, 'body.unitId'],
          [{ propertyId: mine.id, tenantId: strangerTenant.id }, 'body.tenantId'],
          [{ propertyId: mine.id, assigneeId: tenantUser.id }, 'body.assigneeId'],
        ]
        for (const [payload, field] of cases) {
          const res = await t.as(token, { method: 'POST', url: API, payload: { title: 'Leak', ...payload } })
          assert.equal(res.statusCode, 400, `${field}: ${res.body}`)
          assert.deepEqual(fields(res), [field])
        }
        assert.deepEqual(await counts(org.id), before)
      })

      test('a tenant creates a request for a unit of their active lease; the tenant and source are their own', async () => {
        const { org } = await world()
        const pr = await t.f.property(org.id)
        const unit = await t.f.unit(org.id, pr.id)
        const { user, token } = await signedIn(org.id, 'tenant')
        await t.f.lease(org.id, unit.id, [user.tenant_id!])
        const res = await t.as(token, { method: 'POST', url: API, payload: { propertyId: pr.id, unitId: unit.id, tenantId: user.tenant_id, title: 'Mold in bathroom' } })
        assert.equal(res.statusCode, 201, res.body)
        assert.equal(res.json().tenantId, user.tenant_id)
        assert.equal(res.json().source, 'portal')
        assert.equal(res.json().unitId, unit.id)
        const mine = await list(token)
        assert.deepEqual(mine.data.map((r) => r.id), [res.json().id])
      })

      test('a tenant creating a request on a unit that is not theirs gets a 400 and nothing is written', async () => {
        const { org } = await world()
        const pr = await t.f.property(org.id)
        const mine = await t.f.unit(org.id, pr.id)
        const theirs = await t.f.unit(org.id, pr.id)
        const ended = await t.f.unit(org.id, pr.id)
        const otherPr = await t.f.property(org.id)
        const { user, token } = await signedIn(org.id, 'tenant')
        const neighbour = await t.f.tenant(org.id)
        await t.f.lease(org.id, mine.id, [user.tenant_id!])
        await t.f.lease(org.id, theirs.id, [neighbour.id])
        await t.f.lease(org.id, ended.id, [user.tenant_id!], { status: 'ended' })
        const before = await counts(org.id)
        const cases: [Record<string, unknown>, string][] = [
          [{ propertyId: pr.id, unitId: theirs.id }, 'body.unitId'],
          [{ propertyId: pr.id, unitId: ended.id }, 'body.unitId'],
          [{ propertyId: pr.id }, 'body.unitId'],
          [{ propertyId: otherPr.id, unitId: mine.id }, 'body.propertyId'],
          [{ propertyId: pr.id, unitId: mine.id, tenantId: neighbour.id }, 'body.tenantId'],
        ]
        for (const [payload, field] of cases) {
          const res = await t.as(token, { method: 'POST', url: API, payload: { title: 'Leak', ...payload } })
          assert.equal(res.statusCode, 400, `${field}: ${res.body}`)
          assert.deepEqual(fields(res), [field])
        }
        const staffOnly = await t.as(token, { method: 'POST', url: API, payload: { propertyId: pr.id, unitId: mine.id, title: 'Leak', assigneeId: uuidv7(), source: 'phone' } })
        assert.equal(staffOnly.statusCode, 403)
        assert.deepEqual(fields(staffOnly).sort(), ['body.assigneeId', 'body.source'])
        assert.deepEqual(await counts(org.id), before)
      })

      test('owners and technicians may not create requests (403)', async () => {
        const { org } = await world()
        const pr = await t.f.property(org.id)
        for (const role of ['owner', 'technician'] as const) {
          const { token } = await signedIn(org.id, role)
          const res = await t.as(token, { method: 'POST', url: API, payload: { propertyId: pr.id, title: 'Leak' } })
          assert.equal(res.statusCode, 403, role)
        }
      })
    })

    describe('update and delete', () => {
      test('moving to completed sets completed_at to now, moving away clears it', async () => {
        const { org, token } = await world()
        const r = await t.f.request(org.id, (await t.f.property(org.id)).id, { requested_at: new Date('2026-01-01T00:00:00Z') })
        const t0 = Date.now()
        const done = await t.as(token, { method: 'PATCH', url: `${API}/${r.id}`, payload: { status: 'completed' } })
        assert.equal(done.statusCode, 200, done.body)
        assert.equal(done.json().status, 'completed')
        const at = Date.parse(done.json().completedAt)
        assert.ok(at >= t0 - 1000 && at <= Date.now() + 1000, done.json().completedAt)
        const retitled = await t.as(token, { method: 'PATCH', url: `${API}/${r.id}`, payload: { title: 'Fixed faucet' } })
        assert.equal(retitled.json().completedAt, done.json().completedAt)
        const reopened = await t.as(token, { method: 'PATCH', url: `${API}/${r.id}`, payload: { status: 'in_progress' } })
        assert.equal(reopened.statusCode, 200)
        assert.equal(reopened.json().completedAt, null)
        const given = await t.as(token, { method: 'PATCH', url: `${API}/${r.id}`, payload: { status: 'completed', completedAt: '2026-01-05T10:00:00Z' } })
        assert.equal(given.json().completedAt, '2026-01-05T10:00:00.000Z')
        const events = await t.db.selectFrom('events').select(['action', 'payload']).where('org_id', '=', org.id).orderBy('seq').execute()
        assert.deepEqual(events.map((e) => e.action), ['updated', 'updated', 'updated', 'updated'])
        const moves = events.map((e) => [e.payload.previousStatus, e.payload.status])
        assert.deepEqual(moves, [['open', 'completed'], ['completed', 'completed'], ['completed', 'in_progress'], ['in_progress', 'completed']])
      })

      test('completedAt without status completed, or before the request, is a 400', async () => {
        const { org, token } = await world()
        const r = await t.f.request(org.id, (await t.f.property(org.id)).id, { requested_at: new Date('2026-01-10T00:00:00Z') })
        const open = await t.as(token, { method: 'PATCH', url: `${API}/${r.id}`, payload: { completedAt: '2026-01-11T00:00:00Z' } })
        assert.equal(open.statusCode, 400)
        assert.deepEqual(fields(open), ['body.completedAt'])
        const early = await t.as(token, { method: 'PATCH', url: `${API}/${r.id}`, payload: { status: 'completed', completedAt: '2026-01-09T00:00:00Z' } })
        assert.equal(early.statusCode, 400)
        assert.deepEqual(fields(early), ['body.completedAt'])
      })

      test('the assignee must be a technician or property manager of the organization, else 400', async () => {
        const { org, token } = await world()
        const r = await t.f.request(org.id, (await t.f.property(org.id)).id)
        const tech = await t.f.user(org.id, 'technician')
        const manager = await t.f.user(org.id, 'property_manager')
        const tenantUser = await t.f.user(org.id, 'tenant')
        const foreignTech = await t.f.user((await t.f.org()).id, 'technician')
        for (const bad of [tenantUser.id, foreignTech.id, uuidv7()]) {
          const res = await t.as(token, { method: 'PATCH', url: `${API}/${r.id}`, payload: { assigneeId: bad } })
          assert.equal(res.statusCode, 400)
          assert.deepEqual(fields(res), ['body.assigneeId'])
        }
        for (const good of [tech.id, manager.id]) {
          const res = await t.as(token, { method: 'PATCH', url: `${API}/${r.id}`, payload: { assigneeId: good, status: 'assigned' } })
          assert.equal(res.statusCode, 200, res.body)
          assert.equal(res.json().assigneeId, good)
        }
        const cleared = await t.as(token, { method: 'PATCH', url: `${API}/${r.id}`, payload: { assigneeId: null } })
        assert.equal(cleared.json().assigneeId, null)
      })

      test('owners get 403 on update; a manager of another property gets 404', async () => {
        const { org } = await world()
        const pr = await t.f.property(org.id)
        const r = await t.f.request(org.id, pr.id)
        const { user: ownerUser, token: ownerToken } = await signedIn(org.id, 'owner')
        await t.db.updateTable('properties').set({ owner_id: ownerUser.owner_id }).where('id', '=', pr.id).execute()
        assert.equal((await t.as(ownerToken, { method: 'PATCH', url: `${API}/${r.id}`, payload: { title: 'x' } })).statusCode, 403)
        const { token: managerToken } = await signedIn(org.id, 'property_manager')
        assert.equal((await t.as(managerToken, { method: 'PATCH', url: `${API}/${r.id}`, payload: { title: 'x' } })).statusCode, 404)
      })

      test('an admin deletes a request (204, gone, event); managers get 403', async () => {
        const { org, token } = await world()
        const pr = await t.f.property(org.id)
        const r = await t.f.request(org.id, pr.id)
        await t.f.workOrder(org.id, r.id)
        const { user: manager, token: managerToken } = await signedIn(org.id, 'property_manager')
        await t.f.assignManager(org.id, pr.id, manager.id)
        assert.equal((await t.as(managerToken, { method: 'DELETE', url: `${API}/${r.id}` })).statusCode, 403)
        const res = await t.as(token, { method: 'DELETE', url: `${API}/${r.id}` })
        assert.equal(res.statusCode, 204)
        assert.equal(res.body, '')
        assert.equal((await t.as(token, { method: 'GET', url: `${API}/${r.id}` })).statusCode, 404)
        assert.equal((await t.as(token, { method: 'DELETE', url: `${API}/${r.id}` })).statusCode, 404)
        const events = await t.db.selectFrom('events').selectAll().where('org_id', '=', org.id).execute()
        assert.deepEqual(events.map((e) => [e.topic, e.action, e.entity_id]), [['maintenance', 'deleted', r.id]])
      })
    })

    describe('comments', () => {
      test('the tenant, staff and the assigned technician post to the thread and all read it in order', async () => {
        const { org, token: adminToken } = await world()
        const pr = await t.f.property(org.id)
        const { user: tenantUser, token: tenantToken } = await signedIn(org.id, 'tenant')
        const { user: tech, token: techToken } = await signedIn(org.id, 'technician')
        const r = await t.f.request(org.id, pr.id, { tenant_id: tenantUser.tenant_id })
        await t.f.workOrder(org.id, r.id, { assignee_id: tech.id })
        const post = (token: string, body: string) => t.as(token, { method: 'POST', url: `${API}/${r.id}/comments`, payload: { body } })
        const first = await post(tenantToken, 'The sink leaks')
        assert.equal(first.statusCode, 201, first.body)
        assert.equal(first.json().authorId, tenantUser.id)
        assert.equal(first.json().authorRole, 'tenant')
        assert.equal((await post(adminToken, 'Sending someone')).statusCode, 201)
        assert.equal((await post(techToken, 'Fixed the trap')).statusCode, 201)
        for (const token of [tenantToken, adminToken, techToken]) {
          const res = await t.as(token, { method: 'GET', url: `${API}/${r.id}/comments` })
          assert.equal(res.statusCode, 200, res.body)
          assert.equal(res.json().total, 3)
          assert.deepEqual(res.json().data.map((c: { body: string }) => c.body), ['The sink leaks', 'Sending someone', 'Fixed the trap'])
        }
        const page2 = await t.as(tenantToken, { method: 'GET', url: `${API}/${r.id}/comments?page=2&pageSize=2` })
        assert.deepEqual(page2.json().data.map((c: { body: string }) => c.body), ['Fixed the trap'])
        const events = await t.db.selectFrom('events').selectAll().where('org_id', '=', org.id).where('topic', '=', 'comment').execute()
        assert.equal(events.length, 3)
        assert.deepEqual(events[0]!.payload, { requestId: r.id, propertyId: pr.id, tenantId: tenantUser.tenant_id })
      })

      test('another tenant or an unassigned technician gets 404; an owner reads but may not post', async () => {
        const { org } = await world()
        const pr = await t.f.property(org.id)
        const r = await t.f.request(org.id, pr.id, { tenant_id: (await t.f.tenant(org.id)).id })
        const { token: otherTenant } = await signedIn(org.id, 'tenant')
        const { token: otherTech } = await signedIn(org.id, 'technician')
        const { user: ownerUser, token: ownerToken } = await signedIn(org.id, 'owner')
        await t.db.updateTable('properties').set({ owner_id: ownerUser.owner_id }).where('id', '=', pr.id).execute()
        for (const token of [otherTenant, otherTech]) {
          assert.equal((await t.as(token, { method: 'GET', url: `${API}/${r.id}/comments` })).statusCode, 404)
          assert.equal((await t.as(token, { method: 'POST', url: `${API}/${r.id}/comments`, payload: { body: 'hi' } })).statusCode, 404)
        }
        assert.equal((await t.as(ownerToken, { method: 'GET', url: `${API}/${r.id}/comments` })).statusCode, 200)
        assert.equal((await t.as(ownerToken, { method: 'POST', url: `${API}/${r.id}/comments`, payload: { body: 'hi' } })).statusCode, 403)
        assert.equal((await counts(org.id)).comments, 0)
      })

      test('an empty, blank, over-long or extra-field comment is a 400 and nothing is written', async () => {
        const { org, token } = await world()
        const r = await t.f.request(org.id, (await t.f.property(org.id)).id)
        for (const [payload, field] of [
          [{ body: '' }, 'body.body'],
          [{ body: '   ' }, 'body.body'],
          [{ body: 'x'.repeat(5001) }, 'body.body'],
          [{ body: 5 }, 'body.body'],
          [{ body: 'ok', pinned: true }, 'body.pinned'],
        ] as const) {
          const res = await t.as(token, { method: 'POST', url: `${API}/${r.id}/comments`, payload })
          assert.equal(res.statusCode, 400)
          assert.deepEqual(fields(res), [field])
        }
        assert.equal((await t.as(token, { method: 'POST', url: `${API}/${r.id}/comments`, payload: { body: 'x'.repeat(5000) } })).statusCode, 201)
        assert.equal((await counts(org.id)).comments, 1)
      })
    })

    describe('scope', () => {
      test('tenant A cannot read tenant B’s request (404) nor see it in the list', async () => {
        const { org } = await world()
        const pr = await t.f.property(org.id)
        const a = await signedIn(org.id, 'tenant')
        const b = await signedIn(org.id, 'tenant')
        const ofA = await t.f.request(org.id, pr.id, { tenant_id: a.user.tenant_id })
        const ofB = await t.f.request(org.id, pr.id, { tenant_id: b.user.tenant_id })
        await t.f.request(org.id, pr.id)
        assert.equal((await t.as(a.token, { method: 'GET', url: `${API}/${ofB.id}` })).statusCode, 404)
        assert.equal((await t.as(a.token, { method: 'GET', url: `${API}/${ofA.id}` })).statusCode, 200)
        const seen = await list(a.token)
        assert.deepEqual(seen.data.map((r) => r.id), [ofA.id])
        assert.equal(seen.total, 1)
        assert.deepEqual(await ids(a.token, `tenantId=${b.user.tenant_id}`), [])
      })

      test('a technician sees the requests assigned to them, as the assignee or on a work order, and no others', async () => {
        const { org } = await world()
        const pr = await t.f.property(org.id)
        const tech = await signedIn(org.id, 'technician')
        const other = await t.f.user(org.id, 'technician')
        const assigned = await t.f.request(org.id, pr.id)
        const notMine = await t.f.request(org.id, pr.id)
        const asAssignee = await t.f.request(org.id, pr.id, { assignee_id: tech.user.id })
        await t.f.request(org.id, pr.id, { assignee_id: other.id })
        await t.f.workOrder(org.id, assigned.id, { assignee_id: tech.user.id })
        await t.f.workOrder(org.id, assigned.id, { assignee_id: other.id })
        await t.f.workOrder(org.id, notMine.id, { assignee_id: other.id })
        assert.deepEqual((await list(tech.token)).data.map((r) => r.id).sort(), [assigned.id, asAssignee.id].sort())
        assert.equal((await t.as(tech.token, { method: 'GET', url: `${API}/${asAssignee.id}` })).statusCode, 200)
        assert.equal((await t.as(tech.token, { method: 'GET', url: `${API}/${notMine.id}` })).statusCode, 404)
        const detail = await t.as(tech.token, { method: 'GET', url: `${API}/${assigned.id}?include=workOrders` })
        assert.equal(detail.statusCode, 200)
        assert.deepEqual(detail.json().workOrders.map((w: { assigneeId: string }) => w.assigneeId), [tech.user.id])
        assert.equal((await t.as(tech.token, { method: 'PATCH', url: `${API}/${assigned.id}`, payload: { title: 'x' } })).statusCode, 403)
      })

      test('managers see requests of assigned properties, owners of owned ones', async () => {
        const { org } = await world()
        const managed = await t.f.property(org.id)
        const owned = await t.f.property(org.id)
        const manager = await signedIn(org.id, 'property_manager')
        const owner = await signedIn(org.id, 'owner')
        await t.f.assignManager(org.id, managed.id, manager.user.id)
        await t.db.updateTable('properties').set({ owner_id: owner.user.owner_id }).where('id', '=', owned.id).execute()
        const onManaged = await t.f.request(org.id, managed.id)
        const onOwned = await t.f.request(org.id, owned.id)
        assert.deepEqual(await ids(manager.token, ''), sorted(onManaged))
        assert.deepEqual(await ids(owner.token, ''), sorted(onOwned))
        assert.equal((await t.as(manager.token, { method: 'GET', url: `${API}/${onOwned.id}` })).statusCode, 404)
        assert.equal((await t.as(owner.token, { method: 'GET', url: `${API}/${onManaged.id}` })).statusCode, 404)
      })

      test("an owner reads a request on an owned property with the tenant's name but not their contact", async () => {
        const { org } = await world()
        const owned = await t.f.property(org.id)
        const owner = await signedIn(org.id, 'owner')
        await t.db.updateTable('properties').set({ owner_id: owner.user.owner_id }).where('id', '=', owned.id).execute()
        const tenant = await t.f.tenant(org.id, { first_name: 'Kim', last_name: 'Lee', email: 'kim@example.test', phone: '555-1234' })
        const r = await t.f.request(org.id, owned.id, { tenant_id: tenant.id })
        const res = await t.as(owner.token, { method: 'GET', url: `${API}/${r.id}?include=tenant,property,unit` })
        assert.equal(res.statusCode, 200, res.body)
        assert.deepEqual(res.json().tenant, { id: tenant.id, firstName: 'Kim', lastName: 'Lee' })
        assert.ok(!res.body.includes('kim@example.test') && !res.body.includes('555-1234'))
      })

      test('another organization’s request ids answer 404 on every route and never appear in lists', async () => {
        const mine = await world()
        const theirs = await world()
        const foreign = await t.f.request(theirs.org.id, (await t.f.property(theirs.org.id)).id)
        for (const [method, url, payload] of [
          ['GET', `${API}/${foreign.id}`, undefined],
          ['PATCH', `${API}/${foreign.id}`, { title: 'x' }],
          ['DELETE', `${API}/${foreign.id}`, undefined],
          ['GET', `${API}/${foreign.id}/comments`, undefined],
          ['POST', `${API}/${foreign.id}/comments`, { body: 'x' }],
        ] as const) {
          const res = await t.as(mine.token, { method, url, ...(payload ? { payload } : {}) })
          assert.equal(res.statusCode, 404, `${method} ${url}`)
        }
        assert.equal((await list(mine.token)).total, 0)
        const row = await t.db.selectFrom('maintenance_requests').selectAll().where('id', '=', foreign.id).executeTakeFirstOrThrow()
        assert.equal(row.title, foreign.title)
        assert.deepEqual(await counts(theirs.org.id), { requests: 1, events: 0, comments: 0 })
      })
    })
  })
}
