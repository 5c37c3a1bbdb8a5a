/**
 * Who may reach what, decided in one place. Every organization-owned query is filtered through
 * these fragments, so a row outside the caller's scope is simply not found (404), never leaked.
 */
import { sql, type Expression, type SqlBool } from 'kysely'
import type { Role } from '../db/types.js'
import { AppError } from './errors.js'

export interface Principal {
  userId: string
  orgId: string
  role: Role
  email: string
  displayName: string
  /** Set when role is 'tenant': the tenant record this account is. */
  tenantId: string | null
  /** Set when role is 'owner': the owner record this account is. */
  ownerId: string | null
  sessionId: string
}

export const ROLES = ['admin', 'property_manager', 'owner', 'tenant', 'technician'] as const satisfies readonly Role[]

/** Throws 403 unless the caller has one of `roles`. */
export function requireRole(principal: Principal, ...roles: Role[]): void {
  if (!roles.includes(principal.role)) throw new AppError('auth.forbidden', `not allowed for the ${principal.role} role`)
}

/**
 * SQL: the ids of the maintenance requests a technician is assigned to, as the request's assignee
 * or on one of its work orders. Everything a technician sees follows from these, so un-assigning
 * them (either way) ends their access to the request, its place and its reporting tenant.
 */
export function assignedRequestIds(p: Principal): Expression<string> {
  return sql<string>`(SELECT mr.id FROM maintenance_requests mr WHERE mr.org_id = ${p.orgId} AND mr.assignee_id = ${p.userId}
    UNION SELECT wo.request_id FROM work_orders wo WHERE wo.org_id = ${p.orgId} AND wo.assignee_id = ${p.userId})`
}

/** SQL condition: the request column `column` is one the technician is assigned to. */
export function requestAssigned(p: Principal, column: string): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} IN ${assignedRequestIds(p)}`
}

/**
 * SQL: the ids of the properties the caller may see.
 * admin: all of the organization; manager: assigned; owner: owned; tenant: those of their leases;
 * technician: those of the requests assigned to them.
 */
export function visiblePropertyIds(p: Principal): Expression<string> {
  switch (p.role) {
    case 'admin':
      return sql<string>`(SELECT id FROM properties WHERE org_id = ${p.orgId})`
    case 'property_manager':
      return sql<string>`(SELECT property_id FROM property_managers WHERE org_id = ${p.orgId} AND user_id = ${p.userId})`
    case 'owner':
      return sql<string>`(SELECT id FROM properties WHERE org_id = ${p.orgId} AND owner_id = ${p.ownerId})`
    case 'tenant':
      return sql<string>`(SELECT u.property_id FROM lease_tenants lt
        JOIN leases l ON l.org_id = lt.org_id AND l.id = lt.lease_id
        JOIN units u ON u.org_id = l.org_id AND u.id = l.unit_id
        WHERE lt.org_id = ${p.orgId} AND lt.tenant_id = ${p.tenantId})`
    case 'technician':
      return sql<string>`(SELECT mr.property_id FROM maintenance_requests mr
        WHERE mr.org_id = ${p.orgId} AND mr.id IN ${assignedRequestIds(p)})`
  }
}

/**
 * SQL: the ids of the tenants the caller may see. Staff see tenants with a lease on a visible
 * property (and managers the applicants they entered); a tenant sees only themself; a
 * technician sees the reporting tenants of the requests assigned to them.
 */
export function visibleTenantIds(p: Principal): Expression<string> {
  switch (p.role) {
    case 'admin':
      return sql<string>`(SELECT id FROM tenants WHERE org_id = ${p.orgId})`
    case 'tenant':
      return sql<string>`(SELECT ${p.tenantId}::uuid)`
    case 'technician':
      return sql<string>`(SELECT mr.tenant_id FROM maintenance_requests mr
        WHERE mr.org_id = ${p.orgId} AND mr.id IN ${assignedRequestIds(p)} AND mr.tenant_id IS NOT NULL)`
    case 'property_manager':
    case 'owner': {
      const leased = sql<string>`SELECT lt.tenant_id FROM lease_tenants lt
        JOIN leases l ON l.org_id = lt.org_id AND l.id = lt.lease_id
        JOIN units u ON u.org_id = l.org_id AND u.id = l.unit_id
        WHERE lt.org_id = ${p.orgId} AND u.property_id IN ${visiblePropertyIds(p)}`
      return p.role === 'property_manager'
        ? sql<string>`(${leased} UNION SELECT id FROM tenants WHERE org_id = ${p.orgId} AND created_by = ${p.userId})`
        : sql<string>`(${leased})`
    }
  }
}

/** SQL condition: the property column `column` is one the caller may see. */
export function propertyVisible(p: Principal, column: string): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} IN ${visiblePropertyIds(p)}`
}

/** SQL condition: the tenant column `column` is one the caller may see. */
export function tenantVisible(p: Principal, column: string): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} IN ${visibleTenantIds(p)}`
}

/** Roles that manage (write) rather than only read. */
export const isStaff = (p: Principal): boolean => p.role === 'admin' || p.role === 'property_manager'

/**
 * SQL condition on the `users` table: the accounts the caller may see in the directory. Admins see
 * the whole organization; managers see staff, technicians, and the tenant and owner accounts within
 * their scope; any other role sees only its own account.
 */
export function userVisible(p: Principal): Expression<SqlBool> {
  switch (p.role) {
    case 'admin':
      return sql<SqlBool>`users.org_id = ${p.orgId}`
    case 'property_manager':
      return sql<SqlBool>`(users.role IN ('admin', 'property_manager', 'technician')
        OR users.tenant_id IN ${visibleTenantIds(p)}
        OR users.owner_id IN (SELECT owner_id FROM properties WHERE org_id = ${p.orgId} AND id IN ${visiblePropertyIds(p)}))`
    default:
      return sql<SqlBool>`users.id = ${p.userId}`
  }
}

/** Whether `p` reads tenants' e-mail and phone: owners get names, leases and balances, not contact details. */
export const seesTenantContact = (p: Principal): boolean => p.role !== 'owner'
