import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { SignJWT } from 'jose'
import { uuidv7 } from '../src/lib/ids.js'
import { addMonths, todayIn } from '../src/modules/ledger/dates.js'
import { targets } from './support/db.js'
import { connect, JWT_SECRET, portfolio, refusal, sleep, startRealtimeApp, type Probe, type RealtimeTestApp } from './support/realtime.js'

const sorted = (xs: string[]) => [...xs].sort()
/** Lets anything still in flight arrive before asserting that it did not. */
const quiet = async (t: RealtimeTestApp) => {
  await t.settle()
  await sleep(150)
}

for (const target of targets) {
  describe(`real time on ${target.name}`, () => {
    let t: RealtimeTestApp
    before(async () => {
      t = await startRealtimeApp(target)
    })
    after(() => t.close())

    test('refuses a handshake with no token, a bad token or an expired one, and accepts a bearer header', async () => {
      const w = await portfolio(t)
      assert.equal((await refusal(t.url, {})).data?.code, 'auth.unauthenticated')
      assert.equal((await refusal(t.url, { token: 'not-a-token' })).data?.code, 'auth.unauthenticated')
      const now = Math.floor(Date.now() / 1000)
      const expired = await new SignJWT({ org: w.org.id, role: 'admin', sid: uuidv7() })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(w.admin.id)
        .setIssuedAt(now - 120)
        .setExpirationTime(now - 60)
        .sign(new TextEncoder().encode(JWT_SECRET))
      assert.equal((await refusal(t.url, { token: expired })).data?.code, 'auth.token_expired')
      assert.equal((await refusal(t.url, {}, { authorization: 'Bearer nope' })).data?.code, 'auth.unauthenticated')
      const viaHeader = await connect(t.url, await t.tokenFor(w.admin), { header: true })
      assert.equal(viaHeader.of('ready')[0].userId, w.admin.id)
      viaHeader.close()
    })

    test("joins exactly the rooms of each user's scope on connect", async () => {
      const w = await portfolio(t)
      const [l1, l2] = w.leases
      const [r1, r2] = w.requests
      const roomsOf = async (user: (typeof w)['admin']) => {
        const s = await connect(t.url, await t.tokenFor(user))
        s.close()
        return sorted(s.of('ready')[0].rooms)
      }
      assert.deepEqual(await roomsOf(w.admin), sorted([`user:${w.admin.id}`, 'role:admin']))
      assert.deepEqual(
        await roomsOf(w.manager),
        sorted([`user:${w.manager.id}`, 'role:property_manager', `property:${w.propertyA.id}`, `lease:${l1!.id}`, `lease:${l2!.id}`, `request:${r1!.id}`, `request:${r2!.id}`]),
      )
      assert.deepEqual(await roomsOf(w.owner), sorted([`user:${w.owner.id}`, 'role:owner', `property:${w.propertyB.id}`]))
      const t1 = w.tenantUsers[0]
      assert.deepEqual(await roomsOf(t1), sorted([`user:${t1.id}`, 'role:tenant', `tenant:${t1.tenant_id}`, `lease:${l1!.id}`, `request:${r1!.id}`]))
      assert.deepEqual(await roomsOf(w.technician), sorted([`user:${w.technician.id}`, 'role:technician', `request:${r1!.id}`]))
    })

    test("a tenant never receives another tenant's events: every foreign subscribe and emit fails", async () => {
      const w = await portfolio(t)
      const other = await portfolio(t)
      const t1 = w.tenantUsers[0]
      const s = await connect(t.url, await t.tokenFor(t1))
      const foreign = [
        ...w.tenantUsers.slice(1).map((u) => `tenant:${u.tenant_id}`),
        ...other.tenantUsers.map((u) => `tenant:${u.tenant_id}`),
        `property:${w.propertyA.id}`, // the tenant's own building: its room carries other tenants' news
        `property:${w.propertyB.id}`,
        `property:${other.propertyA.id}`,
        'role:admin',
        'role:property_manager',
        'role:owner',
        'role:technician',
        `user:${w.manager.id}`,
        `user:${w.tenantUsers[1].id}`,
        `user:${other.tenantUsers[0].id}`,
        ...w.leases.slice(1).map((l) => `lease:${l.id}`),
        ...other.leases.map((l) => `lease:${l.id}`),
        ...w.requests.slice(1).map((r) => `request:${r.id}`),
        ...other.requests.map((r) => `request:${r.id}`),
        `o:${other.org.id}:tenant:${other.tenantUsers[0].tenant_id}`,
        'sys:guarded',
        `property:${uuidv7()}`,
        'property:*',
        'lease:',
        `${t1.tenant_id}`,
      ]
      const attempts = fc.sample(fc.subarray(foreign, { minLength: 1, maxLength: 6 }), { numRuns: 30, seed: 4 })
      for (const rooms of attempts) {
        const ack = await s.emitAck('subscribe', { rooms })
        assert.deepEqual(ack, { ok: true, data: { joined: [], rejected: rooms } })
      }
      assert.equal(s.of('error').filter((e) => e.code === 'room.forbidden').length, attempts.length)
      for (const room of fc.sample(fc.constantFrom(...foreign), { numRuns: 15, seed: 7 })) {
        const ack = await s.emitAck('message', { room, body: 'hello' })
        assert.equal(ack.ok, false)
        assert.ok(['room.not_member', 'request.invalid'].includes(ack.error.code), ack.error.code)
        s.socket.emit('typing', { room, isTyping: true })
      }
      assert.ok((await s.emitAck('subscribe', { rooms: { not: 'a list' } })).ok === false)

      // Writes everywhere else, in both organizations.
      for (const x of [w, other]) {
        const ownT1 = x === w
        for (const [i, u] of x.tenantUsers.entries()) {
          if (ownT1 && i === 0) continue
          const payment = await t.f.payment(x.org.id, u.tenant_id!, { lease_id: x.leases[i]!.id, status: 'failed' })
          await t.write({ orgId: x.org.id, topic: 'payment', action: 'created', entityId: payment.id })
          await t.write({ orgId: x.org.id, topic: 'tenant', entityId: u.tenant_id! })
          await t.write({ orgId: x.org.id, topic: 'lease', entityId: x.leases[i]!.id, payload: { status: 'terminated', previousStatus: 'active' } })
          await t.write({ orgId: x.org.id, topic: 'maintenance', entityId: x.requests[i]!.id, payload: { status: 'completed', previousStatus: 'open' } })
          const charge = await t.f.charge(x.org.id, x.leases[i]!.id)
          await t.write({ orgId: x.org.id, topic: 'charge', action: 'created', entityId: charge.id })
        }
        await t.write({ orgId: x.org.id, topic: 'property', entityId: x.propertyA.id })
        await t.write({ orgId: x.org.id, topic: 'unit', entityId: x.units[0].id })
        await t.write({ orgId: x.org.id, topic: 'work_order', entityId: (await t.f.workOrder(x.org.id, x.requests[1]!.id)).id, action: 'created' })
      }
      // Then one write of the tenant's own, as the marker that everything before it went out.
      const own = await t.f.payment(w.org.id, t1.tenant_id!, { lease_id: w.leases[0]!.id, status: 'succeeded' })
      await t.write({ orgId: w.org.id, topic: 'payment', action: 'created', entityId: own.id })
      await s.waitForEvent('notification', (n) => n.entityId === own.id)
      await quiet(t)
      assert.deepEqual(
        s.sequenced.map((r) => [r.event, r.data.entity ?? null, r.data.id ?? r.data.entityId, r.data.tenantId ?? null]),
        [
          ['payment:update', 'payment', own.id, t1.tenant_id],
          ['notification', 'payment', `${s.of('notification')[0].id}`, null],
        ],
      )
      assert.equal(s.of('notification')[0].title, 'Payment received')
      assert.equal(s.of('typing').length, 0)
      s.close()
    })

    test('managers get their properties’ events and the targeted notifications; owners and other tenants do not', async () => {
      const w = await portfolio(t)
      const [t1, t2, t3] = w.tenantUsers
      const m = await connect(t.url, await t.tokenFor(w.manager))
      const o = await connect(t.url, await t.tokenFor(w.owner))
      const a = await connect(t.url, await t.tokenFor(w.admin))
      const s1 = await connect(t.url, await t.tokenFor(t1))
      const s2 = await connect(t.url, await t.tokenFor(t2))
      const s3 = await connect(t.url, await t.tokenFor(t3))

      const fresh = await t.f.request(w.org.id, w.propertyA.id, { unit_id: w.units[0].id, tenant_id: t1.tenant_id })
      await t.write({ orgId: w.org.id, topic: 'maintenance', action: 'created', entityId: fresh.id })
      await t.write({ orgId: w.org.id, topic: 'maintenance', entityId: w.requests[0]!.id, payload: { status: 'in_progress', previousStatus: 'open' } })
      const failed = await t.f.payment(w.org.id, t3.tenant_id!, { lease_id: w.leases[2]!.id, status: 'failed' })
      await t.write({ orgId: w.org.id, topic: 'payment', action: 'created', entityId: failed.id })
      await t.write({ orgId: w.org.id, topic: 'lease', entityId: w.leases[1]!.id, payload: { status: 'terminated', previousStatus: 'active' } })
      await s2.waitForEvent('notification', (n) => n.title === 'Lease terminated')
      await quiet(t)

      const titles = (p: Probe) => p.of('notification').map((n) => n.title)
      const updates = (p: Probe) => p.sequenced.filter((r) => r.event !== 'notification').map((r) => `${r.event} ${r.data.id}`)
      assert.deepEqual(titles(m), ['New maintenance request', 'Lease terminated'])
      assert.deepEqual(updates(m), [`maintenance:update ${fresh.id}`, `maintenance:update ${w.requests[0]!.id}`, `lease:update ${w.leases[1]!.id}`])
      assert.deepEqual(titles(o), [])
      assert.deepEqual(updates(o), [`payment:update ${failed.id}`])
      assert.deepEqual(titles(a), [])
      assert.equal(updates(a).length, 4)
      assert.deepEqual(titles(s1), ['Maintenance started'])
      assert.deepEqual(updates(s1), [`maintenance:update ${fresh.id}`, `maintenance:update ${w.requests[0]!.id}`])
      assert.deepEqual(titles(s2), ['Lease terminated'])
      assert.deepEqual(titles(s3), ['Payment failed'])
      assert.deepEqual(s3.of('notification')[0].type, 'error')
      const update = m.of('maintenance:update')[1]
      assert.deepEqual(Object.keys(update).sort(), ['at', 'entity', 'event', 'id', 'leaseId', 'propertyId', 'requestId', 'seq', 'status', 'tenantId', 'unitId'])
      assert.equal(update.status, 'in_progress')
      for (const p of [m, o, a, s1, s2, s3]) p.close()
    })

    test('a write that rolls back emits nothing', async () => {
      const w = await portfolio(t)
      const m = await connect(t.url, await t.tokenFor(w.manager))
      const doomed = uuidv7()
      await assert.rejects(
        t.db.transaction().execute(async (trx) => {
          await trx.updateTable('properties').set({ name: 'Renamed' }).where('id', '=', w.propertyA.id).execute()
          const { appendEvent } = await import('../src/lib/events.js')
          await appendEvent(trx, { orgId: w.org.id, topic: 'property', action: 'updated', entityId: w.propertyA.id, payload: { marker: doomed } })
          throw new Error('abort')
        }),
        /abort/,
      )
      await t.write({ orgId: w.org.id, topic: 'unit', entityId: w.units[0].id })
      await m.waitForEvent('property:update', (u) => u.entity === 'unit')
      await quiet(t)
      assert.deepEqual(m.sequenced.map((r) => r.data.entity), ['unit'])
      const stored = await t.db.selectFrom('events').select('id').where('org_id', '=', w.org.id).execute()
      assert.equal(stored.length, 1)
      m.close()
    })

    test('an event whose transaction commits after a later one is still delivered, once', { skip: target.name === 'pglite' && 'one connection: transactions cannot interleave' }, async () => {
      const w = await portfolio(t)
      const m = await connect(t.url, await t.tokenFor(w.manager))
      const { appendEvent } = await import('../src/lib/events.js')
      let release!: () => void
      const gate = new Promise<void>((resolve) => (release = resolve))
      let inserted!: () => void
      const wasInserted = new Promise<void>((resolve) => (inserted = resolve))
      const slow = t.db.transaction().execute(async (trx) => {
        await appendEvent(trx, { orgId: w.org.id, topic: 'unit', action: 'updated', entityId: w.units[0].id })
        inserted()
        await gate
      })
      await wasInserted
      await t.write({ orgId: w.org.id, topic: 'unit', entityId: w.units[1].id })
      await m.waitForEvent('property:update', (u) => u.id === w.units[1].id)
      release()
      await slow
      await m.waitForEvent('property:update', (u) => u.id === w.units[0].id)
      await quiet(t)
      const rows = await t.db.selectFrom('events').select(['seq', 'position', 'entity_id']).where('org_id', '=', w.org.id).orderBy('seq').execute()
      assert.deepEqual(rows.map((r) => [r.entity_id, Number(r.position)]), [[w.units[0].id, 2], [w.units[1].id, 1]])
      assert.deepEqual(m.sequenced.map((r) => [r.data.id, r.data.seq]), [[w.units[1].id, 1], [w.units[0].id, 2]])
      m.close()
    })

    test('a client disconnected while 100 writes happen gets all 100 on reconnect, in order, once', async () => {
      const w = await portfolio(t)
      const token = await t.tokenFor(w.manager)
      const first = await connect(t.url, token)
      const seen = first.of('ready')[0].seq as number
      first.close()
      await sleep(50)
      const written: string[] = []
      for (let i = 0; i < 100; i++) {
        const topic = (['unit', 'lease', 'tenant', 'maintenance'] as const)[i % 4]!
        const entityId = { unit: w.units[i % 2]!.id, lease: w.leases[i % 2]!.id, tenant: w.tenantUsers[i % 2]!.tenant_id!, maintenance: w.requests[i % 2]!.id }[topic]
        await t.write({ orgId: w.org.id, topic, entityId })
        written.push(entityId)
      }
      await t.settle()
      // Ten more land while the client is reconnecting: they must neither be lost nor doubled.
      const during = (async () => {
        for (let i = 0; i < 10; i++) {
          await t.write({ orgId: w.org.id, topic: 'unit', entityId: w.units[0].id })
          written.push(w.units[0].id)
        }
      })()
      const again = await connect(t.url, token, { lastSeq: seen })
      await during
      const got = await again.waitForCount((r) => typeof r.data?.seq === 'number' && r.event !== 'ready', 110)
      await quiet(t)
      const seqs = again.sequenced.map((r) => r.data.seq as number)
      assert.deepEqual(seqs, Array.from({ length: 110 }, (_, i) => seen + i + 1))
      assert.deepEqual(got.map((r) => r.data.id), written)
      assert.ok(again.of('ready')[0].replayed >= 100)
      assert.equal(again.of('ready')[0].truncated, false)
      again.close()
    })

    test('after logout no further event reaches that socket, other sessions stay, and the token is refused', async () => {
      const w = await portfolio(t)
      const token = await t.tokenFor(w.manager)
      const otherSession = await connect(t.url, await t.tokenFor(w.manager))
      const s = await connect(t.url, token)
      const res = await t.as(token, { method: 'POST', url: '/api/v1/auth/logout' })
      assert.equal(res.statusCode, 204)
      await s.waitFor(() => s.disconnectReason !== undefined, 5000, 'disconnect')
      assert.equal(s.disconnectReason, 'io server disconnect')
      await t.write({ orgId: w.org.id, topic: 'property', entityId: w.propertyA.id })
      await otherSession.waitForEvent('property:update')
      await quiet(t)
      assert.deepEqual(s.sequenced, [])
      assert.equal(t.app.realtime.gateway.socketsOf(w.manager.id).length, 1)
      assert.equal((await refusal(t.url, { token })).data?.code, 'auth.unauthenticated')
      otherSession.close()
    })

    test('an account the admin disables loses its sockets and gets no further event; other accounts keep theirs', async () => {
      const w = await portfolio(t)
      const [t1, t2] = w.tenantUsers
      const s1 = await connect(t.url, await t.tokenFor(t1))
      const s2 = await connect(t.url, await t.tokenFor(t2))
      const res = await t.as(await t.tokenFor(w.admin), { method: 'PATCH', url: `/api/v1/users/${t1.id}`, payload: { disabled: true } })
      assert.equal(res.statusCode, 200, res.body)
      await s1.waitFor(() => s1.disconnectReason !== undefined, 5000, 'disconnect')
      assert.equal(s1.disconnectReason, 'io server disconnect')
      await t.write({ orgId: w.org.id, topic: 'lease', entityId: w.leases[1]!.id })
      await s2.waitForEvent('lease:update')
      await quiet(t)
      assert.deepEqual(s1.sequenced, [])
      assert.equal(t.app.realtime.gateway.socketsOf(t1.id).length, 0)
      s2.close()
    })

    test('messages in a request room are stored once, readable over REST, and reach only its members', async () => {
      const w = await portfolio(t)
      const [t1, t2] = w.tenantUsers
      const r1 = w.requests[0]!
      const room = `request:${r1.id}`
      const s1 = await connect(t.url, await t.tokenFor(t1))
      const s2 = await connect(t.url, await t.tokenFor(t2))
      const m = await connect(t.url, await t.tokenFor(w.manager))
      const tech = await connect(t.url, await t.tokenFor(w.technician))
      const owner = await connect(t.url, await t.tokenFor(w.owner))

      s1.socket.emit('typing', { room, isTyping: true })
      const typing = await m.waitForEvent('typing')
      assert.deepEqual(typing, { room, userId: t1.id, displayName: t1.display_name, isTyping: true })
      await tech.waitForEvent('typing')

      const ack = await s1.emitAck('message', { room, body: 'Water under the sink', clientId: 'client-0001' })
      assert.equal(ack.ok, true)
      const again = await s1.emitAck('message', { room, body: 'Water under the sink', clientId: 'client-0001' })
      assert.equal(again.data.id, ack.data.id)
      const message = await m.waitForEvent('message')
      assert.deepEqual(
        { ...message, seq: 0 },
        { seq: 0, room, id: ack.data.id, authorId: t1.id, authorName: t1.display_name, authorRole: 'tenant', body: 'Water under the sink', createdAt: ack.data.createdAt },
      )
      await tech.waitForEvent('message')
      await s1.waitForEvent('message')
      const presence = await m.emitAck('presence', { room })
      assert.deepEqual(sorted(presence.data.users.map((u: { userId: string }) => u.userId)), sorted([t1.id, w.manager.id, w.technician.id]))

      const forbidden = await owner.emitAck('subscribe', { rooms: [room] })
      assert.deepEqual(forbidden.data, { joined: [], rejected: [room] })
      const rest = await t.as(await t.tokenFor(w.manager), { method: 'GET', url: `/api/v1/maintenance/${r1.id}/comments` })
      assert.equal(rest.statusCode, 200)
      assert.deepEqual(rest.json().data.map((c: { body: string }) => c.body), ['Water under the sink'])
      await quiet(t)
      assert.deepEqual(s2.of('message'), [])
      assert.deepEqual(s2.of('typing'), [])
      assert.deepEqual(owner.of('message'), [])
      assert.equal(s1.of('typing').length, 0)
      for (const p of [s1, s2, m, tech, owner]) p.close()
    })

    test('the lease conversation is stored, served over REST to who may see the lease, and sent to its room', async () => {
      const w = await portfolio(t)
      const [t1, t2] = w.tenantUsers
      const l1 = w.leases[0]!
      const m = await connect(t.url, await t.tokenFor(w.manager))
      const tenantToken = await t.tokenFor(t1)
      const posted = await t.as(tenantToken, { method: 'POST', url: `/api/v1/leases/${l1.id}/messages`, payload: { body: 'When is the inspection?' } })
      assert.equal(posted.statusCode, 201)
      assert.equal(posted.json().authorRole, 'tenant')
      const live = await m.waitForEvent('message')
      assert.equal(live.room, `lease:${l1.id}`)
      assert.equal(live.id, posted.json().id)
      const list = await t.as(await t.tokenFor(w.manager), { method: 'GET', url: `/api/v1/leases/${l1.id}/messages` })
      assert.equal(list.statusCode, 200)
      const page = list.json<{ data: { body: string }[]; page: number; pageSize: number; total: number }>()
      assert.deepEqual({ ...page, data: page.data.map((x) => x.body) }, { data: ['When is the inspection?'], page: 1, pageSize: 20, total: 1 })
      for (const user of [t2, w.technician, w.owner]) {
        const token = await t.tokenFor(user)
        assert.equal((await t.as(token, { method: 'GET', url: `/api/v1/leases/${l1.id}/messages` })).statusCode, 404)
      }
      assert.equal((await t.as(await t.tokenFor(t2), { method: 'POST', url: `/api/v1/leases/${l1.id}/messages`, payload: { body: 'hi' } })).statusCode, 404)
      const unknown = await t.as(tenantToken, { method: 'POST', url: `/api/v1/leases/${l1.id}/messages`, payload: { body: 'x', extra: 1 } })
      assert.equal(unknown.statusCode, 400)
      m.close()
    })

    test('on connect a tenant gets their lease, balance and open requests; a manager the portfolio counts', async () => {
      const w = await portfolio(t)
      const t1 = w.tenantUsers[0]
      await t.f.charge(w.org.id, w.leases[0]!.id, { amount_cents: 150_000 })
      await t.f.charge(w.org.id, w.leases[0]!.id, { amount_cents: 2_500, kind: 'utility' })
      await t.f.payment(w.org.id, w.tenantUsers[1].tenant_id!, { status: 'pending' })
      const s = await connect(t.url, await t.tokenFor(t1))
      const state = s.of('initial:state')[0]
      assert.equal(state.kind, 'tenant')
      assert.equal(state.tenantId, t1.tenant_id)
      assert.deepEqual(
        state.leases.map((l: Record<string, unknown>) => ({ ...l })),
        [{ id: w.leases[0]!.id, unitId: w.units[0].id, propertyId: w.propertyA.id, status: 'active', startDate: '2026-01-01', endDate: w.leases[0]!.end_date, rentCents: 150_000, balanceCents: 152_500 }],
      )
      assert.equal(state.balanceCents, 152_500)
      assert.deepEqual(state.openRequests.map((r: { id: string }) => r.id), [w.requests[0]!.id])
      const m = await connect(t.url, await t.tokenFor(w.manager))
      assert.deepEqual(m.of('initial:state')[0].counts, { properties: 1, units: 2, occupiedUnits: 2, tenants: 2, activeLeases: 2, openRequests: 2, pendingPayments: 1 })
      // A unit whose active lease starts next month is not occupied today, as on the dashboard.
      const vacantToday = await t.f.unit(w.org.id, w.propertyA.id)
      const next = addMonths(`${todayIn('America/New_York').slice(0, 7)}-01`, 1)
      await t.f.lease(w.org.id, vacantToday.id, [(await t.f.tenant(w.org.id)).id], { start_date: next, end_date: null })
      const later = await connect(t.url, await t.tokenFor(w.manager))
      assert.deepEqual(later.of('initial:state')[0].counts, { properties: 1, units: 3, occupiedUnits: 2, tenants: 3, activeLeases: 3, openRequests: 2, pendingPayments: 1 })
      later.close()
      const tech = await connect(t.url, await t.tokenFor(w.technician))
      assert.equal(tech.of('initial:state')[0].openWorkOrders, 1)
      for (const p of [s, m, tech]) p.close()
    })

    test('a new request and a new work order bring the tenant, managers and technician into the request room', async () => {
      const w = await portfolio(t)
      const t2 = w.tenantUsers[1]
      const s2 = await connect(t.url, await t.tokenFor(t2))
      const m = await connect(t.url, await t.tokenFor(w.manager))
      const tech = await connect(t.url, await t.tokenFor(w.technician))
      const fresh = await t.f.request(w.org.id, w.propertyA.id, { unit_id: w.units[1].id, tenant_id: t2.tenant_id })
      await t.write({ orgId: w.org.id, topic: 'maintenance', action: 'created', entityId: fresh.id })
      await m.waitForEvent('maintenance:update', (u) => u.id === fresh.id)
      const order = await t.f.workOrder(w.org.id, fresh.id, { assignee_id: w.technician.id })
      await t.write({ orgId: w.org.id, topic: 'work_order', action: 'created', entityId: order.id, payload: { requestId: fresh.id } })
      assert.equal((await tech.waitForEvent('notification')).title, 'Work order assigned')
      const ack = await s2.emitAck('message', { room: `request:${fresh.id}`, body: 'The tap drips' })
      assert.equal(ack.ok, true, JSON.stringify(ack))
      await m.waitForEvent('message', (x) => x.id === ack.data.id)
      await tech.waitForEvent('message', (x) => x.id === ack.data.id)
      for (const p of [s2, m, tech]) p.close()
    })

    test("a technician made a request's assignee joins its room and hears its thread, with no work-order notice; un-assigned, they leave it", async () => {
      const w = await portfolio(t)
      const t2 = w.tenantUsers[1]
      const s2 = await connect(t.url, await t.tokenFor(t2))
      const tech = await connect(t.url, await t.tokenFor(w.technician))
      const admin = await t.tokenFor(w.admin)
      const fresh = await t.f.request(w.org.id, w.propertyA.id, { unit_id: w.units[1].id, tenant_id: t2.tenant_id })
      await t.write({ orgId: w.org.id, topic: 'maintenance', action: 'created', entityId: fresh.id })
      const room = `request:${fresh.id}`
      const assign = async (assigneeId: string | null) => {
        const res = await t.as(admin, { method: 'PATCH', url: `/api/v1/maintenance/${fresh.id}`, payload: { assigneeId } })
        assert.equal(res.statusCode, 200, res.body)
      }
      await assign(w.technician.id)
      await tech.waitForEvent('maintenance:update', (u) => u.id === fresh.id)
      const heard = await s2.emitAck('message', { room, body: 'The tap drips' })
      assert.equal(heard.ok, true, JSON.stringify(heard))
      await tech.waitForEvent('message', (x) => x.id === heard.data.id)

      await assign(null)
      await quiet(t)
      const unheard = await s2.emitAck('message', { room, body: 'Still dripping' })
      assert.equal(unheard.ok, true, JSON.stringify(unheard))
      await quiet(t)
      assert.ok(!tech.of('message').some((x) => x.id === unheard.data.id), 'an un-assigned technician still hears the thread')
      assert.deepEqual((await tech.emitAck('subscribe', { rooms: [room] })).data, { joined: [], rejected: [room] })
      assert.ok(!tech.of('notification').some((n) => n.title === 'Work order assigned'))
      for (const p of [s2, tech]) p.close()
    })

    test('a maintenance status change through the API tells the tenant that work started', async () => {
      const w = await portfolio(t)
      const s1 = await connect(t.url, await t.tokenFor(w.tenantUsers[0]))
      const res = await t.as(await t.tokenFor(w.manager), { method: 'PATCH', url: `/api/v1/maintenance/${w.requests[0]!.id}`, payload: { status: 'in_progress' } })
      assert.equal(res.statusCode, 200, res.body)
      const n = await s1.waitForEvent('notification')
      assert.deepEqual([n.title, n.type, n.entityId], ['Maintenance started', 'info', w.requests[0]!.id])
      s1.close()
    })

    test('an edit of an in-progress request that keeps its status sends the tenant no status notification', async () => {
      const w = await portfolio(t)
      const id = w.requests[0]!.id
      const s1 = await connect(t.url, await t.tokenFor(w.tenantUsers[0]))
      const manager = await t.tokenFor(w.manager)
      const patch = async (payload: Record<string, unknown>) => {
        const res = await t.as(manager, { method: 'PATCH', url: `/api/v1/maintenance/${id}`, payload })
        assert.equal(res.statusCode, 200, res.body)
      }
      await patch({ status: 'in_progress' })
      await s1.waitForEvent('notification', (n) => n.title === 'Maintenance started')
      // The staff form sends the unchanged status with every save; a priority-only edit says nothing either.
      await patch({ status: 'in_progress', priority: 'high' })
      await patch({ title: 'Kitchen tap drips, now faster' })
      await s1.waitForCount((r) => r.event === 'maintenance:update' && r.data.id === id, 3)
      await quiet(t)
      assert.deepEqual(
        s1.of('notification').map((n) => n.title),
        ['Maintenance started'],
      )
      // A real move still notifies.
      await patch({ status: 'completed' })
      await s1.waitForEvent('notification', (n) => n.title === 'Maintenance completed')
      s1.close()
    })

    test('an update that does not say which status it came from is no status move', async () => {
      const w = await portfolio(t)
      const lease = w.leases[1]!
      const s2 = await connect(t.url, await t.tokenFor(w.tenantUsers[1]))
      // As a deposit disposition on a terminated lease writes it: the lease, with no status of its own.
      await t.write({ orgId: w.org.id, topic: 'lease', entityId: lease.id, payload: { leaseId: lease.id } }, async (trx) => {
        await trx.updateTable('leases').set({ status: 'terminated', terminated_on: lease.start_date }).where('id', '=', lease.id).execute()
      })
      await s2.waitForEvent('lease:update', (u) => u.id === lease.id && u.status === 'terminated')
      await quiet(t)
      assert.deepEqual(s2.of('notification'), [])
      s2.close()
    })
  })
}

