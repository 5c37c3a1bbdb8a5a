/**
 * Live updates: one Socket.IO connection per signed-in tab through the real-time client (backoff,
 * replay of missed events on reconnect). Events are thin, so each one marks the affected queries
 * stale and the normal API re-fetches them (permissions stay on the server).
 */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react'
import { useQueryClient, type QueryClient } from '@tanstack/react-query'
import { createRealtimeClient, type RealtimeClient } from '../../../src/realtime/client.js'
import type { Notification, Ready } from '../../../src/realtime/realtime.schema.js'
import { getSession, refreshSession } from './client'
import { toast, type Toast } from '../components/toast-store'
import type { Role } from '../nav'

export type LiveStatus = 'connecting' | 'online' | 'reconnecting' | 'offline'

const LiveContext = createContext<LiveStatus>('offline')
export const useLiveStatus = (): LiveStatus => useContext(LiveContext)

/** The tab's one real-time client and what the server said at the last connect. */
export interface LiveConnection {
  client: RealtimeClient
  /** The latest `ready`: this socket's user and the rooms the server put it in; null until the first. */
  ready: Ready | null
}
const LiveClientContext = createContext<LiveConnection | null>(null)
/** The shared real-time client, for rooms, presence and typing; null outside the signed-in area. */
export const useLive = (): LiveConnection | null => useContext(LiveClientContext)

const UPDATE_EVENTS = ['tenant:update', 'property:update', 'maintenance:update', 'payment:update', 'lease:update'] as const

/** Which cached queries each server event makes stale. */
export const STALE_ON: Record<(typeof UPDATE_EVENTS)[number], string[]> = {
  'tenant:update': ['tenants', 'dashboard', 'leases'],
  'property:update': ['properties', 'units', 'dashboard', 'owner'],
  'maintenance:update': ['maintenance', 'work-orders', 'properties', 'tenants', 'dashboard', 'portal'],
  'payment:update': ['payments', 'tenants', 'ledger', 'dashboard', 'reports', 'portal', 'owner'],
  'lease:update': ['leases', 'tenants', 'units', 'properties', 'ledger', 'dashboard', 'portal', 'owner'],
}

function markStale(client: QueryClient, roots: string[]): void {
  for (const root of roots) void client.invalidateQueries({ queryKey: [root] })
}

const SEQ_KEY = 'tms.live.seq'

/** The page a notification's entity opens on for this role, if it has one. */
export function linkOf(n: Pick<Notification, 'entity' | 'entityId'>, role: Role | undefined): Toast['link'] {
  const staff = role === 'admin' || role === 'property_manager'
  switch (n.entity) {
    case 'maintenance':
      if (role === 'tenant') return { to: `/portal/requests/${n.entityId}`, label: 'Open the request' }
      return staff || role === 'owner' ? { to: `/maintenance/${n.entityId}`, label: 'Open the request' } : undefined
    case 'work_order':
      return role === 'technician' ? { to: `/work/${n.entityId}`, label: 'Open the work order' } : undefined
    case 'lease':
      return staff ? { to: `/leases/${n.entityId}`, label: 'Open the lease' } : role === 'tenant' ? { to: '/portal', label: 'See your account' } : undefined
    case 'payment':
      return staff ? { to: `/payments/${n.entityId}`, label: 'Open the payment' } : role === 'tenant' ? { to: '/portal', label: 'See your payments' } : undefined
    default:
      return undefined
  }
}

const noteToast = (n: Notification): Omit<Toast, 'id'> => ({ type: n.type, title: n.title, message: n.message, link: linkOf(n, getSession()?.user.role) })

