/**
 * Input handling across every route: malformed, out-of-range and hostile input answers 400 (415
 * for a wrong content type) in problem+json naming the bad field, writes nothing, and never a 500.
 * The bad values are derived from each route's own schema in the OpenAPI document; the routes
 * are one table, so a new route is one line (a test fails until it is added).
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { targets } from './support/db.js'
import { startTestApp, type TestApp } from './support/app.js'
import { TEST_PASSWORD } from './support/factories.js'
import { buildWorld, fingerprint, type OrgWorld, type Viewer, type World } from './support/world.js'

const API = '/api/v1'
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'

/** What the tables build requests from: the world, and a lease that has ended (a deposit is disposed of at move-out). */
interface Ctx {
  w: World
  a: OrgWorld
  endedLeaseId: string
  /** Open charges of their own for the reversal and the write-off (a billing run may settle the world's). */
  reversible: string
  writable: string
}

/**
 * Every API route. `url`: a path the admin of organization A may use. `body`: a body that is
 * valid there, as the base each bad field is put into. `ok`: the status of that valid request.
 */
interface RouteCase {
  route: string
  url: (c: Ctx) => string
  body?: (c: Ctx) => Record<string, unknown>
  ok?: number
  /** Not fuzzed: signing out would end the session the suite runs on. */
  noFuzz?: boolean
  /** The path value the malformed-id test replaces, where it is not the url's first uuid (an invitation link's token). */
  pathValue?: (c: Ctx) => string
}

const pdf = Buffer.from('%PDF-1.4 bad input test').toString('base64')

