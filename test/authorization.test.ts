/**
 * Object-level authorization across every module (OWASP API1): for each signed-in caller and every
 * route that takes an id, rows of another organization, another tenant or a property the caller
 * does not manage or own answer 404 (403 when the role may not use the route at all), never appear
 * in a list or an include, and cannot be changed. The routes are tables: adding one is one line.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Role } from '../src/db/types.js'
import { targets } from './support/db.js'
import { startTestApp, type TestApp } from './support/app.js'
import { buildWorld, fingerprint, idsIn, VIEWERS, type Entity, type Kind, type OrgWorld, type Viewer, type World } from './support/world.js'

const API = '/api/v1'
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'

const ROLE: Record<Viewer, Role> = {
  admin: 'admin',
  manager: 'property_manager',
  owner: 'owner',
  tenant: 'tenant',
  technician: 'technician',
  outsider: 'admin',
}
const STAFF: Role[] = ['admin', 'property_manager']

/** Another organization's row (for directories such as owners, which staff may name across their organization). */
const otherOrg = (viewer: Viewer, e: Entity) => !e.name.startsWith(viewer === 'outsider' ? 'B.' : 'A.')

/** A GET route with an id in its path. `forbidden`: roles refused outright (403 for every id). */
interface ReadById {
  route: string
  kind: Kind
  url: (id: string) => string
  forbidden?: Role[]
  /** Status for a row the caller does see, where it is not 200 (e.g. a relation the role may not load). */
  whenSeen?: Partial<Record<Role, number>>
  /** The response is a file, not JSON. */
  binary?: boolean
}

const readsById: ReadById[] = [
  { route: 'GET /api/v1/properties/{id}', kind: 'property', url: (id) => `/properties/${id}` },
  { route: 'GET /api/v1/properties/{id}', kind: 'property', url: (id) => `/properties/${id}?include=units,maintenance,leases,documents` },
  {
    route: 'GET /api/v1/properties/{id}',
    kind: 'property',
    url: (id) => `/properties/${id}?include=units,maintenance,leases,documents,managers`,
    // The managers are staff's names and e-mail addresses: listed for staff only.
    whenSeen: { owner: 400, tenant: 400, technician: 400 },
  },
  { route: 'GET /api/v1/properties/{propertyId}/units', kind: 'property', url: (id) => `/properties/${id}/units?pageSize=100` },
  { route: 'GET /api/v1/units/{id}', kind: 'unit', url: (id) => `/units/${id}` },
  { route: 'GET /api/v1/units/{id}', kind: 'unit', url: (id) => `/units/${id}?include=property,leases` },
  { route: 'GET /api/v1/tenants/{id}', kind: 'tenant', url: (id) => `/tenants/${id}` },
  {
    route: 'GET /api/v1/tenants/{id}',
    kind: 'tenant',
    url: (id) => `/tenants/${id}?include=leases,payments,maintenance,documents,communications`,
    // A technician sees the reporting tenant's contact, not their leases or ledger.
    whenSeen: { technician: 403 },
  },
  { route: 'GET /api/v1/tenants/{id}/financial-summary', kind: 'tenant', url: (id) => `/tenants/${id}/financial-summary`, forbidden: ['technician'] },
  { route: 'GET /api/v1/tenants/{id}/ledger', kind: 'tenant', url: (id) => `/tenants/${id}/ledger`, forbidden: ['technician'] },
  { route: 'GET /api/v1/leases/{id}', kind: 'lease', url: (id) => `/leases/${id}` },
  { route: 'GET /api/v1/leases/{id}', kind: 'lease', url: (id) => `/leases/${id}?include=tenants,unit,property,charges,payments,documents` },
  { route: 'GET /api/v1/leases/{id}/balance', kind: 'lease', url: (id) => `/leases/${id}/balance`, forbidden: ['technician'] },
  { route: 'GET /api/v1/leases/{id}/charges', kind: 'lease', url: (id) => `/leases/${id}/charges`, forbidden: ['technician'] },
  { route: 'GET /api/v1/leases/{id}/messages', kind: 'lease', url: (id) => `/leases/${id}/messages?pageSize=100` },
  { route: 'GET /api/v1/maintenance/{id}', kind: 'request', url: (id) => `/maintenance/${id}` },
  { route: 'GET /api/v1/maintenance/{id}', kind: 'request', url: (id) => `/maintenance/${id}?include=workOrders,comments,documents,property,tenant,unit` },
  { route: 'GET /api/v1/maintenance/{id}/comments', kind: 'request', url: (id) => `/maintenance/${id}/comments?pageSize=100` },
  { route: 'GET /api/v1/work-orders/{id}', kind: 'workOrder', url: (id) => `/work-orders/${id}`, forbidden: ['tenant'] },
  { route: 'GET /api/v1/payments/{id}', kind: 'payment', url: (id) => `/payments/${id}`, forbidden: ['technician'] },
  { route: 'GET /api/v1/documents/{id}/content', kind: 'document', url: (id) => `/documents/${id}/content`, binary: true },
]

/** A list route. `exact`: the kind whose rows the caller sees must be exactly the page's data. */
interface ListRoute {
  route: string
  url: string
  forbidden?: Role[]
  exact?: Kind
  /** A report or summary: one response, not pages. */
  single?: boolean
}

