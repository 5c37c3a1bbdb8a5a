/**
 * Two server processes on two ports sharing one PostgreSQL database and one Redis: events written
 * through either reach sockets on the other once; one node leads the dispatcher; SIGTERM drains.
 * Needs TEST_DATABASE_URL and TEST_REDIS_URL; skipped without them.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import pg from 'pg'
import { openDatabase, type Database } from '../src/db/index.js'
import { migrate } from '../src/db/migrate.js'
import { LOCK_KEYS } from '../src/realtime/realtime.queries.js'
import { factories } from './support/factories.js'
import { connect, JWT_SECRET, portfolio, sleep, testDatabaseUrl, testRedisUrl, type Probe, type RealtimeTestApp } from './support/realtime.js'

const root = fileURLToPath(new URL('..', import.meta.url))

async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  server.close()
  return port
}

interface Node {
  name: string
  url: string
  child: ChildProcess
  output: string[]
  exited: Promise<number | null>
}

async function startNode(name: string, env: Record<string, string>): Promise<Node> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), HOST: '127.0.0.1' }, // eslint-disable-line no-restricted-syntax -- the child needs a PATH.
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output: string[] = []
  child.stdout.on('data', (b: Buffer) => output.push(b.toString()))
  child.stderr.on('data', (b: Buffer) => output.push(b.toString()))
  const exited = once(child, 'exit').then(([code]) => code as number | null)
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  for (;;) {
    const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false)
    if (ok) break
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`node ${name} did not start:\n${output.join('')}`)
    await sleep(100)
  }
  return { name, url, child, output, exited }
}

async function login(url: string, email: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'correct horse battery staple' }) })
  assert.equal(res.status, 200)
  return ((await res.json()) as { accessToken: string }).accessToken
}

const skip = !testDatabaseUrl || !testRedisUrl ? 'needs TEST_DATABASE_URL and TEST_REDIS_URL' : false

describe('real time across two server processes', { skip }, () => {
  let database: Database
  let dbName: string
  let a: Node
  let b: Node
  let w: Awaited<ReturnType<typeof portfolio>>
  const probes: Probe[] = []

  before(async () => {
    dbName = `tms_test_nodes_${randomBytes(4).toString('hex')}`
    const admin = new pg.Client({ connectionString: testDatabaseUrl })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${dbName}`)
    await admin.end()
    const url = new URL(testDatabaseUrl!)
    url.pathname = `/${dbName}`
    database = await openDatabase({
      kind: 'postgres',
      url: url.toString(),
      pool: { max: 4, min: 0, idleTimeoutMs: 1000, connectTimeoutMs: 5000, statementTimeoutMs: 30_000, applicationName: 'tms-test' },
    })
    await migrate(database.db)
    w = await portfolio({ f: factories(database.db) } as RealtimeTestApp)
    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      TMS_DEMO: 'off',
      DATABASE_URL: url.toString(),
      REDIS_URL: testRedisUrl!,
      JWT_SECRET,
    }
    ;[a, b] = await Promise.all([startNode('A', { ...env, DB_APPLICATION_NAME: 'tms-node-a' }), startNode('B', { ...env, DB_APPLICATION_NAME: 'tms-node-b' })])
  })

  after(async () => {
    for (const p of probes) p.close()
    for (const node of [a, b]) if (node && node.child.exitCode === null) node.child.kill('SIGKILL')
    await database?.close()
    // pg's pool resolves end() before its sockets have closed; let them, or FORCE would cut them.
    await sleep(300)
    const admin = new pg.Client({ connectionString: testDatabaseUrl })
    await admin.connect()
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
    await admin.end()
  })

  const track = (p: Probe) => (probes.push(p), p)

  /** The application names of the sessions holding the leader lock. */
  async function leaders(): Promise<string[]> {
    const { rows } = await sql<{ name: string }>`SELECT a.application_name AS name FROM pg_locks l
      JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.classid = 0 AND l.objid = ${LOCK_KEYS.leader} AND l.granted
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`.execute(database.db)
    return rows.map((r) => r.name)
  }

  async function waitForLeader(): Promise<string[]> {
    const deadline = Date.now() + 10_000
    let held = await leaders()
    while (held.length !== 1 && Date.now() < deadline) {
      await sleep(100)
      held = await leaders()
    }
    return held
  }

  test('exactly one node leads the dispatcher', async () => {
    const held = await waitForLeader()
    assert.equal(held.length, 1)
    assert.ok(['tms-node-a-realtime', 'tms-node-b-realtime'].includes(held[0]!), held[0])
  })

  test('a write through node B reaches a client on node A once', async () => {
    const managerOnA = track(await connect(a.url, await login(a.url, w.manager.email)))
    const tenantOnA = track(await connect(a.url, await login(a.url, w.tenantUsers[0].email)))
    const tenantOnB = track(await connect(b.url, await login(b.url, w.tenantUsers[0].email)))
    const request = w.requests[0]!

    const res = await fetch(`${b.url}/api/v1/maintenance/${request.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await login(b.url, w.manager.email)}` },
      body: JSON.stringify({ status: 'in_progress' }),
    })
    assert.equal(res.status, 200, await res.clone().text())
    await managerOnA.waitForEvent('maintenance:update', (u) => u.id === request.id)
    await tenantOnA.waitForEvent('notification', (n) => n.title === 'Maintenance started')

    // A conversation message sent on node B, and typing, reach node A.
    const ack = await tenantOnB.emitAck('message', { room: `request:${request.id}`, body: 'Thanks, I will be home' })
    assert.equal(ack.ok, true, JSON.stringify(ack))
    await managerOnA.waitForEvent('message', (m) => m.id === ack.data.id)
    tenantOnB.socket.emit('typing', { room: `request:${request.id}`, isTyping: true })
    await managerOnA.waitForEvent('typing')
    await sleep(500)

    assert.equal(managerOnA.of('maintenance:update').filter((u) => u.id === request.id).length, 1)
    assert.equal(managerOnA.of('message').length, 1)
    assert.equal(tenantOnA.of('notification').filter((n) => n.title === 'Maintenance started').length, 1)
    assert.equal(tenantOnB.of('notification').filter((n) => n.title === 'Maintenance started').length, 1)
    const seqs = managerOnA.sequenced.map((r) => `${r.event}:${r.data.seq}`)
    assert.equal(new Set(seqs).size, seqs.length)
  })

  test('on SIGTERM the leading node tells its clients it is restarting, drains and exits cleanly; the other takes over', async () => {
    // Stop whichever node leads, so the other must take over the dispatcher.
    if ((await waitForLeader())[0] === 'tms-node-b-realtime') [a, b] = [b, a]
    const onA = track(await connect(a.url, await login(a.url, w.manager.email)))
    const onB = track(await connect(b.url, await login(b.url, w.manager.email)))
    a.child.kill('SIGTERM')
    const notice = await onA.waitForEvent('server:restarting', () => true, 10_000)
    assert.equal(typeof notice.reconnectAfterMs, 'number')
    await onA.waitFor(() => onA.disconnectReason !== undefined, 10_000, 'disconnect')
    assert.equal(onA.disconnectReason, 'transport close')
    assert.equal(await a.exited, 0, a.output.join(''))

    const next = await waitForLeader()
    assert.equal(next.length, 1)
    assert.notEqual(next[0], `tms-node-${a.name.toLowerCase()}-realtime`)
    // The other node leads now and delivers writes through itself.
    const res = await fetch(`${b.url}/api/v1/leases/${w.leases[0]!.id}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await login(b.url, w.tenantUsers[0].email)}` },
      body: JSON.stringify({ body: 'Is the office open?' }),
    })
    assert.equal(res.status, 201)
    await onB.waitForEvent('message', (m) => m.body === 'Is the office open?', 10_000)
  })
})
