import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { targets } from '../../../test/support/db.js'
import { startTestApp, type TestApp } from '../../../test/support/app.js'

for (const target of targets) {
  describe(`GET /users on ${target.name}`, () => {
    let t: TestApp
    before(async () => {
      t = await startTestApp(target)
    })
    after(() => t.close())

    test('lists the organization\'s accounts filtered by role, sorted by name then id, and nothing of another organization', async () => {
      const org = await t.f.org()
      const other = await t.f.org()
      const manager = await t.f.user(org.id, 'property_manager', { display_name: 'Bea Manager' })
      const tech1 = await t.f.user(org.id, 'technician', { display_name: 'Al Tech' })
      const tech2 = await t.f.user(org.id, 'technician', { display_name: 'Al Tech' })
      await t.f.user(org.id, 'tenant')
      await t.f.user(other.id, 'technician', { display_name: 'Al Tech' })
      const token = await t.tokenFor(manager)
      const res = await t.as(token, { method: 'GET', url: '/api/v1/users?role=technician&role=property_manager' })
      assert.equal(res.statusCode, 200, res.body)
      const ids = [tech1.id, tech2.id].sort()
      assert.deepEqual(res.json().data.map((u: { id: string }) => u.id), [...ids, manager.id])
      assert.equal(res.json().total, 3)
      const searched = await t.as(token, { method: 'GET', url: '/api/v1/users?search=bea' })
      assert.deepEqual(searched.json().data.map((u: { id: string }) => u.id), [manager.id])
    })

    test('refuses tenants, owners and technicians with 403 and a bogus role with 400 naming the field', async () => {
      const org = await t.f.org()
      for (const role of ['tenant', 'owner', 'technician'] as const) {
        const res = await t.as(await t.tokenFor(await t.f.user(org.id, role)), { method: 'GET', url: '/api/v1/users' })
        assert.equal(res.statusCode, 403)
      }
      const admin = await t.f.user(org.id, 'admin')
      const bad = await t.as(await t.tokenFor(admin), { method: 'GET', url: '/api/v1/users?role=king' })
      assert.equal(bad.statusCode, 400)
      assert.match(bad.json().errors[0].field, /^query\.role/)
    })
  })
}
