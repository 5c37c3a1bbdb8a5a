/**
 * Where each event goes and what it says: pure, so the same rules serve live fan-out and replay.
 * A delivery names rooms in client form; it carries only ids, scope keys and a status, which
 * every member of those rooms may see, and the targeted notifications of the seed.
 */
import type { ChatMessage, Notification, UpdateEvent, UpdateEventName } from './realtime.schema.js'
import type { DispatchedEvent } from './resolve.js'
import { roomName } from './rooms.js'

export type Delivery =
  | { event: UpdateEventName; rooms: string[]; except: string[]; data: UpdateEvent }
  | { event: 'notification'; rooms: string[]; except: string[]; data: Notification }
  | { event: 'message'; rooms: string[]; except: string[]; data: ChatMessage }

const ADMINS = roomName('role', 'admin')
/** Property rooms hold managers and owners; "to managers" leaves the owners out. */
const NOT_OWNERS = [roomName('role', 'owner')]

const property = (ids: string[]) => ids.map((id) => roomName('property', id))
const tenants = (ids: string[]) => ids.map((id) => roomName('tenant', id))
const users = (ids: string[]) => ids.map((id) => roomName('user', id))
const maybe = (kind: 'lease' | 'request', id: string | null) => (id ? [roomName(kind, id)] : [])

const EVENT_OF: Partial<Record<DispatchedEvent['topic'], UpdateEventName>> = {
  tenant: 'tenant:update',
  property: 'property:update',
  unit: 'property:update',
  lease: 'lease:update',
  maintenance: 'maintenance:update',
  work_order: 'maintenance:update',
  payment: 'payment:update',
  charge: 'payment:update',
  communication: 'tenant:update',
}

function update(e: DispatchedEvent): UpdateEvent {
  const s = e.scope
  return {
    seq: e.seq,
    event: e.action,
    entity: e.topic,
    id: e.entityId,
    at: e.at,
    propertyId: s.propertyIds.length === 1 ? s.propertyIds[0] : null,
    unitId: s.unitId,
    tenantId: s.tenantIds.length === 1 ? s.tenantIds[0] : null,
    leaseId: s.leaseId,
    requestId: s.requestId,
    status: s.status,
  }
}

function notify(e: DispatchedEvent, n: number, type: Notification['type'], title: string, message: string): Notification {
  return { id: `${e.id}:${n}`, seq: e.seq, title, message, type, entity: e.topic, entityId: e.entityId, at: e.at }
}

/**
 * The status moved to `to` with this event, not merely another edit while it was there. An update
 * that does not say where it came from is no move: its status is the row's, read after the fact.
 */
const becomes = (e: DispatchedEvent, to: string): boolean =>
  e.scope.status === to && (e.action === 'created' || (e.scope.previousStatus !== null && e.scope.previousStatus !== to))

function notifications(e: DispatchedEvent): Delivery[] {
  const s = e.scope
  const out: Delivery[] = []
  const toTenants = (type: Notification['type'], title: string, message: string) => {
    if (s.tenantIds.length) out.push({ event: 'notification', rooms: tenants(s.tenantIds), except: [], data: notify(e, out.length, type, title, message) })
  }
  const toManagers = (type: Notification['type'], title: string, message: string) => {
    if (s.propertyIds.length) out.push({ event: 'notification', rooms: property(s.propertyIds), except: NOT_OWNERS, data: notify(e, out.length, type, title, message) })
  }
  switch (e.topic) {
    case 'maintenance':
      if (e.action === 'created') toManagers('info', 'New maintenance request', 'A new maintenance request was submitted.')
      else if (e.action === 'updated' && becomes(e, 'in_progress')) toTenants('info', 'Maintenance started', 'Work on your maintenance request has started.')
      else if (e.action === 'updated' && becomes(e, 'completed')) toTenants('success', 'Maintenance completed', 'Your maintenance request has been completed.')
      break
    case 'work_order':
      // To the technician the new work order names, not every technician on the request.
      if (e.action === 'created' && s.workOrderAssigneeId && s.technicianIds.includes(s.workOrderAssigneeId)) {
        out.push({ event: 'notification', rooms: users([s.workOrderAssigneeId]), except: [], data: notify(e, 0, 'info', 'Work order assigned', 'A work order was assigned to you.') })
      }
      break
    case 'payment':
      if (e.action !== 'deleted' && becomes(e, 'succeeded')) {
        toTenants('success', 'Payment received', 'Your payment has been received.')
        toManagers('success', 'Payment received', 'A payment was received.')
      } else if (e.action !== 'deleted' && becomes(e, 'failed')) {
        toTenants('error', 'Payment failed', 'Your payment failed. Please check your payment method.')
        toManagers('error', 'Payment failed', 'A payment failed.')
      }
      break
    case 'lease':
      if (e.action === 'created') {
        toTenants('info', 'Lease created', 'A lease was created for you.')
        toManagers('info', 'New lease', 'A new lease was created.')
      } else if (e.action === 'updated' && becomes(e, 'terminated')) {
        toTenants('warning', 'Lease terminated', 'Your lease has been terminated.')
        toManagers('warning', 'Lease terminated', 'A lease was terminated.')
      }
      break
    default:
      break
  }
  return out
}

/** The deliveries of one event; `user` events and unknown topics deliver nothing to clients. */
export function route(e: DispatchedEvent): Delivery[] {
  const s = e.scope
  if (e.topic === 'comment') {
    if (!s.message) return []
    const room = s.requestId ? roomName('request', s.requestId) : s.leaseId ? roomName('lease', s.leaseId) : null
    if (!room) return []
    return [{ event: 'message', rooms: [room], except: [], data: { seq: e.seq, room, ...s.message } }]
  }
  const data = update(e)
  let name = EVENT_OF[e.topic]
  let rooms: string[]
  let except: string[] = []
  switch (e.topic) {
    case 'tenant':
      rooms = [...tenants(s.tenantIds), ...property(s.propertyIds)]
      break
    case 'property':
    case 'unit':
      rooms = property(s.propertyIds)
      break
    case 'lease':
      rooms = [...maybe('lease', s.leaseId), ...property(s.propertyIds), ...tenants(s.tenantIds)]
      break
    case 'maintenance':
    case 'work_order':
      rooms = [...maybe('request', s.requestId), ...property(s.propertyIds), ...tenants(s.tenantIds), ...users(s.technicianIds)]
      break
    case 'payment':
      // Not the lease room: a co-tenant does not see another tenant's payments.
      rooms = [...tenants(s.tenantIds), ...property(s.propertyIds)]
      break
    case 'charge':
      rooms = [...maybe('lease', s.leaseId), ...property(s.propertyIds)]
      break
    case 'document':
      name = s.requestId ? 'maintenance:update' : s.leaseId ? 'lease:update' : s.tenantIds.length ? 'tenant:update' : 'property:update'
      rooms = [...maybe('request', s.requestId), ...maybe('lease', s.leaseId), ...tenants(s.tenantIds), ...property(s.propertyIds)]
      break
    case 'communication':
      // Communication logs are staff records: managers and admins, not tenants or owners.
      rooms = property(s.propertyIds)
      except = NOT_OWNERS
      break
    default:
      return []
  }
  if (!name) return []
  return [{ event: name, rooms: [...new Set([...rooms, ADMINS])], except, data }, ...notifications(e)]
}
