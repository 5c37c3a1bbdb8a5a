/**
 * Rooms and who may be in them. Clients name rooms `kind:id`; on the server every room is also
 * prefixed with the organization, so no name of one organization can ever reach another's.
 * Membership is decided here, from the same scope rules the REST API filters by.
 */
import type { Principal } from '../lib/access.js'
import { ROLES } from '../lib/access.js'
import type { RealtimeQueries } from './realtime.queries.js'
import { ROOM_KINDS, type RoomKind } from './realtime.schema.js'

export interface RoomRef {
  kind: RoomKind
  id: string
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const KINDS = new Set<string>(ROOM_KINDS)
const ROLE_NAMES = new Set<string>(ROLES)

/** Rooms only the server uses: never named by, nor reported to, a client. */
export const GUARDED_ROOM = 'sys:guarded'
export const sessionRoom = (sessionId: string): string => `sys:session:${sessionId}`

export const roomName = (kind: RoomKind, id: string): string => `${kind}:${id}`

/** Parses a client's room name; anything not exactly `kind:<uuid>` (or `role:<role>`) is null. */
export function parseRoom(name: string): RoomRef | null {
  const at = name.indexOf(':')
  if (at < 0) return null
  const kind = name.slice(0, at)
  const id = name.slice(at + 1)
  if (!KINDS.has(kind)) return null
  if (kind === 'role' ? !ROLE_NAMES.has(id) : !UUID.test(id)) return null
  return { kind: kind as RoomKind, id }
}

/** The server-side name of a client room, qualified by organization. */
export const internalRoom = (orgId: string, name: string): string => `o:${orgId}:${name}`

/** The client name of a server-side room of `orgId`, or null for system and foreign rooms. */
export function publicRoom(orgId: string, internal: string): string | null {
  const prefix = `o:${orgId}:`
  return internal.startsWith(prefix) ? internal.slice(prefix.length) : null
}

const PROPERTY_ROLES = new Set(['admin', 'property_manager', 'owner'])

/**
 * Which of `names` the caller may join. user/role: only their own. property: admins, and the
 * managers and owners of it — never tenants or technicians, whose view of a building is narrower
 * than its room. tenant: only the tenant themself (staff follow tenants through property rooms).
 * lease and request: whoever the leases and maintenance APIs would show them to.
 */
export async function authorizeRooms(q: RealtimeQueries, p: Principal, names: string[]): Promise<{ allowed: string[]; rejected: string[] }> {
  const refs = names.map((name) => ({ name, ref: parseRoom(name) }))
  const ids = (kind: RoomKind) => [...new Set(refs.filter((r) => r.ref?.kind === kind).map((r) => r.ref!.id))]
  const propertyIds = PROPERTY_ROLES.has(p.role) ? ids('property') : []
  const leaseIds = p.role === 'technician' ? [] : ids('lease')
  const requestIds = ids('request')
  const [properties, leases, requests] = await Promise.all([
    propertyIds.length ? q.visibleProperties(p, propertyIds) : [],
    leaseIds.length ? q.visibleLeases(p, leaseIds) : [],
    requestIds.length ? q.visibleRequests(p, requestIds) : [],
  ])
  const seen = {
    property: new Set(properties.map((r) => r.id)),
    lease: new Set(leases.map((r) => r.id)),
    request: new Set(requests.map((r) => r.id)),
  }
  const allowed: string[] = []
  const rejected: string[] = []
  for (const { name, ref } of refs) {
    let ok = false
    switch (ref?.kind) {
      case 'user':
        ok = ref.id === p.userId
        break
      case 'role':
        ok = ref.id === p.role
        break
      case 'tenant':
        ok = p.role === 'tenant' && ref.id === p.tenantId
        break
      case 'property':
      case 'lease':
      case 'request':
        ok = seen[ref.kind].has(ref.id)
        break
      default:
        ok = false
    }
    ;(ok ? allowed : rejected).push(name)
  }
  return { allowed: [...new Set(allowed)], rejected }
}

/**
 * The rooms a socket joins on connect: its user and role; managers and owners their properties;
 * a tenant their own room; and the conversation rooms of live leases and open requests for the
 * tenant on them, the property's managers and the assigned technicians.
 */
export async function autoRooms(q: RealtimeQueries, p: Principal): Promise<string[]> {
  const rooms = [roomName('user', p.userId), roomName('role', p.role)]
  if (p.role === 'tenant' && p.tenantId) rooms.push(roomName('tenant', p.tenantId))
  const managesOrOwns = p.role === 'property_manager' || p.role === 'owner'
  const [properties, leases, requests] = await Promise.all([
    managesOrOwns ? q.ownPropertyIds(p) : [],
    p.role === 'tenant' || p.role === 'property_manager' ? q.ownLeaseIds(p) : [],
    p.role === 'tenant' || p.role === 'property_manager' || p.role === 'technician' ? q.ownRequestIds(p) : [],
  ])
  for (const r of properties) rooms.push(roomName('property', r.id))
  for (const r of leases) rooms.push(roomName('lease', r.id))
  for (const r of requests) rooms.push(roomName('request', r.id))
  return rooms
}
