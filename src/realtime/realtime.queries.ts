/** Every statement real time runs: the dispatcher, replay, room scope, initial state, conversations. */
import { sql, type Expression, type SqlBool } from 'kysely'
import type { EventTopic, Executor } from '../db/types.js'
import { propertyVisible, requestAssigned, visiblePropertyIds, visibleTenantIds, type Principal } from '../lib/access.js'
import { offsetOf, type PageQuery } from '../lib/paging.js'
import { leaseVisible } from '../modules/leases/leases.queries.js'
import { requestOpen } from '../modules/maintenance/maintenance.queries.js'
import { OPEN_REQUEST_STATUSES } from '../modules/maintenance/maintenance.schema.js'

/** Advisory lock keys: one node holds LEADER for its session; each dispatch batch takes BATCH. */
export const LOCK_KEYS = { leader: 7461627, batch: 7461628 } as const
export const NOTIFY_CHANNEL = 'tms_events'

/** Statements the dispatcher's own leader connection runs outside Kysely (it must stay one session). */
export const LEADER_SQL = {
  tryLock: `SELECT pg_try_advisory_lock(${LOCK_KEYS.leader}) AS locked`,
  unlock: `SELECT pg_advisory_unlock(${LOCK_KEYS.leader})`,
  listen: `LISTEN ${NOTIFY_CHANNEL}`,
} as const

export interface StoredEvent {
  position: number
  id: string
  org_id: string
  topic: EventTopic
  action: 'created' | 'updated' | 'deleted'
  entity_id: string
  actor_id: string | null
  payload: Record<string, unknown>
  created_at: Date
}

const LIVE_LEASE = ['draft', 'active'] as const
/** Rooms joined on connect are capped; beyond that a client subscribes to what it shows. */
export const AUTO_ROOM_LIMIT = 500

/**
 * SQL condition on `mr`: a request the caller may see, as the maintenance API decides it —
 * staff and owners by property, a tenant their own, a technician those assigned to them.
 */
function requestVisible(p: Principal): Expression<SqlBool> {
  switch (p.role) {
    case 'admin':
      return sql<SqlBool>`true`
    case 'property_manager':
    case 'owner':
      return propertyVisible(p, 'mr.property_id')
    case 'tenant':
      return sql<SqlBool>`mr.tenant_id = ${p.tenantId}`
    case 'technician':
      return requestAssigned(p, 'mr.id')
  }
}

const toNumber = (value: unknown): number => Number(value ?? 0)

