/**
 * Real-time delivery under load: 1,000 sockets in their rooms (tenants, property managers,
 * admins), then a burst of committed writes; reports delivery latency (commit → client) p50/p99,
 * events and socket messages per second, and checks every expected delivery arrived exactly once.
 * The sockets live in worker threads, so the clients' own work does not slow the server's loop.
 * Everything stays on 127.0.0.1 and ends within a time limit.
 *
 *   npx tsx bench/realtime.ts                      embedded PGlite, server in this process
 *   npx tsx bench/realtime.ts --postgres URL       a server process on a fresh database there
 *   npx tsx bench/realtime.ts --postgres URL --redis redis://127.0.0.1:6379
 * Options: --sockets 1000 --writes 2000 --concurrency 8 (PostgreSQL writers) --properties 20
 *          --workers 2 (client threads; 0 = this thread) --rate 0 (writes/s; 0 = a burst) --time-limit 300
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { parseArgs } from 'node:util'
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'
import { SignJWT } from 'jose'
import pg from 'pg'
import { io, type Socket } from 'socket.io-client'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { openDatabase, type Database } from '../src/db/index.js'
import { migrate } from '../src/db/migrate.js'
import type { Db, NewRow, Role } from '../src/db/types.js'
import { appendEvent } from '../src/lib/events.js'
import { uuidv7 } from '../src/lib/ids.js'
import type { App } from '../src/lib/http.js'

const { values: args } = parseArgs({
  options: {
    sockets: { type: 'string', default: '1000' },
    writes: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '8' },
    properties: { type: 'string', default: '20' },
    postgres: { type: 'string' },
    redis: { type: 'string' },
    'time-limit': { type: 'string', default: '300' },
    workers: { type: 'string', default: '2' },
    /** Writes per second across all writers; 0 writes as fast as the database takes them. */
    rate: { type: 'string', default: '0' },
  },
})
const SOCKETS = Number(args.sockets)
const WRITES = Number(args.writes)
const CONCURRENCY = Number(args.concurrency)
const PROPERTIES = Number(args.properties)
const ADMINS = 10
const MANAGERS_PER_PROPERTY = 2
const TENANTS = SOCKETS - ADMINS - PROPERTIES * MANAGERS_PER_PROPERTY
const SECRET = randomBytes(32).toString('hex')

const deadline = setTimeout(() => {
  console.error(`time limit of ${args['time-limit']}s reached`)
  process.exit(2)
}, Number(args['time-limit']) * 1000)
deadline.unref()

const now = () => performance.timeOrigin + performance.now()
const chunks = <T>(xs: T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n))
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN

async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  server.close()
  return typeof address === 'object' && address ? address.port : 0
}

interface Account {
  id: string
  role: Role
  tenantId: string | null
  propertyId: string | null
  sessionId: string
}

