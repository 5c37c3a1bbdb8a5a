/**
 * Real time, attached to the app's own HTTP server at /ws: Socket.IO with the Redis adapter when
 * REDIS_URL is set (nodes share rooms, presence and the dispatched stream), the outbox
 * dispatcher started when the server listens, and a drain on close.
 */
import type { PGlite } from '@electric-sql/pglite'
import { createAdapter } from '@socket.io/redis-adapter'
import { Redis } from 'ioredis'
import { Server } from 'socket.io'
import type { Config } from '../config.js'
import type { Db } from '../db/types.js'
import type { App } from '../lib/http.js'
import type { AuthService } from '../modules/auth/auth.service.js'
import { createDispatcher, type Dispatcher } from './dispatcher.js'
import { createGateway, type Gateway, type Io } from './gateway.js'
import type { DispatchedEvent } from './resolve.js'
import { createConversationService } from './realtime.service.js'

export interface RealtimeOptions {
  /** Heartbeat: a ping every interval; no pong within the timeout drops the socket. */
  pingIntervalMs?: number
  pingTimeoutMs?: number
  replayLimit?: number
  /** Redis channel prefix; every node of one installation uses the same. */
  redisKey?: string
  /** How long close waits for client messages in flight and the last dispatch. */
  drainMs?: number
  reconnectAfterMs?: number
  batchSize?: number
}

export interface RealtimeDeps {
  config: Config
  db: Db
  auth: AuthService
  /** The embedded engine, when there is one: the dispatcher listens on it for commits. */
  pglite?: PGlite
  options?: RealtimeOptions
}

export interface Realtime {
  io: Io
  dispatcher: Dispatcher
  gateway: Gateway
  /** Every dispatched batch, on every node, after it went out (cache invalidation, audit). */
  onDispatched(listener: (events: DispatchedEvent[]) => void): void
}

declare module 'fastify' {
  interface FastifyInstance {
    realtime: Realtime
  }
}

export async function attachRealtime(app: App, deps: RealtimeDeps): Promise<Realtime> {
  const { config, options = {} } = deps
  const io: Io = new Server(app.server, {
    path: '/ws',
    serveClient: false,
    pingInterval: options.pingIntervalMs ?? 25_000,
    pingTimeout: options.pingTimeoutMs ?? 20_000,
    connectTimeout: 10_000,
    maxHttpBufferSize: 64 * 1024,
    cors: { origin: config.corsOrigins.length ? config.corsOrigins : false, credentials: true },
  })

  let redis: Redis[] = []
  if (config.redisUrl) {
    const pub = new Redis(config.redisUrl, { maxRetriesPerRequest: null })
    const sub = pub.duplicate()
    redis = [pub, sub]
    for (const client of redis) client.on('error', (error: Error) => app.log.warn({ err: error }, 'redis connection error (real time)'))
    io.adapter(createAdapter(pub, sub, { key: options.redisKey ?? 'tms:rt', requestsTimeout: 3000 }))
  }

  const listeners: ((events: DispatchedEvent[]) => void)[] = []
  const gateway = createGateway({
    io,
    db: deps.db,
    auth: deps.auth,
    conversations: createConversationService(deps.db),
    log: app.log,
    replayLimit: options.replayLimit ?? 20_000,
    reconnectAfterMs: options.reconnectAfterMs ?? 1000,
  })
  const fanOut = (events: DispatchedEvent[]) => {
    gateway.handleBatch(events)
    for (const listener of listeners) listener(events)
  }
  io.on('tms:events', (events) => {
    for (const listener of listeners) listener(events)
  })

  const dispatcher = createDispatcher({
    db: deps.db,
    ...(config.databaseUrl ? { leaderUrl: config.databaseUrl, applicationName: `${config.pool.applicationName}-realtime` } : {}),
    ...(deps.pglite ? { pglite: deps.pglite } : {}),
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    log: app.log,
    publish(events) {
      // Every node, this one included, delivers to its own sockets.
      fanOut(events)
      if (redis.length) io.serverSideEmit('tms:events', events)
    },
  })

  const realtime: Realtime = { io, dispatcher, gateway, onDispatched: (listener) => void listeners.push(listener) }
  app.decorate('realtime', realtime)

  app.addHook('onListen', async () => dispatcher.start())
  app.addHook('preClose', async () => {
    const drainMs = options.drainMs ?? 5000
    gateway.announceRestart()
    await gateway.drain(drainMs)
    // Deliver what the drained messages committed before giving up leadership.
    if (dispatcher.isLeader()) await Promise.race([dispatcher.idle(), new Promise((resolve) => setTimeout(resolve, drainMs).unref())])
    await dispatcher.stop()
    gateway.close()
    await Promise.resolve(io.of('/').adapter.close())
    await Promise.all(redis.map((client) => client.quit().catch(() => undefined)))
  })
  return realtime
}
