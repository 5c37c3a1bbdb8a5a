/**
 * The socket side of real time, per node: the handshake, rooms joined from the user's scope,
 * client messages, and the fan-out of dispatched events to this node's own sockets.
 *
 * Exactly once, in order, across reconnects: a connecting socket is "guarded" — left out of room
 * broadcasts — while it replays from the outbox the events after the last position it saw, up to
 * the stream head it read after joining its rooms. Events dispatched meanwhile are buffered for it
 * and delivered if past that head. It rejoins the broadcasts once this node's live stream has
 * passed the head, so no position reaches it twice.
 */
import type { FastifyBaseLogger } from 'fastify'
import { LRUCache } from 'lru-cache'
import type { Server, Socket } from 'socket.io'
import type { Db, Role } from '../db/types.js'
import type { Principal } from '../lib/access.js'
import { AppError } from '../lib/errors.js'
import type { AuthService } from '../modules/auth/auth.service.js'
import { createRealtimeQueries, type RealtimeQueries } from './realtime.queries.js'
import {
  AuthBody,
  Handshake,
  MessageBody,
  PresenceQuery,
  SubscribeBody,
  TypingBody,
  type Ack,
  type ClientToServerEvents,
  type InitialState,
  type ServerToClientEvents,
  type SocketError,
  type SubscribeResult,
} from './realtime.schema.js'
import type { ConversationService } from './realtime.service.js'
import type { DispatchedEvent } from './resolve.js'
import { resolveEvents } from './resolve.js'
import { authorizeRooms, autoRooms, GUARDED_ROOM, internalRoom, parseRoom, publicRoom, roomName, sessionRoom } from './rooms.js'
import { route, type Delivery } from './routing.js'
import { OPEN_REQUEST_STATUSES } from '../modules/maintenance/maintenance.schema.js'

export interface ServerSideEvents {
  'tms:events': (events: DispatchedEvent[]) => void
}

/** What other nodes may learn of a socket (fetchSockets): who it is, never its token. */
export interface SocketData {
  userId: string
  orgId: string
  role: Role
  displayName: string
}

export type Io = Server<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>
type Sock = Socket<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>
type Authenticated = Principal & { expiresAt: number }

interface Live {
  socket: Sock
  p: Authenticated
  token: string
  handshake: Handshake
  /** Left out of room broadcasts; gets events one by one, checked against lastSeq. */
  guarded: boolean
  replaying: boolean
  buffer: { seq: number; delivery: Delivery; rooms: string[]; except: string[] }[]
  /** The last position this socket has been given (or did not need). */
  lastSeq: number
  ready: Promise<void>
  expiry?: NodeJS.Timeout
  tokens: number
  refilledAt: number
  refresh?: Promise<void>
}

export interface GatewayOptions {
  io: Io
  db: Db
  auth: AuthService
  conversations: ConversationService
  log: FastifyBaseLogger
  /** At most this many events are scanned to replay one reconnect; beyond it the client re-fetches. */
  replayLimit: number
  /** Suggested wait before reconnecting after a restart notice. */
  reconnectAfterMs: number
}

const OPEN_REQUEST = new Set<string>(OPEN_REQUEST_STATUSES)
const LIVE_LEASE = new Set(['draft', 'active'])
const REPLAY_PAGE = 500
/** Client messages: a burst of 30, then 10 a second. */
const BUCKET = { size: 30, perSecond: 10 }
const MAX_TIMER_MS = 2 ** 31 - 1

const refusal = (code: SocketError['code'], message: string): Error => Object.assign(new Error(message), { data: { code } })

function socketErrorOf(error: unknown): SocketError {
  if (error instanceof AppError) {
    const known: SocketError['code'][] = ['request.invalid', 'auth.unauthenticated', 'auth.token_expired', 'auth.forbidden', 'resource.not_found']
    const code = known.find((c) => c === error.code) ?? (error.status < 500 ? 'request.invalid' : 'internal')
    return { code, message: error.message }
  }
  return { code: 'internal', message: 'internal error' }
}

const bearer = (header: string | undefined): string | undefined => {
  const [scheme, token] = (header ?? '').split(' ')
  return scheme?.toLowerCase() === 'bearer' && token ? token : undefined
}