export function createRealtimeQueries(db: Executor) {
  return {
    // The dispatcher.

    /** Serializes dispatch batches across every node, for the rest of the caller's transaction. */
    lockBatch: () => sql`SELECT pg_advisory_xact_lock(${LOCK_KEYS.batch})`.execute(db),

    /**
     * Numbers up to `limit` committed, undispatched events, oldest insert first, continuing each
     * organization's stream; returns them in stream order. Run inside a transaction after lockBatch.
     */
    async dispatchBatch(limit: number): Promise<StoredEvent[]> {
      const { rows } = await sql<StoredEvent & { seq: unknown }>`
        WITH batch AS (
          SELECT seq, org_id,
                 row_number() OVER (PARTITION BY org_id ORDER BY seq) AS n,
                 count(*) OVER (PARTITION BY org_id) AS cnt
          FROM (SELECT seq, org_id FROM events WHERE position IS NULL ORDER BY seq LIMIT ${limit} FOR UPDATE) pending
        ), streams AS (
          INSERT INTO event_streams AS s (org_id, last_position)
          SELECT org_id, max(cnt) FROM batch GROUP BY org_id
          ON CONFLICT (org_id) DO UPDATE SET last_position = s.last_position + excluded.last_position
          RETURNING org_id, last_position
        )
        UPDATE events e
        SET position = st.last_position - b.cnt + b.n, dispatched_at = now()
        FROM batch b JOIN streams st ON st.org_id = b.org_id
        WHERE e.seq = b.seq
        RETURNING e.seq, e.position, e.id, e.org_id, e.topic, e.action, e.entity_id, e.actor_id, e.payload, e.created_at`.execute(db)
      return rows
        .sort((a, b) => toNumber(a.seq) - toNumber(b.seq))
        .map(({ seq: _seq, ...r }) => ({ ...r, position: toNumber(r.position) }))
    },

    /** Whether any committed event still waits for its position. */
    async pendingExists(): Promise<boolean> {
      return (await db.selectFrom('events').select('seq').where('position', 'is', null).limit(1).executeTakeFirst()) !== undefined
    },

    /** The last position handed out in an organization's stream (0 before the first event). */
    async streamHead(orgId: string): Promise<number> {
      const row = await db.selectFrom('event_streams').select('last_position').where('org_id', '=', orgId).executeTakeFirst()
      return toNumber(row?.last_position)
    },

    /** Dispatched events of one organization in (after, upTo], in stream order. */
    async eventsBetween(orgId: string, after: number, upTo: number, limit: number): Promise<StoredEvent[]> {
      const rows = await db
        .selectFrom('events')
        .select(['position', 'id', 'org_id', 'topic', 'action', 'entity_id', 'actor_id', 'payload', 'created_at'])
        .where('org_id', '=', orgId)
        .where('position', '>', after)
        .where('position', '<=', upTo)
        .orderBy('position')
        .limit(limit)
        .execute()
      return rows.map((r) => ({ ...r, position: toNumber(r.position) }))
    },

    // Scope of events, looked up in bulk by entity id (ids are UUIDs; org_id is checked by the caller).

    tenantLeaseProperties: (orgIds: string[], tenantIds: string[]) =>
      db
        .selectFrom('lease_tenants as lt')
        .innerJoin('leases as l', (j) => j.onRef('l.org_id', '=', 'lt.org_id').onRef('l.id', '=', 'lt.lease_id'))
        .innerJoin('units as u', (j) => j.onRef('u.org_id', '=', 'l.org_id').onRef('u.id', '=', 'l.unit_id'))
        .select(['lt.org_id', 'lt.tenant_id', 'u.property_id'])
        .distinct()
        .where('lt.org_id', 'in', orgIds)
        .where('lt.tenant_id', 'in', tenantIds)
        .execute(),

    propertyManagers: (orgIds: string[], propertyIds: string[]) =>
      db
        .selectFrom('property_managers')
        .select(['org_id', 'property_id', 'user_id'])
        .where('org_id', 'in', orgIds)
        .where('property_id', 'in', propertyIds)
        .execute(),

    propertyOwnerUsers: (orgIds: string[], propertyIds: string[]) =>
      db
        .selectFrom('properties as pr')
        .innerJoin('users as u', (j) => j.onRef('u.org_id', '=', 'pr.org_id').onRef('u.owner_id', '=', 'pr.owner_id'))
        .select(['pr.org_id', 'pr.id as property_id', 'u.id as user_id'])
        .where('pr.org_id', 'in', orgIds)
        .where('pr.id', 'in', propertyIds)
        .execute(),

    units: (ids: string[]) => db.selectFrom('units').select(['id', 'org_id', 'property_id']).where('id', 'in', ids).execute(),

    leases: (ids: string[]) =>
      db
        .selectFrom('leases as l')
        .innerJoin('units as u', (j) => j.onRef('u.org_id', '=', 'l.org_id').onRef('u.id', '=', 'l.unit_id'))
        .select(['l.id', 'l.org_id', 'l.unit_id', 'u.property_id', 'l.status'])
        .where('l.id', 'in', ids)
        .execute(),

    leaseTenants: (orgIds: string[], leaseIds: string[]) =>
      db
        .selectFrom('lease_tenants')
        .select(['org_id', 'lease_id', 'tenant_id'])
        .where('org_id', 'in', orgIds)
        .where('lease_id', 'in', leaseIds)
        .execute(),

    requests: (ids: string[]) =>
      db.selectFrom('maintenance_requests').select(['id', 'org_id', 'property_id', 'unit_id', 'tenant_id', 'status']).where('id', 'in', ids).execute(),

    /** The technicians assigned to each request, as its assignee or on a work order: they are the request's room too. */
    requestTechnicians: (orgIds: string[], requestIds: string[]) =>
      db
        .selectFrom('work_orders as wo')
        .innerJoin('users as u', (j) => j.onRef('u.org_id', '=', 'wo.org_id').onRef('u.id', '=', 'wo.assignee_id'))
        .select(['wo.org_id', 'wo.request_id', 'wo.assignee_id as user_id'])
        .where('wo.org_id', 'in', orgIds)
        .where('wo.request_id', 'in', requestIds)
        .where('u.role', '=', 'technician')
        .union(
          db
            .selectFrom('maintenance_requests as mr')
            .innerJoin('users as u', (j) => j.onRef('u.org_id', '=', 'mr.org_id').onRef('u.id', '=', 'mr.assignee_id'))
            .select(['mr.org_id', 'mr.id as request_id', 'mr.assignee_id as user_id'])
            .where('mr.org_id', 'in', orgIds)
            .where('mr.id', 'in', requestIds)
            .where('u.role', '=', 'technician'),
        )
        .execute(),

    workOrders: (ids: string[]) =>
      db.selectFrom('work_orders').select(['id', 'org_id', 'request_id', 'status', 'assignee_id']).where('id', 'in', ids).execute(),

    payments: (ids: string[]) =>
      db.selectFrom('payments').select(['id', 'org_id', 'tenant_id', 'lease_id', 'status']).where('id', 'in', ids).execute(),

    charges: (ids: string[]) => db.selectFrom('charges').select(['id', 'org_id', 'lease_id']).where('id', 'in', ids).execute(),

    requestComments: (ids: string[]) =>
      db
        .selectFrom('request_comments as c')
        .leftJoin('users as u', (j) => j.onRef('u.org_id', '=', 'c.org_id').onRef('u.id', '=', 'c.author_id'))
        .select(['c.id', 'c.org_id', 'c.request_id', 'c.author_id', 'u.display_name as author_name', 'u.role as author_role', 'c.body', 'c.created_at'])
        .where('c.id', 'in', ids)
        .execute(),

    leaseMessages: (ids: string[]) =>
      db
        .selectFrom('lease_messages as m')
        .leftJoin('users as u', (j) => j.onRef('u.org_id', '=', 'm.org_id').onRef('u.id', '=', 'm.author_id'))
        .select(['m.id', 'm.org_id', 'm.lease_id', 'm.author_id', 'u.display_name as author_name', 'u.role as author_role', 'm.body', 'm.created_at'])
        .where('m.id', 'in', ids)
        .execute(),

    documents: (ids: string[]) =>
      db.selectFrom('documents').select(['id', 'org_id', 'lease_id', 'tenant_id', 'property_id', 'request_id']).where('id', 'in', ids).execute(),

    communications: (ids: string[]) =>
      db.selectFrom('communication_logs').select(['id', 'org_id', 'tenant_id', 'property_id']).where('id', 'in', ids).execute(),

    // Rooms: which of the named entities the caller may see, with the API's own scope rules.

    visibleProperties: (p: Principal, ids: string[]) =>
      db.selectFrom('properties').select('id').where('org_id', '=', p.orgId).where('id', 'in', ids).where(propertyVisible(p, 'id')).execute(),

    visibleLeases: (p: Principal, ids: string[]) =>
      db.selectFrom('leases as l').select('l.id').where('l.org_id', '=', p.orgId).where('l.id', 'in', ids).where(leaseVisible(p, 'l.id')).execute(),

    visibleRequests: (p: Principal, ids: string[]) =>
      db.selectFrom('maintenance_requests as mr').select('mr.id').where('mr.org_id', '=', p.orgId).where('mr.id', 'in', ids).where(requestVisible(p)).execute(),

    /** Properties whose room a manager or owner joins on connect. */
    ownPropertyIds: (p: Principal) =>
      db.selectFrom('properties').select('id').where('org_id', '=', p.orgId).where(propertyVisible(p, 'id')).orderBy('id').limit(AUTO_ROOM_LIMIT).execute(),

    /** Live leases whose room the caller joins on connect: a tenant's own, a manager's properties'. */
    ownLeaseIds: (p: Principal) =>
      db
        .selectFrom('leases as l')
        .innerJoin('units as u', (j) => j.onRef('u.org_id', '=', 'l.org_id').onRef('u.id', '=', 'l.unit_id'))
        .select('l.id')
        .where('l.org_id', '=', p.orgId)
        .where('l.status', 'in', LIVE_LEASE)
        .where(p.role === 'tenant' ? leaseVisible(p, 'l.id') : propertyVisible(p, 'u.property_id'))
        .orderBy('l.id', 'desc')
        .limit(AUTO_ROOM_LIMIT)
        .execute(),

    /** Open requests whose room the caller joins on connect. */
    ownRequestIds: (p: Principal) =>
      db
        .selectFrom('maintenance_requests as mr')
        .select('mr.id')
        .where('mr.org_id', '=', p.orgId)
        .where('mr.status', 'in', OPEN_REQUEST_STATUSES)
        .where(requestVisible(p))
        .orderBy('mr.id', 'desc')
        .limit(AUTO_ROOM_LIMIT)
        .execute(),

    // Initial state.

    async portfolioCounts(p: Principal) {
      const visible = visiblePropertyIds(p)
      // A unit is occupied by an active lease that covers the organization's today, as on the dashboard.
      const { rows } = await sql<Record<string, unknown>>`
        WITH org AS (SELECT (now() AT TIME ZONE time_zone)::date AS today FROM organizations WHERE id = ${p.orgId})
        SELECT
          (SELECT count(*) FROM properties WHERE org_id = ${p.orgId} AND id IN ${visible}) AS properties,
          (SELECT count(*) FROM units WHERE org_id = ${p.orgId} AND property_id IN ${visible}) AS units,
          (SELECT count(DISTINCT l.unit_id) FROM leases l JOIN units u ON u.org_id = l.org_id AND u.id = l.unit_id, org
             WHERE l.org_id = ${p.orgId} AND l.status = 'active' AND u.property_id IN ${visible}
               AND l.start_date <= org.today AND (l.end_date IS NULL OR l.end_date >= org.today)) AS occupied_units,
          (SELECT count(*) FROM tenants WHERE org_id = ${p.orgId} AND id IN ${visibleTenantIds(p)}) AS tenants,
          (SELECT count(*) FROM leases l JOIN units u ON u.org_id = l.org_id AND u.id = l.unit_id
             WHERE l.org_id = ${p.orgId} AND l.status = 'active' AND u.property_id IN ${visible}) AS active_leases,
          (SELECT count(*) FROM maintenance_requests mr WHERE mr.org_id = ${p.orgId} AND ${requestOpen('mr')}
             AND mr.property_id IN ${visible}) AS open_requests,
          (SELECT count(*) FROM payments WHERE org_id = ${p.orgId} AND status = 'pending' AND tenant_id IN ${visibleTenantIds(p)}) AS pending_payments`.execute(db)
      const r = rows[0] ?? {}
      return {
        properties: toNumber(r.properties),
        units: toNumber(r.units),
        occupiedUnits: toNumber(r.occupied_units),
        tenants: toNumber(r.tenants),
        activeLeases: toNumber(r.active_leases),
        openRequests: toNumber(r.open_requests),
        pendingPayments: toNumber(r.pending_payments),
      }
    },

    /** A tenant's leases with each one's open balance, newest first. */
    tenantLeases: (p: Principal) =>
      db
        .selectFrom('leases as l')
        .innerJoin('units as u', (j) => j.onRef('u.org_id', '=', 'l.org_id').onRef('u.id', '=', 'l.unit_id'))
        .select((eb) => [
          'l.id',
          'l.unit_id',
          'u.property_id',
          'l.status',
          'l.start_date',
          'l.end_date',
          'l.rent_cents',
          eb
            .selectFrom('charge_balances as cb')
            .select(sql<number>`coalesce(sum(cb.balance_cents), 0)::bigint`.as('balance'))
            .whereRef('cb.org_id', '=', 'l.org_id')
            .whereRef('cb.lease_id', '=', 'l.id')
            .as('balance_cents'),
        ])
        .where('l.org_id', '=', p.orgId)
        .where(leaseVisible(p, 'l.id'))
        .orderBy('l.start_date', 'desc')
        .orderBy('l.id', 'desc')
        .limit(20)
        .execute(),

    openRequestsOf: (p: Principal) =>
      db
        .selectFrom('maintenance_requests as mr')
        .select(['mr.id', 'mr.title', 'mr.status', 'mr.priority', 'mr.requested_at'])
        .where('mr.org_id', '=', p.orgId)
        .where('mr.status', 'in', OPEN_REQUEST_STATUSES)
        .where(requestVisible(p))
        .orderBy('mr.requested_at', 'desc')
        .orderBy('mr.id', 'desc')
        .limit(50)
        .execute(),

    async openWorkOrderCount(p: Principal): Promise<number> {
      const row = await db
        .selectFrom('work_orders')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('org_id', '=', p.orgId)
        .where('assignee_id', '=', p.userId)
        .where('status', 'in', ['scheduled', 'in_progress', 'on_hold'])
        .executeTakeFirst()
      return toNumber(row?.n)
    },

    // The lease conversation.

    async listLeaseMessages(orgId: string, leaseId: string, page: PageQuery) {
      const thread = db.selectFrom('lease_messages as m').where('m.org_id', '=', orgId).where('m.lease_id', '=', leaseId)
      const [rows, count] = await Promise.all([
        thread
          .leftJoin('users as u', (j) => j.onRef('u.org_id', '=', 'm.org_id').onRef('u.id', '=', 'm.author_id'))
          .select(['m.id', 'm.lease_id', 'm.author_id', 'u.display_name as author_name', 'u.role as author_role', 'm.body', 'm.created_at'])
          .orderBy('m.created_at')
          .orderBy('m.id')
          .limit(page.pageSize)
          .offset(offsetOf(page))
          .execute(),
        thread.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
      ])
      return { rows, total: toNumber(count?.n) }
    },

    insertLeaseMessage: (row: { id: string; org_id: string; lease_id: string; author_id: string; body: string }) =>
      db.insertInto('lease_messages').values(row).returningAll().executeTakeFirstOrThrow(),

    /** The lease and its property, when the caller may see it. */
    visibleLease: (p: Principal, leaseId: string) =>
      db
        .selectFrom('leases as l')
        .innerJoin('units as u', (j) => j.onRef('u.org_id', '=', 'l.org_id').onRef('u.id', '=', 'l.unit_id'))
        .select(['l.id', 'u.property_id'])
        .where('l.org_id', '=', p.orgId)
        .where('l.id', '=', leaseId)
        .where(leaseVisible(p, 'l.id'))
        .executeTakeFirst(),
  }
}

export type RealtimeQueries = ReturnType<typeof createRealtimeQueries>
