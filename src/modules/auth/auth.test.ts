import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { targets } from '../../../test/support/db.js'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { TEST_PASSWORD } from '../../../test/support/factories.js'
import { ConfigError, loadConfig } from '../../config.js'

/** Twenty-five wrong passwords for one account, each claiming a different X-Forwarded-For; the statuses. */
async function guessesFromRotatingAddresses(t: TestApp, email: string): Promise<number[]> {
  const statuses: number[] = []
  for (let i = 0; i < 25; i++) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: '192.0.2.7',
      headers: { 'x-forwarded-for': `10.0.0.${i}` },
      payload: { email, password: `guess-${i}` },
    })
    statuses.push(res.statusCode)
  }
  return statuses
}

for (const target of targets) {
  describe(`auth on ${target.name}`, () => {
    let t: TestApp
    before(async () => {
      t = await startTestApp(target)
    })
    after(() => t.close())

    test('login returns an access token and the user', async () => {
      const org = await t.f.org()
      const user = await t.f.user(org.id, 'admin')
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email.toUpperCase(), password: TEST_PASSWORD } })
      assert.equal(res.statusCode, 200, res.body)
      const body = res.json()
      assert.equal(body.user.id, user.id)
      assert.equal(body.user.role, 'admin')
      assert.equal(body.tokenType, 'Bearer')
      const me = await t.as(body.accessToken, { method: 'GET', url: '/api/v1/auth/me' })
      assert.equal(me.statusCode, 200)
      assert.equal(me.json().email, user.email)
    })

    test("me names the caller's organization with its time zone and the calendar day it is there now", async () => {
      const ahead = await t.f.org({ name: `Kiritimati ${Date.now()}`, time_zone: 'Pacific/Kiritimati' })
      const behind = await t.f.org({ time_zone: 'Pacific/Pago_Pago' })
      const token = async (orgId: string) => {
        const user = await t.f.user(orgId, 'tenant')
        return (await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: TEST_PASSWORD } })).json().accessToken as string
      }
      const zoneDay = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date())
      const first = await t.as(await token(ahead.id), { method: 'GET', url: '/api/v1/auth/me' })
      assert.equal(first.statusCode, 200, first.body)
      const aheadDay = zoneDay('Pacific/Kiritimati')
      assert.deepEqual(first.json().organization, { id: ahead.id, name: ahead.name, timeZone: 'Pacific/Kiritimati', today: aheadDay })
      const other = (await t.as(await token(behind.id), { method: 'GET', url: '/api/v1/auth/me' })).json().organization
      assert.equal(other.timeZone, 'Pacific/Pago_Pago')
      // UTC+14 and UTC-11 are 25 hours apart: never the same calendar day.
      assert.equal(other.today, zoneDay('Pacific/Pago_Pago'))
      assert.notEqual(other.today, first.json().organization.today)
    })

    test('wrong password and unknown e-mail answer the same 401', async () => {
      const org = await t.f.org()
      const user = await t.f.user(org.id, 'admin')
      const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: 'nope' } })
      const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'nobody@example.test', password: 'nope' } })
      assert.equal(wrong.statusCode, 401)
      assert.equal(unknown.statusCode, 401)
      assert.equal(wrong.json().detail, unknown.json().detail)
      assert.equal(wrong.headers['content-type'], 'application/problem+json; charset=utf-8')
    })

    test('routes without a token, with a bad token, or after logout answer 401', async () => {
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me' })).statusCode, 401)
      assert.equal((await t.as('not-a-token', { method: 'GET', url: '/api/v1/auth/me' })).statusCode, 401)
      const org = await t.f.org()
      const token = await t.tokenFor(await t.f.user(org.id, 'tenant'))
      assert.equal((await t.as(token, { method: 'POST', url: '/api/v1/auth/logout' })).statusCode, 204)
      assert.equal((await t.as(token, { method: 'GET', url: '/api/v1/auth/me' })).statusCode, 401)
    })

    test('a refresh token rotates: the new one works, and again, the old one is refused', async () => {
      const org = await t.f.org()
      const user = await t.f.user(org.id, 'owner')
      const login = (await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: TEST_PASSWORD } })).json()
      const first = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: login.refreshToken } })
      assert.equal(first.statusCode, 200, first.body)
      const next = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: first.json().refreshToken } })
      assert.equal(next.statusCode, 200)
      assert.equal((await t.as(next.json().accessToken, { method: 'GET', url: '/api/v1/auth/me' })).statusCode, 200)
    })

    test('reusing a rotated refresh token revokes the session: the newer refresh and access tokens stop working too, other sessions do not', async () => {
      const org = await t.f.org()
      const user = await t.f.user(org.id, 'tenant')
      const signIn = async () => (await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: TEST_PASSWORD } })).json()
      const refresh = (refreshToken: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } })
      const stolen = await signIn()
      const elsewhere = await signIn()
      const rotated = (await refresh(stolen.refreshToken)).json()
      const reuse = await refresh(stolen.refreshToken)
      assert.equal(reuse.statusCode, 401)
      assert.equal((await refresh(rotated.refreshToken)).statusCode, 401, 'the newer refresh token still works after reuse')
      assert.equal((await t.as(rotated.accessToken, { method: 'GET', url: '/api/v1/auth/me' })).statusCode, 401, 'the newer access token still works after reuse')
      assert.equal((await t.as(elsewhere.accessToken, { method: 'GET', url: '/api/v1/auth/me' })).statusCode, 200)
      assert.equal((await refresh(elsewhere.refreshToken)).statusCode, 200)
    })

    test('login with an unknown field or a malformed e-mail is a 400 naming the field', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'x', password: 'y', admin: true } })
      assert.equal(res.statusCode, 400)
      const fields = res.json().errors.map((e: { field: string }) => e.field).sort()
      assert.deepEqual(fields, ['body.admin', 'body.email'])
    })

    test('health, ready and the OpenAPI document need no token', async () => {
      assert.equal((await t.app.inject({ method: 'GET', url: '/health' })).statusCode, 200)
      assert.equal((await t.app.inject({ method: 'GET', url: '/ready' })).json().database, 'up')
      const doc = await t.app.inject({ method: 'GET', url: '/openapi.json' })
      assert.equal(doc.statusCode, 200)
      assert.equal(doc.json().openapi, '3.1.0')
      assert.ok(doc.json().paths['/api/v1/auth/login'])
      assert.equal((await t.app.inject({ method: 'GET', url: '/docs/' })).statusCode, 200)
    })

    test('by default a rotating X-Forwarded-For does not escape the sign-in rate limit', async () => {
      const statuses = await guessesFromRotatingAddresses(t, 'victim-default@example.test')
      assert.deepEqual(statuses.slice(0, 20), Array(20).fill(401))
      assert.deepEqual(statuses.slice(20), Array(5).fill(429), statuses.join(','))
    })
  })

  describe(`auth behind a trusted proxy on ${target.name}`, () => {
    let t: TestApp
    before(async () => {
      t = await startTestApp(target, { TRUST_PROXY: '192.0.2.7' })
    })
    after(() => t.close())

    test('with TRUST_PROXY naming the proxy, the forwarded client address keys the rate limit', async () => {
      const statuses = await guessesFromRotatingAddresses(t, 'victim-proxied@example.test')
      assert.deepEqual(statuses, Array(25).fill(401))
    })
  })

  describe(`auth behind one proxy hop on ${target.name}`, () => {
    let t: TestApp
    before(async () => {
      t = await startTestApp(target, { TRUST_PROXY: '1' })
    })
    after(() => t.close())

    test('with TRUST_PROXY=1 the last forwarded address is the client', async () => {
      const statuses = await guessesFromRotatingAddresses(t, 'victim-hop@example.test')
      assert.deepEqual(statuses, Array(25).fill(401))
    })
  })
}

describe('TRUST_PROXY configuration', () => {
  test('unset trusts no proxy; a number is a hop count; a list names proxies', () => {
    assert.equal(loadConfig({}).trustProxy, false)
    assert.equal(loadConfig({ TRUST_PROXY: '' }).trustProxy, false)
    assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2)
    assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.1, 10.1.0.0/16,loopback,::1' }).trustProxy, ['10.0.0.1', '10.1.0.0/16', 'loopback', '::1'])
  })

  test('a value that is neither a hop count nor addresses is refused, naming the variable', () => {
    for (const value of ['true', '10.0.0.999', 'proxy.example.test', ',']) {
      assert.throws(() => loadConfig({ TRUST_PROXY: value }), (e: unknown) => e instanceof ConfigError && e.message.includes('TRUST_PROXY'), value)
    }
  })
})
