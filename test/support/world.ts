/**
 * A two-organization world for the cross-module authorization and input suites. Organization A:
 * property P1 (manager M1, owner O1), P2 (manager M2, owner O2) and P3 (no manager, no owner);
 * tenant T1 (signed in) sharing lease L1 on P1 with co-tenant Tc; Tx leasing on both P1 and P2;
 * T2 on P2, T3 on P3; requests, work orders (K1 on P1, K2 on P2 and on T1's request), K1 as the
 * assignee of R3 on P3 without a work order, payments,
 * charges, documents, comments, lease messages, communication logs, and open invitations (for Tc
 * on P1, for T3, and for a technician). Organization B is a full
 * copy with only its admin signed in. Every row records which of the signed-in viewers may see it.
 */
import { createHash, randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import type { Db, Row } from '../../src/db/types.js'
import { uuidv7 } from '../../src/lib/ids.js'
import type { TestApp } from './app.js'

/** The signed-in callers: organization A's admin, M1, O1, T1 and K1, and organization B's admin. */
export type Viewer = 'admin' | 'manager' | 'owner' | 'tenant' | 'technician' | 'outsider'
export const VIEWERS: readonly Viewer[] = ['admin', 'manager', 'owner', 'tenant', 'technician', 'outsider']

export type Kind =
  | 'property'
  | 'owner'
  | 'unit'
  | 'tenant'
  | 'lease'
  | 'request'
  | 'workOrder'
  | 'payment'
  | 'charge'
  | 'document'
  | 'comment'
  | 'message'
  | 'communication'
  | 'user'
  | 'invitation'

export interface Entity {
  kind: Kind
  /** e.g. 'A.P1', 'B.L2'. */
  name: string
  id: string
  /** Viewers that may reach the row by its own id (detail routes answer 200). */
  seenBy: readonly Viewer[]
  /** Viewers that may read the id inside another row they see (a co-tenant on a shared lease), without reaching the row itself. */
  mentionedTo: readonly Viewer[]
}

type Local = 'admin' | 'manager' | 'owner' | 'tenant' | 'technician'
const ALL: readonly Local[] = ['admin', 'manager', 'owner', 'tenant', 'technician']
const STAFF_AND_OWNER: readonly Local[] = ['admin', 'manager', 'owner']

async function buildOrg(t: TestApp, label: 'A' | 'B') {
  const db = t.db
  const entities: { kind: Kind; name: string; id: string; seenBy: readonly Local[]; mentionedTo?: readonly Local[] }[] = []
  const add = <T extends { id: string }>(kind: Kind, name: string, row: T, seenBy: readonly Local[], mentionedTo: readonly Local[] = []): T => {
    entities.push({ kind, name: `${label}.${name}`, id: row.id, seenBy, mentionedTo })
    return row
  }

  const org = await t.f.org({ name: `World ${label} ${uuidv7()}` })
  const o = org.id
  const admin = await t.f.user(o, 'admin')
  const m1 = await t.f.user(o, 'property_manager')
  const m2 = await t.f.user(o, 'property_manager')
  const o1 = await t.f.user(o, 'owner')
  const k1 = await t.f.user(o, 'technician')
  const k2 = await t.f.user(o, 'technician')
  const owner2 = await t.f.owner(o)
  for (const u of [admin, m1, m2, o1, k1, k2]) add('user', `user:${u.display_name}`, u, ALL)
  add('owner', 'O1', { id: o1.owner_id! }, ALL)
  // Staff choose a property's owner from the organization's directory, so a manager may read O2's name there.
  add('owner', 'O2', owner2, ['admin'], ['manager'])

  const P1 = add('property', 'P1', await t.f.property(o, { owner_id: o1.owner_id, address_line1: `${label}1 Alder Lane` }), ALL)
  const P2 = add('property', 'P2', await t.f.property(o, { owner_id: owner2.id, address_line1: `${label}2 Birch Road` }), ['admin'])
  // K1 is the assignee of R3 here (no work order): the request's place and tenant are theirs to see.
  const P3 = add('property', 'P3', await t.f.property(o, { address_line1: `${label}3 Cedar Court` }), ['admin', 'technician'])
  await t.f.assignManager(o, P1.id, m1.id)
  await t.f.assignManager(o, P2.id, m2.id)

  const U1a = add('unit', 'U1a', await t.f.unit(o, P1.id), ALL)
  const U1b = add('unit', 'U1b', await t.f.unit(o, P1.id), STAFF_AND_OWNER)
  const U1x = add('unit', 'U1x', await t.f.unit(o, P1.id), STAFF_AND_OWNER)
  const U2 = add('unit', 'U2', await t.f.unit(o, P2.id), ['admin'])
  const U2x = add('unit', 'U2x', await t.f.unit(o, P2.id), ['admin'])
  const U3 = add('unit', 'U3', await t.f.unit(o, P3.id), ['admin', 'technician'])

  const T1 = add('tenant', 'T1', await t.f.tenant(o), ALL)
  // The co-tenant's id is on the shared lease T1 reads, but T1 may not open the co-tenant's record.
  const Tc = add('tenant', 'Tc', await t.f.tenant(o), STAFF_AND_OWNER, ['tenant'])
  const Tx = add('tenant', 'Tx', await t.f.tenant(o), STAFF_AND_OWNER)
  const T2 = add('tenant', 'T2', await t.f.tenant(o), ['admin'])
  const T3 = add('tenant', 'T3', await t.f.tenant(o), ['admin', 'technician'])
  const t1 = await t.f.user(o, 'tenant', { tenant_id: T1.id })
  add('user', 'user:t1', t1, ALL)
  // Accounts outside M1's properties: T2's tenant login and P2's owner login are for the admin's directory only.
  add('user', 'user:t2', await t.f.user(o, 'tenant', { tenant_id: T2.id }), ['admin'])
  add('user', 'user:o2', await t.f.user(o, 'owner', { owner_id: owner2.id }), ['admin'])

  // Open invitations, with their links' tokens: Tc's (on M1's property), T3's and a technician's are the admin's; M1 manages Tc's.
  const invitation = async (name: string, role: 'tenant' | 'technician', tenantId: string | null, seenBy: readonly Local[]) => {
    const token = randomBytes(32).toString('base64url')
    const row = await db
      .insertInto('user_invitations')
      .values({
        id: uuidv7(),
        org_id: o,
        email: `${name.toLowerCase()}-${uuidv7().slice(-8)}@invited.example.test`,
        display_name: `Invited ${name}`,
        role,
        tenant_id: tenantId,
        token_hash: createHash('sha256').update(token).digest('hex'),
        invited_by: admin.id,
        expires_at: new Date(Date.now() + 7 * 86_400_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { ...add('invitation', name, row, seenBy), token }
  }
  const invitations = {
    iTc: await invitation('iTc', 'tenant', Tc.id, ['admin', 'manager']),
    iT3: await invitation('iT3', 'tenant', T3.id, ['admin']),
    iK: await invitation('iK', 'technician', null, ['admin']),
  }

  const L1 = add('lease', 'L1', await t.f.lease(o, U1a.id, [T1.id, Tc.id]), ['admin', 'manager', 'owner', 'tenant'])
  const Lx1 = add('lease', 'Lx1', await t.f.lease(o, U1x.id, [Tx.id], { end_date: null }), STAFF_AND_OWNER)
  const Lx2 = add('lease', 'Lx2', await t.f.lease(o, U2x.id, [Tx.id], { end_date: null }), ['admin'])
  const L2 = add('lease', 'L2', await t.f.lease(o, U2.id, [T2.id]), ['admin'])
  // Month-to-month, so P3 always has a lease in effect.
  const L3 = add('lease', 'L3', await t.f.lease(o, U3.id, [T3.id], { end_date: null }), ['admin'])

  const R1 = add('request', 'R1', await t.f.request(o, P1.id, { unit_id: U1a.id, tenant_id: T1.id }), ALL)
  const R1c = add('request', 'R1c', await t.f.request(o, P1.id, { unit_id: U1a.id, tenant_id: Tc.id }), STAFF_AND_OWNER)
  const R2 = add('request', 'R2', await t.f.request(o, P2.id, { unit_id: U2.id, tenant_id: T2.id }), ['admin'])
  const R3 = add('request', 'R3', await t.f.request(o, P3.id, { unit_id: U3.id, tenant_id: T3.id, assignee_id: k1.id }), ['admin', 'technician'])

  // A tenant reads the work orders of their own request (without costs) through the request.
  const W1 = add('workOrder', 'W1', await t.f.workOrder(o, R1.id, { assignee_id: k1.id }), ['admin', 'manager', 'owner', 'technician'], ['tenant'])
  const W1b = add('workOrder', 'W1b', await t.f.workOrder(o, R1.id, { assignee_id: k2.id }), STAFF_AND_OWNER, ['tenant'])
  const W2 = add('workOrder', 'W2', await t.f.workOrder(o, R2.id, { assignee_id: k2.id }), ['admin'])

  const pay1 = add('payment', 'pay1', await t.f.payment(o, T1.id, { lease_id: L1.id, reference: `${label}-pay1` }), ['admin', 'manager', 'owner', 'tenant'])
  const payN1 = add('payment', 'payN1', await t.f.payment(o, T1.id, { lease_id: null, status: 'pending' }), ['admin', 'manager', 'owner', 'tenant'])
  const payc = add('payment', 'payc', await t.f.payment(o, Tc.id, { lease_id: L1.id, status: 'pending' }), STAFF_AND_OWNER)
  const payx1 = add('payment', 'payx1', await t.f.payment(o, Tx.id, { lease_id: Lx1.id }), STAFF_AND_OWNER)
  // Tx's rent for P2: M1 and O1 see Tx through P1, but not what Tx pays on another property.
  const payx2 = add('payment', 'payx2', await t.f.payment(o, Tx.id, { lease_id: Lx2.id, status: 'pending' }), ['admin'])
  const pay2 = add('payment', 'pay2', await t.f.payment(o, T2.id, { lease_id: L2.id, status: 'pending' }), ['admin'])
  const pay3 = add('payment', 'pay3', await t.f.payment(o, T3.id, { lease_id: L3.id }), ['admin'])

  const ch1 = add('charge', 'ch1', await t.f.charge(o, L1.id), ['admin', 'manager', 'owner', 'tenant'])
  const chx1 = add('charge', 'chx1', await t.f.charge(o, Lx1.id), STAFF_AND_OWNER)
  const chx2 = add('charge', 'chx2', await t.f.charge(o, Lx2.id), ['admin'])
  const ch2 = add('charge', 'ch2', await t.f.charge(o, L2.id), ['admin'])
  const ch3 = add('charge', 'ch3', await t.f.charge(o, L3.id), ['admin'])

  const doc = async (name: string, subject: { request_id?: string; lease_id?: string; tenant_id?: string; property_id?: string }, seenBy: readonly Local[]) => {
    const content = Buffer.from(`%PDF-1.4 ${label} ${name}`)
    const row = await db
      .insertInto('documents')
      .values({
        id: uuidv7(),
        org_id: o,
        ...subject,
        file_name: `${name}.pdf`,
        content_type: 'application/pdf',
        size_bytes: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
        content,
        uploaded_by: admin.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return add('document', name, row, seenBy)
  }
  const docs = {
    dR1: await doc('dR1', { request_id: R1.id }, ALL),
    dR1c: await doc('dR1c', { request_id: R1c.id }, STAFF_AND_OWNER),
    dR2: await doc('dR2', { request_id: R2.id }, ['admin']),
    // Leases, tenants' files and property files are not a technician's business (they see work orders).
    dL1: await doc('dL1', { lease_id: L1.id }, ['admin', 'manager', 'owner', 'tenant']),
    dL2: await doc('dL2', { lease_id: L2.id }, ['admin']),
    dT1: await doc('dT1', { tenant_id: T1.id }, ['admin', 'manager', 'owner', 'tenant']),
    dT2: await doc('dT2', { tenant_id: T2.id }, ['admin']),
    // Files of the building itself (deeds, insurance) are for staff and owners.
    dP1: await doc('dP1', { property_id: P1.id }, STAFF_AND_OWNER),
    dP2: await doc('dP2', { property_id: P2.id }, ['admin']),
  }

  const comment = async (name: string, requestId: string, authorId: string, seenBy: readonly Local[]) =>
    add('comment', name, await db.insertInto('request_comments').values({ id: uuidv7(), org_id: o, request_id: requestId, author_id: authorId, body: `${name} body` }).returning('id').executeTakeFirstOrThrow(), seenBy)
  const cR1 = await comment('cR1', R1.id, t1.id, ALL)
  const cR1c = await comment('cR1c', R1c.id, m1.id, STAFF_AND_OWNER)
  const cR2 = await comment('cR2', R2.id, admin.id, ['admin'])

  const message = async (name: string, leaseId: string, authorId: string, seenBy: readonly Local[]) =>
    add('message', name, await db.insertInto('lease_messages').values({ id: uuidv7(), org_id: o, lease_id: leaseId, author_id: authorId, body: `${name} body` }).returning('id').executeTakeFirstOrThrow(), seenBy)
  const mL1 = await message('mL1', L1.id, t1.id, ['admin', 'manager', 'owner', 'tenant'])
  const mL2 = await message('mL2', L2.id, admin.id, ['admin'])

  const communication = async (name: string, tenantId: string, propertyId: string, seenBy: readonly Local[]) =>
    add(
      'communication',
      name,
      await db
        .insertInto('communication_logs')
        .values({ id: uuidv7(), org_id: o, tenant_id: tenantId, property_id: propertyId, user_id: admin.id, channel: 'email', direction: 'outbound', subject: name, body: `${name} body` })
        .returning('id')
        .executeTakeFirstOrThrow(),
      seenBy,
    )
  const kT1 = await communication('kT1', T1.id, P1.id, ['admin', 'manager', 'owner', 'tenant'])
  const kT2 = await communication('kT2', T2.id, P2.id, ['admin'])

  return {
    org,
    users: { admin, m1, m2, o1, k1, k2, t1 },
    owner2,
    rows: { P1, P2, P3, U1a, U1b, U1x, U2, U2x, U3, T1, Tc, Tx, T2, T3, L1, Lx1, Lx2, L2, L3, R1, R1c, R2, R3, W1, W1b, W2 },
    payments: { pay1, payN1, payc, payx1, payx2, pay2, pay3 },
    charges: { ch1, chx1, chx2, ch2, ch3 },
    docs,
    comments: { cR1, cR1c, cR2 },
    messages: { mL1, mL2 },
    communications: { kT1, kT2 },
    invitations,
    entities,
  }
}

export type OrgWorld = Awaited<ReturnType<typeof buildOrg>>

export interface World {
  a: OrgWorld
  b: OrgWorld
  tokens: Record<Viewer, string>
  users: Record<Viewer, Row<'users'>>
  entities: Entity[]
  /** The entity named e.g. 'A.P1'. */
  named(name: string): Entity
  /** Every entity of a kind, both organizations. */
  of(kind: Kind): Entity[]
  /** The viewer may reach the row by its id. */
  sees(viewer: Viewer, entity: Entity): boolean
  /** The viewer may read the id anywhere (reachable, or mentioned in a row they see). */
  mayRead(viewer: Viewer, entity: Entity): boolean
}

/** Builds organizations A and B and signs in A's admin, M1, O1, T1, K1 and B's admin. */
export async function buildWorld(t: TestApp): Promise<World> {
  const a = await buildOrg(t, 'A')
  const b = await buildOrg(t, 'B')
  const entities: Entity[] = [
    ...a.entities.map((e) => ({ ...e, seenBy: [...e.seenBy] as Viewer[], mentionedTo: [...(e.mentionedTo ?? [])] as Viewer[] })),
    // Organization B's rows are seen by its admin alone among the signed-in callers.
    ...b.entities.map((e) => ({ ...e, seenBy: e.seenBy.includes('admin') ? (['outsider'] as Viewer[]) : [], mentionedTo: [] })),
  ]
  const users: Record<Viewer, Row<'users'>> = {
    admin: a.users.admin,
    manager: a.users.m1,
    owner: a.users.o1,
    tenant: a.users.t1,
    technician: a.users.k1,
    outsider: b.users.admin,
  }
  const tokens = {} as Record<Viewer, string>
  for (const v of VIEWERS) tokens[v] = await t.tokenFor(users[v])
  const byName = new Map(entities.map((e) => [e.name, e]))
  return {
    a,
    b,
    tokens,
    users,
    entities,
    named(name) {
      const e = byName.get(name)
      if (!e) throw new Error(`no entity ${name} in the world`)
      return e
    },
    of: (kind) => entities.filter((e) => e.kind === kind),
    sees: (viewer, e) => e.seenBy.includes(viewer),
    mayRead: (viewer, e) => e.seenBy.includes(viewer) || e.mentionedTo.includes(viewer),
  }
}

/** Tables a request may write; events are counted (the dispatcher may stamp them), the rest hashed row by row. */
const HASHED_TABLES = [
  'organizations',
  'owners',
  'users',
  'tenants',
  'properties',
  'property_managers',
  'units',
  'leases',
  'lease_tenants',
  'charges',
  'payments',
  'payment_allocations',
  'deposit_dispositions',
  'deposit_deductions',
  'maintenance_requests',
  'work_orders',
  'request_comments',
  'documents',
  'communication_logs',
  'notifications',
  'lease_messages',
  'user_invitations',
] as const

/** A digest of every row of every business table, to prove a refused request changed nothing. */
export async function fingerprint(db: Db): Promise<Record<string, string>> {
  const parts = HASHED_TABLES.map(
    (table) => sql<string>`(SELECT count(*)::text || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') FROM ${sql.table(table)} x) AS ${sql.ref(table)}`,
  )
  const { rows } = await sql<Record<string, string>>`SELECT ${sql.join(parts)}, (SELECT count(*)::text FROM events) AS events`.execute(db)
  return rows[0] ?? {}
}

/** Every id of the world that occurs in `body` (a serialized response). */
export function idsIn(world: World, body: string): Entity[] {
  return world.entities.filter((e) => body.includes(e.id))
}
