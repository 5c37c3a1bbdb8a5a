import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { targets } from '../../../test/support/db.js'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { tinyPdf } from '../../../test/support/pdf.js'
import { contentDisposition, matchesType } from './documents.service.js'

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')

describe('document headers and types', () => {
  test('a PDF is an attachment; its name is safe ASCII, kept whole in filename*', () => {
    assert.equal(contentDisposition('lease.pdf', 'application/pdf'), `attachment; filename="lease.pdf"; filename*=UTF-8''lease.pdf`)
    assert.equal(
      contentDisposition('Müller "lease"\r\nX-Evil: 1.pdf', 'application/pdf'),
      `attachment; filename="M_ller _lease___X-Evil_ 1.pdf"; filename*=UTF-8''M%C3%BCller%20%22lease%22%0D%0AX-Evil%3A%201.pdf`,
    )
    assert.equal(contentDisposition("../it's (1).png", 'image/png'), `inline; filename="_it_s _1_.png"; filename*=UTF-8''..%2Fit%27s%20%281%29.png`)
    assert.equal(contentDisposition('.\ud800', 'image/png'), `inline; filename="_"; filename*=UTF-8''.%EF%BF%BD`)
  })

  test('a file matches its declared type only by its own leading bytes', () => {
    assert.equal(matchesType('application/pdf', tinyPdf('x')), true)
    assert.equal(matchesType('image/png', PNG), true)
    assert.equal(matchesType('application/pdf', PNG), false)
    assert.equal(matchesType('image/jpeg', Buffer.from('<html><script>alert(1)</script>')), false)
    assert.equal(matchesType('image/webp', Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1')), true)
    assert.equal(matchesType('image/gif', Buffer.from('GIF89a', 'latin1')), true)
  })
})

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

    test("staff give a lease a PDF; the lease's tenant downloads it uncompressed as an attachment and sees it on their record; others get 404", async () => {
      const { org, property, alice, bob } = await world()
      const lease = await t.db.selectFrom('lease_tenants').select('lease_id').where('tenant_id', '=', alice.tenant_id!).executeTakeFirstOrThrow()
      const manager = await t.f.user(org.id, 'property_manager')
      await t.f.assignManager(org.id, property.id, manager.id)
      const pdf = tinyPdf('Lease for unit 1', 4000)
      const res = await t.as(await t.tokenFor(manager), {
        method: 'POST',
        url: '/api/v1/documents',
        payload: { leaseId: lease.lease_id, fileName: 'lease 2026.pdf', contentType: 'application/pdf', contentBase64: pdf.toString('base64') },
      })
      assert.equal(res.statusCode, 201, res.body)
      const doc = res.json()
      assert.equal(doc.leaseId, lease.lease_id)
      const aliceToken = await t.tokenFor(alice)
      const content = await t.as(aliceToken, { method: 'GET', url: `/api/v1/documents/${doc.id}/content`, headers: { 'accept-encoding': 'br, gzip' } })
      assert.equal(content.statusCode, 200)
      assert.equal(content.headers['content-type'], 'application/pdf')
      assert.equal(content.headers['content-encoding'], undefined)
      assert.equal(content.headers['content-disposition'], `attachment; filename="lease 2026.pdf"; filename*=UTF-8''lease%202026.pdf`)
      assert.deepEqual(content.rawPayload, pdf)
      const mine = await t.as(aliceToken, { method: 'GET', url: `/api/v1/tenants/${alice.tenant_id}?include=documents` })
      assert.deepEqual(mine.json().documents.map((d: { id: string }) => d.id), [doc.id])
      const staffView = await t.as(await t.tokenFor(manager), { method: 'GET', url: `/api/v1/tenants/${alice.tenant_id}?include=documents` })
      assert.deepEqual(staffView.json().documents.map((d: { id: string }) => d.id), [doc.id])
      const bobView = await t.as(await t.tokenFor(bob), { method: 'GET', url: `/api/v1/tenants/${bob.tenant_id}?include=documents` })
      assert.deepEqual(bobView.json().documents, [])
      assert.equal((await t.as(await t.tokenFor(bob), { method: 'GET', url: `/api/v1/documents/${doc.id}/content` })).statusCode, 404)
      const tech = await t.f.user(org.id, 'technician')
      assert.equal((await t.as(await t.tokenFor(tech), { method: 'GET', url: `/api/v1/documents/${doc.id}/content` })).statusCode, 404)
      const stranger = await t.f.user(org.id, 'property_manager')
      assert.equal((await t.as(await t.tokenFor(stranger), { method: 'GET', url: `/api/v1/documents/${doc.id}/content` })).statusCode, 404)
    })

    test('refuses content that is not of its declared type with 400 naming body.contentBase64, and a tenant attaching to a lease', async () => {
      const { org, alice } = await world()
      const lease = await t.db.selectFrom('lease_tenants').select('lease_id').where('tenant_id', '=', alice.tenant_id!).executeTakeFirstOrThrow()
      const admin = await t.tokenFor(await t.f.user(org.id, 'admin'))
      const html = Buffer.from('<html><script>alert(1)</script></html>').toString('base64')
      const fake = await t.as(admin, { method: 'POST', url: '/api/v1/documents', payload: { leaseId: lease.lease_id, fileName: 'lease.pdf', contentType: 'application/pdf', contentBase64: html } })
      assert.equal(fake.statusCode, 400)
      assert.deepEqual(fake.json().errors, [{ field: 'body.contentBase64', message: 'the file is not a valid PDF file' }])
      const pdf = tinyPdf('mine').toString('base64')
      const byTenant = await t.as(await t.tokenFor(alice), { method: 'POST', url: '/api/v1/documents', payload: { leaseId: lease.lease_id, fileName: 'mine.pdf', contentType: 'application/pdf', contentBase64: pdf } })
      assert.equal(byTenant.statusCode, 400)
      assert.equal(byTenant.json().errors[0].field, 'body.leaseId')
      assert.equal(await count(org.id), 0)
    })
  })
}
