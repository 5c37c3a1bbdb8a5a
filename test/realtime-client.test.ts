import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { backoffDelay, createRealtimeClient, type ConnectionStatus, type RealtimeClient } from '../src/realtime/client.js'
import type { UpdateEvent } from '../src/realtime/realtime.schema.js'
import { targets } from './support/db.js'
import { portfolio, sleep, startRealtimeApp, type RealtimeTestApp } from './support/realtime.js'

describe('client backoff', () => {
  test('grows by the factor, is capped, and is jittered over the whole interval', () => {
    const b = { initialMs: 500, maxMs: 30_000, factor: 2 }
    assert.deepEqual([0, 1, 2, 3].map((n) => backoffDelay(n, b, () => 1)), [500, 1000, 2000, 4000])
    assert.equal(backoffDelay(12, b, () => 1), 30_000)
    assert.equal(backoffDelay(200, b, () => 1), 30_000)
    assert.equal(backoffDelay(5, b, () => 0), 0)
    assert.equal(backoffDelay(3, b, () => 0.25), 1000)
  })
})

/** Another well-formed id than `id` (its last digit changed), for a room nobody may join. */
const otherId = (id: string): string => id.slice(0, -1) + (id.endsWith('0') ? '1' : '0')

async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(10)
  }
}

for (const target of targets) {
  describe(`real-time client on ${target.name}`, () => {
    let t: RealtimeTestApp
    const clients: RealtimeClient[] = []
    before(async () => {
      t = await startRealtimeApp(target)
    })
    after(async () => {
      for (const c of clients) c.close()
      await t.close()
    })

    const open = (token: () => string | null, refreshToken?: () => Promise<string | null>) => {
      const c = createRealtimeClient({
        url: t.url,
        getToken: token,
        ...(refreshToken ? { refreshToken } : {}),
        backoff: { initialMs: 50, maxMs: 200 },
        socketOptions: { transports: ['websocket'], forceNew: true },
      })
      clients.push(c)
      return c
    }

    test('queues messages while offline, reconnects with backoff, and replays what it missed in order, once', async () => {
      const w = await portfolio(t)
      const token = await t.tokenFor(w.manager)
      const client = open(() => token)
      const statuses: ConnectionStatus[] = []
      client.onStatus((s) => statuses.push(s))
      const updates: UpdateEvent[] = []
      client.on('property:update', (u) => updates.push(u))
      const messages: string[] = []
      client.on('message', (m) => messages.push(m.body))
      client.connect()
      await until(() => client.status === 'online', 'online')
      await t.write({ orgId: w.org.id, topic: 'unit', entityId: w.units[0].id })
      await until(() => updates.length === 1, 'first update')

      // The server loses the transport (a deploy, a network blip): the client must come back by itself.
      for (const s of t.app.realtime.gateway.socketsOf(w.manager.id)) s.conn.close()
      await until(() => statuses.includes('reconnecting'), 'reconnecting', 2000)
      const sent = client.send(`request:${w.requests[0]!.id}`, 'Plumber booked for Tuesday')
      for (let i = 0; i < 5; i++) await t.write({ orgId: w.org.id, topic: 'unit', entityId: w.units[1].id })
      const stored = await sent
      assert.equal(stored.body, 'Plumber booked for Tuesday')
      await until(() => updates.length === 6 && messages.length === 1, 'replayed updates and the queued message')
      await t.settle()
      await sleep(150)
      const seqs = updates.map((u) => u.seq)
      assert.deepEqual(seqs, [...new Set(seqs)].sort((x, y) => x - y))
      assert.ok(seqs.every((seq) => seq >= 1 && seq <= 7))
      assert.deepEqual(messages, ['Plumber booked for Tuesday'])
      assert.equal(client.pending, 0)
      assert.equal(client.lastSeq, 7)
      const rows = await t.db.selectFrom('request_comments').select('body').where('request_id', '=', w.requests[0]!.id).execute()
      assert.deepEqual(rows.map((r) => r.body), ['Plumber booked for Tuesday'])
      assert.deepEqual(statuses.slice(0, 4), ['connecting', 'online', 'reconnecting', 'online'])
    })

    test('a new client without a saved position starts from now: the history is not replayed to it', async () => {
      const w = await portfolio(t)
      for (let i = 0; i < 3; i++) await t.write({ orgId: w.org.id, topic: 'unit', entityId: w.units[0].id })
      await t.settle()
      const token = await t.tokenFor(w.manager)
      const client = open(() => token)
      const updates: UpdateEvent[] = []
      client.on('property:update', (u) => updates.push(u))
      client.connect()
      await until(() => client.status === 'online', 'online')
      await sleep(200)
      assert.deepEqual(updates, [])
      await t.write({ orgId: w.org.id, topic: 'unit', entityId: w.units[1].id })
      await until(() => updates.length === 1, 'the next update, live')
    })

    test('rejoins the rooms it subscribed to after a reconnect', async () => {
      const w = await portfolio(t)
      const token = await t.tokenFor(w.admin)
      const client = open(() => token)
      const messages: string[] = []
      client.on('message', (m) => messages.push(m.room))
      const statuses: ConnectionStatus[] = []
      client.onStatus((s) => statuses.push(s))
      client.connect()
      await until(() => client.status === 'online', 'online')
      const room = `request:${w.requests[2]!.id}`
      assert.deepEqual(await client.subscribe([room, `request:${otherId(w.requests[0]!.id)}`]), { joined: [room], rejected: [`request:${otherId(w.requests[0]!.id)}`] })
      for (const s of t.app.realtime.gateway.socketsOf(w.admin.id)) s.conn.close()
      await until(() => statuses.includes('reconnecting'), 'reconnecting', 2000)
      await until(() => client.status === 'online', 'online again')
      const tenantToken = await t.tokenFor(w.tenantUsers[2])
      const res = await t.as(tenantToken, { method: 'POST', url: `/api/v1/maintenance/${w.requests[2]!.id}/comments`, payload: { body: 'Still dripping' } })
      assert.equal(res.statusCode, 201, res.body)
      await until(() => messages.length === 1, 'message in the rejoined room')
      assert.deepEqual(messages, [room])
      assert.deepEqual(client.rooms, [room])
    })

    test('goes offline and asks for sign-in when the session ends and no token can be renewed', async () => {
      const w = await portfolio(t)
      const token = await t.tokenFor(w.manager)
      let asked = 0
      const client = open(
        () => token,
        async () => {
          asked++
          return null
        },
      )
      let required = 0
      client.on('auth:required', () => required++)
      client.connect()
      await until(() => client.status === 'online', 'online')
      assert.equal((await t.as(token, { method: 'POST', url: '/api/v1/auth/logout' })).statusCode, 204)
      await until(() => client.status === 'offline' && required === 1, 'offline')
      assert.equal(asked, 1)
    })
  })
}