for (const target of targets) {
  describe(`real-time sessions and heartbeat on ${target.name}`, () => {
    let t: RealtimeTestApp
    before(async () => {
      t = await startRealtimeApp(target, { ACCESS_TOKEN_TTL_SECONDS: '3' }, { pingIntervalMs: 100, pingTimeoutMs: 150 })
    })
    after(() => t.close())

    test('after the token expires the socket is dropped and gets nothing more; a refreshed token keeps another', async () => {
      const w = await portfolio(t)
      const expiring = await connect(t.url, await t.tokenFor(w.manager))
      const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: w.manager.email, password: 'correct horse battery staple' } })
      const kept = await connect(t.url, login.json().accessToken)
      // Token expiry is in whole seconds: refresh late enough that the new one outlives the old.
      await sleep(1200)
      const refreshed = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: login.json().refreshToken } })
      const ack = await kept.emitAck('auth', { token: refreshed.json().accessToken })
      assert.equal(ack.ok, true, JSON.stringify(ack))
      await expiring.waitForEvent('session:expired', () => true, 5000)
      await expiring.waitFor(() => expiring.disconnectReason !== undefined, 2000, 'disconnect')
      await t.write({ orgId: w.org.id, topic: 'property', entityId: w.propertyA.id })
      await kept.waitForEvent('property:update')
      await quiet(t)
      assert.deepEqual(expiring.sequenced, [])
      assert.equal(kept.socket.connected, true)
      kept.close()
    })

    test('a client that stops answering the heartbeat is dropped from its rooms', async () => {
      const w = await portfolio(t)
      const s = await connect(t.url, await t.tokenFor(w.admin))
      assert.equal(t.app.realtime.gateway.socketsOf(w.admin.id).length, 1)
      // Stop reading the socket: pings go unanswered.
      ;(s.socket.io.engine.transport as unknown as { ws: { _socket: { pause(): void } } }).ws._socket.pause()
      const deadline = Date.now() + 3000
      while (t.app.realtime.gateway.socketsOf(w.admin.id).length && Date.now() < deadline) await sleep(20)
      assert.equal(t.app.realtime.gateway.socketsOf(w.admin.id).length, 0)
      assert.equal((await t.app.realtime.io.in(`o:${w.org.id}:role:admin`).fetchSockets()).length, 0)
      s.close()
    })
  })
}