const lists: ListRoute[] = [
  { route: 'GET /api/v1/properties', url: '/properties', exact: 'property' },
  { route: 'GET /api/v1/units', url: '/units', exact: 'unit' },
  { route: 'GET /api/v1/tenants', url: '/tenants', exact: 'tenant' },
  { route: 'GET /api/v1/leases', url: '/leases', exact: 'lease' },
  { route: 'GET /api/v1/maintenance', url: '/maintenance', exact: 'request' },
  { route: 'GET /api/v1/work-orders', url: '/work-orders', exact: 'workOrder', forbidden: ['tenant'] },
  { route: 'GET /api/v1/payments', url: '/payments', exact: 'payment', forbidden: ['technician'] },
  { route: 'GET /api/v1/users', url: '/users', exact: 'user', forbidden: ['owner', 'tenant', 'technician'] },
  { route: 'GET /api/v1/users/invitations', url: '/users/invitations', exact: 'invitation', forbidden: ['owner', 'tenant', 'technician'] },
  { route: 'GET /api/v1/owners', url: '/owners', forbidden: ['owner', 'tenant', 'technician'] },
  { route: 'GET /api/v1/dashboard', url: '/dashboard', forbidden: ['tenant', 'technician'], single: true },
  { route: 'GET /api/v1/reports/rent-roll', url: '/reports/rent-roll', forbidden: ['tenant', 'technician'], single: true },
  { route: 'GET /api/v1/reports/aged-receivables', url: '/reports/aged-receivables', forbidden: ['tenant', 'technician'], single: true },
  { route: 'GET /api/v1/reports/owner-statement', url: '/reports/owner-statement?from=2026-01-01&to=2026-12-31', forbidden: ['tenant', 'technician'], single: true },
]

/**
 * A list filtered by an id in the query: a foreign id filters to nothing the caller may not read
 * (status 200), or is refused by the module with `foreign` (400 naming the field, or 404).
 */
interface FilterRoute {
  route: string
  kind: Kind
  url: (id: string) => string
  forbidden?: Role[]
  foreign?: { status: number; field?: string }
  /** Which rows count as foreign for this filter, where not "not seen by the caller". */
  isForeign?: (viewer: Viewer, e: Entity, w: World) => boolean
}

const filters: FilterRoute[] = [
  { route: 'GET /api/v1/tenants', kind: 'property', url: (id) => `/tenants?propertyId=${id}` },
  { route: 'GET /api/v1/units', kind: 'property', url: (id) => `/units?propertyId=${id}` },
  { route: 'GET /api/v1/leases', kind: 'property', url: (id) => `/leases?propertyId=${id}` },
  { route: 'GET /api/v1/leases', kind: 'unit', url: (id) => `/leases?unitId=${id}` },
  { route: 'GET /api/v1/leases', kind: 'tenant', url: (id) => `/leases?tenantId=${id}` },
  { route: 'GET /api/v1/maintenance', kind: 'property', url: (id) => `/maintenance?propertyId=${id}` },
  { route: 'GET /api/v1/maintenance', kind: 'tenant', url: (id) => `/maintenance?tenantId=${id}` },
  { route: 'GET /api/v1/work-orders', kind: 'property', url: (id) => `/work-orders?propertyId=${id}`, forbidden: ['tenant'] },
  { route: 'GET /api/v1/work-orders', kind: 'request', url: (id) => `/work-orders?requestId=${id}`, forbidden: ['tenant'] },
  { route: 'GET /api/v1/work-orders', kind: 'user', url: (id) => `/work-orders?assigneeId=${id}`, forbidden: ['tenant'] },
  { route: 'GET /api/v1/payments', kind: 'property', url: (id) => `/payments?propertyId=${id}`, forbidden: ['technician'] },
  { route: 'GET /api/v1/users', kind: 'tenant', url: (id) => `/users?tenantId=${id}`, forbidden: ['owner', 'tenant', 'technician'] },
  { route: 'GET /api/v1/users/invitations', kind: 'tenant', url: (id) => `/users/invitations?tenantId=${id}`, forbidden: ['owner', 'tenant', 'technician'] },
  { route: 'GET /api/v1/payments', kind: 'tenant', url: (id) => `/payments?tenantId=${id}`, forbidden: ['technician'] },
  {
    route: 'GET /api/v1/reports/rent-roll',
    kind: 'property',
    url: (id) => `/reports/rent-roll?propertyId=${id}`,
    forbidden: ['tenant', 'technician'],
    foreign: { status: 400, field: 'query.propertyId' },
  },
  {
    route: 'GET /api/v1/reports/aged-receivables',
    kind: 'property',
    url: (id) => `/reports/aged-receivables?propertyId=${id}`,
    forbidden: ['tenant', 'technician'],
    foreign: { status: 400, field: 'query.propertyId' },
  },
  {
    route: 'GET /api/v1/reports/owner-statement',
    kind: 'property',
    url: (id) => `/reports/owner-statement?from=2026-01-01&to=2026-12-31&propertyId=${id}`,
    forbidden: ['tenant', 'technician'],
    foreign: { status: 400, field: 'query.propertyId' },
  },
  {
    route: 'GET /api/v1/reports/owner-statement',
    kind: 'owner',
    url: (id) => `/reports/owner-statement?from=2026-01-01&to=2026-12-31&ownerId=${id}`,
    forbidden: ['tenant', 'technician'],
    foreign: { status: 404 },
    // Staff may name any owner of their organization (the statement covers only their properties); an owner only themself.
    isForeign: (v, e, w) => otherOrg(v, e) || (v === 'owner' && !w.sees(v, e)),
  },
]

/** A write on a row named in the path, with a body that would pass validation. */
interface WriteById {
  route: string
  kind: Kind
  method: Method
  url: (id: string) => string
  body?: Record<string, unknown>
  /** Roles that may use the route; the others get 403 for every id. */
  roles: Role[]
}