const routes: RouteCase[] = [
  { route: 'POST /api/v1/auth/login', url: () => '/auth/login', body: (c) => ({ email: c.w.users.admin.email, password: TEST_PASSWORD }), ok: 200 },
  { route: 'POST /api/v1/auth/refresh', url: () => '/auth/refresh', body: () => ({ refreshToken: 'not-a-refresh-token-but-well-formed' }), ok: 401 },
  { route: 'POST /api/v1/auth/logout', url: () => '/auth/logout', noFuzz: true },
  { route: 'GET /api/v1/auth/me', url: () => '/auth/me' },
  { route: 'GET /api/v1/auth/invitations/{token}', url: (c) => `/auth/invitations/${c.a.invitations.iTc.token}`, pathValue: (c) => c.a.invitations.iTc.token },
  {
    route: 'POST /api/v1/auth/invitations/{token}/accept',
    url: (c) => `/auth/invitations/${c.a.invitations.iK.token}/accept`,
    body: () => ({ password: 'a long enough password' }),
    pathValue: (c) => c.a.invitations.iK.token,
  },
  {
    route: 'POST /api/v1/documents',
    url: () => '/documents',
    body: (c) => ({ requestId: c.a.rows.R1.id, fileName: 'photo.pdf', contentType: 'application/pdf', contentBase64: pdf }),
    ok: 201,
  },
  { route: 'GET /api/v1/documents/{id}/content', url: (c) => `/documents/${c.a.docs.dR1.id}/content` },
  { route: 'GET /api/v1/users', url: () => '/users' },
  { route: 'PATCH /api/v1/users/{id}', url: (c) => `/users/${c.a.users.k2.id}`, body: () => ({ displayName: 'Renamed', disabled: false }), ok: 200 },
  { route: 'GET /api/v1/users/invitations', url: () => '/users/invitations' },
  {
    route: 'POST /api/v1/users/invitations',
    url: () => '/users/invitations',
    body: (c) => ({ email: `bad-input-${c.a.org.id}@invited.example.test`, displayName: 'Tx Tenant', role: 'tenant', tenantId: c.a.rows.Tx.id }),
    ok: 201,
  },
  { route: 'DELETE /api/v1/users/invitations/{id}', url: (c) => `/users/invitations/${c.a.invitations.iT3.id}` },
  { route: 'GET /api/v1/owners', url: () => '/owners' },
  { route: 'GET /api/v1/reports/rent-roll', url: () => '/reports/rent-roll' },
  { route: 'GET /api/v1/reports/aged-receivables', url: () => '/reports/aged-receivables' },
  { route: 'GET /api/v1/reports/owner-statement', url: () => '/reports/owner-statement?from=2026-01-01&to=2026-12-31' },
  { route: 'GET /api/v1/leases/{id}/messages', url: (c) => `/leases/${c.a.rows.L1.id}/messages` },
  { route: 'POST /api/v1/leases/{id}/messages', url: (c) => `/leases/${c.a.rows.L1.id}/messages`, body: () => ({ body: 'hello' }), ok: 201 },
  { route: 'GET /api/v1/tenants/{id}/ledger', url: (c) => `/tenants/${c.a.rows.T1.id}/ledger` },
  { route: 'GET /api/v1/leases/{id}/balance', url: (c) => `/leases/${c.a.rows.L1.id}/balance` },
  { route: 'GET /api/v1/leases/{id}/charges', url: (c) => `/leases/${c.a.rows.L1.id}/charges` },
  {
    route: 'POST /api/v1/leases/{id}/charges',
    url: (c) => `/leases/${c.a.rows.L1.id}/charges`,
    body: () => ({ kind: 'utility', amountCents: 500, dueDate: '2026-02-01', description: 'Water', periodStart: '2026-01-01', periodEnd: '2026-01-31' }),
    ok: 201,
  },
  { route: 'POST /api/v1/leases/{id}/credits', url: (c) => `/leases/${c.a.rows.L1.id}/credits`, body: () => ({ amountCents: 100, description: 'Goodwill', on: '2026-02-01' }), ok: 201 },
  {
    route: 'POST /api/v1/leases/{id}/deposit-disposition',
    url: (c) => `/leases/${c.endedLeaseId}/deposit-disposition`,
    body: () => ({ disposedOn: '2026-12-31', deductions: [{ description: 'Cleaning', amountCents: 100 }], refundMethod: 'check', refundReference: 'CHK-1', notes: 'move-out' }),
    ok: 201,
  },
  { route: 'POST /api/v1/charges/{id}/reversal', url: (c) => `/charges/${c.reversible}/reversal`, body: () => ({ reason: 'typo', amountCents: 100, on: '2026-02-01' }), ok: 201 },
  { route: 'POST /api/v1/charges/{id}/write-off', url: (c) => `/charges/${c.writable}/write-off`, body: () => ({ reason: 'uncollectable', on: '2026-02-01' }), ok: 201 },
  {
    route: 'POST /api/v1/properties/{id}/split-charges',
    url: (c) => `/properties/${c.a.rows.P1.id}/split-charges`,
    body: () => ({ kind: 'utility', amountCents: 1000, dueDate: '2026-02-01', description: 'Water', basis: 'equal', periodStart: '2026-01-01', periodEnd: '2026-01-31' }),
    ok: 201,
  },
  { route: 'POST /api/v1/billing/runs', url: () => '/billing/runs', body: () => ({ through: '2026-01-31' }), ok: 200 },
  { route: 'POST /api/v1/billing/late-fee-runs', url: () => '/billing/late-fee-runs', body: () => ({ on: '2026-01-20' }), ok: 200 },
  { route: 'GET /api/v1/dashboard', url: () => '/dashboard' },
  { route: 'GET /api/v1/maintenance', url: () => '/maintenance' },
  {
    route: 'POST /api/v1/maintenance',
    url: () => '/maintenance',
    body: (c) => ({
      propertyId: c.a.rows.P1.id,
      unitId: c.a.rows.U1a.id,
      tenantId: c.a.rows.T1.id,
      title: 'Leak',
      description: 'Under the sink',
      category: 'plumbing',
      subcategory: 'sink',
      priority: 'high',
      location: 'kitchen',
      source: 'phone',
      assigneeId: c.a.users.k1.id,
      requestedAt: '2026-02-01T10:00:00Z',
    }),
    ok: 201,
  },
  { route: 'GET /api/v1/maintenance/{id}', url: (c) => `/maintenance/${c.a.rows.R1.id}` },
  {
    route: 'PATCH /api/v1/maintenance/{id}',
    url: (c) => `/maintenance/${c.a.rows.R2.id}`,
    body: (c) => ({ status: 'in_progress', priority: 'low', category: 'hvac', subcategory: 'vent', assigneeId: c.a.users.k2.id, title: 'Vent', description: 'Noisy' }),
    ok: 200,
  },
  { route: 'DELETE /api/v1/maintenance/{id}', url: (c) => `/maintenance/${c.a.rows.R3.id}` },
  { route: 'GET /api/v1/maintenance/{id}/comments', url: (c) => `/maintenance/${c.a.rows.R1.id}/comments` },
  { route: 'POST /api/v1/maintenance/{id}/comments', url: (c) => `/maintenance/${c.a.rows.R1.id}/comments`, body: () => ({ body: 'On my way' }), ok: 201 },
  { route: 'GET /api/v1/work-orders', url: () => '/work-orders' },
  {
    route: 'POST /api/v1/work-orders',
    url: () => '/work-orders',
    body: (c) => ({
      requestId: c.a.rows.R2.id,
      assigneeId: c.a.users.k2.id,
      vendor: 'Acme',
      status: 'scheduled',
      scheduledFor: '2026-02-01T10:00:00Z',
      estimatedCostCents: 1000,
      actualCostCents: null,
      notes: 'Bring a ladder',
    }),
    ok: 201,
  },
  { route: 'GET /api/v1/work-orders/{id}', url: (c) => `/work-orders/${c.a.rows.W1.id}` },
  { route: 'PATCH /api/v1/work-orders/{id}', url: (c) => `/work-orders/${c.a.rows.W2.id}`, body: () => ({ vendor: 'Acme', notes: 'Rescheduled' }), ok: 200 },
  { route: 'DELETE /api/v1/work-orders/{id}', url: (c) => `/work-orders/${c.a.rows.W2.id}` },
  { route: 'GET /api/v1/payments', url: () => '/payments' },
  {
    route: 'POST /api/v1/payments',
    url: () => '/payments',
    body: (c) => ({ tenantId: c.a.rows.T2.id, leaseId: c.a.rows.L2.id, amountCents: 100, method: 'cash', paidOn: '2026-02-01', reference: 'R-1', memo: 'memo', status: 'pending' }),
    ok: 201,
  },
  { route: 'GET /api/v1/payments/{id}', url: (c) => `/payments/${c.a.payments.pay1.id}` },
  { route: 'PATCH /api/v1/payments/{id}', url: (c) => `/payments/${c.a.payments.pay2.id}`, body: () => ({ reference: 'R-2', memo: 'changed' }), ok: 200 },
  { route: 'DELETE /api/v1/payments/{id}', url: (c) => `/payments/${c.a.payments.pay2.id}` },
  { route: 'GET /api/v1/tenants', url: () => '/tenants' },
  {
    route: 'POST /api/v1/tenants',
    url: () => '/tenants',
    body: () => ({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.test', phone: '555-0100', status: 'applicant', notes: 'n' }),
    ok: 201,
  },
  { route: 'GET /api/v1/tenants/{id}', url: (c) => `/tenants/${c.a.rows.T1.id}` },
  { route: 'PATCH /api/v1/tenants/{id}', url: (c) => `/tenants/${c.a.rows.T3.id}`, body: () => ({ firstName: 'Grace', phone: '555-0101' }), ok: 200 },
  { route: 'DELETE /api/v1/tenants/{id}', url: (c) => `/tenants/${c.a.rows.T3.id}` },
  { route: 'GET /api/v1/tenants/{id}/financial-summary', url: (c) => `/tenants/${c.a.rows.T1.id}/financial-summary` },
  { route: 'GET /api/v1/leases', url: () => '/leases' },
  {
    route: 'POST /api/v1/leases',
    url: () => '/leases',
    body: (c) => ({
      unitId: c.a.rows.U1b.id,
      tenantIds: [c.a.rows.T3.id],
      startDate: '2031-01-01',
      endDate: '2031-12-31',
      rentCents: 1000,
      depositCents: 0,
      dueDay: 1,
      graceDays: 5,
      lateFee: { kind: 'flat', flatCents: 100, percentBp: 0, minBalanceCents: 0, capCents: null },
      status: 'draft',
    }),
    ok: 201,
  },
  { route: 'GET /api/v1/leases/{id}', url: (c) => `/leases/${c.a.rows.L1.id}` },
  { route: 'PATCH /api/v1/leases/{id}', url: (c) => `/leases/${c.a.rows.L3.id}`, body: () => ({ rentCents: 1200, graceDays: 3 }), ok: 200 },
  { route: 'DELETE /api/v1/leases/{id}', url: (c) => `/leases/${c.a.rows.L3.id}` },
  { route: 'GET /api/v1/properties', url: () => '/properties' },
  {
    route: 'POST /api/v1/properties',
    url: () => '/properties',
    body: () => ({
      name: 'Elm Court',
      type: 'condo',
      status: 'active',
      addressLine1: '5 Elm Court',
      addressLine2: 'Suite 2',
      city: 'Springfield',
      state: 'IL',
      zip: '62701',
      country: 'US',
      marketValueCents: 100_000,
      yearBuilt: 1990,
      legalUnits: 4,
    }),
    ok: 201,
  },
  { route: 'GET /api/v1/properties/{id}', url: (c) => `/properties/${c.a.rows.P1.id}` },
  { route: 'PATCH /api/v1/properties/{id}', url: (c) => `/properties/${c.a.rows.P3.id}`, body: () => ({ name: 'Renamed', yearBuilt: 1991 }), ok: 200 },
  { route: 'DELETE /api/v1/properties/{id}', url: (c) => `/properties/${c.a.rows.P3.id}` },
  { route: 'PUT /api/v1/properties/{id}/managers', url: (c) => `/properties/${c.a.rows.P3.id}/managers`, body: (c) => ({ userIds: [c.a.users.m2.id] }), ok: 200 },
  { route: 'GET /api/v1/units', url: () => '/units' },
  {
    route: 'POST /api/v1/units',
    url: () => '/units',
    body: (c) => ({ propertyId: c.a.rows.P3.id, unitNumber: 'Q-1', bedrooms: 1, bathrooms: 1.5, squareFeet: 500, marketRentCents: 1000, petPolicy: 'cats', status: 'available' }),
    ok: 201,
  },
  { route: 'GET /api/v1/properties/{propertyId}/units', url: (c) => `/properties/${c.a.rows.P1.id}/units` },
  { route: 'GET /api/v1/units/{id}', url: (c) => `/units/${c.a.rows.U1a.id}` },
  { route: 'PATCH /api/v1/units/{id}', url: (c) => `/units/${c.a.rows.U3.id}`, body: () => ({ bedrooms: 2, squareFeet: 600 }), ok: 200 },
  { route: 'DELETE /api/v1/units/{id}', url: (c) => `/units/${c.a.rows.U3.id}` },
]

/** Rules that span fields or need the database: each is a 400 naming `field`. */
interface Semantic {
  name: string
  method: Method
  url: (c: Ctx) => string
  body?: (c: Ctx) => Record<string, unknown>
  field: string
}

const lease = (c: Ctx, over: Record<string, unknown>) => ({ unitId: c.a.rows.U1b.id, tenantIds: [c.a.rows.T3.id], startDate: '2031-06-01', rentCents: 1000, ...over })

const semantics: Semantic[] = [
  { name: 'a lease ending before it starts', method: 'POST', url: () => '/leases', body: (c) => lease(c, { endDate: '2031-05-31' }), field: 'body.endDate' },
  { name: 'a lease changed to end before its start', method: 'PATCH', url: (c) => `/leases/${c.a.rows.L3.id}`, body: () => ({ endDate: '2025-12-31' }), field: 'body.endDate' },
  { name: 'a termination date on a lease that is not terminated', method: 'PATCH', url: (c) => `/leases/${c.a.rows.L3.id}`, body: () => ({ terminatedOn: '2026-06-01' }), field: 'body.terminatedOn' },
  { name: 'a flat late fee of nothing', method: 'POST', url: () => '/leases', body: (c) => lease(c, { lateFee: { kind: 'flat' } }), field: 'body.lateFee.flatCents' },
  { name: 'a tenant listed twice on a lease', method: 'POST', url: () => '/leases', body: (c) => lease(c, { tenantIds: [c.a.rows.T3.id, c.a.rows.T3.id] }), field: 'body.tenantIds.1' },
  { name: 'a lease with no tenant', method: 'POST', url: () => '/leases', body: (c) => lease(c, { tenantIds: [] }), field: 'body.tenantIds' },
  {
    name: 'a charge period ending before it starts',
    method: 'POST',
    url: (c) => `/leases/${c.a.rows.L1.id}/charges`,
    body: () => ({ kind: 'utility', amountCents: 500, dueDate: '2026-02-01', description: 'Water', periodStart: '2026-02-10', periodEnd: '2026-02-01' }),
    field: 'body.periodStart',
  },
  {
    name: 'a split charge period ending before it starts',
    method: 'POST',
    url: (c) => `/properties/${c.a.rows.P1.id}/split-charges`,
    body: () => ({ kind: 'utility', amountCents: 1000, dueDate: '2026-02-01', description: 'Water', periodStart: '2026-02-10', periodEnd: '2026-02-01' }),
    field: 'body.periodStart',
  },
  { name: 'a lease starting before the year 1000', method: 'POST', url: () => '/leases', body: (c) => lease(c, { startDate: '0999-12-31' }), field: 'body.startDate' },
  { name: 'a lease starting in the year 1000', method: 'POST', url: () => '/leases', body: (c) => lease(c, { startDate: '1000-01-01' }), field: 'body.startDate' },
  { name: 'a lease ending more than 50 years after its start', method: 'POST', url: () => '/leases', body: (c) => lease(c, { endDate: '2081-06-02' }), field: 'body.endDate' },
  { name: 'a lease changed to start in the year 1000', method: 'PATCH', url: (c) => `/leases/${c.a.rows.L3.id}`, body: () => ({ startDate: '1000-01-01' }), field: 'body.startDate' },
  { name: 'a lease changed to end 60 years after its start', method: 'PATCH', url: (c) => `/leases/${c.a.rows.L3.id}`, body: () => ({ endDate: '2086-01-01' }), field: 'body.endDate' },
  {
    name: 'a charge due before the year 1000',
    method: 'POST',
    url: (c) => `/leases/${c.a.rows.L1.id}/charges`,
    body: () => ({ kind: 'other', amountCents: 500, dueDate: '0500-01-01', description: 'Old' }),
    field: 'body.dueDate',
  },
  { name: 'a billing run decades ahead', method: 'POST', url: () => '/billing/runs', body: () => ({ through: '9999-12-31' }), field: 'body.through' },
  { name: 'a completion time on a work order that is not completed', method: 'POST', url: () => '/work-orders', body: (c) => ({ requestId: c.a.rows.R2.id, completedAt: '2026-02-01T10:00:00Z' }), field: 'body.completedAt' },
  {
    name: 'a request completed before it was made',
    method: 'PATCH',
    url: (c) => `/maintenance/${c.a.rows.R2.id}`,
    body: () => ({ status: 'completed', completedAt: '2000-01-01T00:00:00Z' }),
    field: 'body.completedAt',
  },
  { name: 'a document with no subject', method: 'POST', url: () => '/documents', body: () => ({ fileName: 'a.pdf', contentType: 'application/pdf', contentBase64: pdf }), field: 'body.requestId' },
  {
    name: 'a document with two subjects',
    method: 'POST',
    url: () => '/documents',
    body: (c) => ({ requestId: c.a.rows.R1.id, propertyId: c.a.rows.P1.id, fileName: 'a.pdf', contentType: 'application/pdf', contentBase64: pdf }),
    field: 'body.requestId',
  },
  { name: 'an empty file', method: 'POST', url: () => '/documents', body: (c) => ({ requestId: c.a.rows.R1.id, fileName: 'a.pdf', contentType: 'application/pdf', contentBase64: '' }), field: 'body.contentBase64' },
  ...routes
    .filter((r) => r.route.startsWith('PATCH '))
    .map((r): Semantic => ({ name: `an empty change to ${r.route.split(' ')[1]}`, method: 'PATCH', url: r.url, body: () => ({}), field: 'body' })),
]

/** Query ranges the wrong way round, and days the ledger cannot count from: a 400 naming `field`. */
const ranges: { route: string; url: (c: Ctx) => string; field: string }[] = [
  { route: '/tenants/{id}/ledger', url: (c) => `/tenants/${c.a.rows.T1.id}/ledger?asOf=0999-01-01`, field: 'query.asOf' },
  { route: '/leases/{id}/balance', url: (c) => `/leases/${c.a.rows.L1.id}/balance?asOf=0001-01-01`, field: 'query.asOf' },
  { route: '/reports/aged-receivables', url: () => '/reports/aged-receivables?asOf=0500-01-01', field: 'query.asOf' },
  { route: '/tenants', url: () => '/tenants?minRent=500&maxRent=100', field: 'query.maxRent' },
  { route: '/tenants', url: () => '/tenants?leaseStartDate=2026-06-01&leaseEndDate=2026-01-01', field: 'query.leaseEndDate' },
  { route: '/properties', url: () => '/properties?minUnits=5&maxUnits=1', field: 'query.minUnits' },
  { route: '/properties', url: () => '/properties?minOccupancy=5&maxOccupancy=1', field: 'query.minOccupancy' },
  { route: '/units', url: () => '/units?minBedrooms=3&maxBedrooms=1', field: 'query.minBedrooms' },
  { route: '/properties/{id}/units', url: (c) => `/properties/${c.a.rows.P1.id}/units?minBedrooms=3&maxBedrooms=1`, field: 'query.minBedrooms' },
  { route: '/payments', url: () => '/payments?minAmount=500&maxAmount=100', field: 'query.minAmount' },
  { route: '/payments', url: () => '/payments?paymentDateFrom=2026-06-01&paymentDateTo=2026-01-01', field: 'query.paymentDateFrom' },
  { route: '/payments', url: () => '/payments?dueDateFrom=2026-06-01&dueDateTo=2026-01-01', field: 'query.dueDateFrom' },
  { route: '/maintenance', url: () => '/maintenance?requestDateFrom=2026-06-01&requestDateTo=2026-01-01', field: 'query.requestDateFrom' },
  { route: '/maintenance', url: () => '/maintenance?completionDateFrom=2026-06-01T00:00:00Z&completionDateTo=2026-01-01', field: 'query.completionDateFrom' },
  { route: '/tenants/{id}/ledger', url: (c) => `/tenants/${c.a.rows.T1.id}/ledger?from=2026-06-01&to=2026-01-01`, field: 'query.from' },
  { route: '/reports/owner-statement', url: () => '/reports/owner-statement?from=2026-06-01&to=2026-01-01', field: 'query.from' },
]

// --- bad values from a JSON schema -------------------------------------------------------------

interface JsonSchema {
  type?: string
  anyOf?: JsonSchema[]
  enum?: unknown[]
  format?: string
  pattern?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  exclusiveMinimum?: number
  maximum?: number
  multipleOf?: number
  minItems?: number
  maxItems?: number
  items?: JsonSchema
  properties?: Record<string, JsonSchema>
  required?: string[]
}

interface Operation {
  parameters?: { in: string; name: string; schema: JsonSchema }[]
  requestBody?: { content: { 'application/json': { schema: JsonSchema } } }
}

/** The schema without its null branch, and whether null is allowed. */
function unwrap(schema: JsonSchema): { base: JsonSchema; nullable: boolean } {
  if (!schema.anyOf) return { base: schema, nullable: false }
  const branches = schema.anyOf.filter((s) => s.type !== 'null')
  const nullable = branches.length < schema.anyOf.length
  return { base: branches.length === 1 ? branches[0]! : { anyOf: branches, type: branches.every((b) => b.type === 'string') ? 'string' : undefined }, nullable }
}

/** Values a field of `schema` must refuse, each with why. JSON bodies; `query` gives strings only. */
function badValues(schema: JsonSchema, query: boolean): { why: string; value: unknown }[] {
  const { base, nullable } = unwrap(schema)
  const out: { why: string; value: unknown }[] = []
  if (!query && !nullable) out.push({ why: 'null', value: null })
  const t = base.type
  if (t === 'string' || base.anyOf) {
    if (!query) out.push({ why: 'a number', value: 12345 }, { why: 'an array', value: ['x'] }, { why: 'an object', value: { x: 1 } })
    if (base.enum) out.push({ why: 'not one of the values', value: 'bogus-value' })
    if (base.pattern || base.format || base.anyOf) out.push({ why: 'malformed', value: '!!' })
    if (base.format === 'uuid') out.push({ why: 'not a uuid', value: '01234567-89ab-cdef-0123-456789abcdef' })
    if (base.format === 'date') out.push({ why: 'not a calendar day', value: '2026-02-30' })
    if (base.maxLength !== undefined) out.push({ why: 'too long', value: 'x'.repeat(base.maxLength + 1) })
    if ((base.minLength ?? 0) >= 1) out.push({ why: 'empty', value: '' })
  } else if (t === 'integer' || t === 'number') {
    out.push({ why: 'not a number', value: query ? 'abc' : '12' })
    if (!query) out.push({ why: 'a boolean', value: true })
    if (t === 'integer') out.push({ why: 'a fraction', value: query ? '1.5' : 1.5 })
    const min = base.minimum ?? base.exclusiveMinimum
    if (min !== undefined && min >= 0) out.push({ why: 'below the minimum', value: query ? String(min - 1) : min - 1 })
    if (base.maximum !== undefined) out.push({ why: 'above the maximum', value: query ? String(base.maximum + 1) : base.maximum + 1 })
    if (base.multipleOf !== undefined && !query) out.push({ why: 'not a multiple', value: base.multipleOf / 3 })
  } else if (t === 'boolean') {
    out.push({ why: 'a string', value: 'yes' })
  } else if (t === 'array') {
    if (!query) out.push({ why: 'a string', value: 'x' }, { why: 'an object', value: {} })
    if (base.items) {
      const [item] = badValues(base.items, query).filter((b) => b.why !== 'null' || !query)
      if (item) out.push({ why: `an item ${item.why}`, value: query ? item.value : [item.value] })
    }
    if (base.maxItems !== undefined && !query) out.push({ why: 'too many items', value: Array.from({ length: base.maxItems + 1 }, () => ({})) })
    if ((base.minItems ?? 0) >= 1 && !query) out.push({ why: 'empty', value: [] })
  } else if (t === 'object' && !query) {
    out.push({ why: 'a string', value: 'x' }, { why: 'an array', value: [] })
  }
  return out
}

interface BodyCase {
  field: string
  why: string
  body: Record<string, unknown>
}

/** One bad body per field and bad value: the valid body with that one field (or nested field) replaced. */
function bodyCases(schema: JsonSchema, valid: Record<string, unknown>, prefix = 'body'): BodyCase[] {
  const cases: BodyCase[] = []
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    for (const bad of badValues(prop, false)) cases.push({ field: `${prefix}.${key}`, why: bad.why, body: { ...valid, [key]: bad.value } })
    const { base } = unwrap(prop)
    const current = valid[key]
    if (base.type === 'object' && base.properties && current && typeof current === 'object' && !Array.isArray(current)) {
      for (const c of bodyCases(base, current as Record<string, unknown>, `${prefix}.${key}`)) cases.push({ ...c, body: { ...valid, [key]: c.body } })
    }
    if (base.type === 'array' && base.items?.properties && Array.isArray(current) && current[0] && typeof current[0] === 'object') {
      for (const c of bodyCases(base.items, current[0] as Record<string, unknown>, `${prefix}.${key}.0`)) cases.push({ ...c, body: { ...valid, [key]: [c.body] } })
    }
  }
  return cases
}

// --- a deterministic stream of hostile values --------------------------------------------------

/** mulberry32: a small seeded PRNG, so every run fires the same values. */
function prng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let x = a
    x = Math.imul(x ^ (x >>> 15), x | 1)
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61)
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!, chance: (p: number) => next() < p }
}

