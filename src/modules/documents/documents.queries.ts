import { sql, type SqlBool } from 'kysely'
import type { Executor, NewRow } from '../../db/types.js'
import { requestAssigned, visiblePropertyIds, visibleTenantIds, type Principal } from '../../lib/access.js'
import { leaseVisible } from '../leases/leases.queries.js'

/** SQL condition on `mr`: a request the caller may see (the maintenance module's rule). */
const requestVisible = (p: Principal) => {
  switch (p.role) {
    case 'admin':
      return sql<SqlBool>`true`
    case 'property_manager':
    case 'owner':
      return sql<SqlBool>`mr.property_id IN ${visiblePropertyIds(p)}`
    case 'tenant':
      return sql<SqlBool>`mr.tenant_id = ${p.tenantId}`
    case 'technician':
      return requestAssigned(p, 'mr.id')
  }
}

export function createDocumentQueries(db: Executor) {
  return {
    requestVisible: async (p: Principal, id: string) =>
      !!(await db.selectFrom('maintenance_requests as mr').select('mr.id').where('mr.org_id', '=', p.orgId).where('mr.id', '=', id).where(requestVisible(p)).executeTakeFirst()),

    // A lease's files follow the lease (a technician sees none); a tenant's and a building's files are
    // not a technician's business, nor a building's a tenant's — as the tenants and properties modules show them.
    leaseVisible: async (p: Principal, id: string) =>
      !!(await db.selectFrom('leases as l').select('l.id').where('l.org_id', '=', p.orgId).where('l.id', '=', id).where(leaseVisible(p, 'l.id')).executeTakeFirst()),

    tenantVisible: async (p: Principal, id: string) =>
      p.role !== 'technician' &&
      !!(await db.selectFrom('tenants').select('id').where('org_id', '=', p.orgId).where('id', '=', id).where(sql<SqlBool>`id IN ${visibleTenantIds(p)}`).executeTakeFirst()),

    propertyVisible: async (p: Principal, id: string) =>
      p.role !== 'tenant' &&
      p.role !== 'technician' &&
      !!(await db.selectFrom('properties').select('id').where('org_id', '=', p.orgId).where('id', '=', id).where(sql<SqlBool>`id IN ${visiblePropertyIds(p)}`).executeTakeFirst()),

    insert: (row: NewRow<'documents'>) =>
      db
        .insertInto('documents')
        .values(row)
        .returning(['id', 'file_name', 'content_type', 'size_bytes', 'sha256', 'request_id', 'lease_id', 'tenant_id', 'property_id', 'uploaded_by', 'created_at'])
        .executeTakeFirstOrThrow(),

    /** The document's subject ids (to check scope), without its content. */
    subjectOf: (orgId: string, id: string) =>
      db.selectFrom('documents').select(['id', 'request_id', 'lease_id', 'tenant_id', 'property_id']).where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst(),

    content: (orgId: string, id: string) =>
      db.selectFrom('documents').select(['file_name', 'content_type', 'content', 'sha256']).where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst(),
  }
}
