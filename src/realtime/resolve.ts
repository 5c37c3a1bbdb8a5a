/**
 * Resolves the scope of dispatched events — which properties, tenants, lease and request each
 * touches — from the database in a few batched queries (never one per event), falling back to
 * the event's own thin payload when the row is gone (a delete).
 */
import type { EventTopic } from '../db/types.js'
import type { PostedMessage } from './realtime.schema.js'
import type { RealtimeQueries, StoredEvent } from './realtime.queries.js'

export interface Scope {
  propertyIds: string[]
  tenantIds: string[]
  leaseId: string | null
  requestId: string | null
  unitId: string | null
  /** Technicians assigned to the request (as its assignee or on a work order): members of its room. */
  technicianIds: string[]
  /** The assignee of a work_order event's work order: whom its assignment notice is for. */
  workOrderAssigneeId: string | null
  /** Managers and owner accounts of the properties, kept for room membership upkeep. */
  managerIds: string[]
  ownerUserIds: string[]
  status: string | null
  previousStatus: string | null
  message: PostedMessage | null
  /** A session that ended (logout), for `user` events. */
  sessionId: string | null
}

/** An event as every node receives it: plain JSON, so it crosses Redis unchanged. */
export interface DispatchedEvent {
  seq: number
  id: string
  orgId: string
  topic: EventTopic
  action: 'created' | 'updated' | 'deleted'
  entityId: string
  actorId: string | null
  at: string
  scope: Scope
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const idOf = (payload: Record<string, unknown>, key: string): string | null => {
  const v = payload[key]
  return typeof v === 'string' && UUID.test(v) ? v : null
}
const idsOf = (payload: Record<string, unknown>, key: string): string[] => {
  const v = payload[key]
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && UUID.test(x)) : []
}
const textOf = (payload: Record<string, unknown>, key: string): string | null => {
  const v = payload[key]
  return typeof v === 'string' && v.length <= 40 ? v : null
}
const uniq = <T>(values: (T | null | undefined)[]): T[] => [...new Set(values.filter((v): v is T => v !== null && v !== undefined))]
const iso = (d: Date | string): string => (d instanceof Date ? d : new Date(d)).toISOString()

/** Rows keyed by id, each answered only for its own organization. */
class ById<T extends { id: string; org_id: string }> {
  private readonly map: Map<string, T>
  constructor(rows: T[]) {
    this.map = new Map(rows.map((r) => [r.id, r]))
  }
  get(id: string | null, orgId: string): T | undefined {
    const row = id ? this.map.get(id) : undefined
    return row && row.org_id === orgId ? row : undefined
  }
}

/** Many-valued lookups (tenant → properties, lease → tenants), per organization. */
class Multi {
  private readonly map = new Map<string, Set<string>>()
  constructor(rows: { org_id: string; key: string; value: string }[]) {
    for (const r of rows) {
      const k = `${r.org_id}|${r.key}`
      let set = this.map.get(k)
      if (!set) this.map.set(k, (set = new Set()))
      set.add(r.value)
    }
  }
  get(key: string | null, orgId: string): string[] {
    return key ? [...(this.map.get(`${orgId}|${key}`) ?? [])] : []
  }
}

const when = <T>(ids: string[], load: (ids: string[]) => Promise<T[]>): Promise<T[]> => (ids.length ? load(ids) : Promise.resolve([]))