const writesById: WriteById[] = [
  { route: 'PATCH /api/v1/properties/{id}', kind: 'property', method: 'PATCH', url: (id) => `/properties/${id}`, body: { name: 'Renamed' }, roles: STAFF },
  { route: 'DELETE /api/v1/properties/{id}', kind: 'property', method: 'DELETE', url: (id) => `/properties/${id}`, roles: ['admin'] },
  { route: 'PUT /api/v1/properties/{id}/managers', kind: 'property', method: 'PUT', url: (id) => `/properties/${id}/managers`, body: { userIds: [] }, roles: ['admin'] },
  {
    route: 'POST /api/v1/properties/{id}/split-charges',
    kind: 'property',
    method: 'POST',
    url: (id) => `/properties/${id}/split-charges`,
    body: { kind: 'utility', amountCents: 1000, dueDate: '2026-02-01', description: 'Water' },
    roles: STAFF,
  },
  { route: 'PATCH /api/v1/units/{id}', kind: 'unit', method: 'PATCH', url: (id) => `/units/${id}`, body: { status: 'unavailable' }, roles: STAFF },
  { route: 'DELETE /api/v1/units/{id}', kind: 'unit', method: 'DELETE', url: (id) => `/units/${id}`, roles: STAFF },
  { route: 'PATCH /api/v1/tenants/{id}', kind: 'tenant', method: 'PATCH', url: (id) => `/tenants/${id}`, body: { notes: 'changed' }, roles: STAFF },
  { route: 'DELETE /api/v1/tenants/{id}', kind: 'tenant', method: 'DELETE', url: (id) => `/tenants/${id}`, roles: ['admin'] },
  { route: 'PATCH /api/v1/leases/{id}', kind: 'lease', method: 'PATCH', url: (id) => `/leases/${id}`, body: { graceDays: 3 }, roles: STAFF },
  { route: 'DELETE /api/v1/leases/{id}', kind: 'lease', method: 'DELETE', url: (id) => `/leases/${id}`, roles: ['admin'] },
  {
    route: 'POST /api/v1/leases/{id}/charges',
    kind: 'lease',
    method: 'POST',
    url: (id) => `/leases/${id}/charges`,
    body: { kind: 'other', amountCents: 500, dueDate: '2026-02-01', description: 'Key copy' },
    roles: STAFF,
  },
  { route: 'POST /api/v1/leases/{id}/credits', kind: 'lease', method: 'POST', url: (id) => `/leases/${id}/credits`, body: { amountCents: 100, description: 'Goodwill' }, roles: STAFF },
  { route: 'POST /api/v1/leases/{id}/deposit-disposition', kind: 'lease', method: 'POST', url: (id) => `/leases/${id}/deposit-disposition`, body: { disposedOn: '2026-12-31' }, roles: STAFF },
  { route: 'POST /api/v1/leases/{id}/messages', kind: 'lease', method: 'POST', url: (id) => `/leases/${id}/messages`, body: { body: 'hello' }, roles: [...STAFF, 'tenant'] },
  { route: 'PATCH /api/v1/maintenance/{id}', kind: 'request', method: 'PATCH', url: (id) => `/maintenance/${id}`, body: { priority: 'high' }, roles: STAFF },
  { route: 'DELETE /api/v1/maintenance/{id}', kind: 'request', method: 'DELETE', url: (id) => `/maintenance/${id}`, roles: ['admin'] },
  {
    route: 'POST /api/v1/maintenance/{id}/comments',
    kind: 'request',
    method: 'POST',
    url: (id) => `/maintenance/${id}/comments`,
    body: { body: 'hello' },
    roles: [...STAFF, 'tenant', 'technician'],
  },
  { route: 'PATCH /api/v1/work-orders/{id}', kind: 'workOrder', method: 'PATCH', url: (id) => `/work-orders/${id}`, body: { notes: 'changed' }, roles: [...STAFF, 'technician'] },
  { route: 'DELETE /api/v1/work-orders/{id}', kind: 'workOrder', method: 'DELETE', url: (id) => `/work-orders/${id}`, roles: STAFF },
  { route: 'PATCH /api/v1/payments/{id}', kind: 'payment', method: 'PATCH', url: (id) => `/payments/${id}`, body: { memo: 'changed' }, roles: STAFF },
  { route: 'DELETE /api/v1/payments/{id}', kind: 'payment', method: 'DELETE', url: (id) => `/payments/${id}`, roles: ['admin'] },
  { route: 'POST /api/v1/charges/{id}/reversal', kind: 'charge', method: 'POST', url: (id) => `/charges/${id}/reversal`, body: { reason: 'typo' }, roles: STAFF },
  { route: 'PATCH /api/v1/users/{id}', kind: 'user', method: 'PATCH', url: (id) => `/users/${id}`, body: { displayName: 'Renamed', disabled: true }, roles: ['admin'] },
  { route: 'DELETE /api/v1/users/invitations/{id}', kind: 'invitation', method: 'DELETE', url: (id) => `/users/invitations/${id}`, roles: STAFF },
  { route: 'POST /api/v1/charges/{id}/write-off', kind: 'charge', method: 'POST', url: (id) => `/charges/${id}/write-off`, body: { reason: 'uncollectable' }, roles: STAFF },
]

const pdf = Buffer.from('%PDF-1.4 authorization test').toString('base64')

/** A create without ids the role could overreach with: only the role is checked (403, nothing written). */
interface RoleOnlyWrite {
  route: string
  method: Method
  url: string
  body: (own: OrgWorld) => Record<string, unknown>
  roles: Role[]
}

