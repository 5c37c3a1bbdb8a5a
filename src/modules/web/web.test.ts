import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import { errorHandler } from '../../lib/http.js'
import { webRoutes } from './web.routes.js'

describe('web app static serving', () => {
  let root: string
  let app: FastifyInstance
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'tms-web-'))
    await mkdir(join(root, 'assets'))
    await writeFile(join(root, 'index.html'), '<!doctype html><title>TMS</title><div id="root"></div>')
    await writeFile(join(root, 'assets', 'index-abc123.js'), 'console.log(1)')
    await writeFile(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
    app = Fastify()
    app.setErrorHandler(errorHandler)
    await app.register(webRoutes, { root })
    app.get('/api/v1/things', async () => ({ ok: true }))
    await app.ready()
  })
  after(async () => {
    await app.close()
    await rm(root, { recursive: true, force: true })
  })

  test('answers client routes with index.html, never cached, with a content security policy', async () => {
    for (const url of ['/', '/tenants', '/tenants/0198/edit?x=1', '/portal/requests/new']) {
      const res = await app.inject({ method: 'GET', url })
      assert.equal(res.statusCode, 200, url)
      assert.match(res.headers['content-type'] as string, /^text\/html/)
      assert.equal(res.headers['cache-control'], 'no-cache')
      assert.match(res.headers['content-security-policy'] as string, /default-src 'self'.*script-src 'self'/)
      assert.match(res.body, /<div id="root">/)
    }
  })

  test('serves hashed assets as immutable for a year and other root files for a day', async () => {
    const js = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' })
    assert.equal(js.statusCode, 200)
    assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable')
    assert.equal(js.body, 'console.log(1)')
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' })
    assert.equal(icon.statusCode, 200)
    assert.equal(icon.headers['cache-control'], 'public, max-age=86400')
  })

  test('answers 404 for missing files, server paths and traversal, never the page', async () => {
    for (const url of ['/assets/missing.js', '/robots.txt', '/api/v1/nope', '/api', '/docs/nope', '/ws/x', '/%2e%2e/%2e%2e/etc/passwd.txt', '/assets/..%2f..%2f..%2fetc%2fhosts']) {
      const res = await app.inject({ method: 'GET', url })
      // A path that climbs out of the root is refused outright (403); anything else simply is not there.
      assert.equal(res.statusCode, url.includes('%2f') ? 403 : 404, url)
      assert.doesNotMatch(res.body, /<div id="root">|localhost/, url)
    }
    // A dot-dot path is resolved by the URL parser before routing: it names a client route, not a file.
    const dotted = await app.inject({ method: 'GET', url: '/assets/../../etc/hosts' })
    assert.doesNotMatch(dotted.body, /localhost/)
    assert.equal((await app.inject({ method: 'GET', url: '/api/v1/things' })).json().ok, true)
  })

  test('says the app is not built, with 503, when there is no index.html', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'tms-web-empty-'))
    const bare = Fastify()
    await bare.register(webRoutes, { root: empty })
    const res = await bare.inject({ method: 'GET', url: '/dashboard' })
    assert.equal(res.statusCode, 503)
    assert.match(res.body, /npm run build:web/)
    await bare.close()
    await rm(empty, { recursive: true, force: true })
  })
})
