import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { connect, type AddressInfo } from 'node:net'
import { targets } from './support/db.js'
import { startTestApp, type TestApp } from './support/app.js'

const target = targets[0]!

interface OpenApiOperation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>
  requestBody?: { content?: Record<string, { schema?: unknown }> }
  parameters?: { in: string }[]
}

describe('HTTP contract', () => {
  let t: TestApp
  before(async () => {
    t = await startTestApp(target)
  })
  after(() => t.close())

  test('responses above 1 KB are compressed with brotli or gzip, small ones are not', async () => {
    const br = await t.app.inject({ method: 'GET', url: '/openapi.json', headers: { 'accept-encoding': 'br' } })
    assert.equal(br.headers['content-encoding'], 'br')
    assert.equal(JSON.parse(brotliDecompressSync(br.rawPayload).toString()).openapi, '3.1.0')
    const gz = await t.app.inject({ method: 'GET', url: '/openapi.json', headers: { 'accept-encoding': 'gzip' } })
    assert.equal(gz.headers['content-encoding'], 'gzip')
    assert.equal(JSON.parse(gunzipSync(gz.rawPayload).toString()).openapi, '3.1.0')
    const small = await t.app.inject({ method: 'GET', url: '/health', headers: { 'accept-encoding': 'br, gzip' } })
    assert.equal(small.headers['content-encoding'], undefined)
  })

  test('every API route declares its request and response schemas in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json()
    const operations = Object.entries(doc.paths as Record<string, Record<string, OpenApiOperation>>).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method, op })),
    )
    const api = operations.filter((o) => o.path.startsWith('/api/v1/'))
    assert.ok(api.length >= 5, `only ${api.length} API operations documented`)
    for (const { path, method, op } of api) {
      const ok = Object.keys(op.responses ?? {}).filter((s) => s.startsWith('2'))
      assert.ok(ok.length > 0, `${method} ${path} has no success response schema`)
      for (const status of ok) {
        if (status === '204') continue
        assert.ok(op.responses?.[status]?.content?.['application/json']?.schema, `${method} ${path} ${status} has no schema`)
      }
      if (method === 'post' || method === 'patch' || method === 'put') {
        const logout = path.endsWith('/logout')
        if (!logout) assert.ok(op.requestBody?.content?.['application/json']?.schema, `${method} ${path} has no body schema`)
      }
      if (path.includes('{id}')) assert.ok(op.parameters?.some((p) => p.in === 'path'), `${method} ${path} has no path params`)
    }
  })

  test('an unknown route is a problem+json 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' })
    assert.equal(res.statusCode, 404)
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
    assert.equal(res.json().code, 'resource.not_found')
  })

  test('a body that is not JSON (plain text, XML, a form) is a 415 problem naming the media type, even when the text is JSON', async () => {
    const login = JSON.stringify({ email: 'nobody@example.test', password: 'not-the-password' })
    for (const [type, payload] of [['text/plain', login], ['text/plain; charset=utf-8', login], ['application/xml', '<login/>'], ['application/x-www-form-urlencoded', 'email=a']]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': type! }, payload: payload! })
      assert.equal(res.statusCode, 415, `${type}: ${res.body}`)
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
      assert.deepEqual({ status: res.json().status, code: res.json().code, title: res.json().title }, { status: 415, code: 'request.unsupported_media_type', title: 'Unsupported Media Type' })
    }
  })

  test('an over-long URL or oversized headers answer a 431 problem+json, and malformed HTTP a 400 problem+json', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = t.app.server.address() as AddressInfo
    const long = await fetch(`http://127.0.0.1:${port}/api/v1/tenants?search=${'a'.repeat(20_000)}`)
    assert.equal(long.status, 431)
    assert.equal(long.headers.get('content-type'), 'application/problem+json; charset=utf-8')
    assert.deepEqual(await long.json(), { type: 'https://tms.dev/problems/request-invalid', title: 'Request Header Fields Too Large', status: 431, detail: 'the URL or headers are too large', code: 'request.invalid' })
    const header = await fetch(`http://127.0.0.1:${port}/health`, { headers: { 'x-padding': 'p'.repeat(20_000) } })
    assert.equal(header.status, 431)
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.end('NOT HTTP AT ALL\r\n\r\n'))
      let text = ''
      socket.on('data', (chunk) => (text += chunk.toString()))
      socket.on('close', () => resolve(text))
      socket.on('error', reject)
    })
    assert.match(raw, /^HTTP\/1\.1 400 Bad Request\r\n/)
    assert.match(raw, /content-type: application\/problem\+json/i)
    assert.equal(JSON.parse(raw.split('\r\n\r\n')[1]!).status, 400)
  })

  test('malformed JSON is a 400 problem, not a 500', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email":' })
    assert.equal(res.statusCode, 400)
    assert.equal(res.json().status, 400)
  })
})
