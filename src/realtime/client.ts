/**
 * The real-time client, for the web app and for tests: one socket with reconnection under our
 * control — exponential backoff, capped, with full jitter — outgoing messages queued while
 * offline and re-sent once (the server de-duplicates by clientId), and on every reconnect the
 * last stream position sent in the handshake, so the server replays what was missed, in order.
 * Browser-safe: it imports only socket.io-client and the protocol's types.
 */
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client'
import type {
  Ack,
  ClientToServerEvents,
  PostedMessage,
  Ready,
  ServerToClientEvents,
  SocketError,
  SubscribeResult,
} from './realtime.schema.js'

export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting' | 'offline'

export interface Backoff {
  initialMs: number
  maxMs: number
  factor: number
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 500, maxMs: 30_000, factor: 2 }

/** The wait before reconnect attempt `attempt` (0-based): uniform in [0, min(max, initial·factor^attempt)]. */
export function backoffDelay(attempt: number, b: Backoff = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const ceiling = Math.min(b.maxMs, b.initialMs * b.factor ** Math.min(attempt, 30))
  return Math.round(ceiling * random())
}

export interface RealtimeClientOptions {
  /** Server origin; the page's own when omitted (browser). */
  url?: string
  /** The current access token, read at every (re)connect. */
  getToken: () => string | null | Promise<string | null>
  /** Called when the server refuses or ends the session; resolve to a fresh token, or null to stay offline. */
  refreshToken?: () => Promise<string | null>
  backoff?: Partial<Backoff>
  /** Where the last stream position is kept across page loads (e.g. sessionStorage). */
  storage?: { load(): number | null; save(seq: number): void }
  ackTimeoutMs?: number
  /** Passed to socket.io-client (tests force the websocket transport). */
  socketOptions?: Partial<ManagerOptions & SocketOptions>
  random?: () => number
}

type Listener<E extends keyof ServerToClientEvents> = ServerToClientEvents[E]

interface Queued {
  clientId: string
  room: string
  body: string
  resolve: (message: PostedMessage & { room: string }) => void
  reject: (error: SocketError) => void
}

