import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { targets } from '../../../test/support/db.js'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { TEST_PASSWORD } from '../../../test/support/factories.js'

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

    test('a refresh token rotates: the new one works, the old one is refused', async () => {
      const org = await t.f.org()
      const user = await t.f.user(org.id, 'owner')
      const login = (await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: TEST_PASSWORD } })).json()
      const first = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: login.refreshToken } })
      assert.equal(first.statusCode, 200, first.body)
      const again = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: login.refreshToken } })
      assert.equal(again.statusCode, 401)
      const next = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: first.json().refreshToken } })
      assert.equal(next.statusCode, 200)
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
  })
}
