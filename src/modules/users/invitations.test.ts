import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import type { InjectOptions } from 'fastify'
import type { Role, Row } from '../../db/types.js'
import { targets } from '../../../test/support/db.js'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { TEST_PASSWORD } from '../../../test/support/factories.js'

const PASSWORD = 'a good long password'
let address = 0
/** A client address of its own per call site, so the public routes' rate limit counts each test apart. */
const nextAddress = () => `198.51.100.${(++address % 250) + 1}`

for (const target of targets) {
  describe(`invitations on ${target.name}`, () => {
    let t: TestApp
    before(async () => {
      t = await startTestApp(target)
    })
    after(() => t.close())

    const invite = async (by: Row<'users'>, body: Record<string, unknown>) =>
      t.as(await t.tokenFor(by), { method: 'POST', url: '/api/v1/users/invitations', payload: body })
    const tokenOf = (acceptUrl: string) => acceptUrl.replace(/^\/invite\//, '')
    const pub = (options: InjectOptions, remoteAddress = nextAddress()) => t.app.inject({ ...options, remoteAddress })
    const preview = (token: string) => pub({ method: 'GET', url: `/api/v1/auth/invitations/${token}` })
    const accept = (token: string, password = PASSWORD, remoteAddress?: string) =>
      pub({ method: 'POST', url: `/api/v1/auth/invitations/${token}/accept`, payload: { password } }, remoteAddress)
    const email = () => `invitee-${Math.random().toString(36).slice(2)}@example.test`
    const fields = (res: { json: () => unknown }) => ((res.json() as { errors?: { field: string }[] }).errors ?? []).map((e) => e.field)

    /** A manager of one property with a leased tenant, and a tenant of another property. */
    async function managed() {
      const org = await t.f.org()
      const admin = await t.f.user(org.id, 'admin')
      const manager = await t.f.user(org.id, 'property_manager')
      const mine = await t.f.property(org.id)
      const theirs = await t.f.property(org.id)
      await t.f.assignManager(org.id, mine.id, manager.id)
      const tenant = await t.f.tenant(org.id, { email: email() })
      const outside = await t.f.tenant(org.id, { email: email() })
      await t.f.lease(org.id, (await t.f.unit(org.id, mine.id)).id, [tenant.id])
      await t.f.lease(org.id, (await t.f.unit(org.id, theirs.id)).id, [outside.id])
      return { org, admin, manager, tenant, outside }
    }

    test('an admin invites every role; a tenant login names a tenant, an owner login an owner, staff neither', async () => {
      const { org, admin, tenant } = await managed()
      const owner = await t.f.owner(org.id)
      const cases: [Role, Record<string, unknown>][] = [
        ['admin', {}],
        ['property_manager', {}],
        ['technician', {}],
        ['tenant', { tenantId: tenant.id }],
        ['owner', { ownerId: owner.id }],
      ]
      for (const [role, extra] of cases) {
        const res = await invite(admin, { email: email(), displayName: `New ${role}`, role, ...extra })
        assert.equal(res.statusCode, 201, `${role}: ${res.body}`)
        const body = res.json<{ role: string; tenantId: string | null; ownerId: string | null; invitedBy: string; acceptUrl: string; expiresAt: string }>()
        assert.equal(body.role, role)
        assert.equal(body.invitedBy, admin.id)
        assert.equal(body.tenantId, role === 'tenant' ? tenant.id : null)
        assert.equal(body.ownerId, role === 'owner' ? owner.id : null)
        assert.match(body.acceptUrl, /^\/invite\/[A-Za-z0-9_-]{43}$/)
        const days = (Date.parse(body.expiresAt) - Date.now()) / 86_400_000
        assert.ok(days > 6.99 && days <= 7, `expires in ${days} days`)
      }
      const wrong: [Record<string, unknown>, string][] = [
        [{ role: 'tenant' }, 'body.tenantId'],
        [{ role: 'owner' }, 'body.ownerId'],
        [{ role: 'technician', tenantId: tenant.id }, 'body.tenantId'],
        [{ role: 'admin', ownerId: owner.id }, 'body.ownerId'],
      ]
      for (const [extra, field] of wrong) {
        const res = await invite(admin, { email: email(), displayName: 'Wrong', ...extra })
        assert.equal(res.statusCode, 400, res.body)
        assert.deepEqual(fields(res), [field])
      }
    })

    test('only the hash of the token is stored, and the link is not in any later answer', async () => {
      const { admin, tenant } = await managed()
      const res = await invite(admin, { email: email(), displayName: 'Hash Only', role: 'tenant', tenantId: tenant.id })
      const token = tokenOf(res.json<{ acceptUrl: string }>().acceptUrl)
      const row = await t.db.selectFrom('user_invitations').selectAll().where('id', '=', res.json<{ id: string }>().id).executeTakeFirstOrThrow()
      assert.equal(row.token_hash, createHash('sha256').update(token).digest('hex'))
      assert.ok(!JSON.stringify(row).includes(token))
      const list = await t.as(await t.tokenFor(admin), { method: 'GET', url: '/api/v1/users/invitations' })
      assert.equal(list.statusCode, 200)
      assert.ok(!list.body.includes(token))
      assert.equal(list.json<{ total: number }>().total, 1)
    })

    test('a manager invites a tenant of their properties only; any other role is 403, a tenant out of scope 400', async () => {
      const { org, manager, tenant, outside } = await managed()
      const ok = await invite(manager, { email: tenant.email!, displayName: 'My Tenant', role: 'tenant', tenantId: tenant.id })
      assert.equal(ok.statusCode, 201, ok.body)
      const owner = await t.f.owner(org.id)
      for (const [role, extra] of [['admin', {}], ['property_manager', {}], ['technician', {}], ['owner', { ownerId: owner.id }]] as const) {
        const res = await invite(manager, { email: email(), displayName: 'Nope', role, ...extra })
        assert.equal(res.statusCode, 403, `${role}: ${res.body}`)
      }
      const out = await invite(manager, { email: email(), displayName: 'Not Mine', role: 'tenant', tenantId: outside.id })
      assert.equal(out.statusCode, 400, out.body)
      assert.deepEqual(fields(out), ['body.tenantId'])
      for (const role of ['owner', 'tenant', 'technician'] as const) {
        const res = await invite(await t.f.user(org.id, role), { email: email(), displayName: 'Nope', role: 'tenant', tenantId: tenant.id })
        assert.equal(res.statusCode, 403, `${role}: ${res.body}`)
      }
      const other = await t.f.org()
      const foreign = await invite(await t.f.user(other.id, 'admin'), { email: email(), displayName: 'Foreign', role: 'tenant', tenantId: tenant.id })
      assert.equal(foreign.statusCode, 400)
      assert.deepEqual(fields(foreign), ['body.tenantId'])
      const count = await t.db.selectFrom('user_invitations').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', 'in', [org.id, other.id]).executeTakeFirstOrThrow()
      assert.equal(Number(count.n), 1)
    })

    test("a manager invites a tenant only at the tenant's own address, and only one wholly on their properties", async () => {
      const { org, manager, tenant } = await managed()
      const elsewhere = await invite(manager, { email: email(), displayName: 'My Own Address', role: 'tenant', tenantId: tenant.id })
      assert.equal(elsewhere.statusCode, 400, elsewhere.body)
      assert.deepEqual(fields(elsewhere), ['body.email'])
      // A tenant who also rents, or rented, on a property the manager does not manage: a login would show that lease.
      const theirs = await t.f.property(org.id)
      await t.f.lease(org.id, (await t.f.unit(org.id, theirs.id)).id, [tenant.id], { start_date: '2024-01-01', end_date: '2024-12-31', status: 'ended' })
      const beyond = await invite(manager, { email: tenant.email!.toUpperCase(), displayName: 'Two Places', role: 'tenant', tenantId: tenant.id })
      assert.equal(beyond.statusCode, 403, beyond.body)
      assert.equal((await t.db.selectFrom('user_invitations').select('id').where('tenant_id', '=', tenant.id).execute()).length, 0)
      // An admin may, at any address.
      const admin = (await t.db.selectFrom('users').selectAll().where('org_id', '=', org.id).where('role', '=', 'admin').executeTakeFirstOrThrow())
      assert.equal((await invite(admin, { email: email(), displayName: 'Two Places', role: 'tenant', tenantId: tenant.id })).statusCode, 201)
    })

    test('an expired invitation of a tenant gives way to a new one at another address', async () => {
      const { admin, tenant } = await managed()
      const first = await invite(admin, { email: email(), displayName: 'Old Address', role: 'tenant', tenantId: tenant.id })
      assert.equal(first.statusCode, 201, first.body)
      await t.db.updateTable('user_invitations').set({ expires_at: new Date(Date.now() - 1000) }).where('tenant_id', '=', tenant.id).execute()
      const next = await invite(admin, { email: email(), displayName: 'New Address', role: 'tenant', tenantId: tenant.id })
      assert.equal(next.statusCode, 201, next.body)
    })

    test("disabling an account revokes the invitations it sent; two admins disabling each other at once leave one enabled", async () => {
      const { org, admin, manager, tenant } = await managed()
      const sent = await invite(manager, { email: tenant.email!, displayName: 'Sent', role: 'tenant', tenantId: tenant.id })
      assert.equal(sent.statusCode, 201, sent.body)
      const adminToken = await t.tokenFor(admin)
      assert.equal((await t.as(adminToken, { method: 'PATCH', url: `/api/v1/users/${manager.id}`, payload: { disabled: true } })).statusCode, 200)
      const token = tokenOf(sent.json<{ acceptUrl: string }>().acceptUrl)
      assert.equal((await preview(token)).statusCode, 410)
      assert.equal((await accept(token)).statusCode, 410)
      assert.equal((await t.db.selectFrom('users').select('id').where('tenant_id', '=', tenant.id).execute()).length, 0)

      const other = await t.f.user(org.id, 'admin')
      const [a, b] = await Promise.all([
        t.as(adminToken, { method: 'PATCH', url: `/api/v1/users/${other.id}`, payload: { disabled: true } }),
        t.as(await t.tokenFor(other), { method: 'PATCH', url: `/api/v1/users/${admin.id}`, payload: { disabled: true } }),
      ])
      assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 401], `${a.body} ${b.body}`)
      const enabled = await t.db.selectFrom('users').select('id').where('org_id', '=', org.id).where('role', '=', 'admin').where('disabled_at', 'is', null).execute()
      assert.equal(enabled.length, 1)
    })

    test('a tenant who has a login, or an open invitation, cannot be invited again (409 naming tenantId)', async () => {
      const { admin, manager, tenant } = await managed()
      const login = await t.f.user(admin.org_id, 'tenant')
      const has = await invite(admin, { email: email(), displayName: 'Again', role: 'tenant', tenantId: login.tenant_id })
      assert.equal(has.statusCode, 409, has.body)
      assert.equal(has.json<{ code: string }>().code, 'user.has_login')
      assert.deepEqual(fields(has), ['body.tenantId'])
      assert.equal((await invite(manager, { email: tenant.email!, displayName: 'First', role: 'tenant', tenantId: tenant.id })).statusCode, 201)
      const twice = await invite(admin, { email: email(), displayName: 'Second', role: 'tenant', tenantId: tenant.id })
      assert.equal(twice.statusCode, 409, twice.body)
      assert.deepEqual(fields(twice), ['body.tenantId'])
    })

    test('an e-mail of an account (any case) or of an open invitation, in any organization, is 409 naming email; once expired it may be invited again', async () => {
      const { admin } = await managed()
      const taken = await t.f.user((await t.f.org()).id, 'technician')
      const dup = await invite(admin, { email: taken.email.toUpperCase(), displayName: 'Dup', role: 'technician' })
      assert.equal(dup.statusCode, 409, dup.body)
      assert.equal(dup.json<{ code: string }>().code, 'user.email_taken')
      assert.deepEqual(fields(dup), ['body.email'])
      const address = email()
      const first = await invite(admin, { email: address, displayName: 'First', role: 'technician' })
      assert.equal(first.statusCode, 201)
      const elsewhere = await invite(await t.f.user((await t.f.org()).id, 'admin'), { email: address.toUpperCase(), displayName: 'Again', role: 'admin' })
      assert.equal(elsewhere.statusCode, 409, elsewhere.body)
      assert.deepEqual(fields(elsewhere), ['body.email'])
      await t.db.updateTable('user_invitations').set({ expires_at: sql<Date>`now() - interval '1 second'` }).where('id', '=', first.json<{ id: string }>().id).execute()
      const again = await invite(admin, { email: address, displayName: 'Again', role: 'technician' })
      assert.equal(again.statusCode, 201, again.body)
      assert.equal((await preview(tokenOf(first.json<{ acceptUrl: string }>().acceptUrl))).statusCode, 410)
    })

    test('the link tells who is invited to which organization; accepting creates the account, signs it in, and works once', async () => {
      const { org, manager, tenant } = await managed()
      const address = tenant.email!
      const created = await invite(manager, { email: address, displayName: 'Ada Tenant', role: 'tenant', tenantId: tenant.id })
      const token = tokenOf(created.json<{ acceptUrl: string }>().acceptUrl)
      const shown = await preview(token)
      assert.equal(shown.statusCode, 200, shown.body)
      assert.deepEqual({ ...shown.json<Record<string, unknown>>(), expiresAt: undefined }, { displayName: 'Ada Tenant', email: address, role: 'tenant', organizationName: org.name, expiresAt: undefined })
      const short = await accept(token, 'too short')
      assert.equal(short.statusCode, 400)
      assert.deepEqual(fields(short), ['body.password'])
      // Each refusal says what is wrong with the password, not that it is missing.
      const messages = async (password: unknown) => (await pub({ method: 'POST', url: `/api/v1/auth/invitations/${token}/accept`, payload: { password } })).json<{ errors: { message: string }[] }>().errors.map((e) => e.message)
      assert.deepEqual(await messages('x'.repeat(1025)), ['must be at most 1024 characters'])
      assert.deepEqual(await messages(12345678901), ['must be text'])
      assert.deepEqual(await messages(undefined), ['required'])
      const res = await accept(token)
      assert.equal(res.statusCode, 200, res.body)
      const pair = res.json<{ accessToken: string; refreshToken: string; user: { role: string; tenantId: string; email: string } }>()
      assert.deepEqual([pair.user.role, pair.user.tenantId, pair.user.email], ['tenant', tenant.id, address])
      const me = await t.as(pair.accessToken, { method: 'GET', url: '/api/v1/auth/me' })
      assert.equal(me.json<{ displayName: string }>().displayName, 'Ada Tenant')
      const signIn = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: address, password: PASSWORD } })
      assert.equal(signIn.statusCode, 200)
      assert.equal((await preview(token)).statusCode, 410)
      const again = await accept(token, 'another long password')
      assert.equal(again.statusCode, 410)
      assert.equal(again.json<{ code: string }>().code, 'invitation.gone')
      const pending = await t.as(await t.tokenFor(manager), { method: 'GET', url: '/api/v1/users/invitations' })
      assert.equal(pending.json<{ total: number }>().total, 0)
      const row = await t.db.selectFrom('user_invitations').selectAll().where('id', '=', created.json<{ id: string }>().id).executeTakeFirstOrThrow()
      assert.equal(row.accepted_user_id, pair.user.tenantId ? (await t.db.selectFrom('users').select('id').where('tenant_id', '=', tenant.id).executeTakeFirstOrThrow()).id : null)
    })

    test('an unknown token is 404, an expired one 410 and creates nothing', async () => {
      const { admin } = await managed()
      const unknown = 'A'.repeat(43)
      assert.equal((await preview(unknown)).statusCode, 404)
      assert.equal((await accept(unknown)).statusCode, 404)
      assert.equal((await preview('short')).statusCode, 400)
      const address = email()
      const created = await invite(admin, { email: address, displayName: 'Late', role: 'technician' })
      await t.db.updateTable('user_invitations').set({ expires_at: sql<Date>`now() - interval '1 minute'` }).where('id', '=', created.json<{ id: string }>().id).execute()
      const token = tokenOf(created.json<{ acceptUrl: string }>().acceptUrl)
      assert.equal((await preview(token)).statusCode, 410)
      const res = await accept(token)
      assert.equal(res.statusCode, 410)
      assert.equal(await t.db.selectFrom('users').select('id').where('email', '=', address).executeTakeFirst(), undefined)
    })

    test('two accepts of one link at once: exactly one account, the other answer is 410', async () => {
      const { admin, tenant } = await managed()
      const address = email()
      const created = await invite(admin, { email: address, displayName: 'Racer', role: 'tenant', tenantId: tenant.id })
      const token = tokenOf(created.json<{ acceptUrl: string }>().acceptUrl)
      const results = await Promise.all([accept(token, 'first long password'), accept(token, 'second long password'), accept(token, 'third long password')])
      assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 410, 410], results.map((r) => r.body).join('\n'))
      const rows = await t.db.selectFrom('users').select('id').where(sql<string>`lower(email)`, '=', address).execute()
      assert.equal(rows.length, 1)
      assert.equal((await t.db.selectFrom('users').select('id').where('tenant_id', '=', tenant.id).execute()).length, 1)
    })

    test('a revoked invitation leaves the list and its link stops working; a manager cannot see or revoke one outside their tenants', async () => {
      const { admin, manager, tenant, outside } = await managed()
      const mine = await invite(manager, { email: tenant.email!, displayName: 'Mine', role: 'tenant', tenantId: tenant.id })
      const theirs = await invite(admin, { email: email(), displayName: 'Theirs', role: 'tenant', tenantId: outside.id })
      const staff = await invite(admin, { email: email(), displayName: 'Staff', role: 'technician' })
      const managerToken = await t.tokenFor(manager)
      const list = await t.as(managerToken, { method: 'GET', url: '/api/v1/users/invitations' })
      assert.deepEqual(list.json<{ data: { id: string }[] }>().data.map((i) => i.id), [mine.json<{ id: string }>().id])
      const adminList = await t.as(await t.tokenFor(admin), { method: 'GET', url: `/api/v1/users/invitations?tenantId=${outside.id}` })
      assert.deepEqual(adminList.json<{ data: { id: string }[] }>().data.map((i) => i.id), [theirs.json<{ id: string }>().id])
      for (const other of [theirs, staff]) {
        const res = await t.as(managerToken, { method: 'DELETE', url: `/api/v1/users/invitations/${other.json<{ id: string }>().id}` })
        assert.equal(res.statusCode, 404)
      }
      const revoked = await t.as(managerToken, { method: 'DELETE', url: `/api/v1/users/invitations/${mine.json<{ id: string }>().id}` })
      assert.equal(revoked.statusCode, 204)
      assert.equal((await t.as(managerToken, { method: 'DELETE', url: `/api/v1/users/invitations/${mine.json<{ id: string }>().id}` })).statusCode, 404)
      assert.equal((await t.as(managerToken, { method: 'GET', url: '/api/v1/users/invitations' })).json<{ total: number }>().total, 0)
      const token = tokenOf(mine.json<{ acceptUrl: string }>().acceptUrl)
      assert.equal((await preview(token)).statusCode, 410)
      assert.equal((await accept(token)).statusCode, 410)
      // Revoking frees the tenant for a new invitation.
      assert.equal((await invite(manager, { email: tenant.email!, displayName: 'Again', role: 'tenant', tenantId: tenant.id })).statusCode, 201)
    })

    test('the public routes are rate-limited per client address', async () => {
      const statuses: number[] = []
      for (let i = 0; i < 22; i++) statuses.push((await pub({ method: 'GET', url: `/api/v1/auth/invitations/${'B'.repeat(43)}` }, '203.0.113.9')).statusCode)
      assert.deepEqual(statuses.slice(0, 20), Array(20).fill(404))
      assert.deepEqual(statuses.slice(20), [429, 429])
    })
  })

  describe(`PATCH /users/:id on ${target.name}`, () => {
    let t: TestApp
    before(async () => {
      t = await startTestApp(target)
    })
    after(() => t.close())

    const login = (user: Row<'users'>) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: TEST_PASSWORD } })
    const refresh = (refreshToken: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } })

    test('disabling ends the sessions: refresh, access token and sign-in are refused; enabling lets the user sign in again', async () => {
      const org = await t.f.org()
      const admin = await t.f.user(org.id, 'admin')
      const tenant = await t.f.user(org.id, 'tenant')
      const session = (await login(tenant)).json<{ accessToken: string; refreshToken: string }>()
      const adminToken = await t.tokenFor(admin)
      const off = await t.as(adminToken, { method: 'PATCH', url: `/api/v1/users/${tenant.id}`, payload: { disabled: true } })
      assert.equal(off.statusCode, 200, off.body)
      assert.equal(off.json<{ disabled: boolean }>().disabled, true)
      assert.equal((await refresh(session.refreshToken)).statusCode, 401)
      assert.equal((await t.as(session.accessToken, { method: 'GET', url: '/api/v1/auth/me' })).statusCode, 401)
      // With the right password, the sign-in says the account is disabled; with a wrong one, only that it is wrong.
      const refused = await login(tenant)
      assert.equal(refused.statusCode, 403, refused.body)
      assert.equal(refused.json<{ code: string }>().code, 'auth.account_disabled')
      const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: tenant.email, password: 'not the password at all' } })
      assert.equal(wrong.statusCode, 401)
      const live = await t.db.selectFrom('sessions').select('id').where('user_id', '=', tenant.id).where('revoked_at', 'is', null).execute()
      assert.deepEqual(live, [])
      const event = await t.db.selectFrom('events').selectAll().where('topic', '=', 'user').where('entity_id', '=', tenant.id).executeTakeFirst()
      assert.ok(event, 'no user event for real time to re-check sockets on')
      const on = await t.as(adminToken, { method: 'PATCH', url: `/api/v1/users/${tenant.id}`, payload: { disabled: false, displayName: 'Back Again' } })
      assert.deepEqual([on.json<{ disabled: boolean }>().disabled, on.json<{ displayName: string }>().displayName], [false, 'Back Again'])
      assert.equal((await login(tenant)).statusCode, 200)
    })

    test('an admin cannot disable themself (409); other organizations\' accounts are 404; other roles 403', async () => {
      const org = await t.f.org()
      const admin = await t.f.user(org.id, 'admin')
      const token = await t.tokenFor(admin)
      const self = await t.as(token, { method: 'PATCH', url: `/api/v1/users/${admin.id}`, payload: { disabled: true } })
      assert.equal(self.statusCode, 409, self.body)
      assert.deepEqual(self.json<{ errors: { field: string }[] }>().errors.map((e) => e.field), ['body.disabled'])
      assert.equal((await t.as(token, { method: 'PATCH', url: `/api/v1/users/${admin.id}`, payload: { displayName: 'Me' } })).statusCode, 200)
      const foreign = await t.f.user((await t.f.org()).id, 'technician')
      assert.equal((await t.as(token, { method: 'PATCH', url: `/api/v1/users/${foreign.id}`, payload: { disabled: true } })).statusCode, 404)
      assert.equal((await login(foreign)).statusCode, 200)
      const tech = await t.f.user(org.id, 'technician')
      for (const role of ['property_manager', 'owner', 'tenant', 'technician'] as const) {
        const res = await t.as(await t.tokenFor(await t.f.user(org.id, role)), { method: 'PATCH', url: `/api/v1/users/${tech.id}`, payload: { disabled: true } })
        assert.equal(res.statusCode, 403, role)
      }
      assert.equal((await login(tech)).statusCode, 200)
    })
  })
}

describe('logging', () => {
  test('an invitation token in a URL is replaced before it is logged; ids stay', async () => {
    const { withoutInvitationToken } = await import('../../app.js')
    const token = 'a'.repeat(43)
    assert.equal(withoutInvitationToken(`/api/v1/auth/invitations/${token}/accept`), '/api/v1/auth/invitations/[token]/accept')
    assert.equal(withoutInvitationToken(`/invite/${token}`), '/invite/[token]')
    // Spelled otherwise, it is the same token to the router and must not reach the log either.
    assert.equal(withoutInvitationToken(`/api/v1/auth/invitations/%61${token.slice(1)}`), '/api/v1/auth/invitations/[token]')
    assert.equal(withoutInvitationToken(`/api/v1/auth/Invitations/${token}?x=1`), '/api/v1/auth/Invitations/[token]?x=1')
    assert.equal(withoutInvitationToken(`/invite/${token.slice(0, 20)}`), '/invite/[token]')
    const id = '0190a3c5-1234-7abc-8def-0123456789ab'
    assert.equal(withoutInvitationToken(`/api/v1/users/invitations/${id}`), `/api/v1/users/invitations/${id}`)
  })
})
