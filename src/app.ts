/**
 * buildApp(deps) → a Fastify instance with every plugin and route, not listening: the server
 * entry listens, tests call inject. Plugins come in three stages: external, app, routes.
 */
import Fastify, { type FastifyRequest } from 'fastify'
import type { PGlite } from '@electric-sql/pglite'
import compress from '@fastify/compress'
import cors from '@fastify/cors'
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { constants as zlib } from 'node:zlib'
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import type { Config } from './config.js'
import type { Db } from './db/types.js'
import { AppError } from './lib/errors.js'
import { clientErrorHandler, errorHandler, parseQueryString, refuseUndeclaredQuery, sendProblem, validatorCompiler, type App } from './lib/http.js'
import { createAuthService, resolveSecret } from './modules/auth/auth.service.js'
import { authRoutes } from './modules/auth/auth.routes.js'
import { invitationRoutes } from './modules/users/invitations.routes.js'
import { healthRoutes } from './modules/health/health.routes.js'
import { apiRoutes } from './routes.js'
import { attachRealtime, type RealtimeOptions } from './realtime/index.js'
import { webRoutes } from './modules/web/web.routes.js'
import { createScheduler, type Scheduler } from './jobs/scheduler.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Automatic billing: started when the server listens, stopped when it closes. */
    scheduler: Scheduler
  }
}

export interface AppDeps {
  config: Config
  db: Db
  /** The embedded engine, when there is one: real time listens on it for committed events. */
  pglite?: PGlite
  realtime?: RealtimeOptions
}

/** Compress text and JSON only: images, video, audio and PDF are compressed already. */
const COMPRESSIBLE = /^(text\/(?!event-stream)|application\/(json|problem\+json|javascript|xml|[a-z.+-]+\+json))/

/**
 * The URL with an invitation token replaced, for logs: whatever follows `/invitations/` or
 * `/invite/` up to the next separator, however it is spelled (percent-encoded, any case), unless
 * it is an invitation's id.
 */
const INVITATION_SEGMENT = /(\/invitations?\/|\/invite\/|%2finvit(?:e|ations?)%2f)(?![0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:[/?#]|$))[^/?#]+/gi
export const withoutInvitationToken = (url: string): string => url.replace(INVITATION_SEGMENT, '$1[token]')

/** proxy-addr's hop-count rule: the nearest `hops` addresses of the chain are proxies. */
const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops

export async function buildApp({ config, db, pglite, realtime }: AppDeps): Promise<App> {
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            // An invitation link's token is in its path: it is a password until used, so logs never hold it.
            serializers: { req: (req: FastifyRequest) => ({ method: req.method, url: withoutInvitationToken(req.url), host: req.host, remoteAddress: req.ip }) },
          },
    routerOptions: { querystringParser: parseQueryString },
    bodyLimit: 1024 * 1024,
    // Off unless configured: a believed X-Forwarded-For would let any client choose its address (and its rate limit).
    // Fastify ignores a bare hop count (it cannot check the peer), so a count becomes "trust the nearest n hops".
    clientErrorHandler,
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    // The router's own refusals (a malformed or over-long path segment) answer problem+json like every other error.
    frameworkErrors: (error, req, reply) => {
      void sendProblem(reply, req, Object.assign(new AppError('request.invalid', error.message), { status: error.statusCode ?? 400 }))
    },
  }).withTypeProvider<ZodTypeProvider>()

  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  app.setErrorHandler(errorHandler)
  // Bodies are JSON only: plain text would reach the schema as a string and read as a 400, not a 415.
  app.removeContentTypeParser('text/plain')

  // External plugins.
  await app.register(helmet, { contentSecurityPolicy: false })
  await app.register(cors, { origin: config.corsOrigins.length ? config.corsOrigins : false, credentials: true })
  await app.register(compress, {
    threshold: 1024,
    encodings: ['br', 'gzip'],
    customTypes: COMPRESSIBLE,
    brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } },
  })
  await app.register(rateLimit, { global: false })
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'TMS API', version: '1.0.0', description: 'Property management: portfolio, leases, ledger, maintenance.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  })
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { deepLinking: true } })

  // App plugins: the principal of each request.
  const auth = createAuthService(db, {
    secret: await resolveSecret(db, config.jwtSecret),
    accessTtlSeconds: config.accessTokenTtlSeconds,
    refreshTtlSeconds: config.refreshTokenTtlSeconds,
  })
  app.decorateRequest('principal', null)
  app.addHook('onRequest', async (req, reply) => {
    // Public: health, login, refresh, docs, and unknown routes (which answer 404 on their own).
    if (req.routeOptions.config.public === true || req.url.startsWith('/docs') || !req.routeOptions.url) return
    const [scheme, token] = (req.headers.authorization ?? '').split(' ')
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      return sendProblem(reply, req, new AppError('auth.unauthenticated', 'an access token is required (Authorization: Bearer <token>)'))
    }
    req.principal = await auth.authenticate(token)
  })

  // Billing by itself, on the node that serves: routes bill an organization now after a lease turns active.
  const scheduler = createScheduler({ db, intervalMs: config.billingIntervalMinutes * 60_000, log: app.log })
  app.decorate('scheduler', scheduler)
  app.addHook('onListen', async () => scheduler.start())
  app.addHook('preClose', async () => scheduler.stop())

  // Routes.
  app.addHook('onRoute', refuseUndeclaredQuery)
  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger())
  await app.register(healthRoutes, { db })
  await app.register(authRoutes, { prefix: '/api/v1/auth', auth })
  await app.register(invitationRoutes, { prefix: '/api/v1/auth', db, auth })
  await app.register(apiRoutes, { prefix: '/api/v1', db })
  // Socket.IO at /ws on the same HTTP server; its dispatcher starts when the server listens.
  await attachRealtime(app, { config, db, auth, ...(pglite ? { pglite } : {}), ...(realtime ? { options: realtime } : {}) })
  // The web app last: its index.html answers GETs that no API route claimed.
  await app.register(webRoutes)

  app.setNotFoundHandler(
    { preHandler: app.rateLimit({ max: 100, timeWindow: '1 minute' }) },
    async (req, reply) => sendProblem(reply, req, new AppError('resource.not_found', `no route ${req.method} ${req.url.split('?')[0]}`)),
  )
  return app
}