const randomId = (): string => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`
/** Events carrying a stream position: the client keeps the highest one it has seen. */
const SEQUENCED = new Set(['tenant:update', 'property:update', 'maintenance:update', 'payment:update', 'lease:update', 'notification', 'message'])
const AUTH_CODES = new Set(['auth.unauthenticated', 'auth.token_expired'])

export function createRealtimeClient(options: RealtimeClientOptions) {
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff }
  const random = options.random ?? Math.random
  const ackTimeoutMs = options.ackTimeoutMs ?? 10_000
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>()
  const statusListeners = new Set<(status: ConnectionStatus) => void>()
  const rooms = new Set<string>()
  const queue: Queued[] = []
  const seen: string[] = []
  const seenSet = new Set<string>()
  const stored = options.storage?.load() ?? null
  let lastSeq = stored ?? 0
  // Without a known position the server starts from its head: a new tab does not replay the history.
  let known = stored !== null
  let status: ConnectionStatus = 'offline'
  let attempt = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let closed = false
  let live = false
  let flushing = false
  let token: string | null = null

  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(options.url ?? '', {
    path: '/ws',
    autoConnect: false,
    reconnection: false,
    ...options.socketOptions,
    auth: (cb) => cb({ token: token ?? '', ...(known ? { lastSeq } : {}), rooms: [...rooms] }),
  })

  const setStatus = (next: ConnectionStatus) => {
    if (status === next) return
    status = next
    for (const l of statusListeners) l(next)
  }
  const fire = (event: string, args: unknown[]) => {
    for (const l of listeners.get(event) ?? []) l(...args)
  }

  /** Drops what was already seen (the same position may carry several messages). */
  function accept(event: string, data: unknown): boolean {
    if (!SEQUENCED.has(event)) return true
    const d = data as { seq?: number; id?: string }
    if (typeof d.seq !== 'number') return true
    const key = `${event}|${d.seq}|${d.id ?? ''}`
    if (d.seq < lastSeq || seenSet.has(key)) return false
    seen.push(key)
    seenSet.add(key)
    if (seen.length > 1000) seenSet.delete(seen.shift()!)
    if (d.seq > lastSeq) {
      lastSeq = d.seq
      known = true
      options.storage?.save(lastSeq)
    }
    return true
  }

  socket.onAny((event: string, ...args: unknown[]) => {
    if (accept(event, args[0])) fire(event, args)
  })

  socket.on('ready', (ready: Ready) => {
    known = true
    if (ready.seq > lastSeq) {
      lastSeq = ready.seq
      options.storage?.save(lastSeq)
    }
    // Rooms the server did not rejoin are no longer ours.
    const joined = new Set(ready.rooms)
    for (const r of [...rooms]) if (!joined.has(r)) rooms.delete(r)
    attempt = 0
    live = true
    setStatus('online')
    void flush()
  })

  socket.on('server:restarting', () => setStatus('reconnecting'))

  socket.on('disconnect', (reason) => {
    live = false
    if (closed) return
    // The server ending the socket itself means the session is over: renew before returning.
    if (reason === 'io server disconnect') void renewThenConnect()
    else schedule()
  })

  socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
    live = false
    if (closed) return
    if (AUTH_CODES.has(error.data?.code ?? '')) void renewThenConnect()
    else schedule()
  })

  function schedule() {
    if (closed || timer) return
    setStatus('reconnecting')
    const delay = backoffDelay(attempt++, backoff, random)
    timer = setTimeout(() => {
      timer = undefined
      void open()
    }, delay)
  }

  async function open() {
    if (closed) return
    token = await options.getToken()
    if (!token) {
      setStatus('offline')
      return
    }
    if (status === 'offline') setStatus('connecting')
    socket.connect()
  }

  async function renewThenConnect() {
    const fresh = options.refreshToken ? await options.refreshToken() : null
    if (!fresh) {
      setStatus('offline')
      fire('auth:required', [])
      return
    }
    schedule()
  }

  /** Sends queued messages one at a time, in order; one not acknowledged stays for the next connect. */
  async function flush() {
    if (flushing) return
    flushing = true
    try {
      while (live && queue.length) {
        const item = queue[0]!
        const ack = (await socket
          .timeout(ackTimeoutMs)
          .emitWithAck('message', { room: item.room, body: item.body, clientId: item.clientId })
          .catch(() => null)) as Ack<PostedMessage & { room: string }> | null
        if (!ack) break
        queue.shift()
        if (ack.ok) item.resolve(ack.data)
        else item.reject(ack.error)
      }
    } finally {
      flushing = false
    }
  }

  async function request(event: 'subscribe' | 'unsubscribe', body: { rooms: string[] }): Promise<SubscribeResult> {
    const result = (await socket.timeout(ackTimeoutMs).emitWithAck(event, body)) as Ack<SubscribeResult>
    if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code })
    return result.data
  }

  return {
    /** Connects (again); safe to call more than once. */
    connect(): void {
      closed = false
      if (socket.connected || timer) return
      attempt = 0
      void open()
    },

    close(): void {
      closed = true
      clearTimeout(timer)
      timer = undefined
      live = false
      socket.disconnect()
      setStatus('offline')
    },

    on<E extends keyof ServerToClientEvents>(event: E | 'auth:required', listener: E extends keyof ServerToClientEvents ? Listener<E> : () => void): () => void {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      const l = listener as (...args: unknown[]) => void
      set.add(l)
      return () => set.delete(l)
    },

    onStatus(listener: (status: ConnectionStatus) => void): () => void {
      statusListeners.add(listener)
      return () => statusListeners.delete(listener)
    },

    get status(): ConnectionStatus {
      return status
    },
    get lastSeq(): number {
      return lastSeq
    },
    get pending(): number {
      return queue.length
    },
    get rooms(): string[] {
      return [...rooms]
    },

    /** Joins rooms now if online; remembered either way and rejoined on every reconnect. */
    async subscribe(names: string[]): Promise<SubscribeResult> {
      for (const r of names) rooms.add(r)
      if (!live) return { joined: [], rejected: [] }
      const result = await request('subscribe', { rooms: names })
      for (const r of result.rejected) rooms.delete(r)
      return result
    },

    async unsubscribe(names: string[]): Promise<SubscribeResult> {
      for (const r of names) rooms.delete(r)
      if (!live) return { joined: [], rejected: [] }
      return request('unsubscribe', { rooms: names })
    },

    /** Posts to a conversation room; queued while offline, resolved when the server has stored it. */
    send(room: string, body: string): Promise<PostedMessage & { room: string }> {
      return new Promise((resolve, reject) => {
        queue.push({ clientId: randomId(), room, body, resolve, reject })
        void flush()
      })
    },

    /** Typing is momentary: dropped, not queued, while offline. */
    typing(room: string, isTyping: boolean): void {
      if (live) socket.emit('typing', { room, isTyping })
    },

    /** The underlying socket, for what this module does not wrap. */
    socket,
  }
}

export type RealtimeClient = ReturnType<typeof createRealtimeClient>