/** One organization: properties with managers and tenants on leases, admins; sessions made directly. */
async function seed(db: Db) {
  const orgId = uuidv7()
  await db.insertInto('organizations').values({ id: orgId, name: `Bench ${orgId.slice(-6)}` }).execute()
  const properties = Array.from({ length: PROPERTIES }, (_, i) => ({
    id: uuidv7(),
    org_id: orgId,
    name: `Bench property ${i}`,
    type: 'apartment' as const,
    address_line1: `${i} Bench Street`,
    city: 'Springfield',
    state: 'IL',
  }))
  await db.insertInto('properties').values(properties).execute()
  const accounts: Account[] = []
  const users: NewRow<'users'>[] = []
  const user = (role: Role, tenantId: string | null, propertyId: string | null) => {
    const id = uuidv7()
    accounts.push({ id, role, tenantId, propertyId, sessionId: uuidv7() })
    return { id, org_id: orgId, email: `${role}-${id}@bench.test`, password_hash: 'x', display_name: `${role} ${accounts.length}`, role, tenant_id: tenantId } satisfies NewRow<'users'>
  }
  for (let i = 0; i < ADMINS; i++) users.push(user('admin', null, null))
  const managers: { org_id: string; property_id: string; user_id: string }[] = []
  for (const p of properties) {
    for (let i = 0; i < MANAGERS_PER_PROPERTY; i++) {
      const u = user('property_manager', null, p.id)
      users.push(u)
      managers.push({ org_id: orgId, property_id: p.id, user_id: u.id })
    }
  }
  const tenants = Array.from({ length: TENANTS }, (_, i) => ({ id: uuidv7(), org_id: orgId, first_name: `T${i}`, last_name: 'Bench', status: 'active' as const }))
  const units = tenants.map((_, i) => ({ id: uuidv7(), org_id: orgId, property_id: properties[i % PROPERTIES]!.id, unit_number: `U${i}` }))
  const leases = units.map((u) => ({ id: uuidv7(), org_id: orgId, unit_id: u.id, start_date: '2026-01-01', end_date: '2026-12-31', rent_cents: 150_000, status: 'active' as const }))
  for (const batch of chunks(tenants, 500)) await db.insertInto('tenants').values(batch).execute()
  for (const [i, t] of tenants.entries()) users.push(user('tenant', t.id, units[i]!.property_id))
  for (const batch of chunks(users, 500)) await db.insertInto('users').values(batch).execute()
  await db.insertInto('property_managers').values(managers).execute()
  for (const batch of chunks(units, 500)) await db.insertInto('units').values(batch).execute()
  for (const batch of chunks(leases, 500)) await db.insertInto('leases').values(batch).execute()
  for (const batch of chunks(leases.map((l, i) => ({ org_id: orgId, lease_id: l.id, tenant_id: tenants[i]!.id, is_primary: true })), 500)) {
    await db.insertInto('lease_tenants').values(batch).execute()
  }
  const expires = new Date(Date.now() + 3600_000)
  for (const batch of chunks(accounts, 500)) {
    await db
      .insertInto('sessions')
      .values(batch.map((a) => ({ id: a.sessionId, org_id: orgId, user_id: a.id, refresh_hash: createHash('sha256').update(a.sessionId).digest('hex'), expires_at: expires })))
      .execute()
  }
  const leaseOf = new Map(tenants.map((t, i) => [t.id, leases[i]!.id]))
  return { orgId, accounts, tenants, leaseOf }
}

const token = (orgId: string, a: Account) =>
  new SignJWT({ org: orgId, role: a.role, sid: a.sessionId }).setProtectedHeader({ alg: 'HS256' }).setSubject(a.id).setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode(SECRET))

