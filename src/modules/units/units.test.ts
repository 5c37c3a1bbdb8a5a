import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { LightMyRequestResponse } from 'fastify'
import { targets } from '../../../test/support/db.js'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { fromDatabaseError } from '../../lib/errors.js'
import { uuidv7 } from '../../lib/ids.js'

const idsOf = (res: LightMyRequestResponse): string[] => {
  assert.equal(res.statusCode, 200, res.body)
  return res.json().data.map((d: { id: string }) => d.id)
}
const fieldsOf = (res: LightMyRequestResponse): string[] => (res.json().errors ?? []).map((e: { field: string }) => e.field).sort()

// Far from today on both sides, so the tests do not depend on the clock.
const CURRENT = { start_date: '2000-01-01', end_date: '2099-12-31' }

for (const target of targets) {
  describe(`units on ${target.name}`, () => {
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
    const eventsOf = (orgId: string) =>
      t.db.selectFrom('events').select(['topic', 'action', 'entity_id', 'payload']).where('org_id', '=', orgId).orderBy('seq').execute()

    test('a unit item carries its fields and whether an active lease covers today', async () => {
      const { org, token } = await adminOfNewOrg()
      const p = await t.f.property(org.id)
      const u = await t.f.unit(org.id, p.id, { unit_number: '2B', bedrooms: 3, bathrooms: 2.5, square_feet: 1100, market_rent_cents: 210_000, pet_policy: 'cats' })
      await t.f.lease(org.id, u.id, [], CURRENT)
      const res = await get(token, `/api/v1/units/${u.id}`)
      assert.equal(res.statusCode, 200, res.body)
      assert.deepEqual(res.json(), {
        id: u.id,
        propertyId: p.id,
        unitNumber: '2B',
        bedrooms: 3,
        bathrooms: 2.5,
        squareFeet: 1100,
        marketRentCents: 210_000,
        petPolicy: 'cats',
        status: 'available',
        occupied: true,
        createdAt: u.created_at.toISOString(),
        updatedAt: u.updated_at.toISOString(),
      })
    })

    test('occupied is true only for an active lease covering today', async () => {
      const { org, token } = await adminOfNewOrg()
      const p = await t.f.property(org.id)
      const cases: [string, Parameters<TestApp['f']['lease']>[3] | null, boolean][] = [
        ['a-current', CURRENT, true],
        ['b-open-ended', { start_date: '2000-01-01', end_date: null }, true],
        ['c-ended-term', { start_date: '2019-01-01', end_date: '2020-12-31' }, false],
        ['d-future', { start_date: '2099-01-01', end_date: '2099-12-31' }, false],
        ['e-status-ended', { ...CURRENT, status: 'ended' }, false],
        ['f-draft', { ...CURRENT, status: 'draft' }, false],
        ['g-no-lease', null, false],
      ]
      for (const [number, lease] of cases) {
        const u = await t.f.unit(org.id, p.id, { unit_number: number })
        if (lease) await t.f.lease(org.id, u.id, [], lease)
      }
      const res = await get(token, `/api/v1/units?propertyId=${p.id}`)
      assert.equal(res.statusCode, 200, res.body)
      assert.deepEqual(
        res.json().data.map((u: { unitNumber: string; occupied: boolean }) => [u.unitNumber, u.occupied]),
        cases.map(([n, , occupied]) => [n, occupied]),
      )
    })

    test('the list filters by property, bedroom range (boundaries included) and unit number, sorted by property, number, id', async () => {
      const { org, token } = await adminOfNewOrg()
      const alpha = await t.f.property(org.id, { name: 'Alpha' })
      const beta = await t.f.property(org.id, { name: 'Beta' })
      const b2 = await t.f.unit(org.id, beta.id, { unit_number: '2', bedrooms: 2 })
      const a10 = await t.f.unit(org.id, alpha.id, { unit_number: '10', bedrooms: 0 })
      const a2 = await t.f.unit(org.id, alpha.id, { unit_number: '2', bedrooms: 1 })
      const a3 = await t.f.unit(org.id, alpha.id, { unit_number: 'PH-3', bedrooms: 3 })
      assert.deepEqual(idsOf(await get(token, '/api/v1/units')), [a10.id, a2.id, a3.id, b2.id])
      assert.deepEqual(idsOf(await get(token, `/api/v1/units?propertyId=${beta.id}`)), [b2.id])
      assert.deepEqual(idsOf(await get(token, '/api/v1/units?minBedrooms=1')), [a2.id, a3.id, b2.id])
      assert.deepEqual(idsOf(await get(token, '/api/v1/units?maxBedrooms=1')), [a10.id, a2.id])
      assert.deepEqual(idsOf(await get(token, '/api/v1/units?minBedrooms=1&maxBedrooms=2')), [a2.id, b2.id])
      assert.deepEqual(idsOf(await get(token, '/api/v1/units?search=ph-')), [a3.id])
      assert.deepEqual(idsOf(await get(token, '/api/v1/units?search=2')), [a2.id, b2.id])
      assert.deepEqual(idsOf(await get(token, `/api/v1/units?search=2&propertyId=${alpha.id}`)), [a2.id])
      const page = (await get(token, '/api/v1/units?pageSize=3&page=2')).json()
      assert.deepEqual([page.data.map((u: { id: string }) => u.id), page.total], [[b2.id], 4])
    })

    test('units of properties with one name page without repeats or gaps', async () => {
      const { org, token } = await adminOfNewOrg()
      const made: string[] = []
      for (let i = 0; i < 5; i++) {
        const p = await t.f.property(org.id, { name: 'Same' })
        for (let j = 0; j < 5; j++) made.push((await t.f.unit(org.id, p.id, { unit_number: `A${j}` })).id)
      }
      const seen: string[] = []
      for (let page = 1; page <= 4; page++) seen.push(...idsOf(await get(token, `/api/v1/units?pageSize=7&page=${page}`)))
      assert.equal(seen.length, 25)
      assert.deepEqual(new Set(seen), new Set(made))
    })

    test('the nested list gives the units of one visible property; an invisible one is 404', async () => {
      const org = await t.f.org()
      const manager = await t.f.user(org.id, 'property_manager')
      const mine = await t.f.property(org.id)
      const other = await t.f.property(org.id)
      await t.f.assignManager(org.id, mine.id, manager.id)
      const u1 = await t.f.unit(org.id, mine.id, { unit_number: '1', bedrooms: 1 })
      const u2 = await t.f.unit(org.id, mine.id, { unit_number: '2', bedrooms: 2 })
      await t.f.unit(org.id, other.id)
      const token = await t.tokenFor(manager)
      assert.deepEqual(idsOf(await get(token, `/api/v1/properties/${mine.id}/units`)), [u1.id, u2.id])
      assert.deepEqual(idsOf(await get(token, `/api/v1/properties/${mine.id}/units?minBedrooms=2`)), [u2.id])
      assert.equal((await get(token, `/api/v1/properties/${other.id}/units`)).statusCode, 404)
      assert.equal((await get(token, `/api/v1/properties/${uuidv7()}/units`)).statusCode, 404)
      assert.deepEqual(fieldsOf(await get(token, '/api/v1/properties/x/units')), ['path.propertyId'])
    })

    test('bad list parameters are 400 naming the field', async () => {
      const { token } = await adminOfNewOrg()
      const cases: [string, string][] = [
        ['minBedrooms=-1', 'query.minBedrooms'],
        ['minBedrooms=3&maxBedrooms=2', 'query.minBedrooms'],
        ['maxBedrooms=51', 'query.maxBedrooms'],
        ['propertyId=nope', 'query.propertyId'],
        ['pageSize=101', 'query.pageSize'],
        ['page=0', 'query.page'],
      ]
      for (const [qs, field] of cases) {
        const res = await get(token, `/api/v1/units?${qs}`)
        assert.equal(res.statusCode, 400, `${qs}: ${res.body}`)
        assert.deepEqual(fieldsOf(res), [field], qs)
      }
      assert.deepEqual(fieldsOf(await get(token, '/api/v1/units/123')), ['path.id'])
      assert.deepEqual(fieldsOf(await get(token, `/api/v1/units/${uuidv7()}?include=owner`)), ['query.include.0'])
    })

    test('detail include=property,leases loads the property with its counts and the leases of the unit', async () => {
      const { org, token } = await adminOfNewOrg()
      const p = await t.f.property(org.id, { name: 'Linden' })
      const u = await t.f.unit(org.id, p.id)
      const sibling = await t.f.unit(org.id, p.id)
      const old = await t.f.lease(org.id, u.id, [], { start_date: '1990-01-01', end_date: '1999-12-31', status: 'ended' })
      const current = await t.f.lease(org.id, u.id, [], CURRENT)
      await t.f.lease(org.id, sibling.id, [], CURRENT)
      const res = await get(token, `/api/v1/units/${u.id}?include=property,leases`)
      assert.equal(res.statusCode, 200, res.body)
      const body = res.json()
      assert.deepEqual([body.property.id, body.property.name, body.property.unitCount, body.property.occupiedUnits], [p.id, 'Linden', 2, 2])
      assert.deepEqual(body.leases.map((l: { id: string; status: string }) => [l.id, l.status]), [[current.id, 'active'], [old.id, 'ended']])
      const plain = (await get(token, `/api/v1/units/${u.id}`)).json()
      assert.equal('property' in plain || 'leases' in plain, false)
    })

    test('a tenant sees only the units of their own leases and only their own leases', async () => {
      const org = await t.f.org()
      const tenantUser = await t.f.user(org.id, 'tenant')
      const p = await t.f.property(org.id)
      const mine = await t.f.unit(org.id, p.id)
      const neighbours = await t.f.unit(org.id, p.id)
      const myLease = await t.f.lease(org.id, mine.id, [tenantUser.tenant_id!], { start_date: '2000-01-01', end_date: '2009-12-31' })
      // A later lease of the same unit to someone else is not the tenant's to see.
      await t.f.lease(org.id, mine.id, [(await t.f.tenant(org.id)).id], { start_date: '2010-01-01', end_date: '2099-12-31' })
      await t.f.lease(org.id, neighbours.id, [(await t.f.tenant(org.id)).id], CURRENT)
      const token = await t.tokenFor(tenantUser)
      assert.deepEqual(idsOf(await get(token, '/api/v1/units')), [mine.id])
      assert.equal((await get(token, `/api/v1/units/${neighbours.id}`)).statusCode, 404)
      const detail = (await get(token, `/api/v1/units/${mine.id}?include=leases,property`)).json()
      assert.deepEqual(detail.leases.map((l: { id: string }) => l.id), [myLease.id])
      assert.equal(detail.property.id, p.id)
      const create = await t.as(token, { method: 'POST', url: '/api/v1/units', payload: { propertyId: p.id, unitNumber: 'X' } })
      assert.equal(create.statusCode, 403)
    })

    test('an owner sees the units of owned properties only and may not write them', async () => {
      const org = await t.f.org()
      const ownerUser = await t.f.user(org.id, 'owner')
      const owned = await t.f.property(org.id, { owner_id: ownerUser.owner_id })
      const ownedUnit = await t.f.unit(org.id, owned.id)
      const otherUnit = await t.f.unit(org.id, (await t.f.property(org.id)).id)
      const token = await t.tokenFor(ownerUser)
      assert.deepEqual(idsOf(await get(token, '/api/v1/units')), [ownedUnit.id])
      assert.equal((await get(token, `/api/v1/units/${otherUnit.id}`)).statusCode, 404)
      assert.equal((await t.as(token, { method: 'PATCH', url: `/api/v1/units/${ownedUnit.id}`, payload: { bedrooms: 4 } })).statusCode, 403)
      assert.equal((await t.as(token, { method: 'DELETE', url: `/api/v1/units/${ownedUnit.id}` })).statusCode, 403)
    })

    test("another organization's unit is 404 for an admin and absent from the list", async () => {
      const { org, token } = await adminOfNewOrg()
      const mine = await t.f.unit(org.id, (await t.f.property(org.id)).id)
      const foreignOrg = await t.f.org()
      const foreignProperty = await t.f.property(foreignOrg.id)
      const foreign = await t.f.unit(foreignOrg.id, foreignProperty.id)
      assert.deepEqual(idsOf(await get(token, '/api/v1/units')), [mine.id])
      assert.deepEqual(idsOf(await get(token, `/api/v1/units?propertyId=${foreignProperty.id}`)), [])
      assert.equal((await get(token, `/api/v1/units/${foreign.id}`)).statusCode, 404)
      assert.equal((await t.as(token, { method: 'PATCH', url: `/api/v1/units/${foreign.id}`, payload: { bedrooms: 4 } })).statusCode, 404)
      assert.equal((await t.as(token, { method: 'DELETE', url: `/api/v1/units/${foreign.id}` })).statusCode, 404)
      const create = await t.as(token, { method: 'POST', url: '/api/v1/units', payload: { propertyId: foreignProperty.id, unitNumber: '9' } })
      assert.equal(create.statusCode, 400)
      assert.deepEqual(fieldsOf(create), ['body.propertyId'])
    })

    test('an admin creates a unit: 201, defaults, and a created event', async () => {
      const { org, token } = await adminOfNewOrg()
      const p = await t.f.property(org.id)
      const res = await t.as(token, { method: 'POST', url: '/api/v1/units', payload: { propertyId: p.id, unitNumber: ' 4C ', bathrooms: 1.5, marketRentCents: 99_900 } })
      assert.equal(res.statusCode, 201, res.body)
      const body = res.json()
      assert.deepEqual(
        [body.propertyId, body.unitNumber, body.bedrooms, body.bathrooms, body.squareFeet, body.marketRentCents, body.petPolicy, body.status, body.occupied],
        [p.id, '4C', 0, 1.5, null, 99_900, 'unknown', 'available', false],
      )
      assert.deepEqual(await eventsOf(org.id), [{ topic: 'unit', action: 'created', entity_id: body.id, payload: { propertyId: p.id, unitId: body.id } }])
      assert.equal((await get(token, `/api/v1/properties/${p.id}`)).json().unitCount, 1)
    })

    test('a manager creates units only on assigned properties; elsewhere the body propertyId is 400', async () => {
      const org = await t.f.org()
      const manager = await t.f.user(org.id, 'property_manager')
      const mine = await t.f.property(org.id)
      const other = await t.f.property(org.id)
      await t.f.assignManager(org.id, mine.id, manager.id)
      const token = await t.tokenFor(manager)
      assert.equal((await t.as(token, { method: 'POST', url: '/api/v1/units', payload: { propertyId: mine.id, unitNumber: '1' } })).statusCode, 201)
      const denied = await t.as(token, { method: 'POST', url: '/api/v1/units', payload: { propertyId: other.id, unitNumber: '1' } })
      assert.equal(denied.statusCode, 400)
      assert.deepEqual(fieldsOf(denied), ['body.propertyId'])
      assert.equal((await t.db.selectFrom('units').select('id').where('property_id', '=', other.id).execute()).length, 0)
    })

    test('a bad unit body is 400 naming each field and writes nothing; a duplicate number is 409', async () => {
      const { org, token } = await adminOfNewOrg()
      const p = await t.f.property(org.id)
      await t.f.unit(org.id, p.id, { unit_number: '1A' })
      const cases: [Record<string, unknown>, string[]][] = [
        [{ propertyId: p.id, unitNumber: '2', floor: 3 }, ['body.floor']],
        [{ propertyId: p.id, unitNumber: '' }, ['body.unitNumber']],
        [{ propertyId: p.id, unitNumber: '2', bedrooms: 1.5 }, ['body.bedrooms']],
        [{ propertyId: p.id, unitNumber: '2', bathrooms: 1.3 }, ['body.bathrooms']],
        [{ propertyId: p.id, unitNumber: '2', marketRentCents: -5 }, ['body.marketRentCents']],
        [{ propertyId: p.id, unitNumber: '2', marketRentCents: 10.25 }, ['body.marketRentCents']],
        [{ propertyId: p.id, unitNumber: '2', squareFeet: 0, petPolicy: 'ferrets' }, ['body.petPolicy', 'body.squareFeet']],
        [{ propertyId: 'x', unitNumber: '2' }, ['body.propertyId']],
        [{ unitNumber: '2' }, ['body.propertyId']],
      ]
      for (const [payload, fields] of cases) {
        const res = await t.as(token, { method: 'POST', url: '/api/v1/units', payload })
        assert.equal(res.statusCode, 400, `${JSON.stringify(payload)}: ${res.body}`)
        assert.deepEqual(fieldsOf(res), fields, JSON.stringify(payload))
      }
      const duplicate = await t.as(token, { method: 'POST', url: '/api/v1/units', payload: { propertyId: p.id, unitNumber: '1A' } })
      assert.equal(duplicate.statusCode, 409)
      assert.deepEqual(fieldsOf(duplicate), ['body.unitNumber'])
      assert.equal((await t.db.selectFrom('units').select('id').where('org_id', '=', org.id).execute()).length, 1)
      assert.deepEqual(await eventsOf(org.id), [])
    })

    test('an update changes the given fields and appends an updated event; bad fields are 400', async () => {
      const { org, token } = await adminOfNewOrg()
      const p = await t.f.property(org.id)
      const u = await t.f.unit(org.id, p.id, { unit_number: '1', square_feet: 700 })
      const url = `/api/v1/units/${u.id}`
      const res = await t.as(token, { method: 'PATCH', url, payload: { bedrooms: 4, squareFeet: null, status: 'renovation' } })
      assert.equal(res.statusCode, 200, res.body)
      assert.deepEqual([res.json().unitNumber, res.json().bedrooms, res.json().squareFeet, res.json().status], ['1', 4, null, 'renovation'])
      assert.deepEqual(fieldsOf(await t.as(token, { method: 'PATCH', url, payload: { propertyId: uuidv7() } })), ['body.propertyId'])
      assert.equal((await t.as(token, { method: 'PATCH', url, payload: {} })).statusCode, 400)
      assert.deepEqual(await eventsOf(org.id), [{ topic: 'unit', action: 'updated', entity_id: u.id, payload: { propertyId: p.id, unitId: u.id } }])
    })

    test('DELETE of a unit with leases is 409 resource.in_use; without leases it is 204', async () => {
      const { org, token } = await adminOfNewOrg()
      const p = await t.f.property(org.id)
      const leased = await t.f.unit(org.id, p.id)
      await t.f.lease(org.id, leased.id, [], { start_date: '2019-01-01', end_date: '2019-12-31', status: 'ended' })
      const vacant = await t.f.unit(org.id, p.id)
      const refused = await t.as(token, { method: 'DELETE', url: `/api/v1/units/${leased.id}` })
      assert.equal(refused.statusCode, 409, refused.body)
      assert.equal(refused.json().code, 'resource.in_use')
      assert.equal((await get(token, `/api/v1/units/${leased.id}`)).statusCode, 200)
      const done = await t.as(token, { method: 'DELETE', url: `/api/v1/units/${vacant.id}` })
      assert.equal(done.statusCode, 204, done.body)
      assert.equal((await get(token, `/api/v1/units/${vacant.id}`)).statusCode, 404)
      assert.deepEqual(await eventsOf(org.id), [{ topic: 'unit', action: 'deleted', entity_id: vacant.id, payload: { propertyId: p.id, unitId: vacant.id } }])
    })

    test('a delete the database refuses because leases still point at the row maps to 409 resource.in_use', async () => {
      // The path a concurrent lease would take past the service's check: the foreign key itself refuses.
      const org = await t.f.org()
      const p = await t.f.property(org.id)
      const u = await t.f.unit(org.id, p.id)
      await t.f.lease(org.id, u.id, [])
      for (const run of [
        () => t.db.deleteFrom('units').where('id', '=', u.id).execute(),
        () => t.db.deleteFrom('properties').where('id', '=', p.id).execute(),
      ]) {
        const error = await run().then(
          () => undefined,
          (e: unknown) => e,
        )
        const mapped = fromDatabaseError(error)
        assert.equal(mapped?.code, 'resource.in_use', String(error))
        assert.equal(mapped?.status, 409)
      }
    })

    test('the OpenAPI document describes every unit route', async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json()
      assert.deepEqual(Object.keys(doc.paths['/api/v1/units']).sort(), ['get', 'post'])
      assert.deepEqual(Object.keys(doc.paths['/api/v1/units/{id}']).sort(), ['delete', 'get', 'patch'])
      assert.deepEqual(Object.keys(doc.paths['/api/v1/properties/{propertyId}/units']), ['get'])
    })
  })
}
