/**
 * Serves the built web app (dist/web): hashed assets with immutable caching, other root files for a
 * day, and index.html for every other GET that is not the API, so client-side routes load directly.
 */
import { access, stat } from 'node:fs/promises'
import { extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyPluginAsync } from 'fastify'
import { AppError } from '../../lib/errors.js'

export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../../dist/web/', import.meta.url))

/** Paths that belong to the server, never to the web app: an unknown one is a 404 problem, not the page. */
const SERVER_PATHS = /^\/(api|ws|docs)(\/|$)|^\/(openapi\.json|health|ready|metrics)$/

// The app's own scripts and styles only; sockets to this origin; photos previewed from blob: URLs.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self' ws: wss:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>TMS</title></head>
<body><main><h1>The web app is not built yet</h1><p>Run <code>npm run build:web</code> (npm start does it for you) and reload.</p></main></body></html>`

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  )

export const webRoutes: FastifyPluginAsync<{ root?: string }> = async (app, opts) => {
  const root = opts.root ?? DEFAULT_WEB_ROOT
  await app.register(fastifyStatic, { root, serve: false })

  const notFound = (path: string) => new AppError('resource.not_found', `no route GET ${path}`)
  const route = { config: { public: true }, schema: { hide: true } } as const

  app.get('/assets/*', route, async (req, reply) => {
    const file = (req.params as { '*': string })['*']
    // Content-hashed names never change meaning, so browsers may keep them for a year.
    return reply.sendFile(join('assets', file), { immutable: true, maxAge: '365d' })
  })

  app.get('/*', route, async (req, reply) => {
    const path = decodeURIComponent(req.url.split('?')[0] ?? '/')
    if (SERVER_PATHS.test(path)) throw notFound(path)
    if (extname(path)) {
      // A root file such as /favicon.svg; a missing one is a 404, never the page.
      const file = join(root, path)
      if (!file.startsWith(root) || !(await stat(file).then((s) => s.isFile(), () => false))) throw notFound(path)
      return reply.sendFile(path.slice(1), { maxAge: '1d' })
    }
    if (!(await exists(join(root, 'index.html')))) return reply.code(503).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(NOT_BUILT)
    void reply.header('cache-control', 'no-cache').header('content-security-policy', CSP)
    return reply.sendFile('index.html', { cacheControl: false })
  })
}