async function main() {
  const mode = args.postgres ? 'postgres' : 'pglite'
  let database: Database
  let dbName: string | undefined
  let url: string
  let app: App | undefined
  let child: ChildProcess | undefined
  if (args.postgres) {
    dbName = `tms_bench_${randomBytes(4).toString('hex')}`
    const admin = new pg.Client({ connectionString: args.postgres })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${dbName}`)
    await admin.end()
    const target = new URL(args.postgres)
    target.pathname = `/${dbName}`
    database = await openDatabase({ kind: 'postgres', url: target.toString(), pool: { max: CONCURRENCY + 2, min: 0, idleTimeoutMs: 10_000, connectTimeoutMs: 5000, statementTimeoutMs: 60_000, applicationName: 'tms-bench' } })
    await migrate(database.db)
    const port = await freePort()
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: target.toString(),
        ...(args.redis ? { REDIS_URL: args.redis } : {}),
        JWT_SECRET: SECRET,
        TMS_DEMO: 'off',
        LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        PORT: String(port),
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    })
    url = `http://127.0.0.1:${port}`
    for (let i = 0; ; i++) {
      if (await fetch(`${url}/health`).then((r) => r.ok, () => false)) break
      if (i > 600) throw new Error('server did not start')
      await new Promise((r) => setTimeout(r, 100))
    }
  } else {
    database = await openDatabase({ kind: 'pglite', dataDir: undefined })
    await migrate(database.db)
    app = await buildApp({
      config: loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'warn', JWT_SECRET: SECRET, ...(args.redis ? { REDIS_URL: args.redis } : {}) }),
      db: database.db,
      ...(database.pglite ? { pglite: database.pglite } : {}),
      realtime: { redisKey: `tms-bench:${randomBytes(4).toString('hex')}` },
    })
    await app.listen({ host: '127.0.0.1', port: 0 })
    const address = app.server.address()
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  }
  serverUrl = url
  const db = database.db
  const published = new Map<string, number>()
  app?.realtime.onDispatched((events) => {
    const at = now()
    for (const e of events) published.set(e.entityId, at)
  })

  const seedStart = now()
  const world = await seed(db)
  console.log(`seeded ${world.accounts.length} accounts in ${Math.round(now() - seedStart)} ms (${mode}${args.redis ? ' + redis adapter' : ''})`)

  // Connect every socket, from the worker threads, and wait until each is ready.
  const tokens = await Promise.all(world.accounts.map((a) => token(world.orgId, a)))
  const connectStart = now()
  const hosts = Number(args.workers) > 0 ? chunks(tokens, Math.ceil(tokens.length / Number(args.workers))).map(inWorker) : [await clients(url, tokens)]
  await Promise.all(hosts.map((h) => h.ready))
  const connectMs = now() - connectStart
  console.log(`${tokens.length} sockets ready in ${Math.round(connectMs)} ms (${Number(args.workers) || 'no'} client threads)`)

  // Expected receivers of a payment by tenant t: that tenant, the property's managers, the admins.
  const tenantAccount = new Map(world.accounts.filter((a) => a.tenantId).map((a) => [a.tenantId!, a]))
  const managersOf = new Map<string, number>()
  for (const a of world.accounts) if (a.role === 'property_manager') managersOf.set(a.propertyId!, (managersOf.get(a.propertyId!) ?? 0) + 1)

  // The burst.
  const committed = new Map<string, number>()
  const expected = new Map<string, number>()
  const jobs = Array.from({ length: WRITES }, (_, i) => world.tenants[(i * 7919) % world.tenants.length]!)
  const burstStart = now()
  let next = 0
  await Promise.all(
    Array.from({ length: args.postgres ? CONCURRENCY : 1 }, async () => {
      while (next < jobs.length) {
        const n = next++
        const tenant = jobs[n]!
        const due = burstStart + (Number(args.rate) > 0 ? (n * 1000) / Number(args.rate) : 0)
        if (due > now()) await new Promise((r) => setTimeout(r, due - now()))
        const id = uuidv7()
        await db.transaction().execute(async (trx) => {
          await trx
            .insertInto('payments')
            .values({ id, org_id: world.orgId, tenant_id: tenant.id, lease_id: world.leaseOf.get(tenant.id)!, amount_cents: 150_000, method: 'ach', status: 'succeeded', paid_on: '2026-03-01' })
            .execute()
          await appendEvent(trx, { orgId: world.orgId, topic: 'payment', action: 'created', entityId: id, payload: { tenantId: tenant.id } })
        })
        committed.set(id, now())
        // As a server between requests: let I/O run. The embedded engine answers in microtasks, so
        // a tight loop of writes would otherwise starve the very sockets being measured.
        await new Promise((resolve) => setImmediate(resolve))
        expected.set(id, 1 + ADMINS + (managersOf.get(tenantAccount.get(tenant.id)!.propertyId!) ?? 0))
      }
    }),
  )
  const writeMs = now() - burstStart
  const totalExpected = [...expected.values()].reduce((a, b) => a + b, 0)
  const received = new Map<string, number[]>()
  for (const part of await Promise.all(hosts.map((h) => h.finish()))) {
    for (const [id, times] of part) received.set(id, [...(received.get(id) ?? []), ...times])
  }

  const latencies: number[] = []
  let last = 0
  let duplicates = 0
  let missing = 0
  for (const [id, at] of committed) {
    const times = received.get(id) ?? []
    for (const t of times) {
      latencies.push(t - at)
      last = Math.max(last, t)
    }
    const want = expected.get(id)!
    if (times.length > want) duplicates += times.length - want
    if (times.length < want) missing += want - times.length
  }
  latencies.sort((a, b) => a - b)
  const toPublish = [...committed].flatMap(([id, at]) => (published.has(id) ? [published.get(id)! - at] : [])).sort((a, b) => a - b)
  const spanS = (last - burstStart) / 1000
  const delivered = latencies.length
  const report = {
    mode: `${mode}${args.redis ? '+redis' : ''}`,
    sockets: tokens.length,
    writes: WRITES,
    writeConcurrency: args.postgres ? CONCURRENCY : 1,
    pacedWritesPerSecond: Number(args.rate) || null,
    connectAllMs: Math.round(connectMs),
    writesPerSecond: Math.round(WRITES / (writeMs / 1000)),
    eventsDeliveredPerSecond: Math.round(WRITES / spanS),
    socketMessagesPerSecond: Math.round(delivered / spanS),
    deliveries: delivered,
    expectedDeliveries: totalExpected,
    duplicates,
    missing,
    ...(toPublish.length ? { commitToDispatchMs: { p50: +quantile(toPublish, 0.5).toFixed(1), p99: +quantile(toPublish, 0.99).toFixed(1) } } : {}),
    latencyMs: {
      p50: +quantile(latencies, 0.5).toFixed(1),
      p90: +quantile(latencies, 0.9).toFixed(1),
      p99: +quantile(latencies, 0.99).toFixed(1),
      max: +(latencies.at(-1) ?? NaN).toFixed(1),
    },
  }
  console.log(JSON.stringify(report, null, 2))

  await Promise.all(hosts.map((h) => h.close()))
  if (app) await app.close()
  if (child) {
    child.kill('SIGTERM')
    await once(child, 'exit')
  }
  await database.close()
  if (dbName) {
    await new Promise((r) => setTimeout(r, 300))
    const admin = new pg.Client({ connectionString: args.postgres })
    await admin.connect()
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
    await admin.end()
  }
  process.exit(duplicates || missing ? 1 : 0)
}

