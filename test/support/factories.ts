/**
 * Row factories for tests: each builds one valid row with sensible defaults, any field overridable,
 * inserted straight through Kysely. Tests say only what matters to them.
 */
import type { Db, NewRow, Role, Row } from '../../src/db/types.js'
import { uuidv7 } from '../../src/lib/ids.js'
import { hashPassword } from '../../src/modules/auth/passwords.js'

let counter = 0
const next = (): number => ++counter
export const TEST_PASSWORD = 'correct horse battery staple'
let passwordHash: Promise<string> | undefined
const testPasswordHash = (): Promise<string> => (passwordHash ??= hashPassword(TEST_PASSWORD))

type Over<T extends keyof import('../../src/db/types.js').DB> = Partial<NewRow<T>>

export function factories(db: Db) {
  const insert = async <T extends 'organizations' | 'owners' | 'tenants' | 'users' | 'properties' | 'units' | 'leases' | 'maintenance_requests' | 'work_orders' | 'payments' | 'charges'>(
    table: T,
    values: NewRow<T>,
  ): Promise<Row<T>> =>
    (await db.insertInto(table).values(values).returningAll().executeTakeFirstOrThrow())

  const f = {
    org: (over: Over<'organizations'> = {}) => insert('organizations', { id: uuidv7(), name: `Org ${next()}`, ...over }),

    owner: (orgId: string, over: Over<'owners'> = {}) =>
      insert('owners', { id: uuidv7(), org_id: orgId, name: `Owner ${next()}`, email: `owner${next()}@example.test`, ...over }),

    tenant: (orgId: string, over: Over<'tenants'> = {}) => {
      const n = next()
      return insert('tenants', {
        id: uuidv7(),
        org_id: orgId,
        first_name: `First${n}`,
        last_name: `Last${n}`,
        email: `tenant${n}@example.test`,
        phone: `555-01${String(n).padStart(2, '0')}`,
        status: 'active',
        ...over,
      })
    },

    /** A user of `role`; owners and tenants get their owner/tenant record made unless given. */
    async user(orgId: string, role: Role, over: Over<'users'> = {}) {
      const n = next()
      const extra: Over<'users'> = {}
      if (role === 'owner' && !over.owner_id) extra.owner_id = (await f.owner(orgId)).id
      if (role === 'tenant' && !over.tenant_id) extra.tenant_id = (await f.tenant(orgId)).id
      return insert('users', {
        id: uuidv7(),
        org_id: orgId,
        email: `${role}${n}-${uuidv7().slice(-6)}@example.test`,
        password_hash: await testPasswordHash(),
        display_name: `${role} ${n}`,
        role,
        ...extra,
        ...over,
      })
    },

    property: (orgId: string, over: Over<'properties'> = {}) => {
      const n = next()
      return insert('properties', {
        id: uuidv7(),
        org_id: orgId,
        name: `Property ${n}`,
        type: 'apartment',
        address_line1: `${n} Main Street`,
        city: 'Springfield',
        state: 'IL',
        zip: '62701',
        ...over,
      })
    },

    async assignManager(orgId: string, propertyId: string, userId: string) {
      await db.insertInto('property_managers').values({ org_id: orgId, property_id: propertyId, user_id: userId }).execute()
    },

    unit: (orgId: string, propertyId: string, over: Over<'units'> = {}) =>
      insert('units', { id: uuidv7(), org_id: orgId, property_id: propertyId, unit_number: `U${next()}`, bedrooms: 2, bathrooms: 1, market_rent_cents: 150_000, ...over }),

    /** A lease on `unitId` for `tenantIds` (first is primary); active, one year from 2026-01-01 by default. */
    async lease(orgId: string, unitId: string, tenantIds: string[], over: Over<'leases'> = {}) {
      const lease = await insert('leases', {
        id: uuidv7(),
        org_id: orgId,
        unit_id: unitId,
        start_date: '2026-01-01',
        end_date: '2026-12-31',
        rent_cents: 150_000,
        deposit_cents: 150_000,
        status: 'active',
        ...over,
      })
      if (tenantIds.length) {
        await db
          .insertInto('lease_tenants')
          .values(tenantIds.map((tenant_id, i) => ({ org_id: orgId, lease_id: lease.id, tenant_id, is_primary: i === 0 })))
          .execute()
      }
      return lease
    },

    request: (orgId: string, propertyId: string, over: Over<'maintenance_requests'> = {}) =>
      insert('maintenance_requests', { id: uuidv7(), org_id: orgId, property_id: propertyId, title: `Leaky faucet ${next()}`, ...over }),

    workOrder: (orgId: string, requestId: string, over: Over<'work_orders'> = {}) =>
      insert('work_orders', { id: uuidv7(), org_id: orgId, request_id: requestId, ...over }),

    payment: (orgId: string, tenantId: string, over: Over<'payments'> = {}) =>
      insert('payments', { id: uuidv7(), org_id: orgId, tenant_id: tenantId, amount_cents: 150_000, method: 'ach', status: 'succeeded', paid_on: '2026-01-01', ...over }),

    charge: (orgId: string, leaseId: string, over: Over<'charges'> = {}) =>
      insert('charges', { id: uuidv7(), org_id: orgId, lease_id: leaseId, kind: 'rent', amount_cents: 150_000, due_date: '2026-01-01', ...over }),
  }
  return f
}

export type Factories = ReturnType<typeof factories>