/** Emits a delivery, whose event name and data vary together. */
function emit(target: { emit: (...args: never[]) => unknown }, d: Delivery): void {
  ;(target.emit as (event: string, data: unknown) => unknown)(d.event, d.data)
}

export function createGateway(o: GatewayOptions) {
  const { io } = o
  const nsp = io.of('/')
  const queries = createRealtimeQueries(o.db)
  const lives = new Map<string, Live>()
  /** From the handshake to the connection; weak, as a socket may close in between. */
  const admitted = new WeakMap<Sock, Live>()
  const guardedByOrg = new Map<string, Set<Live>>()
  const byUser = new Map<string, Set<Live>>()
  /** The last position this node's fan-out has handled, per organization. */
  const handled = new Map<string, number>()
  const pending = new Set<Promise<unknown>>()
  const sent = new LRUCache<string, Promise<Ack<unknown>>>({ max: 10_000, ttl: 10 * 60_000 })
  let accepting = true

  const track = <T>(promise: Promise<T>): Promise<T> => {
    pending.add(promise)
    void promise.finally(() => pending.delete(promise)).catch(() => undefined)
    return promise
  }
  const R = (orgId: string, name: string) => internalRoom(orgId, name)
  const localSockets = (room: string): Sock[] =>
    [...(nsp.adapter.rooms.get(room) ?? [])].map((id) => nsp.sockets.get(id)).filter((s): s is Sock => s !== undefined)
  const inAny = (s: Sock, rooms: string[]) => rooms.some((r) => s.rooms.has(r))
  const publicRooms = (l: Live) => [...l.socket.rooms].map((r) => publicRoom(l.p.orgId, r)).filter((r): r is string => r !== null)

  function addTo<K>(map: Map<K, Set<Live>>, key: K, l: Live) {
    let set = map.get(key)
    if (!set) map.set(key, (set = new Set()))
    set.add(l)
  }
  function removeFrom<K>(map: Map<K, Set<Live>>, key: K, l: Live) {
    const set = map.get(key)
    set?.delete(l)
    if (set && !set.size) map.delete(key)
  }

  function guard(l: Live) {
    l.guarded = true
    void l.socket.join(GUARDED_ROOM)
    addTo(guardedByOrg, l.p.orgId, l)
  }
  function unguard(l: Live) {
    l.guarded = false
    void l.socket.leave(GUARDED_ROOM)
    removeFrom(guardedByOrg, l.p.orgId, l)
  }

  function scheduleExpiry(l: Live) {
    clearTimeout(l.expiry)
    l.expiry = setTimeout(() => {
      l.socket.emit('session:expired', { at: new Date(l.p.expiresAt).toISOString() })
      l.socket.disconnect(true)
    }, Math.min(Math.max(0, l.p.expiresAt - Date.now()), MAX_TIMER_MS))
    l.expiry.unref()
  }

  function take(l: Live): boolean {
    const now = Date.now()
    l.tokens = Math.min(BUCKET.size, l.tokens + ((now - l.refilledAt) / 1000) * BUCKET.perSecond)
    l.refilledAt = now
    if (l.tokens < 1) return false
    l.tokens -= 1
    return true
  }

  function fail(l: Live, error: SocketError): Ack<never> {
    l.socket.emit('error', error)
    return { ok: false, error }
  }

  // Initial state.

  async function initialState(q: RealtimeQueries, p: Principal): Promise<InitialState> {
    const at = new Date().toISOString()
    const requestSummaries = async () =>
      (await q.openRequestsOf(p)).map((r) => ({ id: r.id, title: r.title, status: r.status, priority: r.priority, requestedAt: new Date(r.requested_at).toISOString() }))
    if (p.role === 'tenant' && p.tenantId) {
      const [leases, openRequests] = await Promise.all([q.tenantLeases(p), requestSummaries()])
      const summaries = leases.map((l) => ({
        id: l.id,
        unitId: l.unit_id,
        propertyId: l.property_id,
        status: l.status,
        startDate: l.start_date,
        endDate: l.end_date,
        rentCents: Number(l.rent_cents),
        balanceCents: Number(l.balance_cents ?? 0),
      }))
      return { kind: 'tenant', tenantId: p.tenantId, leases: summaries, balanceCents: summaries.reduce((sum, l) => sum + l.balanceCents, 0), openRequests, at }
    }
    if (p.role === 'technician') {
      const [openWorkOrders, openRequests] = await Promise.all([q.openWorkOrderCount(p), requestSummaries()])
      return { kind: 'technician', openWorkOrders, openRequests, at }
    }
    return { kind: 'portfolio', counts: await q.portfolioCounts(p), at }
  }

  // Connecting.

  io.use((socket, next) => {
    if (!accepting) return next(refusal('server.restarting', 'the server is restarting; connect again shortly'))
    const parsed = Handshake.safeParse(socket.handshake.auth ?? {})
    if (!parsed.success) return next(refusal('request.invalid', 'the handshake is malformed'))
    const token = parsed.data.token ?? bearer(socket.handshake.headers.authorization)
    if (!token) return next(refusal('auth.unauthenticated', 'an access token is required (auth.token or Authorization: Bearer)'))
    o.auth.authenticate(token).then(
      (p) => {
        socket.data = { userId: p.userId, orgId: p.orgId, role: p.role, displayName: p.displayName }
        const l: Live = {
          socket,
          p,
          token,
          handshake: parsed.data,
          guarded: false,
          replaying: true,
          buffer: [],
          lastSeq: 0,
          ready: Promise.resolve(),
          tokens: BUCKET.size,
          refilledAt: Date.now(),
        }
        admitted.set(socket, l)
        next()
      },
      (error: unknown) => {
        const e = socketErrorOf(error)
        next(refusal(e.code, e.message))
      },
    )
  })

  io.on('connection', (socket) => {
    const l = admitted.get(socket)
    if (!l) {
      socket.disconnect(true)
      return
    }
    lives.set(socket.id, l)
    addTo(byUser, l.p.userId, l)
    // Joined and guarded before anything is read, so nothing dispatched from here on is missed.
    guard(l)
    void socket.join(sessionRoom(l.p.sessionId))
    scheduleExpiry(l)
    l.ready = track(
      setup(l).catch((error: unknown) => {
        o.log.error({ err: error, userId: l.p.userId }, 'socket setup failed')
        socket.emit('error', { code: 'internal', message: 'could not start the session; reconnect' })
        socket.disconnect(true)
      }),
    )

    let lastRooms: string[] = []
    socket.on('disconnecting', () => {
      lastRooms = [...socket.rooms]
    })
    socket.on('disconnect', () => {
      clearTimeout(l.expiry)
      lives.delete(socket.id)
      removeFrom(byUser, l.p.userId, l)
      removeFrom(guardedByOrg, l.p.orgId, l)
      if (accepting) void track(announceOffline(l, lastRooms).catch((error: unknown) => o.log.warn({ err: error }, 'presence update failed')))
    })

    // A failure (the database away) is logged and told to the client as internal, never swallowed.
    const run = (work: Promise<unknown>, ack?: unknown) =>
      void track(
        work.catch((error: unknown) => {
          o.log.error({ err: error, userId: l.p.userId }, 'socket message failed')
          const e: SocketError = { code: 'internal', message: 'internal error' }
          socket.emit('error', e)
          if (typeof ack === 'function') (ack as (r: Ack<never>) => void)({ ok: false, error: e })
        }),
      )
    socket.on('subscribe', (body, ack) => run(onSubscribe(l, body, ack), ack))
    socket.on('unsubscribe', (body, ack) => run(onUnsubscribe(l, body, ack), ack))
    socket.on('message', (body, ack) => run(onMessage(l, body, ack), ack))
    socket.on('typing', (body) => run(onTyping(l, body)))
    socket.on('presence', (body, ack) => run(onPresence(l, body, ack), ack))
    socket.on('auth', (body, ack) => run(onAuth(l, body, ack), ack))
  })

  async function setup(l: Live): Promise<void> {
    const { socket, p } = l
    const requested = l.handshake.rooms?.length ? await authorizeRooms(queries, p, l.handshake.rooms) : { allowed: [], rejected: [] }
    const rooms = [...new Set([...(await autoRooms(queries, p)), ...requested.allowed])]
    await socket.join(rooms.map((r) => R(p.orgId, r)))
    if (requested.rejected.length) socket.emit('error', { code: 'room.forbidden', message: 'not allowed to join these rooms', rooms: requested.rejected })
    const state = await initialState(queries, p)
    const head = await queries.streamHead(p.orgId)
    if (socket.disconnected) return
    socket.emit('initial:state', state)

    const asked = l.handshake.lastSeq
    const from = asked !== undefined && asked <= head ? asked : head
    const { replayed, truncated } = await replay(l, from, head)
    if (socket.disconnected) return

    // Past the head: what was dispatched while replaying, in order.
    l.lastSeq = head
    for (const b of l.buffer) {
      if (b.seq > l.lastSeq && inAny(socket, b.rooms) && !inAny(socket, b.except)) emit(socket, b.delivery)
    }
    const last = l.buffer.at(-1)?.seq
    if (last !== undefined && last > l.lastSeq) l.lastSeq = last
    l.buffer = []
    l.replaying = false
    if ((handled.get(p.orgId) ?? 0) >= l.lastSeq) unguard(l)

    socket.emit('ready', { seq: l.lastSeq, replayed, truncated, rooms: publicRooms(l), userId: p.userId, role: p.role })
    announceOnline(l)
  }

  /** Sends the events in (from, head] this socket may see, in order. */
  async function replay(l: Live, from: number, head: number): Promise<{ replayed: number; truncated: boolean }> {
    let cursor = from
    let replayed = 0
    let scanned = 0
    while (cursor < head) {
      if (scanned >= o.replayLimit) return { replayed, truncated: true }
      const stored = await queries.eventsBetween(l.p.orgId, cursor, head, REPLAY_PAGE)
      if (!stored.length) break
      scanned += stored.length
      const events = await resolveEvents(queries, stored)
      if (l.socket.disconnected) break
      for (const e of events) {
        for (const d of route(e)) {
          const rooms = d.rooms.map((r) => R(e.orgId, r))
          const except = d.except.map((r) => R(e.orgId, r))
          if (inAny(l.socket, rooms) && !inAny(l.socket, except)) {
            emit(l.socket, d)
            replayed++
          }
        }
      }
      cursor = stored.at(-1)!.position
    }
    return { replayed, truncated: false }
  }

  // Presence: to the conversation rooms a user is in, and to the organization's admins.

  const presenceRooms = (orgId: string, rooms: Iterable<string>) =>
    [...rooms].filter((r) => {
      const name = publicRoom(orgId, r)
      const kind = name ? parseRoom(name)?.kind : undefined
      return kind === 'request' || kind === 'lease'
    })

  function announceOnline(l: Live) {
    const rooms = [...presenceRooms(l.p.orgId, l.socket.rooms), R(l.p.orgId, roomName('role', 'admin'))]
    io.to(rooms).emit('presence', { userId: l.p.userId, displayName: l.p.displayName, role: l.p.role, status: 'online', at: new Date().toISOString() })
  }

  async function announceOffline(l: Live, rooms: string[]) {
    const still = await io.in(R(l.p.orgId, roomName('user', l.p.userId))).fetchSockets()
    if (still.length) return
    const targets = [...presenceRooms(l.p.orgId, rooms), R(l.p.orgId, roomName('role', 'admin'))]
    io.to(targets).emit('presence', { userId: l.p.userId, displayName: l.p.displayName, role: l.p.role, status: 'offline', at: new Date().toISOString() })
  }

  // Client messages. Each waits for the socket's setup, validates, then checks scope.

  async function onSubscribe(l: Live, body: unknown, ack: unknown) {
    const reply = typeof ack === 'function' ? (ack as (r: Ack<SubscribeResult>) => void) : () => undefined
    await l.ready
    const parsed = SubscribeBody.safeParse(body)
    if (!parsed.success) return reply(fail(l, { code: 'request.invalid', message: 'expected { rooms: string[] }' }))
    if (!take(l)) return reply(fail(l, { code: 'rate_limited', message: 'too many messages' }))
    const { allowed, rejected } = await authorizeRooms(queries, l.p, parsed.data.rooms)
    if (l.socket.disconnected) return
    const fresh = allowed.filter((r) => !l.socket.rooms.has(R(l.p.orgId, r)))
    await l.socket.join(allowed.map((r) => R(l.p.orgId, r)))
    if (rejected.length) l.socket.emit('error', { code: 'room.forbidden', message: 'not allowed to join these rooms', rooms: rejected })
    const result = { joined: allowed, rejected }
    l.socket.emit('subscribed', result)
    reply({ ok: true, data: result })
    const conversations = presenceRooms(l.p.orgId, fresh.map((r) => R(l.p.orgId, r)))
    if (conversations.length) {
      io.to(conversations).emit('presence', { userId: l.p.userId, displayName: l.p.displayName, role: l.p.role, status: 'online', at: new Date().toISOString() })
    }
  }

  async function onUnsubscribe(l: Live, body: unknown, ack: unknown) {
    const reply = typeof ack === 'function' ? (ack as (r: Ack<SubscribeResult>) => void) : () => undefined
    await l.ready
    const parsed = SubscribeBody.safeParse(body)
    if (!parsed.success) return reply(fail(l, { code: 'request.invalid', message: 'expected { rooms: string[] }' }))
    const left: string[] = []
    const rejected: string[] = []
    for (const name of parsed.data.rooms) {
      const room = R(l.p.orgId, name)
      if (parseRoom(name) && l.socket.rooms.has(room)) {
        await l.socket.leave(room)
        left.push(name)
      } else rejected.push(name)
    }
    const result = { joined: left, rejected }
    l.socket.emit('unsubscribed', result)
    reply({ ok: true, data: result })
  }

  /** The conversation room named, if the socket is in it. */
  function memberRoom(l: Live, name: string): { kind: 'request' | 'lease'; id: string; room: string } | null {
    const ref = parseRoom(name)
    if (!ref || (ref.kind !== 'request' && ref.kind !== 'lease')) return null
    const room = R(l.p.orgId, name)
    return l.socket.rooms.has(room) ? { kind: ref.kind, id: ref.id, room } : null
  }

  async function onMessage(l: Live, body: unknown, ack: unknown) {
    const reply = typeof ack === 'function' ? (ack as (r: Ack<unknown>) => void) : () => undefined
    await l.ready
    const parsed = MessageBody.safeParse(body)
    if (!parsed.success) return reply(fail(l, { code: 'request.invalid', message: 'expected { room, body }' }))
    const target = memberRoom(l, parsed.data.room)
    if (!target) return reply(fail(l, { code: 'room.not_member', message: 'join the room first', rooms: [parsed.data.room] }))
    if (!take(l)) return reply(fail(l, { code: 'rate_limited', message: 'too many messages' }))
    const key = parsed.data.clientId ? `${l.p.userId}:${parsed.data.clientId}` : undefined
    const earlier = key ? sent.get(key) : undefined
    if (earlier) return reply(await earlier)
    const result = o.conversations.post(l.p, target.kind, target.id, parsed.data.body).then(
      (message): Ack<unknown> => ({ ok: true, data: { ...message, room: parsed.data.room } }),
      (error: unknown): Ack<unknown> => {
        if (!(error instanceof AppError)) o.log.error({ err: error }, 'message could not be stored')
        return { ok: false, error: socketErrorOf(error) }
      },
    )
    if (key) sent.set(key, result)
    const outcome = await result
    if (!outcome.ok) {
      if (key) sent.delete(key)
      l.socket.emit('error', outcome.error)
    }
    reply(outcome)
  }

  async function onTyping(l: Live, body: unknown) {
    await l.ready
    const parsed = TypingBody.safeParse(body)
    if (!parsed.success) return fail(l, { code: 'request.invalid', message: 'expected { room, isTyping }' })
    const target = memberRoom(l, parsed.data.room)
    if (!target) return fail(l, { code: 'room.not_member', message: 'join the room first', rooms: [parsed.data.room] })
    if (!take(l)) return
    l.socket.to(target.room).emit('typing', { room: parsed.data.room, userId: l.p.userId, displayName: l.p.displayName, isTyping: parsed.data.isTyping })
  }

  async function onPresence(l: Live, body: unknown, ack: unknown) {
    const reply = typeof ack === 'function' ? (ack as (r: Ack<unknown>) => void) : () => undefined
    await l.ready
    const parsed = PresenceQuery.safeParse(body)
    if (!parsed.success) return reply(fail(l, { code: 'request.invalid', message: 'expected { room }' }))
    const target = memberRoom(l, parsed.data.room)
    if (!target) return reply(fail(l, { code: 'room.not_member', message: 'join the room first', rooms: [parsed.data.room] }))
    const sockets = await io.in(target.room).fetchSockets()
    const users = new Map(sockets.map((s) => [s.data.userId, { userId: s.data.userId, displayName: s.data.displayName, role: s.data.role }]))
    const state = { room: parsed.data.room, users: [...users.values()] }
    l.socket.emit('presence:state', state)
    reply({ ok: true, data: state })
  }

  /** A fresh access token for the same session keeps the socket past the old token's expiry. */
  async function onAuth(l: Live, body: unknown, ack: unknown) {
    const reply = typeof ack === 'function' ? (ack as (r: Ack<unknown>) => void) : () => undefined
    const parsed = AuthBody.safeParse(body)
    if (!parsed.success) return reply(fail(l, { code: 'request.invalid', message: 'expected { token }' }))
    const next = await o.auth.authenticate(parsed.data.token).catch((error: unknown) => socketErrorOf(error))
    if ('code' in next) return reply(fail(l, next))
    if (next.userId !== l.p.userId || next.sessionId !== l.p.sessionId || next.role !== l.p.role) {
      return reply(fail(l, { code: 'auth.forbidden', message: 'the token is for another session; reconnect with it' }))
    }
    l.p = next
    l.token = parsed.data.token
    scheduleExpiry(l)
    reply({ ok: true, data: { expiresAt: new Date(next.expiresAt).toISOString() } })
  }

  // Room upkeep when scope changes: synchronous joins and leaves, before the event goes out.

  function refreshSoon(l: Live) {
    l.refresh ??= track(
      (async () => {
        await l.ready
        const current = publicRooms(l)
        const explicit = current.filter((r) => ['property', 'lease', 'request'].includes(parseRoom(r)?.kind ?? ''))
        const [auto, still] = await Promise.all([autoRooms(queries, l.p), authorizeRooms(queries, l.p, explicit)])
        const keep = new Set([...auto, ...still.allowed])
        for (const r of current) if (!keep.has(r)) await l.socket.leave(R(l.p.orgId, r))
        await l.socket.join([...keep].map((r) => R(l.p.orgId, r)))
      })()
        .catch((error: unknown) => o.log.warn({ err: error }, 'room refresh failed'))
        .finally(() => (l.refresh = undefined)),
    )
  }

  /** The user changed (disabled, role, signed out elsewhere): keep only sockets that still authenticate. */
  function reauthSoon(l: Live) {
    void track(
      o.auth.authenticate(l.token).then(
        (p) => {
          if (p.role !== l.p.role || p.tenantId !== l.p.tenantId || p.ownerId !== l.p.ownerId) l.socket.disconnect(true)
        },
        () => {
          l.socket.emit('error', { code: 'auth.unauthenticated', message: 'the session has ended' })
          l.socket.disconnect(true)
        },
      ),
    )
  }

  function upkeep(e: DispatchedEvent) {
    const s = e.scope
    const org = e.orgId
    const liveOf = (sock: Sock) => lives.get(sock.id)
    const join = (memberRooms: string[], room: string, onJoin?: (l: Live) => void) => {
      for (const mr of memberRooms) {
        for (const sock of localSockets(R(org, mr))) {
          if (sock.rooms.has(room)) continue
          void sock.join(room)
          const l = liveOf(sock)
          if (l && onJoin) onJoin(l)
        }
      }
    }
    const prune = (room: string, allowed: (l: Live) => boolean, onLeave?: (l: Live) => void) => {
      for (const sock of localSockets(room)) {
        const l = liveOf(sock)
        if (l && !allowed(l)) {
          void sock.leave(room)
          onLeave?.(l)
        }
      }
    }
    const users = (ids: string[]) => ids.map((id) => roomName('user', id))
    const tenants = (ids: string[]) => ids.map((id) => roomName('tenant', id))

    switch (e.topic) {
      case 'user': {
        if (s.sessionId) {
          for (const sock of localSockets(sessionRoom(s.sessionId))) {
            sock.emit('error', { code: 'auth.unauthenticated', message: 'signed out' })
            sock.disconnect(true)
          }
        }
        for (const l of byUser.get(e.entityId) ?? []) if (l.p.orgId === org) reauthSoon(l)
        break
      }
      case 'property': {
        const propertyId = s.propertyIds[0]
        if (!propertyId) break
        const room = R(org, roomName('property', propertyId))
        if (e.action === 'deleted') {
          for (const sock of localSockets(room)) void sock.leave(room)
          break
        }
        const people = new Set([...s.managerIds, ...s.ownerUserIds])
        prune(room, (l) => l.p.role === 'admin' || people.has(l.p.userId), refreshSoon)
        join(users([...people]), room, refreshSoon)
        break
      }
      case 'lease': {
        if (!s.leaseId) break
        const room = R(org, roomName('lease', s.leaseId))
        if (e.action === 'deleted') {
          for (const sock of localSockets(room)) void sock.leave(room)
          break
        }
        const tenantSet = new Set(s.tenantIds)
        const managerSet = new Set(s.managerIds)
        prune(room, (l) => (l.p.role === 'tenant' ? tenantSet.has(l.p.tenantId ?? '') : l.p.role === 'property_manager' ? managerSet.has(l.p.userId) : true))
        if (s.status && LIVE_LEASE.has(s.status)) join([...tenants(s.tenantIds), ...users(s.managerIds)], room)
        break
      }
      case 'maintenance':
      case 'work_order': {
        if (!s.requestId) break
        const room = R(org, roomName('request', s.requestId))
        if (e.topic === 'maintenance' && e.action === 'deleted') {
          for (const sock of localSockets(room)) void sock.leave(room)
          break
        }
        const tenantSet = new Set(s.tenantIds)
        const managerSet = new Set(s.managerIds)
        const techSet = new Set(s.technicianIds)
        prune(room, (l) => {
          if (l.p.role === 'tenant') return tenantSet.has(l.p.tenantId ?? '')
          if (l.p.role === 'technician') return techSet.has(l.p.userId)
          if (l.p.role === 'property_manager') return managerSet.has(l.p.userId)
          return true
        })
        const open = e.topic === 'work_order' || (s.status !== null && OPEN_REQUEST.has(s.status))
        if (open) join([...tenants(s.tenantIds), ...users(s.managerIds), ...users(s.technicianIds)], room)
        break
      }
      default:
        break
    }
  }

  // Fan-out: each node sends each dispatched event to its own sockets, in stream order.

  function deliver(e: DispatchedEvent) {
    const guarded = guardedByOrg.get(e.orgId)
    for (const d of route(e)) {
      const rooms = d.rooms.map((r) => R(e.orgId, r))
      const except = d.except.map((r) => R(e.orgId, r))
      emit(io.local.to(rooms).except([GUARDED_ROOM, ...except]), d)
      for (const l of guarded ?? []) {
        if (!inAny(l.socket, rooms) || inAny(l.socket, except)) continue
        if (l.replaying) l.buffer.push({ seq: e.seq, delivery: d, rooms, except })
        else if (e.seq > l.lastSeq) emit(l.socket, d)
      }
    }
    for (const l of [...(guarded ?? [])]) {
      if (l.replaying || e.seq <= l.lastSeq) continue
      // The live stream is past what this socket replayed: broadcasts are safe for it again.
      l.lastSeq = e.seq
      unguard(l)
    }
  }

  function handleBatch(events: DispatchedEvent[]) {
    for (const e of events) {
      if (e.seq <= (handled.get(e.orgId) ?? 0)) continue
      upkeep(e)
      deliver(e)
      handled.set(e.orgId, e.seq)
    }
  }

  io.on('tms:events', (events) => handleBatch(events))

  return {
    handleBatch,

    /** Local sockets of a user (tests and diagnostics). */
    socketsOf: (userId: string) => [...(byUser.get(userId) ?? [])].map((l) => l.socket),

    /** Tells clients a restart is coming and stops accepting new sockets. */
    announceRestart() {
      accepting = false
      io.local.emit('server:restarting', { reconnectAfterMs: o.reconnectAfterMs })
    },

    /** Waits, at most `drainMs`, for the client messages in flight. */
    async drain(drainMs: number) {
      accepting = false
      await Promise.race([Promise.allSettled([...pending]), new Promise((resolve) => setTimeout(resolve, drainMs).unref())])
    },

    /** Closes every transport without a disconnect packet, so clients reconnect (to another node). */
    close() {
      accepting = false
      for (const l of lives.values()) clearTimeout(l.expiry)
      io.engine.close()
    },
  }
}

export type Gateway = ReturnType<typeof createGateway>
