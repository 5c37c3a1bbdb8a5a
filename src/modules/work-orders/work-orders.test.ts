import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { targets } from '../../../test/support/db.js'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import type { Role } from '../../db/types.js'
import { uuidv7 } from '../../lib/ids.js'

const API = '/api/v1/work-orders'

for (const target of targets) {
  describe(`work orders on ${target.name}`, () => {
    let t: TestApp
    before(async () => {
      t = await startTestApp(target)
    })
    after(() => t.close())

    async function signedIn(orgId: string, role: Role) {
      const user = await t.f.user(orgId, role)
      return { user, token: await t.tokenFor(user) }
    }

    /** An organization with an admin, a property with a unit, a reporting tenant and one request. */
    async function world() {
      const org = await t.f.org()
      const admin = await signedIn(org.id, 'admin')
      const property = await t.f.property(org.id, { name: 'Birch Court', address_line1: '12 Birch Ct', city: 'Albany', state: 'NY', zip: '12207' })
      const unit = await t.f.unit(org.id, property.id, { unit_number: '4A' })
      const tenant = await t.f.tenant(org.id, { first_name: 'Rosa', last_name: 'Diaz', phone: '555-0199', email: 'rosa@example.test' })
      const request = await t.f.request(org.id, property.id, { unit_id: unit.id, tenant_id: tenant.id, title: 'Heater out', description: 'no heat since Monday', location: 'bedroom' })
      return { org, admin, property, unit, tenant, request }
    }

    const fields = (res: { json: () => { errors?: { field: string }[] } }) => (res.json().errors ?? []).map((e) => e.field)

    async function listIds(token: string, qs = '') {
      const res = await t.as(token, { method: 'GET', url: `${API}?pageSize=100${qs ? `&${qs}` : ''}` })
      assert.equal(res.statusCode, 200, res.body)
      const body = res.json<{ data: { id: string }[]; total: number }>()
      assert.equal(body.total, body.data.length)
      return body.data.map((w) => w.id)
    }

    test('a technician lists only the work orders assigned to them; others answer 404', async () => {
      const w = await world()
      const tech = await signedIn(w.org.id, 'technician')
      const other = await t.f.user(w.org.id, 'technician')
      const mine = await t.f.workOrder(w.org.id, w.request.id, { assignee_id: tech.user.id })
      const theirs = await t.f.workOrder(w.org.id, w.request.id, { assignee_id: other.id })
      const unassigned = await t.f.workOrder(w.org.id, w.request.id)
      assert.deepEqual(await listIds(tech.token), [mine.id])
      for (const id of [theirs.id, unassigned.id]) {
        assert.equal((await t.as(tech.token, { method: 'GET', url: `${API}/${id}` })).statusCode, 404)
        assert.equal((await t.as(tech.token, { method: 'PATCH', url: `${API}/${id}`, payload: { notes: 'x' } })).statusCode, 404)
      }
    })

    test('the detail carries the request, the property, the unit and the reporting tenant’s contact', async () => {
      const w = await world()
      const tech = await signedIn(w.org.id, 'technician')
      const wo = await t.f.workOrder(w.org.id, w.request.id, { assignee_id: tech.user.id, scheduled_for: new Date('2026-02-03T15:00:00Z') })
      const res = await t.as(tech.token, { method: 'GET', url: `${API}/${wo.id}` })
      assert.equal(res.statusCode, 200, res.body)
      const body = res.json()
      assert.equal(body.id, wo.id)
      assert.equal(body.scheduledFor, '2026-02-03T15:00:00.000Z')
      assert.equal(body.propertyId, w.property.id)
      assert.deepEqual(
        { id: body.request.id, title: body.request.title, description: body.request.description, location: body.request.location, status: body.request.status },
        { id: w.request.id, title: 'Heater out', description: 'no heat since Monday', location: 'bedroom', status: 'open' },
      )
      assert.deepEqual(body.property, { id: w.property.id, name: 'Birch Court', addressLine1: '12 Birch Ct', addressLine2: null, city: 'Albany', state: 'NY', zip: '12207' })
      assert.deepEqual(body.unit, { id: w.unit.id, unitNumber: '4A' })
      assert.deepEqual(body.tenant, { id: w.tenant.id, firstName: 'Rosa', lastName: 'Diaz', phone: '555-0199', email: 'rosa@example.test' })
    })

    test('filters status[], assigneeId, requestId and propertyId return exactly the matching work orders', async () => {
      const w = await world()
      const otherProperty = await t.f.property(w.org.id)
      const otherRequest = await t.f.request(w.org.id, otherProperty.id)
      const tech = await t.f.user(w.org.id, 'technician')
      const a = await t.f.workOrder(w.org.id, w.request.id, { status: 'scheduled', assignee_id: tech.id })
      const b = await t.f.workOrder(w.org.id, w.request.id, { status: 'in_progress' })
      const c = await t.f.workOrder(w.org.id, otherRequest.id, { status: 'completed', completed_at: new Date() })
      const token = w.admin.token
      const set = (...xs: { id: string }[]) => xs.map((x) => x.id).sort()
      assert.deepEqual((await listIds(token, 'status=in_progress')).sort(), set(b))
      assert.deepEqual((await listIds(token, 'status[]=scheduled&status[]=completed')).sort(), set(a, c))
      assert.deepEqual(await listIds(token, `assigneeId=${tech.id}`), [a.id])
      assert.deepEqual((await listIds(token, `requestId=${w.request.id}`)).sort(), set(a, b))
      assert.deepEqual(await listIds(token, `propertyId=${otherProperty.id}`), [c.id])
      const bad = await t.as(token, { method: 'GET', url: `${API}?status=done&assigneeId=7` })
      assert.equal(bad.statusCode, 400)
      assert.deepEqual(fields(bad).map((f) => f.split('.').slice(0, 2).join('.')).sort(), ['query.assigneeId', 'query.status'])
    })

    test('the list sorts by scheduled time with unscheduled last, then newest created, then id', async () => {
      const w = await world()
      const late = await t.f.workOrder(w.org.id, w.request.id, { scheduled_for: new Date('2026-03-02T09:00:00Z') })
      const early = await t.f.workOrder(w.org.id, w.request.id, { scheduled_for: new Date('2026-03-01T09:00:00Z') })
      const olderUnscheduled = await t.f.workOrder(w.org.id, w.request.id, { created_at: new Date('2026-01-01T00:00:00Z') })
      const newerUnscheduled = await t.f.workOrder(w.org.id, w.request.id, { created_at: new Date('2026-01-02T00:00:00Z') })
      assert.deepEqual(await listIds(w.admin.token), [early.id, late.id, newerUnscheduled.id, olderUnscheduled.id])
    })

    test('sort=recent lists the latest completed first (unfinished by last change); a bad sort is 400 naming it', async () => {
      const w = await world()
      const doneLong = await t.f.workOrder(w.org.id, w.request.id, { status: 'completed', scheduled_for: new Date('2026-01-05T09:00:00Z'), completed_at: new Date('2026-01-05T12:00:00Z') })
      const doneLately = await t.f.workOrder(w.org.id, w.request.id, { status: 'completed', scheduled_for: new Date('2025-12-01T09:00:00Z'), completed_at: new Date('2026-02-10T12:00:00Z') })
      const cancelled = await t.f.workOrder(w.org.id, w.request.id, { status: 'cancelled', updated_at: new Date('2026-01-20T00:00:00Z') })
      assert.deepEqual(await listIds(w.admin.token, 'sort=recent'), [doneLately.id, cancelled.id, doneLong.id])
      assert.deepEqual(await listIds(w.admin.token, 'sort=scheduled'), [doneLately.id, doneLong.id, cancelled.id])
      const bad = await t.as(w.admin.token, { method: 'GET', url: `${API}?sort=oldest` })
      assert.equal(bad.statusCode, 400)
      assert.deepEqual(fields(bad), ['query.sort'])
    })

    test('status[] of the active statuses with the default sort gives a technician their open jobs, soonest first', async () => {
      const w = await world()
      const tech = await signedIn(w.org.id, 'technician')
      const job = (status: 'scheduled' | 'in_progress' | 'on_hold' | 'completed' | 'cancelled', at: string | null) =>
        t.f.workOrder(w.org.id, w.request.id, { assignee_id: tech.user.id, status, scheduled_for: at ? new Date(at) : null, ...(status === 'completed' ? { completed_at: new Date('2026-01-01T00:00:00Z') } : {}) })
      await job('completed', '2025-06-01T09:00:00Z')
      const later = await job('scheduled', '2026-05-02T09:00:00Z')
      const sooner = await job('in_progress', '2026-05-01T09:00:00Z')
      const held = await job('on_hold', null)
      await job('cancelled', '2025-07-01T09:00:00Z')
      assert.deepEqual(await listIds(tech.token, 'status=scheduled&status=in_progress&status=on_hold'), [sooner.id, later.id, held.id])
    })

    test('staff create a work order on a visible request: 201, its event, and the open request’s move to assigned', async () => {
      const w = await world()
      const tech = await t.f.user(w.org.id, 'technician')
      const res = await t.as(w.admin.token, {
        method: 'POST',
        url: API,
        payload: { requestId: w.request.id, assigneeId: tech.id, vendor: 'Acme HVAC', scheduledFor: '2026-02-03T15:00:00Z', estimatedCostCents: 25_000 },
      })
      assert.equal(res.statusCode, 201, res.body)
      const body = res.json()
      assert.equal(body.status, 'scheduled')
      assert.equal(body.assigneeId, tech.id)
      assert.equal(body.estimatedCostCents, 25_000)
      assert.equal(body.completedAt, null)
      const events = await t.db.selectFrom('events').selectAll().where('org_id', '=', w.org.id).orderBy('seq').execute()
      assert.deepEqual(events.map((e) => [e.topic, e.action, e.entity_id]), [['work_order', 'created', body.id], ['maintenance', 'updated', w.request.id]])
      assert.deepEqual(events[0]!.payload, { requestId: w.request.id, propertyId: w.property.id, assigneeId: tech.id, status: 'scheduled' })
      assert.deepEqual(events[1]!.payload, { propertyId: w.property.id, unitId: w.unit.id, tenantId: w.tenant.id, status: 'assigned', previousStatus: 'open' })
    })

    test('create with a request out of scope, a bad assignee or bad values is a 400 naming the field, nothing written', async () => {
      const w = await world()
      const manager = await signedIn(w.org.id, 'property_manager')
      const foreignOrg = await t.f.org()
      const foreign = await t.f.request(foreignOrg.id, (await t.f.property(foreignOrg.id)).id)
      const cases: [string, Record<string, unknown>, string][] = [
        [manager.token, { requestId: w.request.id }, 'body.requestId'],
        [w.admin.token, { requestId: uuidv7() }, 'body.requestId'],
        [w.admin.token, { requestId: w.request.id, assigneeId: (await t.f.user(w.org.id, 'tenant')).id }, 'body.assigneeId'],
        [w.admin.token, { requestId: w.request.id, estimatedCostCents: -1 }, 'body.estimatedCostCents'],
        [w.admin.token, { requestId: w.request.id, actualCostCents: 10.5 }, 'body.actualCostCents'],
        [w.admin.token, { requestId: w.request.id, status: 'done' }, 'body.status'],
        [w.admin.token, { requestId: w.request.id, priority: 'high' }, 'body.priority'],
        [w.admin.token, { requestId: 'r1' }, 'body.requestId'],
        [w.admin.token, { requestId: foreign.id }, 'body.requestId'],
      ]
      for (const [token, payload, field] of cases) {
        const res = await t.as(token, { method: 'POST', url: API, payload })
        assert.equal(res.statusCode, 400, `${field}: ${res.body}`)
        assert.deepEqual(fields(res), [field])
      }
      assert.equal((await t.db.selectFrom('work_orders').select('id').where('org_id', '=', w.org.id).execute()).length, 0)
      assert.equal((await t.db.selectFrom('events').select('id').where('org_id', '=', w.org.id).execute()).length, 0)
    })

    test('the assigned technician may change status, notes, actual cost and completion; other fields are 403', async () => {
      const w = await world()
      const tech = await signedIn(w.org.id, 'technician')
      const wo = await t.f.workOrder(w.org.id, w.request.id, { assignee_id: tech.user.id, estimated_cost_cents: 10_000 })
      const done = await t.as(tech.token, {
        method: 'PATCH',
        url: `${API}/${wo.id}`,
        payload: { status: 'completed', notes: 'replaced igniter', actualCostCents: 8_750 },
      })
      assert.equal(done.statusCode, 200, done.body)
      assert.equal(done.json().status, 'completed')
      assert.equal(done.json().notes, 'replaced igniter')
      assert.equal(done.json().actualCostCents, 8_750)
      assert.ok(done.json().completedAt)
      for (const payload of [{ estimatedCostCents: 1 }, { assigneeId: null }, { vendor: 'Me' }, { scheduledFor: '2026-01-01T00:00:00Z', notes: 'x' }]) {
        const res = await t.as(tech.token, { method: 'PATCH', url: `${API}/${wo.id}`, payload })
        assert.equal(res.statusCode, 403, JSON.stringify(payload))
        assert.deepEqual(fields(res), Object.keys(payload).filter((k) => k !== 'notes').map((k) => `body.${k}`))
      }
      const row = await t.db.selectFrom('work_orders').selectAll().where('id', '=', wo.id).executeTakeFirstOrThrow()
      assert.equal(row.estimated_cost_cents, 10_000)
      assert.equal(row.assignee_id, tech.user.id)
      assert.equal(row.notes, 'replaced igniter')
    })

    test('staff update every field; reopening clears completion; the assignee must be a technician or manager', async () => {
      const w = await world()
      const tech = await t.f.user(w.org.id, 'technician')
      const wo = await t.f.workOrder(w.org.id, w.request.id)
      const res = await t.as(w.admin.token, {
        method: 'PATCH',
        url: `${API}/${wo.id}`,
        payload: { assigneeId: tech.id, vendor: 'V', status: 'completed', completedAt: '2026-02-04T10:00:00Z', estimatedCostCents: 5, actualCostCents: 6, notes: 'n', scheduledFor: null },
      })
      assert.equal(res.statusCode, 200, res.body)
      assert.equal(res.json().completedAt, '2026-02-04T10:00:00.000Z')
      const reopened = await t.as(w.admin.token, { method: 'PATCH', url: `${API}/${wo.id}`, payload: { status: 'on_hold' } })
      assert.equal(reopened.json().completedAt, null)
      const badAssignee = await t.as(w.admin.token, { method: 'PATCH', url: `${API}/${wo.id}`, payload: { assigneeId: w.admin.user.id } })
      assert.equal(badAssignee.statusCode, 400)
      assert.deepEqual(fields(badAssignee), ['body.assigneeId'])
      const stray = await t.as(w.admin.token, { method: 'PATCH', url: `${API}/${wo.id}`, payload: { completedAt: '2026-02-04T10:00:00Z' } })
      assert.equal(stray.statusCode, 400)
      assert.deepEqual(fields(stray), ['body.completedAt'])
    })

    test('staff delete a work order (204); technicians and owners get 403; tenants may not use the routes', async () => {
      const w = await world()
      const tech = await signedIn(w.org.id, 'technician')
      const owner = await signedIn(w.org.id, 'owner')
      const tenant = await signedIn(w.org.id, 'tenant')
      const wo = await t.f.workOrder(w.org.id, w.request.id, { assignee_id: tech.user.id })
      assert.equal((await t.as(tech.token, { method: 'DELETE', url: `${API}/${wo.id}` })).statusCode, 403)
      assert.equal((await t.as(owner.token, { method: 'DELETE', url: `${API}/${wo.id}` })).statusCode, 403)
      assert.equal((await t.as(owner.token, { method: 'POST', url: API, payload: { requestId: w.request.id } })).statusCode, 403)
      assert.equal((await t.as(tenant.token, { method: 'GET', url: API })).statusCode, 403)
      assert.equal((await t.as(tenant.token, { method: 'GET', url: `${API}/${wo.id}` })).statusCode, 403)
      assert.equal((await t.as(w.admin.token, { method: 'DELETE', url: `${API}/${wo.id}` })).statusCode, 204)
      assert.equal((await t.as(w.admin.token, { method: 'GET', url: `${API}/${wo.id}` })).statusCode, 404)
      const events = await t.db.selectFrom('events').select(['topic', 'action']).where('org_id', '=', w.org.id).execute()
      assert.deepEqual(events, [{ topic: 'work_order', action: 'deleted' }])
    })

    test('managers see work orders of assigned properties only; another organization’s ids are 404', async () => {
      const w = await world()
      const manager = await signedIn(w.org.id, 'property_manager')
      const managed = await t.f.property(w.org.id)
      await t.f.assignManager(w.org.id, managed.id, manager.user.id)
      const visible = await t.f.workOrder(w.org.id, (await t.f.request(w.org.id, managed.id)).id)
      const hidden = await t.f.workOrder(w.org.id, w.request.id)
      assert.deepEqual(await listIds(manager.token), [visible.id])
      assert.equal((await t.as(manager.token, { method: 'GET', url: `${API}/${hidden.id}` })).statusCode, 404)
      assert.equal((await t.as(manager.token, { method: 'DELETE', url: `${API}/${hidden.id}` })).statusCode, 404)
      const other = await world()
      const foreign = await t.f.workOrder(other.org.id, other.request.id)
      for (const [method, payload] of [['GET', undefined], ['PATCH', { notes: 'x' }], ['DELETE', undefined]] as const) {
        const res = await t.as(w.admin.token, { method, url: `${API}/${foreign.id}`, ...(payload ? { payload } : {}) })
        assert.equal(res.statusCode, 404, method)
      }
      assert.equal((await t.as(w.admin.token, { method: 'GET', url: `${API}/not-an-id` })).statusCode, 400)
    })

    /** The request's status and the maintenance events written about it, oldest first. */
    async function requestState(requestId: string) {
      const row = await t.db.selectFrom('maintenance_requests').select('status').where('id', '=', requestId).executeTakeFirstOrThrow()
      const events = await t.db.selectFrom('events').select(['payload']).where('topic', '=', 'maintenance').where('entity_id', '=', requestId).orderBy('seq').execute()
      return { status: row.status, moves: events.map((e) => `${String(e.payload.previousStatus)}→${String(e.payload.status)}`) }
    }

    test('assigning a request moves it from open to assigned, and unassigning it moves it back, each with its event', async () => {
      const w = await world()
      const tech = await t.f.user(w.org.id, 'technician')
      const url = `/api/v1/maintenance/${w.request.id}`
      const assign = await t.as(w.admin.token, { method: 'PATCH', url, payload: { assigneeId: tech.id } })
      assert.equal(assign.statusCode, 200, assign.body)
      assert.equal(assign.json<{ status: string }>().status, 'assigned')
      assert.deepEqual(await requestState(w.request.id), { status: 'assigned', moves: ['open→assigned'] })
      const unassign = await t.as(w.admin.token, { method: 'PATCH', url, payload: { assigneeId: null } })
      assert.equal(unassign.json<{ status: string }>().status, 'open')
      // A status given with the assignee wins.
      const held = await t.as(w.admin.token, { method: 'PATCH', url, payload: { assigneeId: tech.id, status: 'on_hold' } })
      assert.equal(held.json<{ status: string }>().status, 'on_hold')
      // Only open and assigned follow the assignment: an on-hold request stays on hold.
      assert.equal((await t.as(w.admin.token, { method: 'PATCH', url, payload: { assigneeId: null } })).json<{ status: string }>().status, 'on_hold')
      assert.deepEqual((await requestState(w.request.id)).moves, ['open→assigned', 'assigned→open', 'open→on_hold', 'on_hold→on_hold'])
    })

    test('a request reported by staff with an assignee starts assigned', async () => {
      const w = await world()
      const tech = await t.f.user(w.org.id, 'technician')
      const res = await t.as(w.admin.token, { method: 'POST', url: '/api/v1/maintenance', payload: { propertyId: w.property.id, title: 'Door sticks', category: 'general', assigneeId: tech.id } })
      assert.equal(res.statusCode, 201, res.body)
      assert.equal(res.json<{ status: string }>().status, 'assigned')
    })

    test('a work order with a technician makes an open request assigned; cancelling or removing the last one makes it open again', async () => {
      const w = await world()
      const tech = await t.f.user(w.org.id, 'technician')
      const unstaffed = await t.as(w.admin.token, { method: 'POST', url: API, payload: { requestId: w.request.id, vendor: 'Acme' } })
      assert.equal(unstaffed.statusCode, 201, unstaffed.body)
      assert.equal((await requestState(w.request.id)).status, 'open')
      const first = await t.as(w.admin.token, { method: 'POST', url: API, payload: { requestId: w.request.id, assigneeId: tech.id, scheduledFor: '2026-12-10T14:00:00Z' } })
      assert.equal(first.statusCode, 201, first.body)
      assert.deepEqual(await requestState(w.request.id), { status: 'assigned', moves: ['open→assigned'] })
      const second = await t.as(w.admin.token, { method: 'POST', url: API, payload: { requestId: w.request.id, assigneeId: tech.id } })
      assert.equal(second.statusCode, 201, second.body)
      const firstId = first.json<{ id: string }>().id
      const secondId = second.json<{ id: string }>().id
      // Someone is still on it while one work order with a technician is left.
      assert.equal((await t.as(w.admin.token, { method: 'PATCH', url: `${API}/${firstId}`, payload: { status: 'cancelled' } })).statusCode, 200)
      assert.equal((await requestState(w.request.id)).status, 'assigned')
      assert.equal((await t.as(w.admin.token, { method: 'DELETE', url: `${API}/${secondId}` })).statusCode, 204)
      assert.deepEqual(await requestState(w.request.id), { status: 'open', moves: ['open→assigned', 'assigned→open'] })
      // Assigning a technician to an existing work order counts as well.
      const unstaffedId = unstaffed.json<{ id: string }>().id
      assert.equal((await t.as(w.admin.token, { method: 'PATCH', url: `${API}/${unstaffedId}`, payload: { assigneeId: tech.id } })).statusCode, 200)
      assert.equal((await requestState(w.request.id)).status, 'assigned')
    })

    test('a request already in progress keeps its status when a work order is assigned', async () => {
      const w = await world()
      const tech = await t.f.user(w.org.id, 'technician')
      await t.db.updateTable('maintenance_requests').set({ status: 'in_progress' }).where('id', '=', w.request.id).execute()
      const res = await t.as(w.admin.token, { method: 'POST', url: API, payload: { requestId: w.request.id, assigneeId: tech.id } })
      assert.equal(res.statusCode, 201, res.body)
      assert.deepEqual(await requestState(w.request.id), { status: 'in_progress', moves: [] })
    })
  })
}
