import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { LightMyRequestResponse } from 'fastify'
import { targets } from '../../../test/support/db.js'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { uuidv7 } from '../../lib/ids.js'
import { addDays, todayIn } from '../ledger/dates.js'
import { MAINTENANCE_STATUSES, OPEN_REQUEST_STATUSES } from '../maintenance/maintenance.schema.js'

const idsOf = (res: LightMyRequestResponse): string[] => {
  assert.equal(res.statusCode, 200, res.body)
  return res.json().data.map((d: { id: string }) => d.id).sort()
}
const sorted = (...rows: { id: string }[]): string[] => rows.map((r) => r.id).sort()
const fieldsOf = (res: LightMyRequestResponse): string[] => (res.json().errors ?? []).map((e: { field: string }) => e.field).sort()

// Far from today on both sides, so the tests do not depend on the clock.
const CURRENT = { start_date: '2000-01-01', end_date: '2099-12-31' }

for (const target of targets) {
  describe(`properties on ${target.name}`, () => {
    let t: TestApp
    before(async () => {
      t = await startTestApp(target)
    })
    after(() => t.close())

    const adminOfNewOrg = async () => {
      const org = await t.f.org()
      const token = await t.tokenFor(await t.f.user(org.id, 'admin'))
      return { org, token }
    }
    const get = (token: string, url: string) => t.as(token, { method: 'GET', url })
    const countRows = async (table: 'properties' | 'events', orgId: string) =>
      Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', orgId).executeTakeFirstOrThrow()).n)

    test('a list item carries the property, its counts and ISO timestamps', async () => {
      const { org, token } = await adminOfNewOrg()
      const owner = await t.f.owner(org.id)
      const p = await t.f.property(org.id, {
        name: 'Elm Court',
        type: 'condo',
        status: 'under_renovation',
        address_line1: '1 Elm Street',
        address_line2: 'Building B',
        city: 'Portland',
        state: 'OR',
        zip: '97201',
        owner_id: owner.id,
        market_value_cents: 123_456_789,
        year_built: 1925,
        legal_units: 4,
      })
      const u1 = await t.f.unit(org.id, p.id)
      await t.f.unit(org.id, p.id)
      await t.f.lease(org.id, u1.id, [], CURRENT)
      await t.f.request(org.id, p.id, { status: 'open' })
      const res = await get(token, '/api/v1/properties')
      assert.equal(res.statusCode, 200, res.body)
      assert.deepEqual(res.json(), {
        data: [
          {
            id: p.id,
            name: 'Elm Court',
            type: 'condo',
            status: 'under_renovation',
            addressLine1: '1 Elm Street',
            addressLine2: 'Building B',
            city: 'Portland',
            state: 'OR',
            zip: '97201',
            country: 'US',
            ownerId: owner.id,
            neighborhoodId: null,
            marketValueCents: 123_456_789,
            yearBuilt: 1925,
            legalUnits: 4,
            managementFeeBp: 0,
            unitCount: 2,
            occupiedUnits: 1,
            openRequestCount: 1,
            createdAt: p.created_at.toISOString(),
            updatedAt: p.updated_at.toISOString(),
          },
        ],
        page: 1,
        pageSize: 20,
        total: 1,
      })
    })

    test('status[] and type[] filter by one value and by two', async () => {
      const { org, token } = await adminOfNewOrg()
      const active = await t.f.property(org.id, { status: 'active', type: 'apartment' })
      const inactive = await t.f.property(org.id, { status: 'inactive', type: 'condo' })
      const renovating = await t.f.property(org.id, { status: 'under_renovation', type: 'townhouse' })
      const sold = await t.f.property(org.id, { status: 'sold', type: 'condo' })
      assert.deepEqual(idsOf(await get(token, '/api/v1/properties?status[]=sold')), sorted(sold))
      assert.deepEqual(idsOf(await get(token, '/api/v1/properties?status[]=active&status[]=inactive')), sorted(active, inactive))
      assert.deepEqual(idsOf(await get(token, '/api/v1/properties?status=under_renovation,sold')), sorted(renovating, sold))
      assert.deepEqual(idsOf(await get(token, '/api/v1/properties?type[]=condo')), sorted(inactive, sold))
      assert.deepEqual(idsOf(await get(token, '/api/v1/properties?type[]=apartment&type[]=townhouse')), sorted(active, renovating))
      assert.deepEqual(idsOf(await get(token, '/api/v1/properties?type=condo&status=sold')), sorted(sold))
    })

    test('minUnits and maxUnits count the units and include their boundaries', async () => {
      const { org, token } = await adminOfNewOrg()
      const props = []
      for (let n = 0; n <= 3; n++) {
        const p = await t.f.property(org.id)
        for (let i = 0; i < n; i++) await t.f.unit(org.id, p.id)
        props.push(p)
      }
      const [p0, p1, p2, p3] = props as [(typeof props)[0], (typeof props)[0], (typeof props)[0], (typeof props)[0]]
      assert.deepEqual(idsOf(await get(token, '/api/v1/properties?minUnits=2')), sorted(p2, p3))
      assert.deepEqual(idsOf(await get(token, '/api/v1/properties?maxUnits=1')), sorted(p0, p1))
      assert.deepEqual(idsOf(await get(token, '/api/v1/properties?minUnits=1&maxUnits=2')), sorted(p1, p2))
      assert.deepEqual(idsOf(await get(token, '/api/v1/properties?minUnits=2&maxUnits=2')), sorted(p2))
      assert.deepEqual(idsOf(await get(token, '/api/v1/properties?minUnits=4')), [])
      const counts = (await get(token, '/api/v1/properties?pageSize=100')).json().data.map((d: { id: string; unitCount: number }) => [d.id, d.unitCount])
      assert.deepEqual(new Map(counts), new Map(props.map((p, n) => [p.id, n])))
    })

    test("occupancy goes by today in the organization's time zone, not the database's", async () => {
      // Kiritimati (UTC+14) is always one or two days ahead of Pago Pago (UTC-11), so the database's
      // one date can be "today" in at most one of them: a one-day lease on each zone's today is
      // occupied in both only when each organization's own today is used.
      const checks: string[] = []
      for (const zone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
        const org = await t.f.org({ time_zone: zone })
        const token = await t.tokenFor(await t.f.user(org.id, 'admin'))
        const today = todayIn(zone)
        const p = await t.f.property(org.id)
        const unit = await t.f.unit(org.id, p.id)
        await t.f.lease(org.id, unit.id, [], { start_date: today, end_date: today })
        const tomorrow = await t.f.unit(org.id, p.id)
        await t.f.lease(org.id, tomorrow.id, [], { start_date: addDays(today, 1), end_date: null })
        const detail = (await get(token, `/api/v1/properties/${p.id}?include=units`)).json()
        const units = new Map(detail.units.map((u: { id: string; occupied: boolean }) => [u.id, u.occupied]))
        const listed = (await get(token, '/api/v1/units')).json().data.find((u: { id: string }) => u.id === unit.id)
        const filtered = idsOf(await get(token, '/api/v1/properties?minOccupancy=1'))
        const got = [detail.occupiedUnits, units.get(unit.id), units.get(tomorrow.id), listed?.occupied, filtered.includes(p.id)]
        if (JSON.stringify(got) !== JSON.stringify([1, true, false, true, true])) checks.push(`${zone} (today ${today}): ${JSON.stringify(got)}`)
      }
      assert.deepEqual(checks, [])
    })

    test('occupancy counts units with an active lease covering today; ended, future, draft and terminated leases do not count', async () => {
      const { org, token } = await adminOfNewOrg()
      const full = await t.f.property(org.id)
      await t.f.lease(org.id, (await t.f.unit(org.id, full.id)).id, [], { start_date: '2000-01-01', end_date: null })
      await t.f.lease(org.id, (await t.f.unit(org.id, full.id)).id, [], CURRENT)
      const half = await t.f.property(org.id)
      await t.f.lease(org.id, (await t.f.unit(org.id, half.id)).id, [], CURRENT)
      await t.f.lease(org.id, (await t.f.unit(org.id, half.id)).id, [], { ...CURRENT, status: 'ended' })
      const none = await t.f.property(org.id)
      await t.f.lease(org.id, (await t.f.unit(org.id, none.id)).id, [], { start_date: '2019-01-01', end_date: '2020-12-31' })
      await t.f.lease(org.id, (await t.f.unit(org.id, none.id)).id, [], { start_date: '2099-01-01', end_date: '2099-12-31' })
      await t.f.lease(org.id, (await t.f.unit(org.id, none.id)).id, [], { ...CURRENT, status: 'draft' })
      await t.f.lease(org.id, (await t.f.unit(org.id, none.id)).id, [], { ...CURRENT, status: 'terminated', terminated_on: '2001-01-01' })
      const empty = await t.f.property(org.id)

      const occupied = (await get(token, '/api/v1/properties')).json().data.map((d: { id: string; occupiedUnits: number }) => [d.id, d.occupiedUnits])
      assert.deepEqual(new Map(occupied), new Map([[full.id, 2], [half.id, 1], [none.id, 0], [empty.id, 0]]))
      assert.deepEqual(idsOf(await get(token, '/api/v1/properties?minOccupancy=1')), sorted(full, half))
      assert.deepEqual(idsOf(await get(token, '/api/v1/properties?minOccupancy=2')), sorted(full))
      assert.deepEqual(idsOf(await get(token, '/api/v1/properties?maxOccupancy=1')), sorted(half, none, empty))
      assert.deepEqual(idsOf(await get(token, '/api/v1/properties?maxOccupancy=0')), sorted(none, empty))
      assert.deepEqual(idsOf(await get(token, '/api/v1/properties?minOccupancy=1&maxOccupancy=1')), sorted(half))
    })

    test('search matches name, both address lines, city, state and zip, in any case', async () => {
      const { org, token } = await adminOfNewOrg()
      const byName = await t.f.property(org.id, { name: 'Zephyr Court' })
      const byLine1 = await t.f.property(org.id, { address_line1: '42 Quokka Lane' })
      const byLine2 = await t.f.property(org.id, { address_line2: 'Suite Xylophone' })
      const byCity = await t.f.property(org.id, { city: 'Narwhalton' })
      const byState = await t.f.property(org.id, { state: 'QX' })
      const byZip = await t.f.property(org.id, { zip: '31337' })
      const search = (s: string) => get(token, `/api/v1/properties?search=${encodeURIComponent(s)}`)
      assert.deepEqual(idsOf(await search('zEPHYR')), sorted(byName))
      assert.deepEqual(idsOf(await search('quokka lane')), sorted(byLine1))
      assert.deepEqual(idsOf(await search('XYLOPHONE')), sorted(byLine2))
      assert.deepEqual(idsOf(await search('narwhal')), sorted(byCity))
      assert.deepEqual(idsOf(await search('qx')), sorted(byState))
      assert.deepEqual(idsOf(await search('3133')), sorted(byZip))
      assert.deepEqual(idsOf(await search('springfield')), sorted(byName, byLine1, byLine2, byState, byZip))
      // LIKE wildcards in the search are literal characters.
      assert.deepEqual(idsOf(await search('%')), [])
      assert.deepEqual(idsOf(await search('_')), [])
      assert.equal((await search('zephyr')).json().total, 1)
    })

    test('hasMaintenanceIssues=true keeps properties with open requests (neither completed nor cancelled), false keeps the others', async () => {
      const { org, token } = await adminOfNewOrg()
      const open = await t.f.property(org.id)
      await t.f.request(org.id, open.id, { status: 'open' })
      const inProgress = await t.f.property(org.id)
      await t.f.request(org.id, inProgress.id, { status: 'in_progress' })
      const mixed = await t.f.property(org.id)
      await t.f.request(org.id, mixed.id, { status: 'completed', completed_at: new Date() })
      await t.f.request(org.id, mixed.id, { status: 'open' })
      await t.f.request(org.id, mixed.id, { status: 'in_progress' })
      const completed = await t.f.property(org.id)
      await t.f.request(org.id, completed.id, { status: 'completed', completed_at: new Date() })
      const cancelled = await t.f.property(org.id)
      await t.f.request(org.id, cancelled.id, { status: 'cancelled' })
      const assigned = await t.f.property(org.id)
      await t.f.request(org.id, assigned.id, { status: 'assigned' })
      const quiet = await t.f.property(org.id)

      assert.deepEqual(idsOf(await get(token, '/api/v1/properties?hasMaintenanceIssues=true')), sorted(open, inProgress, mixed, assigned))
      assert.deepEqual(idsOf(await get(token, '/api/v1/properties?hasMaintenanceIssues=false')), sorted(completed, cancelled, quiet))
      assert.equal((await get(token, '/api/v1/properties')).json().total, 7)
      const counts = (await get(token, '/api/v1/properties')).json().data.map((d: { id: string; openRequestCount: number }) => [d.id, d.openRequestCount])
      assert.deepEqual(
        new Map(counts),
        new Map([[open.id, 1], [inProgress.id, 1], [mixed.id, 2], [completed.id, 0], [cancelled.id, 0], [assigned.id, 1], [quiet.id, 0]]),
      )
    })

    for (const pageSize of [10, 7]) {
      test(`57 properties with one name and one creation time page by ${pageSize} without repeats or gaps`, async () => {
        const { org, token } = await adminOfNewOrg()
        const createdAt = new Date('2026-01-01T00:00:00Z')
        // Inserted out of id order, so the table's physical order is not the id order.
        const ids = Array.from({ length: 57 }, () => uuidv7()).sort(() => Math.random() - 0.5)
        for (const id of ids) await t.f.property(org.id, { id, name: 'Same Name', created_at: createdAt, updated_at: createdAt })
        const made = new Set(ids)
        const seen: string[] = []
        const pages = Math.ceil(57 / pageSize)
        for (let page = 1; page <= pages + 1; page++) {
          const res = await get(token, `/api/v1/properties?page=${page}&pageSize=${pageSize}`)
          assert.equal(res.statusCode, 200, res.body)
          const body = res.json()
          assert.equal(body.total, 57)
          assert.equal(body.page, page)
          assert.equal(body.pageSize, pageSize)
          assert.equal(body.data.length, page < pages ? pageSize : page === pages ? 57 - pageSize * (pages - 1) : 0)
          seen.push(...body.data.map((d: { id: string }) => d.id))
        }
        assert.equal(seen.length, 57)
        assert.equal(new Set(seen).size, 57)
        assert.deepEqual(new Set(seen), made)
        assert.deepEqual(seen, [...seen].sort(), 'equal names are ordered by id')
      })
    }

    test('bad list parameters are 400 problem+json naming each field', async () => {
      const { token } = await adminOfNewOrg()
      const cases: [string, string][] = [
        ['minUnits=-1', 'query.minUnits'],
        ['minUnits=abc', 'query.minUnits'],
        ['minUnits=3&maxUnits=2', 'query.minUnits'],
        ['minOccupancy=2&maxOccupancy=1', 'query.minOccupancy'],
        ['maxOccupancy=1.5', 'query.maxOccupancy'],
        ['pageSize=101', 'query.pageSize'],
        ['page=0', 'query.page'],
        ['status[]=bogus', 'query.status.0'],
        ['status=active&status=bogus', 'query.status.1'],
        ['type[]=castle', 'query.type.0'],
        ['hasMaintenanceIssues=maybe', 'query.hasMaintenanceIssues'],
      ]
      for (const [qs, field] of cases) {
        const res = await get(token, `/api/v1/properties?${qs}`)
        assert.equal(res.statusCode, 400, `${qs}: ${res.body}`)
        assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
        assert.deepEqual(fieldsOf(res), [field], qs)
      }
      const badId = await get(token, '/api/v1/properties/not-a-uuid')
      assert.equal(badId.statusCode, 400)
      assert.deepEqual(fieldsOf(badId), ['path.id'])
      const badInclude = await get(token, `/api/v1/properties/${uuidv7()}?include=units,bogus`)
      assert.equal(badInclude.statusCode, 400)
      assert.deepEqual(fieldsOf(badInclude), ['query.include.1'])
    })

    test('a bad create body is 400 naming each field, and nothing is written', async () => {
      const { org, token } = await adminOfNewOrg()
      const otherOwner = await t.f.owner((await t.f.org()).id)
      const good = { name: 'Oak House', type: 'single_family', addressLine1: '9 Oak Road', city: 'Salem', state: 'MA' }
      const cases: [Record<string, unknown>, string[], string][] = [
        [{ ...good, color: 'blue' }, ['body.color'], 'request.unknown_field'],
        [{ ...good, marketValueCents: -1 }, ['body.marketValueCents'], 'request.invalid'],
        [{ ...good, marketValueCents: 100.5 }, ['body.marketValueCents'], 'request.invalid'],
        [{ ...good, marketValueCents: 1e12 }, ['body.marketValueCents'], 'request.invalid'],
        [{ ...good, name: '  ' }, ['body.name'], 'request.invalid'],
        [{ ...good, type: 'castle', yearBuilt: 1200 }, ['body.type', 'body.yearBuilt'], 'request.invalid'],
        [{ ...good, ownerId: 'nope' }, ['body.ownerId'], 'request.invalid'],
        [{ ...good, ownerId: otherOwner.id }, ['body.ownerId'], 'request.invalid'],
        [{ ...good, neighborhoodId: uuidv7() }, ['body.neighborhoodId'], 'request.invalid'],
      ]
      for (const [payload, fields, code] of cases) {
        const res = await t.as(token, { method: 'POST', url: '/api/v1/properties', payload })
        assert.equal(res.statusCode, 400, `${JSON.stringify(payload)}: ${res.body}`)
        assert.equal(res.json().code, code)
        assert.deepEqual(fieldsOf(res), fields, JSON.stringify(payload))
      }
      assert.equal(await countRows('properties', org.id), 0)
      assert.equal(await countRows('events', org.id), 0)
    })

    test('a bad update is 400 naming the field, and nothing changes', async () => {
      const { org, token } = await adminOfNewOrg()
      const p = await t.f.property(org.id, { name: 'Before' })
      const url = `/api/v1/properties/${p.id}`
      const unknown = await t.as(token, { method: 'PATCH', url, payload: { name: 'After', id: uuidv7() } })
      assert.equal(unknown.statusCode, 400)
      assert.deepEqual(fieldsOf(unknown), ['body.id'])
      const negative = await t.as(token, { method: 'PATCH', url, payload: { name: 'After', legalUnits: -2 } })
      assert.deepEqual(fieldsOf(negative), ['body.legalUnits'])
      const empty = await t.as(token, { method: 'PATCH', url, payload: {} })
      assert.equal(empty.statusCode, 400)
      const badId = await t.as(token, { method: 'PATCH', url: '/api/v1/properties/123', payload: { name: 'After' } })
      assert.deepEqual(fieldsOf(badId), ['path.id'])
      assert.equal((await get(token, url)).json().name, 'Before')
      assert.equal(await countRows('events', org.id), 0)
    })

    test('an admin creates a property: 201, the stored values, and a created event', async () => {
      const { org, token } = await adminOfNewOrg()
      const owner = await t.f.owner(org.id)
      const res = await t.as(token, {
        method: 'POST',
        url: '/api/v1/properties',
        payload: { name: ' Oak House ', type: 'single_family', addressLine1: '9 Oak Road', city: 'Salem', state: 'MA', zip: '01970', country: 'us', ownerId: owner.id, marketValueCents: 45_000_000, yearBuilt: 1890 },
      })
      assert.equal(res.statusCode, 201, res.body)
      const body = res.json()
      assert.equal(body.name, 'Oak House')
      assert.equal(body.status, 'active')
      assert.equal(body.country, 'US')
      assert.equal(body.ownerId, owner.id)
      assert.equal(body.addressLine2, null)
      assert.equal(body.marketValueCents, 45_000_000)
      assert.deepEqual([body.unitCount, body.occupiedUnits, body.openRequestCount], [0, 0, 0])
      assert.deepEqual((await get(token, `/api/v1/properties/${body.id}`)).json(), body)
      const events = await t.db.selectFrom('events').selectAll().where('org_id', '=', org.id).execute()
      assert.equal(events.length, 1)
      assert.deepEqual([events[0]!.topic, events[0]!.action, events[0]!.entity_id, events[0]!.payload], ['property', 'created', body.id, { propertyId: body.id }])
      // The owner now sees it.
      const ownerToken = await t.tokenFor(await t.f.user(org.id, 'owner', { owner_id: owner.id }))
      assert.deepEqual(idsOf(await get(ownerToken, '/api/v1/properties')), [body.id])
    })

    test('a manager who creates a property is assigned to it', async () => {
      const org = await t.f.org()
      const manager = await t.f.user(org.id, 'property_manager')
      const token = await t.tokenFor(manager)
      const res = await t.as(token, { method: 'POST', url: '/api/v1/properties', payload: { name: 'Pine Flats', type: 'apartment', addressLine1: '3 Pine Way', city: 'Boise', state: 'ID' } })
      assert.equal(res.statusCode, 201, res.body)
      const detail = await get(token, `/api/v1/properties/${res.json().id}?include=managers`)
      assert.equal(detail.statusCode, 200, detail.body)
      assert.deepEqual(
        detail.json().managers.map((m: { id: string; email: string }) => [m.id, m.email]),
        [[manager.id, manager.email]],
      )
      assert.deepEqual(idsOf(await get(token, '/api/v1/properties')), [res.json().id])
    })

    test('a manager updates an assigned property; an unassigned one is 404 and an owner is 403', async () => {
      const org = await t.f.org()
      const manager = await t.f.user(org.id, 'property_manager')
      const mine = await t.f.property(org.id, { address_line2: 'Rear' })
      const other = await t.f.property(org.id)
      await t.f.assignManager(org.id, mine.id, manager.id)
      const token = await t.tokenFor(manager)
      const res = await t.as(token, { method: 'PATCH', url: `/api/v1/properties/${mine.id}`, payload: { name: 'Renamed', status: 'inactive', addressLine2: null, legalUnits: 12 } })
      assert.equal(res.statusCode, 200, res.body)
      assert.deepEqual([res.json().name, res.json().status, res.json().addressLine2, res.json().legalUnits], ['Renamed', 'inactive', null, 12])
      assert.ok(res.json().updatedAt > mine.updated_at.toISOString())
      const denied = await t.as(token, { method: 'PATCH', url: `/api/v1/properties/${other.id}`, payload: { name: 'Nope' } })
      assert.equal(denied.statusCode, 404)
      const ownerToken = await t.tokenFor(await t.f.user(org.id, 'owner'))
      assert.equal((await t.as(ownerToken, { method: 'PATCH', url: `/api/v1/properties/${mine.id}`, payload: { name: 'Nope' } })).statusCode, 403)
      const stored = await t.db.selectFrom('properties').select(['id', 'name']).where('org_id', '=', org.id).orderBy('id').execute()
      assert.deepEqual(new Map(stored.map((r) => [r.id, r.name])), new Map([[mine.id, 'Renamed'], [other.id, other.name]]))
      const events = await t.db.selectFrom('events').select(['action', 'entity_id']).where('org_id', '=', org.id).execute()
      assert.deepEqual(events, [{ action: 'updated', entity_id: mine.id }])
    })

    test('a manager sees only assigned properties; others are 404 and absent from the list', async () => {
      const org = await t.f.org()
      const manager = await t.f.user(org.id, 'property_manager')
      const assigned = await t.f.property(org.id)
      const unassigned = await t.f.property(org.id)
      await t.f.assignManager(org.id, assigned.id, manager.id)
      const token = await t.tokenFor(manager)
      const list = await get(token, '/api/v1/properties')
      assert.deepEqual(idsOf(list), [assigned.id])
      assert.equal(list.json().total, 1)
      assert.equal((await get(token, `/api/v1/properties/${assigned.id}`)).statusCode, 200)
      const hidden = await get(token, `/api/v1/properties/${unassigned.id}`)
      assert.equal(hidden.statusCode, 404)
      assert.equal(hidden.json().code, 'resource.not_found')
    })

    test('an owner sees only owned properties and may not create one', async () => {
      const org = await t.f.org()
      const ownerUser = await t.f.user(org.id, 'owner')
      const owned = await t.f.property(org.id, { owner_id: ownerUser.owner_id })
      const notOwned = await t.f.property(org.id, { owner_id: (await t.f.owner(org.id)).id })
      await t.f.property(org.id)
      const token = await t.tokenFor(ownerUser)
      assert.deepEqual(idsOf(await get(token, '/api/v1/properties')), [owned.id])
      assert.equal((await get(token, `/api/v1/properties/${owned.id}`)).statusCode, 200)
      assert.equal((await get(token, `/api/v1/properties/${notOwned.id}`)).statusCode, 404)
      const create = await t.as(token, { method: 'POST', url: '/api/v1/properties', payload: { name: 'X', type: 'condo', addressLine1: '1 X St', city: 'X', state: 'X' } })
      assert.equal(create.statusCode, 403)
    })

    test("another organization's property is 404 for an admin and absent from the list", async () => {
      const { org, token } = await adminOfNewOrg()
      const mine = await t.f.property(org.id)
      const foreign = await t.f.property((await t.f.org()).id)
      assert.deepEqual(idsOf(await get(token, '/api/v1/properties')), [mine.id])
      assert.equal((await get(token, `/api/v1/properties/${foreign.id}`)).statusCode, 404)
      assert.equal((await t.as(token, { method: 'PATCH', url: `/api/v1/properties/${foreign.id}`, payload: { name: 'Mine now' } })).statusCode, 404)
      assert.equal((await t.as(token, { method: 'DELETE', url: `/api/v1/properties/${foreign.id}` })).statusCode, 404)
      assert.equal((await t.as(token, { method: 'PUT', url: `/api/v1/properties/${foreign.id}/managers`, payload: { userIds: [] } })).statusCode, 404)
      assert.equal((await t.db.selectFrom('properties').select('name').where('id', '=', foreign.id).executeTakeFirstOrThrow()).name, foreign.name)
    })

    test('a tenant sees only the property of their lease, may not create one, and its relations show only their own rows', async () => {
      const org = await t.f.org()
      const tenantUser = await t.f.user(org.id, 'tenant')
      const home = await t.f.property(org.id)
      const myUnit = await t.f.unit(org.id, home.id)
      const neighbourUnit = await t.f.unit(org.id, home.id)
      const myLease = await t.f.lease(org.id, myUnit.id, [tenantUser.tenant_id!], CURRENT)
      const neighbour = await t.f.tenant(org.id)
      await t.f.lease(org.id, neighbourUnit.id, [neighbour.id], CURRENT)
      const myRequest = await t.f.request(org.id, home.id, { tenant_id: tenantUser.tenant_id, unit_id: myUnit.id })
      await t.f.request(org.id, home.id, { tenant_id: neighbour.id, unit_id: neighbourUnit.id })
      await t.f.property(org.id)
      const token = await t.tokenFor(tenantUser)

      assert.deepEqual(idsOf(await get(token, '/api/v1/properties')), [home.id])
      const detail = await get(token, `/api/v1/properties/${home.id}?include=units,leases,maintenance,documents`)
      assert.equal(detail.statusCode, 200, detail.body)
      const body = detail.json()
      assert.deepEqual(body.units.map((u: { id: string }) => u.id), [myUnit.id])
      assert.deepEqual(body.leases.map((l: { id: string }) => l.id), [myLease.id])
      assert.deepEqual(body.maintenance.map((r: { id: string }) => r.id), [myRequest.id])
      assert.deepEqual(body.documents, [])
      const create = await t.as(token, { method: 'POST', url: '/api/v1/properties', payload: { name: 'X', type: 'condo', addressLine1: '1 X St', city: 'X', state: 'X' } })
      assert.equal(create.statusCode, 403)
      assert.equal(create.json().code, 'auth.forbidden')
    })

    test('a technician sees only the properties of their work orders and may not write', async () => {
      const org = await t.f.org()
      const tech = await t.f.user(org.id, 'technician')
      const job = await t.f.property(org.id)
      await t.f.workOrder(org.id, (await t.f.request(org.id, job.id)).id, { assignee_id: tech.id })
      const other = await t.f.property(org.id)
      const token = await t.tokenFor(tech)
      assert.deepEqual(idsOf(await get(token, '/api/v1/properties')), [job.id])
      assert.equal((await get(token, `/api/v1/properties/${other.id}`)).statusCode, 404)
      assert.equal((await t.as(token, { method: 'PATCH', url: `/api/v1/properties/${job.id}`, payload: { name: 'X' } })).statusCode, 403)
    })

    test('detail include loads units, maintenance, leases, documents and managers; without include none are present', async () => {
      const { org, token } = await adminOfNewOrg()
      const p = await t.f.property(org.id)
      const otherProperty = await t.f.property(org.id)
      const u1 = await t.f.unit(org.id, p.id, { unit_number: '1A', bedrooms: 3, bathrooms: 1.5 })
      const u2 = await t.f.unit(org.id, p.id, { unit_number: '1B' })
      await t.f.unit(org.id, otherProperty.id)
      const lease = await t.f.lease(org.id, u1.id, [], CURRENT)
      const request = await t.f.request(org.id, p.id, { unit_id: u2.id, priority: 'high' })
      await t.f.request(org.id, otherProperty.id)
      const docId = uuidv7()
      await t.db
        .insertInto('documents')
        .values({ id: docId, org_id: org.id, property_id: p.id, file_name: 'deed.pdf', content_type: 'application/pdf', size_bytes: 3, sha256: 'abc', content: new Uint8Array([1, 2, 3]) })
        .execute()
      const manager = await t.f.user(org.id, 'property_manager')
      await t.f.assignManager(org.id, p.id, manager.id)

      const plain = (await get(token, `/api/v1/properties/${p.id}`)).json()
      for (const key of ['units', 'maintenance', 'leases', 'documents', 'managers']) assert.equal(key in plain, false, key)

      const res = await get(token, `/api/v1/properties/${p.id}?include=units,maintenance,leases,documents,managers`)
      assert.equal(res.statusCode, 200, res.body)
      const body = res.json()
      assert.deepEqual(
        body.units.map((u: { id: string; unitNumber: string; bathrooms: number; occupied: boolean }) => [u.id, u.unitNumber, u.bathrooms, u.occupied]),
        [[u1.id, '1A', 1.5, true], [u2.id, '1B', 1, false]],
      )
      assert.deepEqual(body.leases, [
        { id: lease.id, unitId: u1.id, startDate: '2000-01-01', endDate: '2099-12-31', rentCents: 150_000, depositCents: 150_000, status: 'active' },
      ])
      assert.deepEqual(
        body.maintenance.map((r: { id: string; unitId: string; priority: string; status: string; completedAt: null }) => [r.id, r.unitId, r.priority, r.status, r.completedAt]),
        [[request.id, u2.id, 'high', 'open', null]],
      )
      assert.deepEqual(body.documents.map((d: { id: string; fileName: string; sizeBytes: number }) => [d.id, d.fileName, d.sizeBytes]), [[docId, 'deed.pdf', 3]])
      assert.equal('content' in body.documents[0], false)
      assert.deepEqual(body.managers.map((m: { id: string }) => m.id), [manager.id])
      assert.equal(body.unitCount, 2)
      assert.equal(body.occupiedUnits, 1)
    })

    test('DELETE of a property with leases is 409 resource.in_use and keeps it', async () => {
      const { org, token } = await adminOfNewOrg()
      const p = await t.f.property(org.id)
      const unit = await t.f.unit(org.id, p.id)
      await t.f.lease(org.id, unit.id, [], { start_date: '2019-01-01', end_date: '2019-12-31', status: 'ended' })
      const res = await t.as(token, { method: 'DELETE', url: `/api/v1/properties/${p.id}` })
      assert.equal(res.statusCode, 409, res.body)
      assert.equal(res.json().code, 'resource.in_use')
      assert.equal((await get(token, `/api/v1/properties/${p.id}`)).json().unitCount, 1)
      assert.equal(await countRows('events', org.id), 0)
    })

    test('DELETE of a property without leases is 204 and removes it with its units; only an admin may', async () => {
      const { org, token } = await adminOfNewOrg()
      const p = await t.f.property(org.id)
      await t.f.unit(org.id, p.id)
      await t.f.request(org.id, p.id)
      const manager = await t.f.user(org.id, 'property_manager')
      await t.f.assignManager(org.id, p.id, manager.id)
      const managerDelete = await t.as(await t.tokenFor(manager), { method: 'DELETE', url: `/api/v1/properties/${p.id}` })
      assert.equal(managerDelete.statusCode, 403)
      const res = await t.as(token, { method: 'DELETE', url: `/api/v1/properties/${p.id}` })
      assert.equal(res.statusCode, 204, res.body)
      assert.equal(res.body, '')
      assert.equal((await get(token, `/api/v1/properties/${p.id}`)).statusCode, 404)
      assert.equal((await t.db.selectFrom('units').select('id').where('property_id', '=', p.id).execute()).length, 0)
      const events = await t.db.selectFrom('events').select(['topic', 'action', 'entity_id']).where('org_id', '=', org.id).execute()
      assert.deepEqual(events, [{ topic: 'property', action: 'deleted', entity_id: p.id }])
    })

    test('PUT managers replaces the assigned set, and the change decides who sees the property', async () => {
      const { org, token } = await adminOfNewOrg()
      const p = await t.f.property(org.id)
      const m1 = await t.f.user(org.id, 'property_manager', { display_name: 'A manager' })
      const m2 = await t.f.user(org.id, 'property_manager', { display_name: 'B manager' })
      const url = `/api/v1/properties/${p.id}/managers`
      const first = await t.as(token, { method: 'PUT', url, payload: { userIds: [m2.id, m1.id, m2.id] } })
      assert.equal(first.statusCode, 200, first.body)
      assert.deepEqual(first.json().map((m: { id: string }) => m.id), [m1.id, m2.id])
      const second = await t.as(token, { method: 'PUT', url, payload: { userIds: [m2.id] } })
      assert.deepEqual(second.json().map((m: { id: string }) => m.id), [m2.id])
      assert.equal((await get(await t.tokenFor(m1), `/api/v1/properties/${p.id}`)).statusCode, 404)
      assert.equal((await get(await t.tokenFor(m2), `/api/v1/properties/${p.id}`)).statusCode, 200)
      const cleared = await t.as(token, { method: 'PUT', url, payload: { userIds: [] } })
      assert.deepEqual(cleared.json(), [])
      const events = await t.db.selectFrom('events').select(['action', 'payload']).where('org_id', '=', org.id).orderBy('seq').execute()
      assert.deepEqual(events.map((e) => e.payload), [
        { propertyId: p.id, managerIds: [m2.id, m1.id] },
        { propertyId: p.id, managerIds: [m2.id] },
        { propertyId: p.id, managerIds: [] },
      ])
    })

    test('PUT managers with an id that is not a manager of the organization is 400 naming body.userIds.N and changes nothing', async () => {
      const { org, token } = await adminOfNewOrg()
      const p = await t.f.property(org.id)
      const m1 = await t.f.user(org.id, 'property_manager')
      await t.f.assignManager(org.id, p.id, m1.id)
      const tenantUser = await t.f.user(org.id, 'tenant')
      const foreignManager = await t.f.user((await t.f.org()).id, 'property_manager')
      const disabled = await t.f.user(org.id, 'property_manager', { disabled_at: new Date() })
      const url = `/api/v1/properties/${p.id}/managers`
      const res = await t.as(token, { method: 'PUT', url, payload: { userIds: [m1.id, tenantUser.id, foreignManager.id, uuidv7(), disabled.id] } })
      assert.equal(res.statusCode, 400, res.body)
      assert.deepEqual(fieldsOf(res), ['body.userIds.1', 'body.userIds.2', 'body.userIds.3', 'body.userIds.4'])
      const malformed = await t.as(token, { method: 'PUT', url, payload: { userIds: ['nope'] } })
      assert.deepEqual(fieldsOf(malformed), ['body.userIds.0'])
      const unknown = await t.as(token, { method: 'PUT', url, payload: { userIds: [], role: 'x' } })
      assert.deepEqual(fieldsOf(unknown), ['body.role'])
      const managerPut = await t.as(await t.tokenFor(m1), { method: 'PUT', url, payload: { userIds: [m1.id] } })
      assert.equal(managerPut.statusCode, 403)
      const assigned = await t.db.selectFrom('property_managers').select('user_id').where('property_id', '=', p.id).execute()
      assert.deepEqual(assigned, [{ user_id: m1.id }])
      assert.equal(await countRows('events', org.id), 0)
    })

    test('staff set the management fee on create and update; it is stored and shown in the detail', async () => {
      const { org, token } = await adminOfNewOrg()
      const created = await t.as(token, {
        method: 'POST',
        url: '/api/v1/properties',
        payload: { name: 'Fee House', type: 'condo', addressLine1: '4 Fee Lane', city: 'Salem', state: 'MA', managementFeeBp: 850 },
      })
      assert.equal(created.statusCode, 201, created.body)
      assert.equal(created.json().managementFeeBp, 850)
      const id: string = created.json().id
      const manager = await t.f.user(org.id, 'property_manager')
      await t.f.assignManager(org.id, id, manager.id)
      const updated = await t.as(await t.tokenFor(manager), { method: 'PATCH', url: `/api/v1/properties/${id}`, payload: { managementFeeBp: 10_000 } })
      assert.equal(updated.statusCode, 200, updated.body)
      assert.equal(updated.json().managementFeeBp, 10_000)
      assert.equal((await get(token, `/api/v1/properties/${id}`)).json().managementFeeBp, 10_000)
      const zero = await t.as(token, { method: 'PATCH', url: `/api/v1/properties/${id}`, payload: { managementFeeBp: 0 } })
      assert.equal(zero.json().managementFeeBp, 0)
      const stored = await t.db.selectFrom('properties').select('management_fee_bp').where('id', '=', id).executeTakeFirstOrThrow()
      assert.equal(stored.management_fee_bp, 0)
      const defaulted = await t.as(token, { method: 'POST', url: '/api/v1/properties', payload: { name: 'No Fee', type: 'condo', addressLine1: '5 Fee Lane', city: 'Salem', state: 'MA' } })
      assert.equal(defaulted.json().managementFeeBp, 0)
    })

    test('a management fee outside 0..10000 whole basis points is 400 naming body.managementFeeBp, and nothing changes', async () => {
      const { org, token } = await adminOfNewOrg()
      const p = await t.f.property(org.id, { management_fee_bp: 500 })
      const good = { name: 'Oak House', type: 'single_family', addressLine1: '9 Oak Road', city: 'Salem', state: 'MA' }
      for (const bad of [-1, 10_001, 8.5, '800', null]) {
        const patch = await t.as(token, { method: 'PATCH', url: `/api/v1/properties/${p.id}`, payload: { managementFeeBp: bad } })
        assert.equal(patch.statusCode, 400, `${String(bad)}: ${patch.body}`)
        assert.equal(patch.json().code, 'request.invalid')
        assert.deepEqual(fieldsOf(patch), ['body.managementFeeBp'], String(bad))
        const create = await t.as(token, { method: 'POST', url: '/api/v1/properties', payload: { ...good, managementFeeBp: bad } })
        assert.equal(create.statusCode, 400, `${String(bad)}: ${create.body}`)
        assert.deepEqual(fieldsOf(create), ['body.managementFeeBp'], String(bad))
      }
      const stored = await t.db.selectFrom('properties').select('management_fee_bp').where('org_id', '=', org.id).execute()
      assert.deepEqual(stored, [{ management_fee_bp: 500 }])
      assert.equal(await countRows('events', org.id), 0)
    })

    test('an owner and a tenant cannot set the management fee; the owner sees it, tenants and technicians do not', async () => {
      const org = await t.f.org()
      const ownerUser = await t.f.user(org.id, 'owner')
      const tenantUser = await t.f.user(org.id, 'tenant')
      const tech = await t.f.user(org.id, 'technician')
      const p = await t.f.property(org.id, { owner_id: ownerUser.owner_id, management_fee_bp: 700 })
      await t.f.lease(org.id, (await t.f.unit(org.id, p.id)).id, [tenantUser.tenant_id!], CURRENT)
      await t.f.workOrder(org.id, (await t.f.request(org.id, p.id)).id, { assignee_id: tech.id })
      const url = `/api/v1/properties/${p.id}`
      for (const user of [ownerUser, tenantUser]) {
        const token = await t.tokenFor(user)
        const res = await t.as(token, { method: 'PATCH', url, payload: { managementFeeBp: 0 } })
        assert.equal(res.statusCode, 403, `${user.role}: ${res.body}`)
        assert.equal(res.json().code, 'auth.forbidden')
      }
      const ownerToken = await t.tokenFor(ownerUser)
      assert.equal((await get(ownerToken, url)).json().managementFeeBp, 700)
      assert.equal((await get(ownerToken, '/api/v1/properties')).json().data[0].managementFeeBp, 700)
      for (const user of [tenantUser, tech]) {
        const token = await t.tokenFor(user)
        const detail = await get(token, url)
        assert.equal(detail.statusCode, 200, detail.body)
        assert.ok(!('managementFeeBp' in detail.json()), `${user.role} does not see the fee`)
        assert.ok(!('managementFeeBp' in (await get(token, '/api/v1/properties')).json().data[0]), `${user.role} does not see the fee in the list`)
      }
      const stored = await t.db.selectFrom('properties').select('management_fee_bp').where('id', '=', p.id).executeTakeFirstOrThrow()
      assert.equal(stored.management_fee_bp, 700)
    })

    test('GET /owners lists the organization\'s owners by name to staff, searchable; others are 403', async () => {
      const { org, token } = await adminOfNewOrg()
      const zed = await t.f.owner(org.id, { name: 'Zed Holdings', email: 'books@zed.example' })
      const acme = await t.f.owner(org.id, { name: 'Acme Realty', email: null })
      await t.f.owner((await t.f.org()).id, { name: 'Elsewhere LLC' })
      const all = await get(token, '/api/v1/owners')
      assert.equal(all.statusCode, 200, all.body)
      assert.deepEqual(all.json(), {
        data: [
          { id: acme.id, name: 'Acme Realty', email: null },
          { id: zed.id, name: 'Zed Holdings', email: 'books@zed.example' },
        ],
        page: 1,
        pageSize: 20,
        total: 2,
      })
      assert.deepEqual(idsOf(await get(token, '/api/v1/owners?search=ZED.EX')), [zed.id])
      assert.deepEqual((await get(token, '/api/v1/owners?pageSize=1&page=2')).json().data.map((o: { id: string }) => o.id), [zed.id])
      const manager = await t.tokenFor(await t.f.user(org.id, 'property_manager'))
      assert.deepEqual(idsOf(await get(manager, '/api/v1/owners')), sorted(acme, zed))
      for (const role of ['owner', 'tenant', 'technician'] as const) {
        const res = await get(await t.tokenFor(await t.f.user(org.id, role)), '/api/v1/owners')
        assert.equal(res.statusCode, 403, `${role}: ${res.body}`)
      }
      const bad = await get(token, '/api/v1/owners?pageSize=0')
      assert.equal(bad.statusCode, 400)
      assert.deepEqual(fieldsOf(bad), ['query.pageSize'])
    })

    test('the OpenAPI document describes every property route', async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json()
      assert.deepEqual(Object.keys(doc.paths['/api/v1/properties']).sort(), ['get', 'post'])
      assert.deepEqual(Object.keys(doc.paths['/api/v1/properties/{id}']).sort(), ['delete', 'get', 'patch'])
      assert.deepEqual(Object.keys(doc.paths['/api/v1/properties/{id}/managers']), ['put'])
      assert.deepEqual(Object.keys(doc.paths['/api/v1/owners']), ['get'])
    })

    test('open requests mean one thing: the dashboard, the list, the detail, the owner and the filters count the same', async () => {
      const { org, token } = await adminOfNewOrg()
      const owner = await t.f.owner(org.id)
      const ownerToken = await t.tokenFor(await t.f.user(org.id, 'owner', { owner_id: owner.id }))
      const p = await t.f.property(org.id, { owner_id: owner.id })
      for (const status of MAINTENANCE_STATUSES) await t.f.request(org.id, p.id, { status, completed_at: status === 'completed' ? new Date() : null })
      const openCount = OPEN_REQUEST_STATUSES.length
      assert.equal(openCount, MAINTENANCE_STATUSES.length - 2)
      for (const viewer of [token, ownerToken]) {
        const dashboard = await get(viewer, '/api/v1/dashboard')
        assert.equal(dashboard.statusCode, 200, dashboard.body)
        assert.equal(Object.values(dashboard.json<{ openRequests: Record<string, number> }>().openRequests).reduce((a, b) => a + b, 0), openCount)
        const list = await get(viewer, '/api/v1/properties')
        assert.deepEqual(list.json<{ data: { id: string; openRequestCount: number }[] }>().data.map((x) => [x.id, x.openRequestCount]), [[p.id, openCount]])
        const detail = await get(viewer, `/api/v1/properties/${p.id}?include=maintenance`)
        assert.equal(detail.statusCode, 200, detail.body)
        const body = detail.json<{ openRequestCount: number; maintenance: { status: string }[] }>()
        assert.equal(body.openRequestCount, openCount)
        assert.equal(body.maintenance.filter((r) => (OPEN_REQUEST_STATUSES as readonly string[]).includes(r.status)).length, openCount)
      }
      // Only an assigned request left open: still a property, and a tenant, with maintenance issues.
      const tenant = await t.f.tenant(org.id)
      await t.db.updateTable('maintenance_requests').set({ status: 'completed', completed_at: new Date() }).where('property_id', '=', p.id).where('status', '<>', 'assigned').execute()
      await t.db.updateTable('maintenance_requests').set({ tenant_id: tenant.id }).where('property_id', '=', p.id).execute()
      assert.deepEqual(idsOf(await get(token, '/api/v1/properties?hasMaintenanceIssues=true')), [p.id])
      assert.deepEqual(idsOf(await get(token, '/api/v1/properties?hasMaintenanceIssues=false')), [])
      assert.ok(idsOf(await get(token, '/api/v1/tenants?hasMaintenanceIssues=true&pageSize=100')).includes(tenant.id))
      assert.equal((await get(token, `/api/v1/properties/${p.id}`)).json<{ openRequestCount: number }>().openRequestCount, 1)
    })
  })
}