export async function resolveEvents(q: RealtimeQueries, events: StoredEvent[]): Promise<DispatchedEvent[]> {
  if (!events.length) return []
  const orgIds = uniq(events.map((e) => e.org_id))
  const of = (...topics: EventTopic[]) => events.filter((e) => topics.includes(e.topic))
  const entityIds = (...topics: EventTopic[]) => uniq(of(...topics).map((e) => e.entity_id))
  const payloadIds = (key: string, ...topics: EventTopic[]) => uniq(of(...topics).map((e) => idOf(e.payload, key)))

  // Rows named by the events themselves.
  const [units, workOrders, payments, charges, comments, leaseMessages, documents, communications] = await Promise.all([
    when(entityIds('unit'), q.units),
    when(entityIds('work_order'), q.workOrders),
    when(entityIds('payment'), q.payments),
    when(entityIds('charge'), q.charges),
    when(entityIds('comment'), q.requestComments),
    when(entityIds('comment'), q.leaseMessages),
    when(entityIds('document'), q.documents),
    when(entityIds('communication'), q.communications),
  ])
  const unitRows = new ById(units)
  const woRows = new ById(workOrders)
  const paymentRows = new ById(payments)
  const chargeRows = new ById(charges)
  const commentRows = new ById(comments)
  const leaseMessageRows = new ById(leaseMessages)
  const documentRows = new ById(documents)
  const communicationRows = new ById(communications)

  // The leases and requests they hang from.
  const leaseIds = uniq([
    ...entityIds('lease'),
    ...payments.map((r) => r.lease_id),
    ...charges.map((r) => r.lease_id),
    ...leaseMessages.map((r) => r.lease_id),
    ...documents.map((r) => r.lease_id),
    ...payloadIds('leaseId', 'payment', 'charge', 'comment', 'document'),
  ])
  const requestIds = uniq([
    ...entityIds('maintenance'),
    ...workOrders.map((r) => r.request_id),
    ...comments.map((r) => r.request_id),
    ...documents.map((r) => r.request_id),
    ...payloadIds('requestId', 'work_order', 'comment', 'document'),
  ])
  const [leases, leaseTenants, requests, technicians] = await Promise.all([
    when(leaseIds, q.leases),
    when(leaseIds, (ids) => q.leaseTenants(orgIds, ids)),
    when(requestIds, q.requests),
    when(requestIds, (ids) => q.requestTechnicians(orgIds, ids)),
  ])
  const leaseRows = new ById(leases)
  const requestRows = new ById(requests)
  const tenantsOfLease = new Multi(leaseTenants.map((r) => ({ org_id: r.org_id, key: r.lease_id, value: r.tenant_id })))
  const techniciansOf = new Multi(technicians.flatMap((r) => (r.user_id ? [{ org_id: r.org_id, key: r.request_id, value: r.user_id }] : [])))

  // Tenants reach the properties they lease at: staff there see them, their payments and documents.
  const tenantIds = uniq([
    ...entityIds('tenant'),
    ...payments.map((r) => r.tenant_id),
    ...documents.map((r) => r.tenant_id),
    ...communications.map((r) => r.tenant_id),
    ...payloadIds('tenantId', 'tenant', 'payment', 'communication'),
  ])
  const tenantProperties = new Multi(
    (await when(tenantIds, (ids) => q.tenantLeaseProperties(orgIds, ids))).map((r) => ({ org_id: r.org_id, key: r.tenant_id, value: r.property_id })),
  )

  const scopes = events.map((e): Scope => {
    const org = e.org_id
    const p = e.payload
    const scope: Scope = {
      propertyIds: [],
      tenantIds: [],
      leaseId: null,
      requestId: null,
      unitId: null,
      technicianIds: [],
      workOrderAssigneeId: null,
      managerIds: [],
      ownerUserIds: [],
      status: textOf(p, 'status'),
      previousStatus: textOf(p, 'previousStatus'),
      message: null,
      sessionId: null,
    }
    const fromLease = (leaseId: string | null) => {
      const lease = leaseRows.get(leaseId, org)
      scope.leaseId = leaseId
      scope.unitId ??= lease?.unit_id ?? null
      return lease
    }
    const fromRequest = (requestId: string | null) => {
      const request = requestRows.get(requestId, org)
      scope.requestId = requestId
      scope.technicianIds = techniciansOf.get(requestId, org)
      return request
    }
    switch (e.topic) {
      case 'tenant':
        scope.tenantIds = [e.entity_id]
        scope.propertyIds = tenantProperties.get(e.entity_id, org)
        break
      case 'property':
        scope.propertyIds = [e.entity_id]
        break
      case 'unit': {
        const unit = unitRows.get(e.entity_id, org)
        scope.unitId = e.entity_id
        scope.propertyIds = uniq([unit?.property_id ?? idOf(p, 'propertyId')])
        break
      }
      case 'lease': {
        const lease = fromLease(e.entity_id)
        scope.unitId = lease?.unit_id ?? idOf(p, 'unitId')
        scope.propertyIds = uniq([lease?.property_id ?? idOf(p, 'propertyId')])
        scope.tenantIds = uniq([...tenantsOfLease.get(e.entity_id, org), ...idsOf(p, 'tenantIds')])
        scope.status ??= lease?.status ?? null
        break
      }
      case 'maintenance': {
        const request = fromRequest(e.entity_id)
        scope.unitId = request?.unit_id ?? idOf(p, 'unitId')
        scope.propertyIds = uniq([request?.property_id ?? idOf(p, 'propertyId')])
        scope.tenantIds = uniq([request ? request.tenant_id : idOf(p, 'tenantId')])
        scope.status ??= request?.status ?? null
        break
      }
      case 'work_order': {
        const wo = woRows.get(e.entity_id, org)
        const request = fromRequest(wo?.request_id ?? idOf(p, 'requestId'))
        scope.workOrderAssigneeId = wo ? wo.assignee_id : idOf(p, 'assigneeId')
        scope.unitId = request?.unit_id ?? null
        scope.propertyIds = uniq([request?.property_id ?? idOf(p, 'propertyId')])
        scope.tenantIds = uniq([request?.tenant_id])
        scope.status ??= wo?.status ?? null
        break
      }
      case 'payment': {
        const payment = paymentRows.get(e.entity_id, org)
        const tenantId = payment?.tenant_id ?? idOf(p, 'tenantId')
        const lease = fromLease(payment ? payment.lease_id : idOf(p, 'leaseId'))
        scope.tenantIds = uniq([tenantId])
        scope.propertyIds = uniq([lease?.property_id, ...tenantProperties.get(tenantId, org)])
        scope.status ??= payment?.status ?? null
        break
      }
      case 'charge': {
        const charge = chargeRows.get(e.entity_id, org)
        const lease = fromLease(charge?.lease_id ?? idOf(p, 'leaseId'))
        scope.propertyIds = uniq([lease?.property_id ?? idOf(p, 'propertyId')])
        scope.tenantIds = tenantsOfLease.get(scope.leaseId, org)
        break
      }
      case 'comment': {
        const onRequest = commentRows.get(e.entity_id, org)
        const onLease = leaseMessageRows.get(e.entity_id, org)
        const row = onRequest ?? onLease
        if (row) {
          scope.message = {
            id: row.id,
            authorId: row.author_id,
            authorName: row.author_name,
            authorRole: row.author_role,
            body: row.body,
            createdAt: iso(row.created_at),
          }
        }
        if (onLease || (!onRequest && idOf(p, 'leaseId') && !idOf(p, 'requestId'))) {
          const lease = fromLease(onLease?.lease_id ?? idOf(p, 'leaseId'))
          scope.propertyIds = uniq([lease?.property_id ?? idOf(p, 'propertyId')])
        } else {
          const request = fromRequest(onRequest?.request_id ?? idOf(p, 'requestId'))
          scope.propertyIds = uniq([request?.property_id ?? idOf(p, 'propertyId')])
          scope.tenantIds = uniq([request?.tenant_id])
        }
        break
      }
      case 'document': {
        const doc = documentRows.get(e.entity_id, org)
        const leaseId = doc?.lease_id ?? idOf(p, 'leaseId')
        const requestId = doc?.request_id ?? idOf(p, 'requestId')
        const tenantId = doc?.tenant_id ?? idOf(p, 'tenantId')
        const lease = leaseId ? fromLease(leaseId) : undefined
        const request = requestId ? fromRequest(requestId) : undefined
        scope.tenantIds = uniq([tenantId])
        scope.propertyIds = uniq([doc?.property_id ?? idOf(p, 'propertyId'), lease?.property_id, request?.property_id, ...tenantProperties.get(tenantId, org)])
        break
      }
      case 'communication': {
        const log = communicationRows.get(e.entity_id, org)
        const tenantId = log?.tenant_id ?? idOf(p, 'tenantId')
        scope.propertyIds = uniq([log?.property_id ?? idOf(p, 'propertyId'), ...tenantProperties.get(tenantId, org)])
        break
      }
      case 'user':
        scope.sessionId = idOf(p, 'sessionId')
        break
    }
    return scope
  })

  // Managers and owners of the touched properties, for room membership upkeep.
  const upkeep = new Set<EventTopic>(['property', 'lease', 'maintenance', 'work_order'])
  const upkeepProperties = uniq(events.flatMap((e, i) => (upkeep.has(e.topic) ? scopes[i]!.propertyIds : [])))
  const [managers, owners] = await Promise.all([
    when(upkeepProperties, (ids) => q.propertyManagers(orgIds, ids)),
    when(upkeepProperties, (ids) => q.propertyOwnerUsers(orgIds, ids)),
  ])
  const managersOf = new Multi(managers.map((r) => ({ org_id: r.org_id, key: r.property_id, value: r.user_id })))
  const ownersOf = new Multi(owners.map((r) => ({ org_id: r.org_id, key: r.property_id, value: r.user_id })))

  return events.map((e, i) => {
    const scope = scopes[i]!
    if (upkeep.has(e.topic)) {
      scope.managerIds = uniq(scope.propertyIds.flatMap((id) => managersOf.get(id, e.org_id)))
      scope.ownerUserIds = uniq(scope.propertyIds.flatMap((id) => ownersOf.get(id, e.org_id)))
    }
    return {
      seq: e.position,
      id: e.id,
      orgId: e.org_id,
      topic: e.topic,
      action: e.action,
      entityId: e.entity_id,
      actorId: e.actor_id,
      at: iso(e.created_at),
      scope,
    }
  })
}