export function LiveProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient()
  const [status, setStatus] = useState<LiveStatus>('connecting')
  const [connection, setConnection] = useState<LiveConnection | null>(null)
  // A stream position kept from earlier in this tab's session (a reload), rather than a fresh sign-in or a new tab.
  const [resumed] = useState(() => !!sessionStorage.getItem(SEQ_KEY))
  const [startedAt] = useState(() => Date.now())

  useEffect(() => {
    const live = createRealtimeClient({
      getToken: () => getSession()?.accessToken ?? null,
      // A refused or ended session: renew once; when that fails the session is over and the app leaves for sign-in.
      refreshToken: async () => (await refreshSession())?.accessToken ?? null,
      // The last position seen survives a reload, so the server replays what this tab missed.
      storage: {
        load: () => Number(sessionStorage.getItem(SEQ_KEY)) || null,
        save: (seq) => sessionStorage.setItem(SEQ_KEY, String(seq)),
      },
      socketOptions: { transports: ['websocket'] },
    })
    let everOnline = false
    // Notifications arriving before `ready` are the replay of what this tab missed: gathered, not toasted one by one.
    let replaying = true
    let missed: Notification[] = []
    const offStatus = live.onStatus((next) => {
      setStatus(next)
      if (next !== 'online') {
        replaying = true
        return
      }
      // After a gap, whatever is on screen may be stale: re-fetch it (replayed events also arrive).
      if (everOnline) void client.invalidateQueries()
      everOnline = true
    })
    const offs = UPDATE_EVENTS.map((event) => live.on(event, () => markStale(client, STALE_ON[event])))
    const offNote = live.on('notification', (n) => {
      if (replaying) missed.push(n)
      else toast(noteToast(n))
    })
    const offReady = live.on('ready', (ready) => {
      const firstConnect = !everOnline
      // What happened before this tab signed in is old news: the fresh data shows it. Later gaps get one summary.
      const news = firstConnect && !resumed ? missed.filter((n) => Date.parse(n.at) >= startedAt) : missed
      missed = []
      replaying = false
      if (news.length === 1) toast(noteToast(news[0]!))
      else if (news.length > 1) toast({ type: 'info', title: `${news.length} updates while you were away`, message: 'The page shows the latest.' })
      setConnection({ client: live, ready })
    })
    setConnection({ client: live, ready: null })
    live.connect()
    return () => {
      offStatus()
      offNote()
      offReady()
      setConnection(null)
      for (const off of offs) off()
      live.close()
      // Signed out (or another user): the next sign-in in this tab starts afresh, without a replay to toast.
      sessionStorage.removeItem(SEQ_KEY)
    }
  }, [client, resumed, startedAt])

  return (
    <LiveContext.Provider value={status}>
      <LiveClientContext.Provider value={connection}>{children}</LiveClientContext.Provider>
    </LiveContext.Provider>
  )
}

/**
 * Keeps this tab in a conversation room while mounted: a room the server already put the socket in
 * is used as it is; any other is joined here (and rejoined on every reconnect) and left on unmount.
 * True while the room is joined.
 */
export function useRoom(room: string): boolean {
  const live = useLive()
  const status = useLiveStatus()
  const client = live?.client
  const ready = live?.ready ?? null
  const known = ready !== null
  const [acked, setAcked] = useState<{ client: RealtimeClient; room: string } | null>(null)
  useEffect(() => {
    if (!client || !known) return
    // Rooms of the user's own scope (there at connect, not asked for) are the server's to keep.
    if (live?.ready?.rooms.includes(room) && !client.rooms.includes(room)) return
    let active = true
    client.subscribe([room]).then(
      (result) => {
        if (active && result.joined.includes(room)) setAcked({ client, room })
      },
      () => undefined,
    )
    return () => {
      active = false
      setAcked(null)
      // Best effort: a socket already gone has left every room.
      client.unsubscribe([room]).catch(() => undefined)
    }
    // Decided once per client and room: a reconnect keeps what was joined here.
  }, [client, known, room])
  const joinedNow = !!ready?.rooms.includes(room) || (acked !== null && acked.client === client && acked.room === room)
  return status === 'online' && joinedNow
}

const STATUS_TEXT: Record<LiveStatus, string> = {
  connecting: 'Connecting…',
  online: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
}

/** A visible connection status, announced politely when it changes. */
export function ConnectionStatus() {
  const status = useLiveStatus()
  return (
    <p className={`conn conn-${status}`} role="status" data-testid="connection-status" data-status={status}>
      <span className="conn-dot" aria-hidden="true" />
      <span className="visually-hidden">Live updates: </span>
      {STATUS_TEXT[status]}
    </p>
  )
}
