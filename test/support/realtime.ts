/**
 * Real-time test harness: an app listening on a free port of 127.0.0.1 (PGlite with LISTEN on the
 * engine; PostgreSQL with its own leader session and, when TEST_REDIS_URL is set, the Redis
 * adapter), real socket.io-client sockets that record what they receive, and outbox helpers.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- what arrives on a socket is checked by each test's assertions, not by types. */
import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { io, type Socket } from 'socket.io-client'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import type { EventTopic, Row, Trx } from '../../src/db/types.js'
import { appendEvent } from '../../src/lib/events.js'
import type { App } from '../../src/lib/http.js'
import type { RealtimeOptions } from '../../src/realtime/index.js'
import { addMonths, todayIn } from '../../src/modules/ledger/dates.js'
import type { TestTarget } from './db.js'
import { factories, TEST_PASSWORD, type Factories } from './factories.js'

export const JWT_SECRET = 'test-secret-test-secret-test-secret-0123'
// eslint-disable-next-line no-restricted-syntax -- tests read their servers from the environment, as CI sets them.
export const testRedisUrl = process.env.TEST_REDIS_URL
// eslint-disable-next-line no-restricted-syntax -- as above.
export const testDatabaseUrl = process.env.TEST_DATABASE_URL

export interface Received {
  event: string
  data: any
  at: number
}

/** A real client socket that keeps every event it receives, in order. */
export class Probe {
  readonly received: Received[] = []
  readonly socket: Socket
  disconnectReason: string | undefined

  constructor(socket: Socket) {
    this.socket = socket
    socket.onAny((event: string, data: unknown) => this.received.push({ event, data, at: Date.now() }))
    socket.on('disconnect', (reason) => (this.disconnectReason = reason))
  }

  of(event: string): any[] {
    return this.received.filter((r) => r.event === event).map((r) => r.data)
  }

  /** Updates, notifications and messages: everything that carries a stream position. */
  get sequenced(): Received[] {
    return this.received.filter((r) => typeof r.data?.seq === 'number' && r.event !== 'ready')
  }

