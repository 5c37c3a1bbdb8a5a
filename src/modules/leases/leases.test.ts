import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { sql } from 'kysely'
import { targets } from '../../../test/support/db.js'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { uuidv7 } from '../../lib/ids.js'
import { addDays, addMonths, daysBetween } from '../ledger/dates.js'
import { rentSchedule } from '../ledger/schedule.js'
import { assessLateFees } from '../ledger/ledger.service.js'
import { latestLeaseStart } from './leases.schema.js'

interface Problem {
  status: number
  code: string
  errors?: { field: string; message: string }[]
}

const fieldsOf = (body: Problem): string[] => (body.errors ?? []).map((e) => e.field).sort()

for (const target of targets) {
  describe(`leases on ${target.name}`, () => {
    let t: TestApp
    before(async () => {
      t = await startTestApp(target)
    })
    after(() => t.close())

    /** A fresh organization with an admin, one property with a unit, and a tenant. */
    async function world() {
      const org = await t.f.org()
      const admin = await t.f.user(org.id, 'admin')
      const token = await t.tokenFor(admin)
      const property = await t.f.property(org.id)
      const unit = await t.f.unit(org.id, property.id)
      const tenant = await t.f.tenant(org.id)
      return { org, admin, token, property, unit, tenant }
    }

    const leaseCount = async (orgId: string) =>
      Number((await t.db.selectFrom('leases').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', orgId).executeTakeFirstOrThrow()).n)

    test('creates an active lease with its tenants, primary first, and appends one lease event', async () => {
      const w = await world()
      const second = await t.f.tenant(w.org.id)
      const res = await t.as(w.token, {
        method: 'POST',
        url: '/api/v1/leases',
        payload: {
          unitId: w.unit.id,
          tenantIds: [second.id, w.tenant.id],
          startDate: '2030-01-01',
          endDate: '2030-12-31',
          rentCents: 185_000,
          depositCents: 185_000,
          dueDay: 3,
          graceDays: 4,
          lateFee: { kind: 'flat', flatCents: 5_000 },
        },
      })
      assert.equal(res.statusCode, 201, res.body)
      const lease = res.json()
      assert.equal(lease.unitId, w.unit.id)
      assert.equal(lease.propertyId, w.property.id)
      assert.deepEqual(lease.tenantIds, [second.id, w.tenant.id])
      assert.equal(lease.primaryTenantId, second.id)
      assert.equal(lease.status, 'active')
      assert.equal(lease.startDate, '2030-01-01')
      assert.equal(lease.endDate, '2030-12-31')
      assert.equal(lease.rentCents, 185_000)
      assert.equal(lease.dueDay, 3)
      assert.equal(lease.graceDays, 4)
      assert.deepEqual(lease.lateFee, { kind: 'flat', flatCents: 5_000, percentBp: 0, minBalanceCents: 0, capCents: null })
      assert.equal(lease.terminatedOn, null)

      const events = await t.db.selectFrom('events').selectAll().where('org_id', '=', w.org.id).where('topic', '=', 'lease').execute()
      assert.equal(events.length, 1)
      assert.equal(events[0]!.action, 'created')
      assert.equal(events[0]!.entity_id, lease.id)
      assert.equal(events[0]!.actor_id, w.admin.id)
      assert.deepEqual(events[0]!.payload, {
        leaseId: lease.id,
        unitId: w.unit.id,
        propertyId: w.property.id,
        tenantIds: [second.id, w.tenant.id],
        status: 'active',
      })
    })

    test('a lease without endDate is month-to-month and defaults apply', async () => {
      const w = await world()
      const res = await t.as(w.token, {
        method: 'POST',
        url: '/api/v1/leases',
        payload: { unitId: w.unit.id, tenantIds: [w.tenant.id], startDate: '2030-01-01', rentCents: 100_000 },
      })
      assert.equal(res.statusCode, 201, res.body)
      const lease = res.json()
      assert.equal(lease.endDate, null)
      assert.equal(lease.depositCents, 0)
      assert.equal(lease.dueDay, 1)
      assert.equal(lease.graceDays, 5)
      assert.equal(lease.lateFee.kind, 'none')
    })

    describe('overlapping terms', () => {
      // The unit's active lease runs 2030-03-01 .. 2030-06-30, both days included.
      const overlapping: [string, string, string | null][] = [
        ['starting before and ending inside', '2030-02-01', '2030-03-15'],
        ['ending on its first day', '2030-02-01', '2030-03-01'],
        ['starting inside and ending after', '2030-06-01', '2030-08-01'],
        ['starting on its last day', '2030-06-30', '2030-08-01'],
        ['containing it', '2030-01-01', '2030-12-31'],
        ['contained in it', '2030-04-01', '2030-04-30'],
        ['identical to it', '2030-03-01', '2030-06-30'],
        ['month-to-month from before it', '2030-01-01', null],
      ]
      for (const [name, startDate, endDate] of overlapping) {
        test(`returns 409 lease.term_overlaps for a lease ${name}`, async () => {
          const w = await world()
          await t.f.lease(w.org.id, w.unit.id, [w.tenant.id], { start_date: '2030-03-01', end_date: '2030-06-30' })
          const before = await leaseCount(w.org.id)
          const res = await t.as(w.token, {
            method: 'POST',
            url: '/api/v1/leases',
            payload: { unitId: w.unit.id, tenantIds: [w.tenant.id], startDate, endDate, rentCents: 100_000 },
          })
          assert.equal(res.statusCode, 409, res.body)
          assert.equal(res.json().code, 'lease.term_overlaps')
          assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
          assert.equal(await leaseCount(w.org.id), before)
        })
      }

      test('accepts leases that only touch it: ending the day before, starting the day after', async () => {
        const w = await world()
        await t.f.lease(w.org.id, w.unit.id, [w.tenant.id], { start_date: '2030-03-01', end_date: '2030-06-30' })
        const earlier = await t.as(w.token, {
          method: 'POST',
          url: '/api/v1/leases',
          payload: { unitId: w.unit.id, tenantIds: [w.tenant.id], startDate: '2030-01-01', endDate: '2030-02-28', rentCents: 100_000 },
        })
        assert.equal(earlier.statusCode, 201, earlier.body)
        const later = await t.as(w.token, {
          method: 'POST',
          url: '/api/v1/leases',
          payload: { unitId: w.unit.id, tenantIds: [w.tenant.id], startDate: '2030-07-01', rentCents: 100_000 },
        })
        assert.equal(later.statusCode, 201, later.body)
      })

      test('accepts an overlapping draft, and answers 409 when that draft is activated', async () => {
        const w = await world()
        await t.f.lease(w.org.id, w.unit.id, [w.tenant.id], { start_date: '2030-03-01', end_date: '2030-06-30' })
        const draft = await t.as(w.token, {
          method: 'POST',
          url: '/api/v1/leases',
          payload: { unitId: w.unit.id, tenantIds: [w.tenant.id], startDate: '2030-04-01', endDate: '2030-09-30', rentCents: 90_000, status: 'draft' },
        })
        assert.equal(draft.statusCode, 201, draft.body)
        assert.equal(draft.json().status, 'draft')
        const activate = await t.as(w.token, { method: 'PATCH', url: `/api/v1/leases/${draft.json().id}`, payload: { status: 'active' } })
        assert.equal(activate.statusCode, 409, activate.body)
        assert.equal(activate.json().code, 'lease.term_overlaps')
        const still = await t.db.selectFrom('leases').select('status').where('id', '=', draft.json().id).executeTakeFirstOrThrow()
        assert.equal(still.status, 'draft')
      })

      test('returns 409 when an end date is extended into the next active lease, or made open-ended', async () => {
        const w = await world()
        const first = await t.f.lease(w.org.id, w.unit.id, [w.tenant.id], { start_date: '2030-01-01', end_date: '2030-02-28' })
        await t.f.lease(w.org.id, w.unit.id, [w.tenant.id], { start_date: '2030-03-01', end_date: '2030-06-30' })
        const url = `/api/v1/leases/${first.id}`
        const extended = await t.as(w.token, { method: 'PATCH', url, payload: { endDate: '2030-03-05' } })
        assert.equal(extended.statusCode, 409, extended.body)
        assert.equal(extended.json().code, 'lease.term_overlaps')
        const openEnded = await t.as(w.token, { method: 'PATCH', url, payload: { endDate: null } })
        assert.equal(openEnded.statusCode, 409, openEnded.body)
        const shortened = await t.as(w.token, { method: 'PATCH', url, payload: { endDate: '2030-02-27', rentCents: 120_000 } })
        assert.equal(shortened.statusCode, 200, shortened.body)
        assert.equal(shortened.json().endDate, '2030-02-27')
        assert.equal(shortened.json().rentCents, 120_000)
      })

      test('two overlapping creates at the same moment: exactly one 201 and one 409', async () => {
        const w = await world()
        const payload = { unitId: w.unit.id, tenantIds: [w.tenant.id], startDate: '2031-01-01', endDate: '2031-12-31', rentCents: 100_000 }
        const results = await Promise.all([
          t.as(w.token, { method: 'POST', url: '/api/v1/leases', payload }),
          t.as(w.token, { method: 'POST', url: '/api/v1/leases', payload: { ...payload, startDate: '2031-06-01', endDate: null } }),
        ])
        assert.deepEqual(results.map((r) => r.statusCode).sort(), [201, 409], results.map((r) => r.body).join('\n'))
        assert.equal(results.find((r) => r.statusCode === 409)!.json().code, 'lease.term_overlaps')
        assert.equal(await leaseCount(w.org.id), 1)
        const events = await t.db.selectFrom('events').select('id').where('org_id', '=', w.org.id).where('topic', '=', 'lease').execute()
        assert.equal(events.length, 1)
      })
    })

    describe('bad input on create', () => {
      const cases: [string, (ids: { unitId: string; tenantId: string }) => Record<string, unknown>, string[]][] = [
        ['wrong types', (ids) => ({ unitId: 7, tenantIds: ids.tenantId, startDate: 20300101, rentCents: '1500' }), ['body.rentCents', 'body.startDate', 'body.tenantIds', 'body.unitId']],
        ['an unknown field', (ids) => ({ ...base(ids), discount: 10 }), ['body.discount']],
        ['negative rentCents', (ids) => ({ ...base(ids), rentCents: -1 }), ['body.rentCents']],
        ['rentCents as a float', (ids) => ({ ...base(ids), rentCents: 1500.5 }), ['body.rentCents']],
        ['rentCents above the ceiling', (ids) => ({ ...base(ids), rentCents: 100_000_000_001 }), ['body.rentCents']],
        ['end before start', (ids) => ({ ...base(ids), startDate: '2030-05-01', endDate: '2030-04-30' }), ['body.endDate']],
        ['dueDay 32', (ids) => ({ ...base(ids), dueDay: 32 }), ['body.dueDay']],
        ['a malformed unit id', (ids) => ({ ...base(ids), unitId: 'unit-1' }), ['body.unitId']],
        ['a malformed tenant id', (ids) => ({ ...base(ids), tenantIds: [ids.tenantId, 'nope'] }), ['body.tenantIds.1']],
        ['no tenants', (ids) => ({ ...base(ids), tenantIds: [] }), ['body.tenantIds']],
        ['a tenant listed twice', (ids) => ({ ...base(ids), tenantIds: [ids.tenantId, ids.tenantId] }), ['body.tenantIds.1']],
        ['an impossible date', (ids) => ({ ...base(ids), startDate: '2030-02-30' }), ['body.startDate']],
        ['a start in the year 1000', (ids) => ({ ...base(ids), startDate: '1000-01-01', endDate: '1000-12-31' }), ['body.startDate']],
        ['a start the day before 1970', (ids) => ({ ...base(ids), startDate: '1969-12-31', endDate: null }), ['body.startDate']],
        ['a start more than 10 years from today', (ids) => ({ ...base(ids), startDate: addDays(latestLeaseStart(), 1), endDate: null }), ['body.startDate']],
        ['an end more than 50 years after the start', (ids) => ({ ...base(ids), startDate: '2030-01-01', endDate: '2080-01-02' }), ['body.endDate']],
        ['an end in the year 9999', (ids) => ({ ...base(ids), endDate: '9999-12-31' }), ['body.endDate']],
        ['a flat late fee of 0', (ids) => ({ ...base(ids), lateFee: { kind: 'flat' } }), ['body.lateFee.flatCents']],
        ['several bad fields at once', (ids) => ({ ...base(ids), rentCents: -5, dueDay: 0, startDate: '2030-05-01', endDate: '2030-01-01' }), ['body.dueDay', 'body.endDate', 'body.rentCents']],
      ]
      function base(ids: { unitId: string; tenantId: string }): Record<string, unknown> {
        return { unitId: ids.unitId, tenantIds: [ids.tenantId], startDate: '2030-01-01', endDate: '2030-12-31', rentCents: 150_000 }
      }
      for (const [name, body, fields] of cases) {
        test(`returns 400 naming ${fields.join(', ')} for ${name}, writing nothing`, async () => {
          const w = await world()
          const before = await leaseCount(w.org.id)
          const res = await t.as(w.token, { method: 'POST', url: '/api/v1/leases', payload: body({ unitId: w.unit.id, tenantId: w.tenant.id }) })
          assert.equal(res.statusCode, 400, res.body)
          assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
          assert.deepEqual(fieldsOf(res.json()), fields)
          assert.equal(await leaseCount(w.org.id), before)
        })
      }

      test('the date window is inclusive: a start on 1970-01-01 ending 50 years on, and a start exactly 10 years from today, are created', async () => {
        const w = await world()
        const historic = await t.as(w.token, { method: 'POST', url: '/api/v1/leases', payload: { ...base({ unitId: w.unit.id, tenantId: w.tenant.id }), startDate: '1970-01-01', endDate: '2020-01-01', status: 'draft' } })
        assert.equal(historic.statusCode, 201, historic.body)
        const latest = latestLeaseStart()
        const future = await t.as(w.token, { method: 'POST', url: '/api/v1/leases', payload: { ...base({ unitId: w.unit.id, tenantId: w.tenant.id }), startDate: latest, endDate: null } })
        assert.equal(future.statusCode, 201, future.body)
        assert.equal(future.json().startDate, latest)
      })

      test('an end date changed alone is held to 50 years after the stored start; a lease already outside the window can still change other terms', async () => {
        const w = await world()
        const lease = await t.f.lease(w.org.id, w.unit.id, [w.tenant.id], { start_date: '2030-01-01', end_date: '2030-12-31' })
        const far = await t.as(w.token, { method: 'PATCH', url: `/api/v1/leases/${lease.id}`, payload: { endDate: '2080-01-02' } })
        assert.equal(far.statusCode, 400, far.body)
        assert.deepEqual(fieldsOf(far.json()), ['body.endDate'])
        assert.equal((await t.as(w.token, { method: 'PATCH', url: `/api/v1/leases/${lease.id}`, payload: { endDate: '2080-01-01' } })).statusCode, 200)
        const early = await t.as(w.token, { method: 'PATCH', url: `/api/v1/leases/${lease.id}`, payload: { startDate: '1969-12-31' } })
        assert.deepEqual(fieldsOf(early.json()), ['body.startDate'])
        const unit = await t.f.unit(w.org.id, w.property.id)
        const old = await t.f.lease(w.org.id, unit.id, [w.tenant.id], { start_date: '1960-01-01', end_date: null })
        const rent = await t.as(w.token, { method: 'PATCH', url: `/api/v1/leases/${old.id}`, payload: { rentCents: 90_000 } })
        assert.equal(rent.statusCode, 200, rent.body)
      })

      test('an unknown field answers request.unknown_field', async () => {
        const w = await world()
        const res = await t.as(w.token, { method: 'POST', url: '/api/v1/leases', payload: { ...base({ unitId: w.unit.id, tenantId: w.tenant.id }), admin: true } })
        assert.equal(res.json().code, 'request.unknown_field')
      })

      test('returns 400 naming body.unitId and each unknown body.tenantIds.N for rows of another organization', async () => {
        const w = await world()
        const other = await world()
        const res = await t.as(w.token, {
          method: 'POST',
          url: '/api/v1/leases',
          payload: { ...base({ unitId: other.unit.id, tenantId: w.tenant.id }) },
        })
        assert.equal(res.statusCode, 400, res.body)
        assert.deepEqual(fieldsOf(res.json()), ['body.unitId'])
        const tenants = await t.as(w.token, {
          method: 'POST',
          url: '/api/v1/leases',
          payload: { ...base({ unitId: w.unit.id, tenantId: w.tenant.id }), tenantIds: [w.tenant.id, other.tenant.id, uuidv7()] },
        })
        assert.equal(tenants.statusCode, 400, tenants.body)
        assert.deepEqual(fieldsOf(tenants.json()), ['body.tenantIds.1', 'body.tenantIds.2'])
        assert.equal(await leaseCount(w.org.id), 0)
      })

      test('a malformed path id answers 400 naming path.id', async () => {
        const w = await world()
        const res = await t.as(w.token, { method: 'GET', url: '/api/v1/leases/not-a-uuid' })
        assert.equal(res.statusCode, 400)
        assert.deepEqual(fieldsOf(res.json()), ['path.id'])
      })
    })

    describe('lifecycle', () => {
      test('draft → active → ended; an ended lease can no longer change (409)', async () => {
        const w = await world()
        const lease = await t.f.lease(w.org.id, w.unit.id, [w.tenant.id], { status: 'draft', start_date: '2030-01-01', end_date: '2030-12-31' })
        const url = `/api/v1/leases/${lease.id}`
        const active = await t.as(w.token, { method: 'PATCH', url, payload: { status: 'active' } })
        assert.equal(active.statusCode, 200, active.body)
        assert.equal(active.json().status, 'active')
        const ended = await t.as(w.token, { method: 'PATCH', url, payload: { status: 'ended', endDate: '2030-12-31' } })
        assert.equal(ended.statusCode, 200, ended.body)
        assert.equal(ended.json().status, 'ended')
        const back = await t.as(w.token, { method: 'PATCH', url, payload: { status: 'active' } })
        assert.equal(back.statusCode, 409)
        assert.equal(back.json().code, 'lease.invalid_transition')
        const rent = await t.as(w.token, { method: 'PATCH', url, payload: { rentCents: 1 } })
        assert.equal(rent.statusCode, 409)
        const events = await t.db.selectFrom('events').select('action').where('entity_id', '=', lease.id).orderBy('seq').execute()
        assert.deepEqual(events.map((e) => e.action), ['updated', 'updated'])
      })

      test('terminating sets terminatedOn: the given day, or today when none is given', async () => {
        const w = await world()
        const given = await t.f.lease(w.org.id, w.unit.id, [w.tenant.id], { start_date: '2020-01-01', end_date: '2020-12-31' })
        const res = await t.as(w.token, { method: 'PATCH', url: `/api/v1/leases/${given.id}`, payload: { status: 'terminated', terminatedOn: '2020-06-15' } })
        assert.equal(res.statusCode, 200, res.body)
        assert.equal(res.json().status, 'terminated')
        assert.equal(res.json().terminatedOn, '2020-06-15')

        const unit2 = await t.f.unit(w.org.id, w.property.id)
        const open = await t.f.lease(w.org.id, unit2.id, [w.tenant.id], { start_date: '2020-01-01', end_date: null })
        const today = await t.as(w.token, { method: 'PATCH', url: `/api/v1/leases/${open.id}`, payload: { status: 'terminated' } })
        assert.equal(today.statusCode, 200, today.body)
        const expected = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date())
        assert.equal(today.json().terminatedOn, expected)
      })

      test('refuses a draft jumping to ended (409), terminatedOn without terminating (400), dates out of order (400)', async () => {
        const w = await world()
        const draft = await t.f.lease(w.org.id, w.unit.id, [w.tenant.id], { status: 'draft', start_date: '2030-01-01', end_date: '2030-12-31' })
        const url = `/api/v1/leases/${draft.id}`
        const jump = await t.as(w.token, { method: 'PATCH', url, payload: { status: 'ended' } })
        assert.equal(jump.statusCode, 409)
        assert.equal(jump.json().code, 'lease.invalid_transition')
        const early = await t.as(w.token, { method: 'PATCH', url, payload: { terminatedOn: '2030-02-01' } })
        assert.equal(early.statusCode, 400)
        assert.deepEqual(fieldsOf(early.json()), ['body.terminatedOn'])
        const order = await t.as(w.token, { method: 'PATCH', url, payload: { startDate: '2031-01-01' } })
        assert.equal(order.statusCode, 400)
        assert.deepEqual(fieldsOf(order.json()), ['body.endDate'])
        const both = await t.as(w.token, { method: 'PATCH', url, payload: { startDate: '2030-05-01', endDate: '2030-04-01' } })
        assert.equal(both.statusCode, 400)
        assert.deepEqual(fieldsOf(both.json()), ['body.endDate'])
        const unknown = await t.as(w.token, { method: 'PATCH', url, payload: { unitId: w.unit.id } })
        assert.equal(unknown.statusCode, 400)
        assert.deepEqual(fieldsOf(unknown.json()), ['body.unitId'])
      })

      test('an admin deletes a draft (204); an active lease answers 409; a manager gets 403', async () => {
        const w = await world()
        const draft = await t.f.lease(w.org.id, w.unit.id, [w.tenant.id], { status: 'draft' })
        const active = await t.f.lease(w.org.id, w.unit.id, [w.tenant.id], { status: 'active' })
        const manager = await t.f.user(w.org.id, 'property_manager')
        await t.f.assignManager(w.org.id, w.property.id, manager.id)
        const managerToken = await t.tokenFor(manager)
        assert.equal((await t.as(managerToken, { method: 'DELETE', url: `/api/v1/leases/${draft.id}` })).statusCode, 403)
        const refused = await t.as(w.token, { method: 'DELETE', url: `/api/v1/leases/${active.id}` })
        assert.equal(refused.statusCode, 409)
        assert.equal(refused.json().code, 'resource.conflict')
        const deleted = await t.as(w.token, { method: 'DELETE', url: `/api/v1/leases/${draft.id}` })
        assert.equal(deleted.statusCode, 204)
        assert.equal(deleted.body, '')
        assert.equal((await t.as(w.token, { method: 'GET', url: `/api/v1/leases/${draft.id}` })).statusCode, 404)
        assert.equal(await leaseCount(w.org.id), 1)
        const event = await t.db.selectFrom('events').select('action').where('entity_id', '=', draft.id).executeTakeFirstOrThrow()
        assert.equal(event.action, 'deleted')
      })

      test('a draft with a charge or a payment answers 409 resource.in_use in words and keeps both', async () => {
        const w = await world()
        const charged = await t.f.lease(w.org.id, w.unit.id, [w.tenant.id], { status: 'draft' })
        const charge = await t.f.charge(w.org.id, charged.id)
        const paid = await t.f.lease(w.org.id, w.unit.id, [w.tenant.id], { status: 'draft' })
        const payment = await t.f.payment(w.org.id, w.tenant.id, { lease_id: paid.id, status: 'pending' })
        for (const lease of [charged, paid]) {
          const refused = await t.as(w.token, { method: 'DELETE', url: `/api/v1/leases/${lease.id}` })
          assert.equal(refused.statusCode, 409, refused.body)
          assert.equal(refused.json().code, 'resource.in_use')
          assert.match(refused.json().detail, /charges or payments/)
          assert.equal((await t.as(w.token, { method: 'GET', url: `/api/v1/leases/${lease.id}` })).statusCode, 200)
        }
        assert.ok(await t.db.selectFrom('charges').select('id').where('id', '=', charge.id).executeTakeFirst())
        assert.ok(await t.db.selectFrom('payments').select('id').where('id', '=', payment.id).executeTakeFirst())
        assert.equal(await t.db.selectFrom('events').select('id').where('entity_id', 'in', [charged.id, paid.id]).where('action', '=', 'deleted').executeTakeFirst(), undefined)
      })
    })

    describe('the last day and the ledger', () => {
      const todayNY = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date())
      const bill = async (token: string, through: string) => {
        const res = await t.as(token, { method: 'POST', url: '/api/v1/billing/runs', payload: { through } })
        assert.equal(res.statusCode, 200, res.body)
        return res.json()
      }
      /** Net rent of the lease per period start: each charge less its reversals. */
      const netRent = async (leaseId: string) => {
        const rows = await t.db.selectFrom('charges').select(['id', 'amount_cents', 'period_start', 'adjustment', 'reverses_charge_id']).where('lease_id', '=', leaseId).where('kind', '=', 'rent').execute()
        const startOf = new Map(rows.filter((r) => r.adjustment === null).map((r) => [r.id, r.period_start!]))
        const net = new Map<string, number>()
        for (const r of rows) {
          const start = r.adjustment === null ? r.period_start! : startOf.get(r.reverses_charge_id!)!
          net.set(start, (net.get(start) ?? 0) + Number(r.amount_cents))
        }
        return Object.fromEntries([...net].filter(([, cents]) => cents !== 0).sort(([a], [b]) => a.localeCompare(b)))
      }
      const balance = async (token: string, leaseId: string) => {
        const res = await t.as(token, { method: 'GET', url: `/api/v1/leases/${leaseId}/balance` })
        assert.equal(res.statusCode, 200, res.body)
        return res.json().balanceCents as number
      }
      const firstOfMonth = (date: string, months: number) => addMonths(`${date.slice(0, 8)}01`, months)

      test('ending a month-to-month lease fixes its last day to today, and no later billing run posts rent after it', async () => {
        const w = await world()
        const today = todayNY()
        const start = firstOfMonth(today, -3)
        const lease = await t.f.lease(w.org.id, w.unit.id, [w.tenant.id], { start_date: start, end_date: null, rent_cents: 100_000, deposit_cents: 0 })
        await bill(w.token, today)
        const res = await t.as(w.token, { method: 'PATCH', url: `/api/v1/leases/${lease.id}`, payload: { status: 'ended' } })
        assert.equal(res.statusCode, 200, res.body)
        assert.deepEqual([res.json().status, res.json().endDate], ['ended', today])
        await bill(w.token, addMonths(today, 23))
        const expected = Object.fromEntries(rentSchedule({ startDate: start, endDate: today, dueDay: 1, rentCents: 100_000 }).map((p) => [p.periodStart, p.amountCents]))
        assert.deepEqual(await netRent(lease.id), expected)
        assert.equal(Object.keys(expected).length, 4)
        // The unit is free after that day, not on it: a lease from tomorrow is the only one billed from then on.
        const overlapping = await t.as(w.token, { method: 'POST', url: '/api/v1/leases', payload: { unitId: w.unit.id, tenantIds: [w.tenant.id], startDate: today, rentCents: 100_000 } })
        assert.equal(overlapping.statusCode, 409, overlapping.body)
        assert.equal(overlapping.json().code, 'lease.term_overlaps')
        const next = await t.as(w.token, { method: 'POST', url: '/api/v1/leases', payload: { unitId: w.unit.id, tenantIds: [w.tenant.id], startDate: addDays(today, 1), rentCents: 100_000 } })
        assert.equal(next.statusCode, 201, next.body)
      })

      test('ending keeps an end of term already past, and refuses a lease not yet started without a last day (400 naming body.endDate)', async () => {
        const w = await world()
        const past = await t.f.lease(w.org.id, w.unit.id, [w.tenant.id], { start_date: '2024-01-01', end_date: '2024-12-31' })
        const kept = await t.as(w.token, { method: 'PATCH', url: `/api/v1/leases/${past.id}`, payload: { status: 'ended' } })
        assert.equal(kept.json().endDate, '2024-12-31', kept.body)
        const unit2 = await t.f.unit(w.org.id, w.property.id)
        const future = await t.f.lease(w.org.id, unit2.id, [w.tenant.id], { start_date: addMonths(todayNY(), 2), end_date: null })
        const early = await t.as(w.token, { method: 'PATCH', url: `/api/v1/leases/${future.id}`, payload: { status: 'ended' } })
        assert.equal(early.statusCode, 400, early.body)
        assert.deepEqual(fieldsOf(early.json()), ['body.endDate'])
        const terminate = await t.as(w.token, { method: 'PATCH', url: `/api/v1/leases/${future.id}`, payload: { status: 'terminated' } })
        assert.equal(terminate.statusCode, 400, terminate.body)
        assert.deepEqual(fieldsOf(terminate.json()), ['body.terminatedOn'])
      })

      test('rent billed ahead of an early termination is reversed to what billing after it would post, prorated by actual days', async () => {
        const w = await world()
        const start = firstOfMonth(todayNY(), -1)
        const terms = { start_date: start, end_date: addDays(addMonths(start, 12), -1), rent_cents: 100_000, deposit_cents: 0 }
        const billedFirst = await t.f.lease(w.org.id, w.unit.id, [w.tenant.id], terms)
        const unit2 = await t.f.unit(w.org.id, w.property.id)
        const tenant2 = await t.f.tenant(w.org.id)
        const terminatedFirst = await t.f.lease(w.org.id, unit2.id, [tenant2.id], terms)
        const through = addMonths(start, 4)
        const terminatedOn = addDays(addMonths(start, 1), 14)
        const terminate = (id: string) => t.as(w.token, { method: 'PATCH', url: `/api/v1/leases/${id}`, payload: { status: 'terminated', terminatedOn } })

        await bill(w.token, through)
        assert.equal((await terminate(billedFirst.id)).statusCode, 200)
        assert.equal((await terminate(terminatedFirst.id)).statusCode, 200)
        await bill(w.token, through)

        const second = addMonths(start, 1)
        const days = daysBetween(second, addMonths(start, 2))
        const expected = { [start]: 100_000, [second]: Math.floor((2 * 100_000 * 15 + days) / (2 * days)) }
        assert.deepEqual(await netRent(billedFirst.id), expected)
        assert.deepEqual(await netRent(terminatedFirst.id), expected)
        assert.equal(await balance(w.token, billedFirst.id), await balance(w.token, terminatedFirst.id))
        const draft = await t.f.lease(w.org.id, w.unit.id, [w.tenant.id], { ...terms, start_date: terminatedOn, status: 'draft' })
        const activate = await t.as(w.token, { method: 'PATCH', url: `/api/v1/leases/${draft.id}`, payload: { status: 'active' } })
        assert.equal(activate.statusCode, 409, activate.body)
        const later = await t.as(w.token, { method: 'PATCH', url: `/api/v1/leases/${draft.id}`, payload: { status: 'active', startDate: addDays(terminatedOn, 1) } })
        assert.equal(later.statusCode, 200, later.body)
        // The ledger is append-only: the charges billed ahead are still there, reversed.
        const reversals = await t.db.selectFrom('charges').select(['adjustment']).where('lease_id', '=', billedFirst.id).where('amount_cents', '<', 0).execute()
        assert.ok(reversals.length >= 4 && reversals.every((r) => r.adjustment === 'reversal'))
      })

      test('an end date moved earlier reverses the months after it; money paid on them becomes credit for what is still owed', async () => {
        const w = await world()
        const start = firstOfMonth(todayNY(), -1)
        const lease = await t.f.lease(w.org.id, w.unit.id, [w.tenant.id], { start_date: start, end_date: addDays(addMonths(start, 12), -1), rent_cents: 100_000, deposit_cents: 0 })
        await bill(w.token, addMonths(start, 4))
        const paid = await t.as(w.token, { method: 'POST', url: '/api/v1/payments', payload: { tenantId: w.tenant.id, amountCents: 400_000, method: 'check', paidOn: start, status: 'succeeded' } })
        assert.equal(paid.statusCode, 201, paid.body)
        assert.equal(await balance(w.token, lease.id), 100_000)
        const endDate = addDays(addMonths(start, 2), -1)
        const moved = await t.as(w.token, { method: 'PATCH', url: `/api/v1/leases/${lease.id}`, payload: { endDate } })
        assert.equal(moved.statusCode, 200, moved.body)
        assert.deepEqual(await netRent(lease.id), { [start]: 100_000, [addMonths(start, 1)]: 100_000 })
        assert.equal(await balance(w.token, lease.id), 0)
        const ledger = await t.as(w.token, { method: 'GET', url: `/api/v1/tenants/${w.tenant.id}/ledger` })
        assert.deepEqual([ledger.json().balanceCents, ledger.json().creditCents], [-200_000, 200_000])
        // Changing it again to the same day posts nothing more.
        const again = await t.as(w.token, { method: 'PATCH', url: `/api/v1/leases/${lease.id}`, payload: { endDate } })
        assert.equal(again.statusCode, 200, again.body)
        assert.deepEqual(await netRent(lease.id), { [start]: 100_000, [addMonths(start, 1)]: 100_000 })
      })

      /** What billing through `through` posts per period under these terms, as netRent reports it. */
      const billedUnder = (startDate: string, endDate: string | null, through: string) =>
        Object.fromEntries(rentSchedule({ startDate, endDate, dueDay: 1, rentCents: 100_000 }, endDate === null ? through : undefined).filter((p) => p.dueDate <= through).map((p) => [p.periodStart, p.amountCents]))

      test('a last day moved earlier and then later again bills again what the move took back; any order ends as billing under the final terms would', async () => {
        const w = await world()
        const start = firstOfMonth(todayNY(), -1)
        const fullEnd = addDays(addMonths(start, 12), -1)
        const lease = await t.f.lease(w.org.id, w.unit.id, [w.tenant.id], { start_date: start, end_date: fullEnd, rent_cents: 100_000, deposit_cents: 0 })
        const through = addMonths(start, 4)
        await bill(w.token, through)
        const paid = await t.as(w.token, { method: 'POST', url: '/api/v1/payments', payload: { tenantId: w.tenant.id, amountCents: 500_000, method: 'check', paidOn: start, status: 'succeeded' } })
        assert.equal(paid.statusCode, 201, paid.body)
        assert.equal(await balance(w.token, lease.id), 0)

        // Mid-month, the start of a month, back to the term, month to month, into the first month, and back.
        const ends: (string | null)[] = [addDays(addMonths(start, 2), 14), addDays(addMonths(start, 1), -1), fullEnd, null, addDays(start, 9), addDays(addMonths(start, 3), 3), fullEnd]
        for (const endDate of ends) {
          const moved = await t.as(w.token, { method: 'PATCH', url: `/api/v1/leases/${lease.id}`, payload: { endDate } })
          assert.equal(moved.statusCode, 200, moved.body)
          assert.deepEqual(await netRent(lease.id), billedUnder(start, endDate, through), `end ${endDate}`)
          // A billing run after the change posts nothing the change did not already settle.
          await bill(w.token, through)
          assert.deepEqual(await netRent(lease.id), billedUnder(start, endDate, through), `end ${endDate}, billed again`)
        }
        // Back on its whole term, the tenant's money covers it all again: no credit, nothing owed.
        assert.equal(await balance(w.token, lease.id), 0)
        const ledger = await t.as(w.token, { method: 'GET', url: `/api/v1/tenants/${w.tenant.id}/ledger` })
        assert.deepEqual([ledger.json().balanceCents, ledger.json().creditCents], [0, 0])
        // The ledger is append-only: every move left its entries.
        const moves = await t.db.selectFrom('charges').select(['adjustment', 'term_change']).where('lease_id', '=', lease.id).where('term_change', '=', true).execute()
        assert.ok(moves.some((m) => m.adjustment === 'reversal') && moves.some((m) => m.adjustment === null), JSON.stringify(moves))
      })

      test('a start moved later takes back the rent billed before it, and moved back bills it again', async () => {
        const w = await world()
        const start = firstOfMonth(todayNY(), -3)
        const end = addDays(addMonths(start, 12), -1)
        const lease = await t.f.lease(w.org.id, w.unit.id, [w.tenant.id], { start_date: start, end_date: end, rent_cents: 100_000, deposit_cents: 0 })
        const through = addMonths(start, 4)
        await bill(w.token, through)
        const later = addMonths(start, 2)
        assert.equal((await t.as(w.token, { method: 'PATCH', url: `/api/v1/leases/${lease.id}`, payload: { startDate: later } })).statusCode, 200)
        assert.deepEqual(await netRent(lease.id), billedUnder(later, end, through))
        assert.equal(Object.keys(await netRent(lease.id)).length, 3)
        assert.equal((await t.as(w.token, { method: 'PATCH', url: `/api/v1/leases/${lease.id}`, payload: { startDate: start } })).statusCode, 200)
        await bill(w.token, through)
        assert.deepEqual(await netRent(lease.id), billedUnder(start, end, through))
      })

      test('rent billed again after the last day moved back bears no late fee of its own', async () => {
        const w = await world()
        const start = firstOfMonth(todayNY(), -2)
        const lease = await t.f.lease(w.org.id, w.unit.id, [w.tenant.id], { start_date: start, end_date: null, rent_cents: 100_000, deposit_cents: 0, grace_days: 0, late_fee_kind: 'flat', late_fee_flat_cents: 5_000 })
        await bill(w.token, todayNY())
        for (const endDate of [addDays(addMonths(start, 1), 9), null]) {
          assert.equal((await t.as(w.token, { method: 'PATCH', url: `/api/v1/leases/${lease.id}`, payload: { endDate } })).statusCode, 200)
        }
        const rebills = await t.db.selectFrom('charges').select('id').where('lease_id', '=', lease.id).where('term_change', '=', true).where('adjustment', 'is', null).execute()
        assert.ok(rebills.length >= 1)
        await assessLateFees(t.db, w.org.id, addDays(todayNY(), 0))
        const fees = await t.db.selectFrom('charges').select(['source_charge_id']).where('lease_id', '=', lease.id).where('kind', '=', 'late_fee').execute()
        assert.ok(fees.length >= 1, 'the overdue months bear their fees')
        assert.ok(fees.every((f) => !rebills.some((r) => r.id === f.source_charge_id)), JSON.stringify(fees))
        // One fee per overdue period, however often its rent was split.
        assert.equal(new Set(fees.map((f) => f.source_charge_id)).size, fees.length)
      })

      test("a manager's own reversal of a month stays when the last day moves away and back", async () => {
        const w = await world()
        const start = firstOfMonth(todayNY(), -1)
        const fullEnd = addDays(addMonths(start, 12), -1)
        const lease = await t.f.lease(w.org.id, w.unit.id, [w.tenant.id], { start_date: start, end_date: fullEnd, rent_cents: 100_000, deposit_cents: 0 })
        await bill(w.token, addMonths(start, 3))
        const third = await t.db.selectFrom('charges').select('id').where('lease_id', '=', lease.id).where('kind', '=', 'rent').where('period_start', '=', addMonths(start, 2)).executeTakeFirstOrThrow()
        const concession = await t.as(w.token, { method: 'POST', url: `/api/v1/charges/${third.id}/reversal`, payload: { reason: 'Broken heater', amountCents: 20_000 } })
        assert.equal(concession.statusCode, 201, concession.body)
        for (const endDate of [addDays(addMonths(start, 2), -1), fullEnd]) {
          assert.equal((await t.as(w.token, { method: 'PATCH', url: `/api/v1/leases/${lease.id}`, payload: { endDate } })).statusCode, 200)
        }
        assert.deepEqual(await netRent(lease.id), { [start]: 100_000, [addMonths(start, 1)]: 100_000, [addMonths(start, 2)]: 80_000, [addMonths(start, 3)]: 100_000 })
      })

      test("migration 0006 marks the last-day reversals posted before it, and no manager's reversal", async () => {
        const w = await world()
        const start = firstOfMonth(todayNY(), -1)
        const lease = await t.f.lease(w.org.id, w.unit.id, [w.tenant.id], { start_date: start, end_date: addDays(addMonths(start, 12), -1), rent_cents: 100_000, deposit_cents: 0 })
        await bill(w.token, addMonths(start, 3))
        const first = await t.db.selectFrom('charges').select('id').where('lease_id', '=', lease.id).where('period_start', '=', start).executeTakeFirstOrThrow()
        assert.equal((await t.as(w.token, { method: 'POST', url: `/api/v1/charges/${first.id}/reversal`, payload: { reason: 'Broken heater', amountCents: 5_000 } })).statusCode, 201)
        assert.equal((await t.as(w.token, { method: 'PATCH', url: `/api/v1/leases/${lease.id}`, payload: { endDate: addDays(addMonths(start, 2), 9) } })).statusCode, 200)
        const flags = () => t.db.selectFrom('charges').select(['description', 'term_change']).where('lease_id', '=', lease.id).where('adjustment', '=', 'reversal').orderBy('description').execute()
        const posted = await flags()
        assert.deepEqual(posted.map((r) => r.term_change).sort(), [false, true, true], JSON.stringify(posted))
        // As before the column: nothing marked. The migration's backfill marks the same rows again.
        await t.db.updateTable('charges').set({ term_change: false }).where('lease_id', '=', lease.id).execute()
        const migration = readFileSync(new URL('../../db/migrations/0006_term_change_charges.sql', import.meta.url), 'utf8')
        const backfill = migration.slice(migration.indexOf('UPDATE charges'))
        await sql.raw(backfill).execute(t.db)
        assert.deepEqual(await flags(), posted)
      })

      test('a period billed cut short by the end date gets the rest of its rent when the end moves later', async () => {
        const w = await world()
        const start = firstOfMonth(todayNY(), -1)
        const shortEnd = addDays(addMonths(start, 1), 9)
        const lease = await t.f.lease(w.org.id, w.unit.id, [w.tenant.id], { start_date: start, end_date: shortEnd, rent_cents: 100_000, deposit_cents: 0 })
        const through = addMonths(start, 3)
        await bill(w.token, through)
        assert.deepEqual(await netRent(lease.id), billedUnder(start, shortEnd, through))
        assert.equal(Object.keys(await netRent(lease.id)).length, 2)
        const endDate = addDays(addMonths(start, 12), -1)
        assert.equal((await t.as(w.token, { method: 'PATCH', url: `/api/v1/leases/${lease.id}`, payload: { endDate } })).statusCode, 200)
        await bill(w.token, through)
        assert.deepEqual(await netRent(lease.id), billedUnder(start, endDate, through))
        assert.equal((await netRent(lease.id))[addMonths(start, 1)], 100_000)
      })
    })

    describe('list and detail', () => {
      test('filters by status[], propertyId, unitId and tenantId, newest start first', async () => {
        const w = await world()
        const property2 = await t.f.property(w.org.id)
        const unit2 = await t.f.unit(w.org.id, property2.id)
        const tenant2 = await t.f.tenant(w.org.id)
        const a = await t.f.lease(w.org.id, w.unit.id, [w.tenant.id], { start_date: '2030-01-01', end_date: '2030-06-30' })
        const b = await t.f.lease(w.org.id, w.unit.id, [w.tenant.id], { start_date: '2030-07-01', end_date: '2030-12-31', status: 'draft' })
        const c = await t.f.lease(w.org.id, unit2.id, [tenant2.id, w.tenant.id], { start_date: '2029-01-01', end_date: null, status: 'ended' })
        const ids = async (qs: string) => {
          const res = await t.as(w.token, { method: 'GET', url: `/api/v1/leases?${qs}` })
          assert.equal(res.statusCode, 200, res.body)
          const body = res.json()
          assert.equal(body.total, body.data.length)
          return body.data.map((l: { id: string }) => l.id)
        }
        assert.deepEqual(await ids(''), [b.id, a.id, c.id])
        assert.deepEqual(await ids('status[]=active&status[]=draft'), [b.id, a.id])
        assert.deepEqual(await ids('status=ended,draft'), [b.id, c.id])
        assert.deepEqual(await ids(`propertyId=${property2.id}`), [c.id])
        assert.deepEqual(await ids(`unitId=${w.unit.id}`), [b.id, a.id])
        assert.deepEqual(await ids(`tenantId=${tenant2.id}`), [c.id])
        assert.deepEqual(await ids(`tenantId=${w.tenant.id}&status=ended`), [c.id])
        const bad = await t.as(w.token, { method: 'GET', url: '/api/v1/leases?status=gone&pageSize=101' })
        assert.equal(bad.statusCode, 400)
        assert.deepEqual(fieldsOf(bad.json()), ['query.pageSize', 'query.status.0'])
      })

      test('pages never repeat or skip leases with the same start date', async () => {
        const w = await world()
        const made: string[] = []
        for (let i = 0; i < 7; i++) {
          const unit = await t.f.unit(w.org.id, w.property.id)
          made.push((await t.f.lease(w.org.id, unit.id, [w.tenant.id], { start_date: '2030-01-01', end_date: null })).id)
        }
        const seen: string[] = []
        for (let page = 1; page <= 3; page++) {
          const body = (await t.as(w.token, { method: 'GET', url: `/api/v1/leases?pageSize=3&page=${page}` })).json()
          assert.equal(body.total, 7)
          seen.push(...body.data.map((l: { id: string }) => l.id))
        }
        assert.deepEqual(seen, [...made].sort().reverse())
      })

      test('include= loads tenants, unit, property, charges with balances, payments and documents', async () => {
        const w = await world()
        const co = await t.f.tenant(w.org.id)
        const lease = await t.f.lease(w.org.id, w.unit.id, [w.tenant.id, co.id])
        const charge = await t.f.charge(w.org.id, lease.id, { amount_cents: 100_000, due_date: '2026-02-01' })
        await t.f.charge(w.org.id, lease.id, { kind: 'credit', amount_cents: -15_000, due_date: '2026-02-01', reverses_charge_id: charge.id, adjustment: 'credit' })
        const payment = await t.f.payment(w.org.id, w.tenant.id, { lease_id: lease.id, amount_cents: 60_000, paid_on: '2026-02-02' })
        await t.db.insertInto('payment_allocations').values({ id: uuidv7(), org_id: w.org.id, payment_id: payment.id, charge_id: charge.id, amount_cents: 60_000 }).execute()
        const doc = uuidv7()
        await t.db
          .insertInto('documents')
          .values({ id: doc, org_id: w.org.id, lease_id: lease.id, file_name: 'lease.pdf', content_type: 'application/pdf', size_bytes: 3, sha256: 'abc', content: new Uint8Array([1, 2, 3]) })
          .execute()

        const res = await t.as(w.token, { method: 'GET', url: `/api/v1/leases/${lease.id}?include=tenants,unit,property,charges,payments,documents` })
        assert.equal(res.statusCode, 200, res.body)
        const body = res.json()
        assert.deepEqual(body.tenants.map((x: { id: string; isPrimary: boolean }) => [x.id, x.isPrimary]), [[w.tenant.id, true], [co.id, false]])
        assert.equal(body.unit.id, w.unit.id)
        assert.equal(body.unit.unitNumber, w.unit.unit_number)
        assert.equal(body.property.id, w.property.id)
        assert.equal(body.property.addressLine1, w.property.address_line1)
        assert.deepEqual(
          body.charges.map((c: { id: string; amountCents: number; adjustedCents: number; allocatedCents: number; balanceCents: number }) => [
            c.id,
            c.amountCents,
            c.adjustedCents,
            c.allocatedCents,
            c.balanceCents,
          ]),
          [[charge.id, 100_000, -15_000, 60_000, 25_000]],
        )
        assert.deepEqual(body.payments.map((p: { id: string; amountCents: number }) => [p.id, p.amountCents]), [[payment.id, 60_000]])
        assert.deepEqual(body.documents.map((d: { id: string; fileName: string }) => [d.id, d.fileName]), [[doc, 'lease.pdf']])
        assert.equal('content' in body.documents[0], false)

        const plain = (await t.as(w.token, { method: 'GET', url: `/api/v1/leases/${lease.id}` })).json()
        assert.equal('tenants' in plain, false)
        assert.equal('charges' in plain, false)
        const bad = await t.as(w.token, { method: 'GET', url: `/api/v1/leases/${lease.id}?include=owner` })
        assert.equal(bad.statusCode, 400)
      })
    })

    describe('scope', () => {
      test("another organization's lease answers 404 to read, change and delete", async () => {
        const w = await world()
        const other = await world()
        const lease = await t.f.lease(other.org.id, other.unit.id, [other.tenant.id], { status: 'draft' })
        const url = `/api/v1/leases/${lease.id}`
        assert.equal((await t.as(w.token, { method: 'GET', url })).statusCode, 404)
        assert.equal((await t.as(w.token, { method: 'PATCH', url, payload: { rentCents: 1 } })).statusCode, 404)
        assert.equal((await t.as(w.token, { method: 'DELETE', url })).statusCode, 404)
        assert.equal((await t.as(w.token, { method: 'GET', url: '/api/v1/leases' })).json().total, 0)
        const unchanged = await t.db.selectFrom('leases').select('rent_cents').where('id', '=', lease.id).executeTakeFirstOrThrow()
        assert.equal(unchanged.rent_cents, 150_000)
      })

      test('a tenant reads their own leases only and sees only their own payments on a shared lease', async () => {
        const w = await world()
        const user = await t.f.user(w.org.id, 'tenant')
        const token = await t.tokenFor(user)
        const co = await t.f.tenant(w.org.id)
        const own = await t.f.lease(w.org.id, w.unit.id, [user.tenant_id!, co.id])
        const unit2 = await t.f.unit(w.org.id, w.property.id)
        const neighbour = await t.f.lease(w.org.id, unit2.id, [w.tenant.id])
        const mine = await t.f.payment(w.org.id, user.tenant_id!, { lease_id: own.id })
        await t.f.payment(w.org.id, co.id, { lease_id: own.id })

        const list = (await t.as(token, { method: 'GET', url: '/api/v1/leases' })).json()
        assert.deepEqual(list.data.map((l: { id: string }) => l.id), [own.id])
        assert.equal(list.total, 1)
        assert.equal((await t.as(token, { method: 'GET', url: `/api/v1/leases/${neighbour.id}` })).statusCode, 404)
        const detail = (await t.as(token, { method: 'GET', url: `/api/v1/leases/${own.id}?include=payments,tenants` })).json()
        assert.deepEqual(detail.payments.map((p: { id: string }) => p.id), [mine.id])
        assert.deepEqual(detail.tenants.map((x: { id: string }) => x.id), [user.tenant_id])
      })

      test('owners, tenants and technicians get 403 on writes', async () => {
        const w = await world()
        const lease = await t.f.lease(w.org.id, w.unit.id, [w.tenant.id], { status: 'draft' })
        for (const role of ['owner', 'tenant', 'technician'] as const) {
          const token = await t.tokenFor(await t.f.user(w.org.id, role))
          const create = await t.as(token, {
            method: 'POST',
            url: '/api/v1/leases',
            payload: { unitId: w.unit.id, tenantIds: [w.tenant.id], startDate: '2030-01-01', rentCents: 1 },
          })
          assert.equal(create.statusCode, 403, `${role} create`)
          assert.equal((await t.as(token, { method: 'PATCH', url: `/api/v1/leases/${lease.id}`, payload: { rentCents: 1 } })).statusCode, 403, `${role} patch`)
          assert.equal((await t.as(token, { method: 'DELETE', url: `/api/v1/leases/${lease.id}` })).statusCode, 403, `${role} delete`)
        }
      })

      test('a manager sees and writes leases of assigned properties only', async () => {
        const w = await world()
        const manager = await t.f.user(w.org.id, 'property_manager')
        await t.f.assignManager(w.org.id, w.property.id, manager.id)
        const token = await t.tokenFor(manager)
        const otherProperty = await t.f.property(w.org.id)
        const otherUnit = await t.f.unit(w.org.id, otherProperty.id)
        const mine = await t.f.lease(w.org.id, w.unit.id, [w.tenant.id])
        const theirs = await t.f.lease(w.org.id, otherUnit.id, [w.tenant.id])

        const list = (await t.as(token, { method: 'GET', url: '/api/v1/leases' })).json()
        assert.deepEqual(list.data.map((l: { id: string }) => l.id), [mine.id])
        assert.equal((await t.as(token, { method: 'GET', url: `/api/v1/leases/${theirs.id}` })).statusCode, 404)
        assert.equal((await t.as(token, { method: 'PATCH', url: `/api/v1/leases/${theirs.id}`, payload: { rentCents: 1 } })).statusCode, 404)
        const create = await t.as(token, {
          method: 'POST',
          url: '/api/v1/leases',
          payload: { unitId: otherUnit.id, tenantIds: [w.tenant.id], startDate: '2035-01-01', rentCents: 1 },
        })
        assert.equal(create.statusCode, 400)
        assert.deepEqual(fieldsOf(create.json()), ['body.unitId'])
        const ok = await t.as(token, { method: 'PATCH', url: `/api/v1/leases/${mine.id}`, payload: { rentCents: 160_000 } })
        assert.equal(ok.statusCode, 200, ok.body)
        assert.equal(ok.json().rentCents, 160_000)
      })

      test('an owner reads leases on their own properties only; a technician sees none', async () => {
        const w = await world()
        const ownerUser = await t.f.user(w.org.id, 'owner')
        const owned = await t.f.property(w.org.id, { owner_id: ownerUser.owner_id })
        const ownedUnit = await t.f.unit(w.org.id, owned.id)
        const lease = await t.f.lease(w.org.id, ownedUnit.id, [w.tenant.id])
        const other = await t.f.lease(w.org.id, w.unit.id, [w.tenant.id])
        const ownerToken = await t.tokenFor(ownerUser)
        assert.deepEqual((await t.as(ownerToken, { method: 'GET', url: '/api/v1/leases' })).json().data.map((l: { id: string }) => l.id), [lease.id])
        assert.equal((await t.as(ownerToken, { method: 'GET', url: `/api/v1/leases/${other.id}` })).statusCode, 404)
        const tech = await t.tokenFor(await t.f.user(w.org.id, 'technician'))
        assert.equal((await t.as(tech, { method: 'GET', url: '/api/v1/leases' })).json().total, 0)
      })
    })
  })
}