const roleOnly: RoleOnlyWrite[] = [
  { route: 'POST /api/v1/tenants', method: 'POST', url: '/tenants', body: () => ({ firstName: 'New', lastName: 'Tenant' }), roles: STAFF },
  {
    route: 'POST /api/v1/properties',
    method: 'POST',
    url: '/properties',
    body: () => ({ name: 'New', type: 'condo', addressLine1: '1 New St', city: 'Springfield', state: 'IL' }),
    roles: STAFF,
  },
  { route: 'POST /api/v1/units', method: 'POST', url: '/units', body: (o) => ({ propertyId: o.rows.P1.id, unitNumber: 'N-1' }), roles: STAFF },
  {
    route: 'POST /api/v1/leases',
    method: 'POST',
    url: '/leases',
    body: (o) => ({ unitId: o.rows.U1b.id, tenantIds: [o.rows.T1.id], startDate: '2030-01-01', rentCents: 1000 }),
    roles: STAFF,
  },
  { route: 'POST /api/v1/maintenance', method: 'POST', url: '/maintenance', body: (o) => ({ propertyId: o.rows.P1.id, unitId: o.rows.U1a.id, title: 'Drip' }), roles: [...STAFF, 'tenant'] },
  { route: 'POST /api/v1/work-orders', method: 'POST', url: '/work-orders', body: (o) => ({ requestId: o.rows.R1.id }), roles: STAFF },
  {
    route: 'POST /api/v1/payments',
    method: 'POST',
    url: '/payments',
    body: (o) => ({ tenantId: o.rows.T1.id, amountCents: 100, method: 'cash', paidOn: '2026-02-01' }),
    roles: [...STAFF, 'tenant'],
  },
  {
    route: 'POST /api/v1/documents',
    method: 'POST',
    url: '/documents',
    body: (o) => ({ requestId: o.rows.R1.id, fileName: 'a.pdf', contentType: 'application/pdf', contentBase64: pdf }),
    roles: [...STAFF, 'tenant', 'technician'],
  },
  {
    route: 'POST /api/v1/users/invitations',
    method: 'POST',
    url: '/users/invitations',
    body: (o) => ({ email: `new-${o.org.id}@invited.example.test`, displayName: 'New Tenant', role: 'tenant', tenantId: o.rows.Tx.id }),
    roles: STAFF,
  },
  { route: 'POST /api/v1/billing/runs', method: 'POST', url: '/billing/runs', body: () => ({ through: '2026-01-31' }), roles: ['admin'] },
  { route: 'POST /api/v1/billing/late-fee-runs', method: 'POST', url: '/billing/late-fee-runs', body: () => ({}), roles: ['admin'] },
]

/**
 * A write whose body names another row: naming one the caller may not see is a 400 naming the
 * field (the row is not found), and nothing is written.
 */
interface BodyReference {
  route: string
  method: Method
  url: (own: OrgWorld) => string
  kind: Kind
  body: (own: OrgWorld, id: string) => Record<string, unknown>
  field: string
  roles: Role[]
  /** Which rows count as out of scope, where not "not seen by the caller". */
  isForeign?: (viewer: Viewer, e: Entity) => boolean
}

