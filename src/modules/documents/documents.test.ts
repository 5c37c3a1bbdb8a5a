import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { targets } from '../../../test/support/db.js'
import { startTestApp, type TestApp } from '../../../test/support/app.js'

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')

for (const target of targets) {
  describe(`documents on ${target.name}`, () => {
    let t: TestApp
    before(async () => {
      t = await startTestApp(target)
    })
    after(() => t.close())

    async function world() {
      const org = await t.f.org()
      const property = await t.f.property(org.id)
      const unit = await t.f.unit(org.id, property.id)
      const alice = await t.f.user(org.id, 'tenant')
      const bob = await t.f.user(org.id, 'tenant')
      await t.f.lease(org.id, unit.id, [alice.tenant_id!])
      const own = await t.f.request(org.id, property.id, { tenant_id: alice.tenant_id })
      const foreign = await t.f.request(org.id, property.id, { tenant_id: bob.tenant_id })
      return { org, property, alice, bob, own, foreign }
    }
    const count = async (orgId: string) => Number((await t.db.selectFrom('documents').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', orgId).executeTakeFirstOrThrow()).n)
    const photo = (requestId: string) => ({ requestId, fileName: 'leak.png', contentType: 'image/png', contentBase64: PNG.toString('base64') })

    test('a tenant attaches a photo to their own request and reads back the same bytes; another tenant gets 404', async () => {
      const { alice, bob, own } = await world()
      const res = await t.as(await t.tokenFor(alice), { method: 'POST', url: '/api/v1/documents', payload: photo(own.id) })
      assert.equal(res.statusCode, 201, res.body)
      const doc = res.json()
      assert.equal(doc.sizeBytes, PNG.length)
      assert.equal(doc.requestId, own.id)
      const content = await t.as(await t.tokenFor(alice), { method: 'GET', url: `/api/v1/documents/${doc.id}/content` })
      assert.equal(content.statusCode, 200)
      assert.equal(content.headers['content-type'], 'image/png')
      assert.deepEqual(content.rawPayload, PNG)
      const other = await t.as(await t.tokenFor(bob), { method: 'GET', url: `/api/v1/documents/${doc.id}/content` })
      assert.equal(other.statusCode, 404)
      const detail = await t.as(await t.tokenFor(alice), { method: 'GET', url: `/api/v1/maintenance/${own.id}?include=documents` })
      assert.deepEqual(detail.json().documents.map((d: { id: string }) => d.id), [doc.id])
    })

    test("refuses another tenant's request with 400 naming body.requestId and writes nothing", async () => {
      const { org, alice, foreign } = await world()
      const res = await t.as(await t.tokenFor(alice), { method: 'POST', url: '/api/v1/documents', payload: photo(foreign.id) })
      assert.equal(res.statusCode, 400)
      assert.equal(res.json().errors[0].field, 'body.requestId')
      assert.equal(await count(org.id), 0)
    })

    test('refuses owners (403), a wrong type, two subjects and unknown fields (400), writing nothing', async () => {
      const { org, property, own } = await world()
      const owner = await t.f.user(org.id, 'owner')
      assert.equal((await t.as(await t.tokenFor(owner), { method: 'POST', url: '/api/v1/documents', payload: photo(own.id) })).statusCode, 403)
      const admin = await t.tokenFor(await t.f.user(org.id, 'admin'))
      const wrongType = await t.as(admin, { method: 'POST', url: '/api/v1/documents', payload: { ...photo(own.id), contentType: 'text/html' } })
      assert.equal(wrongType.statusCode, 400)
      assert.equal(wrongType.json().errors[0].field, 'body.contentType')
      const two = await t.as(admin, { method: 'POST', url: '/api/v1/documents', payload: { ...photo(own.id), propertyId: property.id } })
      assert.equal(two.statusCode, 400)
      const unknown = await t.as(admin, { method: 'POST', url: '/api/v1/documents', payload: { ...photo(own.id), path: '/etc/passwd' } })
      assert.equal(unknown.statusCode, 400)
      assert.equal(unknown.json().errors[0].field, 'body.path')
      assert.equal(await count(org.id), 0)
    })
  })
}