  async waitFor(predicate: (r: Received) => boolean, timeoutMs = 5000, what = 'event'): Promise<Received> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const hit = this.received.find(predicate)
      if (hit) return hit
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; received: ${this.received.map((r) => r.event).join(', ')}`)
      await sleep(10)
    }
  }

  waitForEvent(event: string, match: (data: any) => boolean = () => true, timeoutMs = 5000): Promise<any> {
    return this.waitFor((r) => r.event === event && match(r.data), timeoutMs, event).then((r) => r.data)
  }

  async waitForCount(predicate: (r: Received) => boolean, count: number, timeoutMs = 10_000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const hits = this.received.filter(predicate)
      if (hits.length >= count) return hits
      if (Date.now() > deadline) throw new Error(`timed out: ${hits.length} of ${count}`)
      await sleep(10)
    }
  }

  emitAck(event: string, body: unknown, timeoutMs = 5000): Promise<any> {
    return this.socket.timeout(timeoutMs).emitWithAck(event, body)
  }

  close(): void {
    this.socket.disconnect()
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export interface ConnectOptions {
  lastSeq?: number
  rooms?: string[]
  /** Send the token as an Authorization header instead of auth.token. */
  header?: boolean
}

/** Opens a socket and resolves once it is ready (or rejects with the refusal). */
export async function connect(url: string, token: string | undefined, options: ConnectOptions = {}): Promise<Probe> {
  const auth: Record<string, unknown> = {}
  if (token && !options.header) auth.token = token
  if (options.lastSeq !== undefined) auth.lastSeq = options.lastSeq
  if (options.rooms) auth.rooms = options.rooms
  const socket = io(url, {
    path: '/ws',
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth,
    ...(options.header && token ? { extraHeaders: { authorization: `Bearer ${token}` } } : {}),
  })
  const probe = new Probe(socket)
  await new Promise<void>((resolve, reject) => {
    socket.once('connect_error', (error) => reject(error))
    socket.once('ready', () => resolve())
  })
  return probe
}

/** Resolves with the connect_error a refused handshake gets. */
export async function refusal(url: string, auth: Record<string, unknown>, headers?: Record<string, string>): Promise<Error & { data?: { code?: string } }> {
  const socket = io(url, { path: '/ws', transports: ['websocket'], reconnection: false, forceNew: true, auth, ...(headers ? { extraHeaders: headers } : {}) })
  try {
    return await new Promise((resolve, reject) => {
      socket.once('connect_error', (error) => resolve(error))
      socket.once('connect', () => reject(new Error('the handshake was accepted')))
    })
  } finally {
    socket.disconnect()
  }
}

export interface RealtimeTestApp {
  app: App
  db: import('../../src/db/types.js').Db
  f: Factories
  url: string
  target: TestTarget['name']
  tokenFor(user: Row<'users'>): Promise<string>
  as(token: string, options: import('fastify').InjectOptions): Promise<import('fastify').LightMyRequestResponse>
  /** Appends an event in its own committed transaction, after `write` (if any) ran in it. */
  write(event: WriteEvent, write?: (trx: Trx) => Promise<void>): Promise<void>
  /** Waits until every committed event has been dispatched. */
  settle(): Promise<void>
  close(): Promise<void>
}

export interface WriteEvent {
  orgId: string
  topic: EventTopic
  action?: 'created' | 'updated' | 'deleted'
  entityId: string
  payload?: Record<string, unknown>
}

export async function startRealtimeApp(target: TestTarget, env: Record<string, string> = {}, options: RealtimeOptions = {}): Promise<RealtimeTestApp> {
  const database = await target.open()
  const extra: Record<string, string> = {}
  if (target.name === 'postgres' && testDatabaseUrl) {
    // The leader's own session (LISTEN, advisory lock) needs this database's URL.
    const { rows } = await sql<{ name: string }>`SELECT current_database() AS name`.execute(database.db)
    const u = new URL(testDatabaseUrl)
    u.pathname = `/${rows[0]!.name}`
    extra.DATABASE_URL = u.toString()
    if (testRedisUrl) extra.REDIS_URL = testRedisUrl
  }
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', JWT_SECRET, ...extra, ...env })
  const app = await buildApp({
    config,
    db: database.db,
    ...(database.pglite ? { pglite: database.pglite } : {}),
    realtime: { redisKey: `tms-test:${randomBytes(6).toString('hex')}`, drainMs: 500, ...options },
  })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const db = database.db
  return {
    app,
    db,
    f: factories(db),
    url: `http://127.0.0.1:${port}`,
    target: target.name,
    async tokenFor(user) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: TEST_PASSWORD } })
      if (res.statusCode !== 200) throw new Error(`login failed for ${user.email}: ${res.statusCode} ${res.body}`)
      return res.json<{ accessToken: string }>().accessToken
    },
    as(token, opts) {
      return app.inject({ ...opts, headers: { ...opts.headers, authorization: `Bearer ${token}` } })
    },
    async write(event, write) {
      await db.transaction().execute(async (trx) => {
        await write?.(trx)
        await appendEvent(trx, { action: 'updated', ...event })
      })
    },
    settle: () => app.realtime.dispatcher.idle(),
    async close() {
      await app.close()
      await database.close()
    },
  }
}

/**
 * One organization with two properties: a manager for A, an owner of B, an admin, two tenants
 * leasing at A (T1, T2) and one at B (T3), each with an open maintenance request, and a
 * technician with a work order on T1's request.
 */
export async function portfolio(t: RealtimeTestApp) {
  const org = await t.f.org()
  const admin = await t.f.user(org.id, 'admin')
  const manager = await t.f.user(org.id, 'property_manager')
  const owner = await t.f.user(org.id, 'owner')
  const technician = await t.f.user(org.id, 'technician')
  const propertyA = await t.f.property(org.id)
  const propertyB = await t.f.property(org.id, { owner_id: owner.owner_id })
  await t.f.assignManager(org.id, propertyA.id, manager.id)
  const units = await Promise.all([t.f.unit(org.id, propertyA.id), t.f.unit(org.id, propertyA.id), t.f.unit(org.id, propertyB.id)])
  const tenantUsers = await Promise.all([t.f.user(org.id, 'tenant'), t.f.user(org.id, 'tenant'), t.f.user(org.id, 'tenant')])
  const leases: Row<'leases'>[] = []
  const requests: Row<'maintenance_requests'>[] = []
  for (let i = 0; i < 3; i++) {
    const unit = units[i]!
    const tenantId = tenantUsers[i]!.tenant_id!
    // Leases that cover today whenever the suite runs, so the units count as occupied.
    leases.push(await t.f.lease(org.id, unit.id, [tenantId], { end_date: addMonths(todayIn('America/New_York'), 12) }))
    requests.push(await t.f.request(org.id, unit.property_id, { unit_id: unit.id, tenant_id: tenantId }))
  }
  await t.f.workOrder(org.id, requests[0]!.id, { assignee_id: technician.id })
  return { org, admin, manager, owner, technician, propertyA, propertyB, units, tenantUsers, leases, requests }
}
