import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { targets } from '../../../test/support/db.js'
import { verifyPassword } from '../auth/passwords.js'
import { AppError } from '../../lib/errors.js'
import { addUser, resolveOrganization } from './users.cli.js'

for (const target of targets) {
  describe(`user add on ${target.name}`, () => {
    test('creates the organization when new, then users in it; a tenant gets a tenant record', async () => {
      const database = await target.open()
      const { db } = database
      try {
        const admin = await addUser(db, { email: 'first@acme.test', password: 'a long password', role: 'admin', org: 'Acme Rentals' })
        assert.equal(admin.orgName, 'Acme Rentals')
        assert.ok(await verifyPassword('a long password', admin.password_hash))
        const tenant = await addUser(db, { email: 'Jo.Doe@acme.test', password: 'another long one', role: 'tenant', name: 'Jo Doe' })
        assert.equal(tenant.org_id, admin.org_id)
        const record = await db.selectFrom('tenants').selectAll().where('id', '=', tenant.tenant_id!).executeTakeFirstOrThrow()
        assert.deepEqual([record.first_name, record.last_name, record.email], ['Jo', 'Doe', 'Jo.Doe@acme.test'])
        assert.equal((await resolveOrganization(db, undefined)).id, admin.org_id)
      } finally {
        await database.close()
      }
    })

    test('refuses a taken e-mail (any case), a bad role and a short password, writing nothing', async () => {
      const database = await target.open()
      const { db } = database
      try {
        await addUser(db, { email: 'a@acme.test', password: 'a long password', role: 'admin', org: 'Acme' })
        await assert.rejects(addUser(db, { email: 'A@ACME.test', password: 'a long password', role: 'admin', org: 'Acme' }), (e: AppError) => e.code === 'user.email_taken')
        await assert.rejects(
          addUser(db, { email: 'b@acme.test', password: 'short', role: 'boss', org: 'Other' }),
          (e: AppError) => e.errors.map((x) => x.field).sort().join() === '--password,--role',
        )
        const orgs = await db.selectFrom('organizations').select('name').execute()
        assert.deepEqual(orgs.map((o) => o.name), ['Acme'])
        assert.equal((await db.selectFrom('users').select('id').execute()).length, 1)
      } finally {
        await database.close()
      }
    })
  })
}