const HOSTILE_STRINGS = [
  "'",
  '"',
  "' OR '1'='1",
  "'; DROP TABLE tenants; --",
  '%',
  '%%',
  '_',
  '\\',
  '\\%',
  '\u0000',
  'a\u0000b',
  '😀',
  'é',
  '\u202e',
  '\ud800',
  ' ',
  '',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '${7*7}',
  'null',
  'true',
  'NaN',
  'Infinity',
  '-Infinity',
  '-1',
  '0',
  '1.5',
  '1e309',
  '9007199254740993',
  '-9223372036854775809',
  '0x1F',
  '1,2,3',
  'true,false',
  '2026-02-30',
  '0000-01-01',
  '9999-12-31',
  '2026-01-01T00:00:00',
  '2026-01-01T25:00:00Z',
  '2026-01-01T00:00:00+14:00',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'x'.repeat(5000),
  'ü'.repeat(300),
]
const HOSTILE_VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  -0.5,
  1e300,
  -1e300,
  Number.MAX_SAFE_INTEGER,
  2 ** 63,
  [],
  ['a'],
  [1, 2],
  [[[]]],
  {},
  { a: { b: { c: 1 } } },
  { $gt: '' },
  { toString: 'x' },
]
const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'a[b]', '', '$where', 'x'.repeat(300)]