interface ClientHost {
  ready: Promise<void>
  /** Once the stream has gone quiet: when each payment update reached each socket. */
  finish(): Promise<[string, number[]][]>
  close(): Promise<void>
}

/** Sockets in this thread, recording when each payment update reached each of them. */
async function clients(url: string, tokens: string[]): Promise<ClientHost> {
  const received = new Map<string, number[]>()
  let count = 0
  const sockets: Socket[] = []
  for (const batch of chunks(tokens, 50)) {
    await Promise.all(
      batch.map(
        (t) =>
          new Promise<void>((resolve, reject) => {
            const s = io(url, { path: '/ws', transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: t } })
            sockets.push(s)
            s.on('payment:update', (u: { id: string }) => {
              const at = now()
              let list = received.get(u.id)
              if (!list) received.set(u.id, (list = []))
              list.push(at)
              count++
            })
            s.once('ready', () => resolve())
            s.once('connect_error', (e) => reject(e))
          }),
      ),
    )
  }
  return {
    ready: Promise.resolve(),
    finish: () =>
      new Promise((resolve) => {
        // Quiet: nothing new for 1.5 seconds.
        let seen = -1
        let quiet = 0
        const check = setInterval(() => {
          if (count !== seen) {
            seen = count
            quiet = 0
          } else if (++quiet >= 3) {
            clearInterval(check)
            resolve([...received.entries()])
          }
        }, 500)
      }),
    close: async () => {
      for (const s of sockets) s.disconnect()
    },
  }
}

/** The same, in a worker thread (which does not inherit tsx's loader: it registers it first). */
function inWorker(tokens: string[]): ClientHost {
  const worker = new Worker(
    `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}) })`,
    { eval: true, workerData: { url: urlOf(), tokens }, argv: [] },
  )
  const message = (kind: string) =>
    new Promise<{ kind: string; received?: [string, number[]][]; error?: string }>((resolve, reject) => {
      const on = (m: { kind: string; error?: string }) => {
        if (m.kind === 'failed') reject(new Error(m.error))
        if (m.kind === kind) {
          worker.off('message', on)
          resolve(m)
        }
      }
      worker.on('message', on)
      worker.once('error', reject)
    })
  const ready = message('ready').then(() => undefined)
  return {
    ready,
    async finish() {
      const done = message('received')
      worker.postMessage({ kind: 'finish' })
      return (await done).received!
    },
    close: () => worker.terminate().then(() => undefined),
  }
}

let serverUrl = ''
const urlOf = () => serverUrl

if (isMainThread) {
  main().catch((error: unknown) => {
    console.error(error)
    process.exit(1)
  })
} else {
  const { url, tokens } = workerData as { url: string; tokens: string[] }
  clients(url, tokens).then(
    (host) => {
      parentPort!.postMessage({ kind: 'ready' })
      parentPort!.on('message', (m: { kind: string }) => {
        if (m.kind === 'finish') void host.finish().then((received) => parentPort!.postMessage({ kind: 'received', received }))
      })
    },
    (error: unknown) => parentPort!.postMessage({ kind: 'failed', error: String(error) }),
  )
}