const bodyRefs: BodyReference[] = [
  { route: 'POST /api/v1/units', method: 'POST', url: () => '/units', kind: 'property', body: (_, id) => ({ propertyId: id, unitNumber: 'Z-1' }), field: 'body.propertyId', roles: STAFF },
  {
    route: 'POST /api/v1/leases',
    method: 'POST',
    url: () => '/leases',
    kind: 'unit',
    body: (o, id) => ({ unitId: id, tenantIds: [o.rows.T1.id], startDate: '2030-01-01', rentCents: 1000 }),
    field: 'body.unitId',
    roles: STAFF,
  },
  {
    route: 'POST /api/v1/leases',
    method: 'POST',
    url: () => '/leases',
    kind: 'tenant',
    body: (o, id) => ({ unitId: o.rows.U1b.id, tenantIds: [id], startDate: '2030-01-01', rentCents: 1000 }),
    field: 'body.tenantIds.0',
    roles: STAFF,
  },
  { route: 'POST /api/v1/maintenance', method: 'POST', url: () => '/maintenance', kind: 'property', body: (o, id) => ({ propertyId: id, title: 'Drip' }), field: 'body.propertyId', roles: STAFF },
  {
    route: 'POST /api/v1/maintenance',
    method: 'POST',
    url: () => '/maintenance',
    kind: 'property',
    body: (o, id) => ({ propertyId: id, unitId: o.rows.U1a.id, title: 'Drip' }),
    field: 'body.propertyId',
    roles: ['tenant'],
  },
  {
    route: 'POST /api/v1/maintenance',
    method: 'POST',
    url: () => '/maintenance',
    kind: 'unit',
    body: (o, id) => ({ propertyId: o.rows.P1.id, unitId: id, title: 'Drip' }),
    field: 'body.unitId',
    roles: [...STAFF, 'tenant'],
  },
  {
    route: 'POST /api/v1/maintenance',
    method: 'POST',
    url: () => '/maintenance',
    kind: 'tenant',
    body: (o, id) => ({ propertyId: o.rows.P1.id, unitId: o.rows.U1a.id, tenantId: id, title: 'Drip' }),
    field: 'body.tenantId',
    roles: [...STAFF, 'tenant'],
  },
  { route: 'POST /api/v1/work-orders', method: 'POST', url: () => '/work-orders', kind: 'request', body: (_, id) => ({ requestId: id }), field: 'body.requestId', roles: STAFF },
  {
    route: 'POST /api/v1/work-orders',
    method: 'POST',
    url: () => '/work-orders',
    kind: 'user',
    body: (o, id) => ({ requestId: o.rows.R1.id, assigneeId: id }),
    field: 'body.assigneeId',
    roles: STAFF,
  },
  {
    route: 'POST /api/v1/payments',
    method: 'POST',
    url: () => '/payments',
    kind: 'tenant',
    body: (_, id) => ({ tenantId: id, amountCents: 100, method: 'cash', paidOn: '2026-02-01' }),
    field: 'body.tenantId',
    roles: [...STAFF, 'tenant'],
  },
  {
    route: 'POST /api/v1/payments',
    method: 'POST',
    url: () => '/payments',
    kind: 'lease',
    body: (o, id) => ({ tenantId: o.rows.T1.id, leaseId: id, amountCents: 100, method: 'cash', paidOn: '2026-02-01' }),
    field: 'body.leaseId',
    roles: [...STAFF, 'tenant'],
  },
  {
    route: 'POST /api/v1/payments',
    method: 'POST',
    url: () => '/payments',
    kind: 'lease',
    // Tx leases on P1 and on P2: M1 may record Tx's payments, but not onto the P2 lease.
    body: (o, id) => ({ tenantId: o.rows.Tx.id, leaseId: id, amountCents: 100, method: 'cash', paidOn: '2026-02-01' }),
    field: 'body.leaseId',
    roles: STAFF,
  },
  ...(['request', 'lease', 'tenant', 'property'] as const).map(
    (subject): BodyReference => ({
      route: 'POST /api/v1/documents',
      method: 'POST',
      url: () => '/documents',
      kind: subject,
      body: (_, id) => ({ [`${subject}Id`]: id, fileName: 'a.pdf', contentType: 'application/pdf', contentBase64: pdf }),
      field: `body.${subject}Id`,
      roles: subject === 'request' ? [...STAFF, 'tenant', 'technician'] : STAFF,
    }),
  ),
  { route: 'PATCH /api/v1/properties/{id}', method: 'PATCH', url: (o) => `/properties/${o.rows.P1.id}`, kind: 'owner', body: (_, id) => ({ ownerId: id }), field: 'body.ownerId', roles: STAFF, isForeign: otherOrg },
  {
    route: 'PUT /api/v1/properties/{id}/managers',
    method: 'PUT',
    url: (o) => `/properties/${o.rows.P1.id}/managers`,
    kind: 'user',
    body: (_, id) => ({ userIds: [id] }),
    field: 'body.userIds.0',
    roles: ['admin'],
  },
  {
    route: 'POST /api/v1/users/invitations',
    method: 'POST',
    url: () => '/users/invitations',
    kind: 'tenant',
    body: (o, id) => ({ email: `unseen-${o.org.id}@invited.example.test`, displayName: 'Unseen', role: 'tenant', tenantId: id }),
    field: 'body.tenantId',
    roles: STAFF,
  },
  {
    route: 'POST /api/v1/users/invitations',
    method: 'POST',
    url: () => '/users/invitations',
    kind: 'owner',
    body: (o, id) => ({ email: `unseen-owner-${o.org.id}@invited.example.test`, displayName: 'Unseen', role: 'owner', ownerId: id }),
    field: 'body.ownerId',
    roles: ['admin'],
    isForeign: otherOrg,
  },
  { route: 'PATCH /api/v1/maintenance/{id}', method: 'PATCH', url: (o) => `/maintenance/${o.rows.R1.id}`, kind: 'user', body: (_, id) => ({ assigneeId: id }), field: 'body.assigneeId', roles: STAFF },
  { route: 'PATCH /api/v1/work-orders/{id}', method: 'PATCH', url: (o) => `/work-orders/${o.rows.W1.id}`, kind: 'user', body: (_, id) => ({ assigneeId: id }), field: 'body.assigneeId', roles: STAFF },
]

/** Routes that take no id from the caller and are outside this suite. */
const NOT_ID_ROUTES = new Set([
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
  'POST /api/v1/auth/logout',
  'GET /api/v1/auth/me',
  // Public, by an invitation link's token rather than an id: covered in src/modules/users/invitations.test.ts.
  'GET /api/v1/auth/invitations/{token}',
  'POST /api/v1/auth/invitations/{token}/accept',
])

const isProblem = (contentType: string | string[] | number | undefined) => String(contentType).startsWith('application/problem+json')