/** Percent-encodes `s`; a lone surrogate (which has no UTF-8 form) becomes the raw bytes of one, itself a hostile input. */
const encode = (s: string): string => {
  try {
    return encodeURIComponent(s)
  } catch {
    return '%ED%A0%80'
  }
}

const isProblem = (res: LightMyRequestResponse) => String(res.headers['content-type']).startsWith('application/problem+json')
const fieldsOf = (res: LightMyRequestResponse): string[] => (isProblem(res) ? (res.json<{ errors?: { field: string }[] }>().errors ?? []).map((e) => e.field) : [])

for (const target of targets) {
  describe(`bad input on ${target.name}`, () => {
    let t: TestApp
    let c: Ctx
    let ops: Record<string, Operation>
    before(async () => {
      t = await startTestApp(target)
      const w = await buildWorld(t)
      const ended = await t.f.lease(w.a.org.id, w.a.rows.U1b.id, [w.a.rows.T3.id], { start_date: '2024-01-01', end_date: '2024-12-31', status: 'ended' })
      c = { w, a: w.a, endedLeaseId: ended.id, ...(await openCharges(w.a)) }
      const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json<{ paths: Record<string, Record<string, Operation>> }>()
      ops = Object.fromEntries(Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([m, op]) => [`${m.toUpperCase()} ${path}`, op])))
    })
    after(() => t.close())

    const openCharges = async (a: OrgWorld) => ({
      reversible: (await t.f.charge(a.org.id, a.rows.L2.id, { kind: 'utility', due_date: '2026-03-01' })).id,
      writable: (await t.f.charge(a.org.id, a.rows.L2.id, { kind: 'utility', due_date: '2026-03-02' })).id,
    })

    const as = (viewer: Viewer, options: InjectOptions) => t.as(c.w.tokens[viewer], options)
    const admin = (method: Method, url: string, payload?: unknown) =>
      as('admin', { method, url: `${API}${url}`, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) })
    const opOf = (route: string): Operation => {
      const op = ops[route]
      assert.ok(op, `${route} is not in the OpenAPI document`)
      return op
    }
    const bodySchema = (route: string) => opOf(route).requestBody?.content['application/json'].schema
    /** A 400 (or `status`) problem naming `field` (exactly, or a field under it). */
    const names = (res: LightMyRequestResponse, field: string, status = 400) =>
      res.statusCode === status && isProblem(res) && fieldsOf(res).some((f) => f === field || f.startsWith(`${field}.`))

    test('the table lists every route of the OpenAPI document, and a body for every route that takes one', () => {
      const listed = new Set(routes.map((r) => r.route))
      assert.deepEqual(Object.keys(ops).filter((r) => r.includes(' /api/v1/') && !listed.has(r)), [], 'add a line to `routes` for each new route')
      assert.deepEqual(routes.filter((r) => !ops[r.route]).map((r) => r.route), [], 'routes in the table that no longer exist')
      assert.deepEqual(routes.filter((r) => !!bodySchema(r.route) !== !!r.body && r.route !== 'POST /api/v1/auth/logout').map((r) => r.route), [])
    })

    for (const r of routes.filter((x) => x.body)) {
      test(`${r.route}: each field of the wrong type, out of range, malformed, null or unknown answers 400 naming it; nothing is written`, async () => {
        const schema = bodySchema(r.route)
        assert.ok(schema)
        const valid = r.body!(c)
        const url = r.url(c)
        const cases = [...bodyCases(schema, valid), { field: 'body.notAField', why: 'unknown', body: { ...valid, notAField: 1 } }]
        const before = await fingerprint(t.db)
        const problems: string[] = []
        for (const x of cases) {
          const res = await admin(r.route.split(' ')[0] as Method, url, x.body)
          if (!names(res, x.field)) problems.push(`${x.field} ${x.why}: ${res.statusCode} ${res.body.slice(0, 200)}`)
          else if (x.why === 'unknown' && res.json<{ code: string }>().code !== 'request.unknown_field') problems.push(`${x.field}: code ${res.json<{ code: string }>().code}`)
        }
        assert.deepEqual(problems, [])
        assert.deepEqual(await fingerprint(t.db), before, 'a refused request changed the database')
        // The base body was valid, so each 400 above came from the one field it changed.
        const ok = await admin(r.route.split(' ')[0] as Method, url, valid)
        assert.equal(ok.statusCode, r.ok ?? 200, ok.body)
      })

      test(`${r.route}: an empty body, malformed JSON, a JSON array or null answer 400, another content type 415; nothing is written`, async () => {
        const method = r.route.split(' ')[0] as Method
        const url = `${API}${r.url(c)}`
        const before = await fingerprint(t.db)
        const attempts: [string, InjectOptions, number][] = [
          ['no body', { method, url }, 400],
          ['an empty JSON body', { method, url, headers: { 'content-type': 'application/json' }, payload: '' }, 400],
          ['malformed JSON', { method, url, headers: { 'content-type': 'application/json' }, payload: '{"a":' }, 400],
          ['a JSON array', { method, url, headers: { 'content-type': 'application/json' }, payload: '[]' }, 400],
          ['JSON null', { method, url, headers: { 'content-type': 'application/json' }, payload: 'null' }, 400],
          ['a prototype key', { method, url, headers: { 'content-type': 'application/json' }, payload: '{"__proto__":{"admin":true}}' }, 400],
          // Even when the text is the valid JSON body: the API reads JSON only.
          ['text/plain', { method, url, headers: { 'content-type': 'text/plain' }, payload: JSON.stringify(r.body!(c)) }, 415],
          ['text/plain with a charset', { method, url, headers: { 'content-type': 'text/plain; charset=utf-8' }, payload: JSON.stringify(r.body!(c)) }, 415],
          ['XML', { method, url, headers: { 'content-type': 'application/xml' }, payload: '<a/>' }, 415],
          ['a form', { method, url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=1' }, 415],
          ['two megabytes', { method, url, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ x: 'x'.repeat(2 * 1024 * 1024) }) }, 413],
        ]
        const problems: string[] = []
        for (const [what, options, status] of attempts) {
          const res = await as('admin', options)
          if (res.statusCode !== status || !isProblem(res)) problems.push(`${what}: ${res.statusCode} ${String(res.headers['content-type'])} ${res.body.slice(0, 160)}`)
        }
        assert.deepEqual(problems, [])
        assert.deepEqual(await fingerprint(t.db), before, 'a refused request changed the database')
      })
    }

    for (const s of semantics) {
      test(`${s.name} answers 400 naming ${s.field}; nothing is written`, async () => {
        const before = await fingerprint(t.db)
        const res = await admin(s.method, s.url(c), s.body?.(c))
        assert.ok(names(res, s.field), `${res.statusCode} ${res.body}`)
        assert.deepEqual(await fingerprint(t.db), before, 'a refused request changed the database')
      })
    }

    for (const r of routes.filter((x) => x.route.startsWith('GET '))) {
      test(`${r.route}: bogus enums, page=0, pageSize=101, non-numbers, malformed ids and dates and long strings in the query answer 400 naming the parameter`, async () => {
        const params = (opOf(r.route).parameters ?? []).filter((p) => p.in === 'query')
        const [path, fixed = ''] = r.url(c).split('?')
        const problems: string[] = []
        for (const p of params) {
          for (const bad of badValues(p.schema, true)) {
            const others = new URLSearchParams(fixed)
            others.delete(p.name)
            const qs = `${others.toString() ? `${others.toString()}&` : ''}${p.name}=${encode(String(bad.value))}`
            const res = await admin('GET', `${path}?${qs}`)
            if (!names(res, `query.${p.name}`)) problems.push(`${p.name}=${String(bad.value).slice(0, 20)} (${bad.why}): ${res.statusCode} ${res.body.slice(0, 160)}`)
          }
        }
        assert.deepEqual(problems, [])
      })
    }

    test('an unknown query parameter on any route answers 400 request.unknown_field naming it; nothing is written', async () => {
      const before = await fingerprint(t.db)
      const problems: string[] = []
      // Signing out last: were it not refused, it would end the session the other requests use.
      for (const r of [...routes.filter((x) => !x.noFuzz), ...routes.filter((x) => x.noFuzz)]) {
        const url = r.url(c)
        const res = await admin(r.route.split(' ')[0] as Method, `${url}${url.includes('?') ? '&' : '?'}notAParam=1`, r.body?.(c))
        const code = isProblem(res) ? res.json<{ code: string }>().code : undefined
        if (!names(res, 'query.notAParam') || code !== 'request.unknown_field') problems.push(`${r.route}: ${res.statusCode} ${res.body.slice(0, 160)}`)
      }
      assert.deepEqual(problems, [])
      assert.deepEqual(await fingerprint(t.db), before, 'a refused request changed the database')
    })

    for (const range of ranges) {
      test(`${range.route}: a range the wrong way round or a day out of the calendar answers 400 naming ${range.field}`, async () => {
        const res = await admin('GET', range.url(c))
        assert.ok(names(res, range.field), `${res.statusCode} ${res.body}`)
      })
    }

    test('a malformed id in any path answers 400 naming it; nothing is written', async () => {
      const before = await fingerprint(t.db)
      const problems: string[] = []
      for (const r of routes.filter((x) => /\{\w+\}/.test(x.route))) {
        const param = /\{(\w+)\}/.exec(r.route)![1]!
        const method = r.route.split(' ')[0] as Method
        // The route's own path, with its id replaced: the first uuid of the valid url.
        const url = r.url(c).replace(r.pathValue?.(c) ?? /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, 'not-a-uuid')
        for (const id of ['not-a-uuid', "1'%20OR%201=1", '%00', '01234567-89ab-cdef-0123-456789abcdef']) {
          const res = await admin(method, url.replace('not-a-uuid', id), r.body?.(c))
          if (!names(res, `path.${param}`)) problems.push(`${method} ${url.replace('not-a-uuid', id)}: ${res.statusCode} ${res.body.slice(0, 160)}`)
        }
      }
      assert.deepEqual(problems, [])
      assert.deepEqual(await fingerprint(t.db), before, 'a refused request changed the database')
    })

    test('a path segment the router refuses (not UTF-8, or longer than 100 characters) answers a 4xx problem+json', async () => {
      const problems: string[] = []
      for (const segment of ['%ED%A0%80', 'x'.repeat(101)]) {
        for (const [method, url] of [['GET', `/tenants/${segment}`], ['DELETE', `/leases/${segment}`], ['GET', `/maintenance/${segment}/comments`]] as const) {
          const res = await admin(method, url)
          if (res.statusCode < 400 || res.statusCode >= 500 || !isProblem(res)) problems.push(`${method} ${url.slice(0, 40)}: ${res.statusCode} ${String(res.headers['content-type'])}`)
        }
      }
      assert.deepEqual(problems, [])
    })

    describe('hostile values never produce a 500', () => {
      let f: Ctx
      before(async () => {
        // A world of its own, as random writes may succeed and change it.
        const w = await buildWorld(t)
        const ended = await t.f.lease(w.a.org.id, w.a.rows.U1b.id, [w.a.rows.T3.id], { start_date: '2024-01-01', end_date: '2024-12-31', status: 'ended' })
        f = { w, a: w.a, endedLeaseId: ended.id, ...(await openCharges(w.a)) }
      })
      const fAdmin = (method: Method, url: string, payload?: unknown) =>
        t.as(f.w.tokens.admin, { method, url: `${API}${url}`, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) })

      /** Each free-text field of every route: body fields and query parameters that are plain strings (no enum, format or pattern). */
      const textFields = (r: RouteCase): { part: 'body' | 'query'; name: string }[] => {
        const plain = (schema: JsonSchema) => {
          const { base } = unwrap(schema)
          return base.type === 'string' && !base.enum && !base.format && !base.pattern
        }
        const query = (opOf(r.route).parameters ?? []).filter((p) => p.in === 'query' && plain(p.schema)).map((p) => ({ part: 'query' as const, name: p.name }))
        const schema = bodySchema(r.route)
        const body = schema && r.body ? Object.entries(schema.properties ?? {}).filter(([, prop]) => plain(prop)).map(([name]) => ({ part: 'body' as const, name })) : []
        return [...query, ...body]
      }

      /** Puts `value` into one field of the route's valid request and sends it as the admin. */
      const sendWith = (r: RouteCase, field: { part: 'body' | 'query'; name: string }, value: string) => {
        const method = r.route.split(' ')[0] as Method
        const [path, fixed = ''] = r.url(f).split('?')
        if (field.part === 'body') return fAdmin(method, r.url(f), { ...r.body!(f), [field.name]: value })
        const query = new URLSearchParams(fixed)
        query.set(field.name, value)
        return fAdmin(method, `${path}?${query.toString()}`, r.body?.(f))
      }

      for (const [what, value] of [['a NUL character', 'a\u0000b'], ['a lone surrogate', 'a\ud800b'], ['a lone low surrogate', '\udc00z']] as const) {
        test(`${what} in any text field or search of any route answers 400 naming the field, and nothing is written`, async () => {
          const before = await fingerprint(t.db)
          const problems: string[] = []
          let checked = 0
          for (const r of routes.filter((x) => !x.noFuzz)) {
            for (const field of textFields(r)) {
              // A query string carries UTF-8 only: a lone surrogate cannot be sent there.
              if (field.part === 'query' && value !== 'a\u0000b') continue
              checked++
              const res = await sendWith(r, field, value)
              if (!names(res, `${field.part}.${field.name}`)) problems.push(`${r.route} ${field.part}.${field.name}: ${res.statusCode} ${res.body.slice(0, 160)}`)
            }
          }
          assert.deepEqual(problems, [])
          assert.ok(checked > 30, `only ${checked} text fields found`)
          assert.deepEqual(await fingerprint(t.db), before, 'a refused request changed the database')
        })
      }

      test('year 0 or 999 in any date or date-time field or filter of any route answers 400 naming it, and nothing is written', async () => {
        const isDateLike = (schema: JsonSchema): boolean => {
          const { base } = unwrap(schema)
          return base.format === 'date' || base.format === 'date-time' || (base.anyOf ?? []).some(isDateLike)
        }
        const yearZero = (schema: JsonSchema) => (unwrap(schema).base.format === 'date' ? ['0000-01-01', '0999-12-31'] : ['0000-01-01T00:00:00Z', '0999-12-31T00:00:00Z'])
        const before = await fingerprint(t.db)
        const problems: string[] = []
        let checked = 0
        for (const r of routes.filter((x) => !x.noFuzz)) {
          const fields = [
            ...(opOf(r.route).parameters ?? []).filter((p) => p.in === 'query' && isDateLike(p.schema)).map((p) => ({ part: 'query' as const, name: p.name, schema: p.schema })),
            ...(r.body ? Object.entries(bodySchema(r.route)?.properties ?? {}).filter(([, prop]) => isDateLike(prop)).map(([name, schema]) => ({ part: 'body' as const, name, schema })) : []),
          ]
          for (const field of fields) {
            for (const value of yearZero(field.schema)) {
              checked++
              const res = await sendWith(r, field, value)
              if (!names(res, `${field.part}.${field.name}`)) problems.push(`${r.route} ${field.part}.${field.name}=${value}: ${res.statusCode} ${res.body.slice(0, 160)}`)
            }
          }
        }
        assert.deepEqual(problems, [])
        assert.ok(checked > 20, `only ${checked} date fields found`)
        assert.deepEqual(await fingerprint(t.db), before, 'a refused request changed the database')
      })

      test('a number in the query not written in plain decimal digits (1e3, 0x10, +5, 5.0, a space, empty) answers 400 naming the parameter', async () => {
        const problems: string[] = []
        let checked = 0
        for (const r of routes.filter((x) => x.route.startsWith('GET '))) {
          const [path, fixed = ''] = r.url(f).split('?')
          for (const p of (opOf(r.route).parameters ?? []).filter((x) => x.in === 'query' && unwrap(x.schema).base.type === 'integer')) {
            for (const value of ['1e3', '0x10', '0b1', '+5', '5.0', ' 5', '5 ', '']) {
              checked++
              const query = new URLSearchParams(fixed)
              query.set(p.name, value)
              const res = await fAdmin('GET', `${path}?${query.toString()}`)
              if (!names(res, `query.${p.name}`)) problems.push(`${r.route} ${p.name}=${JSON.stringify(value)}: ${res.statusCode} ${res.body.slice(0, 120)}`)
            }
          }
        }
        assert.deepEqual(problems, [])
        assert.ok(checked > 80, `only ${checked} integer parameters found`)
        assert.equal((await fAdmin('GET', '/tenants?page=2&pageSize=05')).statusCode, 200)
      })

      const ITERATIONS = 200
      routes.forEach((r, index) => {
        if (r.noFuzz) return
        test(`${r.route}: ${ITERATIONS} hostile queries${r.body ? ' and bodies' : ''} answer below 500, errors as problem+json`, async () => {
          const rnd = prng(0x5eed + index)
          const op = opOf(r.route)
          const params = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name)
          const props = Object.keys(bodySchema(r.route)?.properties ?? {})
          const method = r.route.split(' ')[0] as Method
          const worldIds = f.w.entities.map((e) => e.id)
          const hostileString = () => (rnd.chance(0.2) ? rnd.pick(worldIds) : rnd.pick(HOSTILE_STRINGS))
          const hostile = (): unknown => (rnd.chance(0.6) ? hostileString() : rnd.pick(HOSTILE_VALUES))
          const problems: string[] = []
          for (let i = 0; i < ITERATIONS; i++) {
            const [validPath, fixed = ''] = r.url(f).split('?')
            const path = rnd.chance(0.3) ? validPath!.replace(r.pathValue?.(f) ?? /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, encode(hostileString())) : validPath!
            const query = new URLSearchParams(rnd.chance(0.5) ? fixed : '')
            const keys = [...params, ...HOSTILE_KEYS]
            for (let k = Math.floor(rnd.next() * 4); k > 0; k--) {
              const key = rnd.chance(0.8) && params.length ? rnd.pick(params) : rnd.pick(keys)
              // Repeated keys become arrays where a scalar is expected.
              for (let n = rnd.chance(0.2) ? 3 : 1; n > 0; n--) query.append(rnd.chance(0.1) ? `${key}[]` : key, hostileString())
            }
            const url = `${API}${path}${query.toString() ? `?${query.toString()}` : ''}`
            let payload: string | undefined
            if (r.body) {
              const valid = r.body(f)
              let body: unknown
              if (rnd.chance(0.1)) body = hostile()
              else {
                const obj: Record<string, unknown> = rnd.chance(0.5) ? { ...valid } : {}
                for (let k = 1 + Math.floor(rnd.next() * 3); k > 0; k--) {
                  const key = rnd.chance(0.85) && props.length ? rnd.pick(props) : rnd.pick(HOSTILE_KEYS)
                  obj[key] = rnd.chance(0.15) ? { nested: hostile(), deeper: [hostile(), { x: hostile() }] } : hostile()
                }
                body = obj
              }
              payload = JSON.stringify(body)
            }
            const viewer = rnd.pick<Viewer>(['admin', 'admin', 'manager', 'owner', 'tenant', 'technician'])
            const res = await t.as(f.w.tokens[viewer], { method, url, ...(payload !== undefined ? { payload, headers: { 'content-type': 'application/json' } } : {}) })
            if (res.statusCode >= 500 || (res.statusCode >= 400 && !isProblem(res))) {
              problems.push(`${viewer} ${method} ${url.slice(0, 200)} ${(payload ?? '').slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 120)}`)
            }
          }
          assert.deepEqual(problems, [])
        })
      })
    })
  })
}