for (const target of targets) {
  describe(`authorization on ${target.name}`, () => {
    let t: TestApp
    let w: World
    before(async () => {
      t = await startTestApp(target)
      w = await buildWorld(t)
    })
    after(() => t.close())

    const call = (viewer: Viewer, method: Method, url: string, payload?: unknown) =>
      t.as(w.tokens[viewer], { method, url: `${API}${url}`, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) })
    const own = (viewer: Viewer): OrgWorld => (viewer === 'outsider' ? w.b : w.a)
    /** The url with each world id replaced by its name, for messages. */
    const named = (url: string) => idsIn(w, url).reduce((u, e) => u.replaceAll(e.id, e.name), url)
    /** Ids in a body the viewer may not read, by name. */
    const leaked = (viewer: Viewer, body: string) =>
      idsIn(w, body)
        .filter((e) => !w.mayRead(viewer, e))
        .map((e) => e.name)

    /** Checks status, problem+json on errors and leaks on success; returns a description of each mismatch. */
    async function expectStatus(viewer: Viewer, method: Method, url: string, status: number, payload?: unknown, binary = false): Promise<string[]> {
      const res = await call(viewer, method, url, payload)
      const where = `${viewer} ${method} ${named(url)}`
      const out: string[] = []
      if (res.statusCode !== status) out.push(`${where}: ${res.statusCode}, expected ${status} ${res.statusCode >= 400 ? res.body.slice(0, 160) : ''}`)
      if (res.statusCode >= 400 && !isProblem(res.headers['content-type'])) out.push(`${where}: ${res.statusCode} is not problem+json`)
      if (res.statusCode === 404 && res.json<{ code: string }>().code !== 'resource.not_found') out.push(`${where}: 404 with code ${res.json<{ code: string }>().code}`)
      if (res.statusCode === 403 && res.json<{ code: string }>().code !== 'auth.forbidden') out.push(`${where}: 403 with code ${res.json<{ code: string }>().code}`)
      if (res.statusCode < 300 && !binary) {
        const names = leaked(viewer, res.body)
        if (names.length) out.push(`${where}: leaks ${names.join(', ')}`)
      }
      return out
    }

    /** Every row of a list, walking all pages of 100; a report is one response. */
    async function walk(viewer: Viewer, url: string, single = false): Promise<{ status: number; ids: string[]; bodies: string[] }> {
      if (single) {
        const res = await call(viewer, 'GET', url)
        return { status: res.statusCode, ids: [], bodies: [res.body] }
      }
      const bodies: string[] = []
      const ids: string[] = []
      for (let page = 1; ; page++) {
        const res = await call(viewer, 'GET', `${url}${url.includes('?') ? '&' : '?'}pageSize=100&page=${page}`)
        if (res.statusCode !== 200) return { status: res.statusCode, ids, bodies: [res.body] }
        bodies.push(res.body)
        const body = res.json<{ data: { id: string }[]; total: number }>()
        ids.push(...body.data.map((r) => r.id))
        if (page * 100 >= body.total) return { status: 200, ids, bodies }
      }
    }

    test('the tables cover every API route', async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json<{ paths: Record<string, Record<string, unknown>> }>()
      const routes = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`))
      const covered = new Set([...readsById, ...lists, ...filters, ...writesById, ...roleOnly, ...bodyRefs].map((r) => r.route))
      const missing = routes.filter((r) => r.includes(' /api/v1/') && !covered.has(r) && !NOT_ID_ROUTES.has(r))
      assert.deepEqual(missing, [], 'add a line to a table for each new route')
    })

    for (const r of readsById) {
      test(`${r.url('{id}')}: rows out of scope answer 404 (403 for ${r.forbidden?.join(', ') || 'no role'}) and nothing unseen leaks`, async () => {
        const problems: string[] = []
        for (const viewer of VIEWERS) {
          for (const e of w.of(r.kind)) {
            const status = r.forbidden?.includes(ROLE[viewer]) ? 403 : w.sees(viewer, e) ? (r.whenSeen?.[ROLE[viewer]] ?? 200) : 404
            problems.push(...(await expectStatus(viewer, 'GET', r.url(e.id), status, undefined, r.binary)))
          }
        }
        assert.deepEqual(problems, [])
      })
    }

    for (const r of lists) {
      test(`${r.url}: lists exactly what each caller sees (403 for ${r.forbidden?.join(', ') || 'no role'})`, async () => {
        const problems: string[] = []
        for (const viewer of VIEWERS) {
          const forbidden = r.forbidden?.includes(ROLE[viewer])
          const { status, ids, bodies } = await walk(viewer, r.url, r.single)
          if (status !== (forbidden ? 403 : 200)) problems.push(`${viewer}: ${status} ${bodies[0]?.slice(0, 160)}`)
          if (status !== 200) continue
          for (const body of bodies) {
            const names = leaked(viewer, body)
            if (names.length) problems.push(`${viewer}: leaks ${names.join(', ')}`)
          }
          if (r.exact) {
            const kind = r.exact
            const expected = w.of(kind).filter((e) => w.sees(viewer, e)).map((e) => e.name).sort()
            const got = ids.map((id) => w.entities.find((e) => e.id === id)?.name ?? `unknown ${id}`).sort()
            if (JSON.stringify(got) !== JSON.stringify(expected)) problems.push(`${viewer}: listed ${got.join(', ')}; expected ${expected.join(', ')}`)
          }
        }
        assert.deepEqual(problems, [])
      })
    }

    for (const r of filters) {
      test(`${r.url('{id}')}: an id out of scope ${r.foreign ? `answers ${r.foreign.status}` : 'filters to nothing unseen'}`, async () => {
        const problems: string[] = []
        for (const viewer of VIEWERS) {
          for (const e of w.of(r.kind)) {
            const foreign = r.isForeign ? r.isForeign(viewer, e, w) : !w.sees(viewer, e)
            const status = r.forbidden?.includes(ROLE[viewer]) ? 403 : foreign ? (r.foreign?.status ?? 200) : 200
            const res = await call(viewer, 'GET', r.url(e.id))
            const where = `${viewer} ${r.url(e.name)}`
            if (res.statusCode !== status) problems.push(`${where}: ${res.statusCode}, expected ${status} ${res.body.slice(0, 160)}`)
            if (res.statusCode === 200) {
              // The report may echo the filter it was given; nothing else unseen.
              const names = leaked(viewer, res.body).filter((n) => n !== e.name)
              if (names.length) problems.push(`${where}: leaks ${names.join(', ')}`)
            }
            if (res.statusCode === 400 && r.foreign?.field) {
              const fields = (res.json<{ errors?: { field: string }[] }>().errors ?? []).map((x) => x.field)
              if (!fields.includes(r.foreign.field)) problems.push(`${where}: 400 names ${fields.join(', ')}, expected ${r.foreign.field}`)
            }
          }
        }
        assert.deepEqual(problems, [])
      })
    }

    for (const r of writesById) {
      test(`${r.method} ${r.url('{id}')}: a row out of scope answers 404 (403 for roles other than ${r.roles.join(', ')}) and nothing changes`, async () => {
        const before = await fingerprint(t.db)
        const problems: string[] = []
        for (const viewer of VIEWERS) {
          const allowed = r.roles.includes(ROLE[viewer])
          for (const e of w.of(r.kind)) {
            // A row the caller may write stays untouched here; a refused role is tried on every row.
            if (allowed && w.sees(viewer, e)) continue
            problems.push(...(await expectStatus(viewer, r.method, r.url(e.id), allowed ? 404 : 403, r.body)))
          }
        }
        assert.deepEqual(problems, [])
        assert.deepEqual(await fingerprint(t.db), before, 'a refused write changed the database')
      })
    }

    for (const r of roleOnly) {
      test(`${r.method} ${r.url}: roles other than ${r.roles.join(', ')} get 403 and nothing is written`, async () => {
        const before = await fingerprint(t.db)
        const problems: string[] = []
        for (const viewer of VIEWERS.filter((v) => !r.roles.includes(ROLE[v]))) {
          problems.push(...(await expectStatus(viewer, r.method, r.url, 403, r.body(own(viewer)))))
        }
        assert.deepEqual(problems, [])
        assert.deepEqual(await fingerprint(t.db), before, 'a refused write changed the database')
      })
    }

    for (const r of bodyRefs) {
      test(`${r.method} ${r.route.split(' ')[1]} naming an unseen ${r.kind} in ${r.field} answers 400 naming it (${r.roles.join(', ')}) and writes nothing`, async () => {
        const before = await fingerprint(t.db)
        const problems: string[] = []
        for (const viewer of VIEWERS.filter((v) => r.roles.includes(ROLE[v]))) {
          for (const e of w.of(r.kind).filter((x) => (r.isForeign ? r.isForeign(viewer, x) : !w.sees(viewer, x)))) {
            const res = await call(viewer, r.method, r.url(own(viewer)), r.body(own(viewer), e.id))
            const where = `${viewer} ${r.method} ${r.url(own(viewer))} ${r.field}=${e.name}`
            const fields = res.statusCode === 400 ? (res.json<{ errors?: { field: string }[] }>().errors ?? []).map((x) => x.field) : []
            if (res.statusCode !== 400 || !fields.includes(r.field)) problems.push(`${where}: ${res.statusCode} ${res.body.slice(0, 200)}`)
          }
        }
        assert.deepEqual(problems, [])
        assert.deepEqual(await fingerprint(t.db), before, 'a refused write changed the database')
      })
    }

    describe("a technician set as a request's assignee, without a work order", () => {
      /** What K1 would open for request R2 of P2 (unit U2, tenant T2, lease L2, K2's work order W2). */
      const reads = () => {
        const { R2, P2, U2, T2, L2, W2 } = w.a.rows
        return {
          granted: [
            `/maintenance/${R2.id}?include=property,unit,tenant,comments,documents,workOrders`,
            `/maintenance/${R2.id}/comments`,
            `/documents/${w.a.docs.dR2.id}/content`,
            `/properties/${P2.id}`,
            `/units/${U2.id}`,
            `/tenants/${T2.id}`,
          ],
          // Beyond what the request needs: the lease, a colleague's work order, the tenant's ledger and files.
          refused: [`/leases/${L2.id}`, `/work-orders/${W2.id}`, `/tenants/${T2.id}/ledger`, `/tenants/${T2.id}?include=leases`, `/leases/${L2.id}/messages`],
        }
      }
      const status = async (url: string) => (await call('technician', 'GET', url)).statusCode
      const assign = async (assigneeId: string | null) => {
        const res = await call('admin', 'PATCH', `/maintenance/${w.a.rows.R2.id}`, { assigneeId })
        assert.equal(res.statusCode, 200, res.body)
      }

      test('sees the request, its thread, files, place and reporting tenant, and nothing more; un-assigning ends it', async () => {
        const { granted, refused } = reads()
        try {
          for (const url of granted) assert.equal(await status(url), 404, `before: ${named(url)}`)
          await assign(w.a.users.k1.id)
          for (const url of granted) {
            const res = await call('technician', 'GET', url)
            assert.equal(res.statusCode, 200, `${named(url)}: ${res.body.slice(0, 160)}`)
          }
          const detail = (await call('technician', 'GET', granted[0]!)).json<{ workOrders: unknown[]; tenant: { id: string } }>()
          assert.deepEqual(detail.workOrders, [], "a colleague's work order on the request stays theirs")
          assert.equal(detail.tenant.id, w.a.rows.T2.id)
          for (const url of refused) assert.ok([403, 404].includes(await status(url)), `assigned: ${named(url)}`)
          const lists = await Promise.all(['/maintenance', '/tenants', '/units', '/properties'].map((url) => call('technician', 'GET', `${url}?pageSize=100`)))
          for (const [i, id] of [w.a.rows.R2.id, w.a.rows.T2.id, w.a.rows.U2.id, w.a.rows.P2.id].entries()) {
            assert.ok(lists[i]!.json<{ data: { id: string }[] }>().data.some((r) => r.id === id), `listed: ${named(id)}`)
          }
          const workOrders = await call('technician', 'GET', `/work-orders?requestId=${w.a.rows.R2.id}`)
          assert.deepEqual(workOrders.json<{ data: unknown[] }>().data, [])

          await assign(w.a.users.k2.id)
          for (const url of [...granted, ...refused]) assert.ok([403, 404].includes(await status(url)), `re-assigned: ${named(url)}`)
          await assign(w.a.users.k1.id)
          await assign(null)
          for (const url of granted) assert.equal(await status(url), 404, `un-assigned: ${named(url)}`)
          const after = await call('technician', 'GET', '/maintenance?pageSize=100')
          assert.ok(!after.json<{ data: { id: string }[] }>().data.some((r) => r.id === w.a.rows.R2.id))
        } finally {
          await assign(null)
        }
      })
    })

    describe('include= loads only what the caller may see', () => {
      const names = (res: { json: () => unknown }, key: string) =>
        ((res.json() as Record<string, { id: string }[] | undefined>)[key] ?? []).map((x) => w.entities.find((e) => e.id === x.id)?.name ?? x.id).sort()

      test("a tenant's shared lease lists their own payments and tenant record, not the co-tenant's", async () => {
        const res = await call('tenant', 'GET', `/leases/${w.a.rows.L1.id}?include=payments,tenants`)
        assert.equal(res.statusCode, 200)
        assert.deepEqual(names(res, 'payments'), ['A.pay1'])
        assert.deepEqual(names(res, 'tenants'), ['A.T1'])
        // The lease itself names both of its tenants.
        assert.deepEqual(res.json<{ tenantIds: string[] }>().tenantIds, [w.a.rows.T1.id, w.a.rows.Tc.id])
      })

      test("a tenant's own record includes their payments and requests only", async () => {
        const res = await call('tenant', 'GET', `/tenants/${w.a.rows.T1.id}?include=payments,maintenance,leases`)
        assert.equal(res.statusCode, 200)
        assert.deepEqual(names(res, 'payments'), ['A.pay1', 'A.payN1'])
        assert.deepEqual(names(res, 'maintenance'), ['A.R1'])
        assert.deepEqual(names(res, 'leases'), ['A.L1'])
      })

      test("a manager sees a two-property tenant's lease and payment on their property only", async () => {
        const res = await call('manager', 'GET', `/tenants/${w.a.rows.Tx.id}?include=payments,leases`)
        assert.equal(res.statusCode, 200)
        assert.deepEqual(names(res, 'payments'), ['A.payx1'])
        assert.deepEqual(names(res, 'leases'), ['A.Lx1'])
        assert.equal(res.json<{ currentLease: { id: string } }>().currentLease.id, w.a.rows.Lx1.id)
      })

      test("a technician sees their own work order on a shared request, not a colleague's", async () => {
        const res = await call('technician', 'GET', `/maintenance/${w.a.rows.R1.id}?include=workOrders`)
        assert.equal(res.statusCode, 200)
        assert.deepEqual(names(res, 'workOrders'), ['A.W1'])
      })

      test("staff see a property's managers; an owner, a tenant or a technician asking for them gets 400 naming query.include, without a staff e-mail", async () => {
        const m1 = w.a.users.m1
        for (const viewer of ['admin', 'manager'] as const) {
          const res = await call(viewer, 'GET', `/properties/${w.a.rows.P1.id}?include=managers`)
          assert.equal(res.statusCode, 200, res.body)
          assert.deepEqual(res.json<{ managers: { id: string; email: string }[] }>().managers.map((m) => [m.id, m.email]), [[m1.id, m1.email]])
        }
        for (const viewer of ['owner', 'tenant', 'technician'] as const) {
          const res = await call(viewer, 'GET', `/properties/${w.a.rows.P1.id}?include=units,managers`)
          assert.equal(res.statusCode, 400, `${viewer}: ${res.body}`)
          assert.deepEqual((res.json<{ errors: { field: string }[] }>().errors).map((e) => e.field), ['query.include'], viewer)
          assert.ok(!res.body.includes(m1.email), `${viewer} sees a manager's e-mail`)
          const other = await call(viewer, 'GET', `/properties/${w.a.rows.P1.id}?include=units,maintenance,leases,documents`)
          assert.equal(other.statusCode, 200, `${viewer}: ${other.body}`)
          assert.ok(!other.body.includes(m1.email) && !other.body.includes(m1.display_name), `${viewer} sees the manager`)
        }
      })

      test('a tenant sees the units and leases of a property that are theirs, not the neighbours’', async () => {
        const res = await call('tenant', 'GET', `/properties/${w.a.rows.P1.id}?include=units,leases,maintenance,documents`)
        assert.equal(res.statusCode, 200)
        assert.deepEqual(names(res, 'units'), ['A.U1a'])
        assert.deepEqual(names(res, 'leases'), ['A.L1'])
        assert.deepEqual(names(res, 'maintenance'), ['A.R1'])
        assert.deepEqual(names(res, 'documents'), [])
      })

      test('a tenant or a technician gets a property\'s identity and address only, never building-wide figures; staff and the owner get them', async () => {
        const FIGURES = ['ownerId', 'marketValueCents', 'yearBuilt', 'legalUnits', 'managementFeeBp', 'unitCount', 'occupiedUnits', 'openRequestCount']
        const P1 = w.a.rows.P1.id
        for (const viewer of ['admin', 'manager', 'owner', 'tenant', 'technician'] as const) {
          const list = await call(viewer, 'GET', '/properties?pageSize=100')
          const detail = await call(viewer, 'GET', `/properties/${P1}`)
          const unit = await call(viewer, 'GET', `/units/${w.a.rows.U1a.id}?include=property`)
          for (const res of [list, detail, unit]) assert.equal(res.statusCode, 200, `${viewer}: ${res.body}`)
          const views = [list.json<{ data: Record<string, unknown>[] }>().data.find((d) => d.id === P1)!, detail.json<Record<string, unknown>>(), unit.json<{ property: Record<string, unknown> }>().property]
          for (const view of views) {
            assert.equal(view.addressLine1, 'A1 Alder Lane', viewer)
            const shown = FIGURES.filter((f) => f in view)
            assert.deepEqual(shown, viewer === 'tenant' || viewer === 'technician' ? [] : FIGURES, viewer)
          }
        }
      })

      test('a tenant or a technician filtering properties by occupancy, unit count or open issues gets 400 naming the parameter', async () => {
        for (const viewer of ['tenant', 'technician'] as const) {
          for (const param of ['minOccupancy=1', 'maxOccupancy=5', 'minUnits=1', 'maxUnits=9', 'hasMaintenanceIssues=true']) {
            const res = await call(viewer, 'GET', `/properties?${param}`)
            assert.equal(res.statusCode, 400, `${viewer} ${param}: ${res.body}`)
            assert.deepEqual(res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field), [`query.${param.split('=')[0]}`])
          }
        }
        for (const viewer of ['admin', 'manager', 'owner'] as const) assert.equal((await call(viewer, 'GET', '/properties?minOccupancy=1&hasMaintenanceIssues=true')).statusCode, 200, viewer)
      })
    })
  })
}
