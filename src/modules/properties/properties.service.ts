/** Properties: the portfolio, its occupancy and open issues, and who manages each building. */
import type { Db, Executor, RowPatch } from '../../db/types.js'
import { isStaff, requireRole, type Principal } from '../../lib/access.js'
import { AppError, invalid, notFound, type FieldError } from '../../lib/errors.js'
import { appendEvent } from '../../lib/events.js'
import { uuidv7 } from '../../lib/ids.js'
import { offsetOf, type Page } from '../../lib/paging.js'
import { inTransaction } from '../../lib/tx.js'
import { createUnitQueries } from '../units/units.queries.js'
import { toLeaseSummary, toUnitDto } from '../units/units.service.js'
import { createPropertyQueries, type PropertyRow } from './properties.queries.js'
import type {
  CreatePropertyBody,
  ListPropertiesQuery,
  OwnerListQuery,
  OwnerSummary,
  Property,
  PropertyDetail,
  PropertyInclude,
  PropertyManager,
  SetManagersBody,
  UpdatePropertyBody,
} from './properties.schema.js'

// The fee, the value and the building-wide figures (occupancy, open requests) come from the owner's
// and other tenants' business: tenants and technicians get the building's identity and address only.
const seesFigures = (p: Principal): boolean => isStaff(p) || p.role === 'owner'

/** List filters on building-wide figures, refused for callers who do not see those figures. */
const FIGURE_FILTERS = ['minUnits', 'maxUnits', 'minOccupancy', 'maxOccupancy', 'hasMaintenanceIssues'] as const

/** The API shape of a property row as `p` may see it. */
export const toPropertyDto = (row: PropertyRow, p: Principal): Property => (seesFigures(p) ? withFigures(row) : identityOf(row))

const identityOf = (row: PropertyRow): Property => ({
  id: row.id,
  name: row.name,
  type: row.type,
  status: row.status,
  addressLine1: row.address_line1,
  addressLine2: row.address_line2,
  city: row.city,
  state: row.state,
  zip: row.zip,
  country: row.country,
  neighborhoodId: row.neighborhood_id,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
})

const withFigures = (row: PropertyRow): Property => ({
  ...identityOf(row),
  ownerId: row.owner_id,
  marketValueCents: row.market_value_cents,
  yearBuilt: row.year_built,
  legalUnits: row.legal_units,
  managementFeeBp: row.management_fee_bp,
  unitCount: Number(row.unit_count),
  occupiedUnits: Number(row.occupied_units),
  openRequestCount: Number(row.open_request_count),
})

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString())

function toPatch(body: UpdatePropertyBody): RowPatch<'properties'> {
  const patch: RowPatch<'properties'> = {}
  if (body.name !== undefined) patch.name = body.name
  if (body.type !== undefined) patch.type = body.type
  if (body.status !== undefined) patch.status = body.status
  if (body.addressLine1 !== undefined) patch.address_line1 = body.addressLine1
  if (body.addressLine2 !== undefined) patch.address_line2 = body.addressLine2
  if (body.city !== undefined) patch.city = body.city
  if (body.state !== undefined) patch.state = body.state
  if (body.zip !== undefined) patch.zip = body.zip
  if (body.country !== undefined) patch.country = body.country
  if (body.ownerId !== undefined) patch.owner_id = body.ownerId
  if (body.neighborhoodId !== undefined) patch.neighborhood_id = body.neighborhoodId
  if (body.marketValueCents !== undefined) patch.market_value_cents = body.marketValueCents
  if (body.yearBuilt !== undefined) patch.year_built = body.yearBuilt
  if (body.legalUnits !== undefined) patch.legal_units = body.legalUnits
  if (body.managementFeeBp !== undefined) patch.management_fee_bp = body.managementFeeBp
  return patch
}

/** Body references must name rows of the caller's organization: 400 naming the field otherwise. */
async function checkReferences(db: Executor, orgId: string, body: UpdatePropertyBody): Promise<void> {
  const q = createPropertyQueries(db)
  if (body.ownerId && !(await q.ownerExists(orgId, body.ownerId))) throw invalid('body.ownerId', 'not found')
  if (body.neighborhoodId && !(await q.neighborhoodExists(orgId, body.neighborhoodId))) throw invalid('body.neighborhoodId', 'not found')
}

/**
 * The property with each requested relation, every relation loaded in one query. The managers
 * (staff names and e-mail addresses) are for staff: owners, tenants and technicians are refused.
 */
async function withIncludes(db: Executor, p: Principal, row: PropertyRow, include: PropertyInclude[]): Promise<PropertyDetail> {
  const wants = new Set(include)
  if (wants.has('managers') && !isStaff(p)) throw invalid('query.include', 'managers are listed for admins and property managers only')
  const ids = [row.id]
  const q = createPropertyQueries(db)
  const units = createUnitQueries(db)
  const [unitRows, requests, leases, documents, managers] = await Promise.all([
    wants.has('units') ? units.ofProperties(p, ids) : undefined,
    wants.has('maintenance') ? q.requestsOf(p, ids) : undefined,
    wants.has('leases') ? units.leasesOf(p, { propertyIds: ids }) : undefined,
    wants.has('documents') ? q.documentsOf(p, ids) : undefined,
    wants.has('managers') ? q.managersOf(p.orgId, ids) : undefined,
  ])
  return {
    ...toPropertyDto(row, p),
    ...(unitRows ? { units: unitRows.map(toUnitDto) } : {}),
    ...(requests
      ? {
          maintenance: requests.map((r) => ({
            id: r.id,
            unitId: r.unit_id,
            tenantId: r.tenant_id,
            title: r.title,
            category: r.category,
            priority: r.priority,
            status: r.status,
            requestedAt: r.requested_at.toISOString(),
            completedAt: iso(r.completed_at),
          })),
        }
      : {}),
    ...(leases ? { leases: leases.map(toLeaseSummary) } : {}),
    ...(documents
      ? {
          documents: documents.map((d) => ({
            id: d.id,
            fileName: d.file_name,
            contentType: d.content_type,
            sizeBytes: d.size_bytes,
            createdAt: d.created_at.toISOString(),
          })),
        }
      : {}),
    ...(managers ? { managers: managers.map(toManagerDto) } : {}),
  }
}

const toManagerDto = (m: { id: string; display_name: string; email: string; created_at: Date }): PropertyManager => ({
  id: m.id,
  displayName: m.display_name,
  email: m.email,
  assignedAt: m.created_at.toISOString(),
})

async function load(db: Executor, p: Principal, id: string): Promise<PropertyRow> {
  const [row] = await createPropertyQueries(db).byIds(p, [id])
  if (!row) throw notFound('property')
  return row
}

export function createPropertyService(db: Db) {
  const q = createPropertyQueries(db)

  return {
    async list(p: Principal, query: ListPropertiesQuery): Promise<Page<Property>> {
      const refused = seesFigures(p) ? [] : FIGURE_FILTERS.filter((f) => query[f] !== undefined)
      if (refused.length) {
        const errors = refused.map((f) => ({ field: `query.${f}`, message: `building-wide figures are for staff and owners; not a filter for the ${p.role} role` }))
        throw new AppError('request.invalid', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors)
      }
      const [rows, total] = await Promise.all([q.list(p, query, query.pageSize, offsetOf(query)), q.count(p, query)])
      return { data: rows.map((r) => toPropertyDto(r, p)), page: query.page, pageSize: query.pageSize, total }
    },

    /** The owners a property can be given (staff only: owners' contacts are not for tenants or technicians). */
    async owners(p: Principal, query: OwnerListQuery): Promise<Page<OwnerSummary>> {
      requireRole(p, 'admin', 'property_manager')
      const [rows, total] = await Promise.all([q.owners(p.orgId, query.search, query.pageSize, offsetOf(query)), q.ownerCount(p.orgId, query.search)])
      return { data: rows.map((r) => ({ id: r.id, name: r.name, email: r.email })), page: query.page, pageSize: query.pageSize, total }
    },

    async get(p: Principal, id: string, include: PropertyInclude[] = []): Promise<PropertyDetail> {
      return withIncludes(db, p, await load(db, p, id), include)
    },

    /** Admins and managers add properties; a manager who adds one manages it from then on. */
    async create(p: Principal, body: CreatePropertyBody): Promise<Property> {
      requireRole(p, 'admin', 'property_manager')
      return inTransaction(db, async (trx) => {
        await checkReferences(trx, p.orgId, body)
        const properties = createPropertyQueries(trx)
        const { id } = await properties.insert({
          ...toPatch(body),
          id: uuidv7(),
          org_id: p.orgId,
          name: body.name,
          type: body.type,
          address_line1: body.addressLine1,
          city: body.city,
          state: body.state,
        })
        if (p.role === 'property_manager') await properties.addManager(p.orgId, id, p.userId)
        await appendEvent(trx, { orgId: p.orgId, topic: 'property', action: 'created', entityId: id, actorId: p.userId, payload: { propertyId: id } })
        return toPropertyDto(await load(trx, p, id), p)
      })
    },

    async update(p: Principal, id: string, body: UpdatePropertyBody): Promise<Property> {
      requireRole(p, 'admin', 'property_manager')
      return inTransaction(db, async (trx) => {
        const properties = createPropertyQueries(trx)
        if (!(await properties.visibleId(p, id))) throw notFound('property')
        await checkReferences(trx, p.orgId, body)
        await properties.update(p.orgId, id, toPatch(body))
        await appendEvent(trx, { orgId: p.orgId, topic: 'property', action: 'updated', entityId: id, actorId: p.userId, payload: { propertyId: id } })
        return toPropertyDto(await load(trx, p, id), p)
      })
    },

    /** Deletes a property with its units and requests; one that has had leases is kept for its ledger. */
    async remove(p: Principal, id: string): Promise<void> {
      requireRole(p, 'admin')
      await inTransaction(db, async (trx) => {
        const properties = createPropertyQueries(trx)
        if (!(await properties.visibleId(p, id))) throw notFound('property')
        if (await properties.hasLeases(p.orgId, id)) throw new AppError('resource.in_use', 'the property has leases and cannot be deleted')
        await properties.delete(p.orgId, id)
        await appendEvent(trx, { orgId: p.orgId, topic: 'property', action: 'deleted', entityId: id, actorId: p.userId, payload: { propertyId: id } })
      })
    },

    /** Replaces the set of managers assigned to the property; every id must be a manager account of the organization. */
    async setManagers(p: Principal, id: string, body: SetManagersBody): Promise<PropertyManager[]> {
      requireRole(p, 'admin')
      return inTransaction(db, async (trx) => {
        const properties = createPropertyQueries(trx)
        if (!(await properties.visibleId(p, id))) throw notFound('property')
        const userIds = [...new Set(body.userIds)]
        const found = new Set(await properties.managerAccounts(p.orgId, userIds))
        const errors: FieldError[] = body.userIds.flatMap((userId, i) =>
          found.has(userId) ? [] : [{ field: `body.userIds.${i}`, message: 'not a property manager of this organization' }],
        )
        if (errors.length) throw new AppError('request.invalid', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors)
        await properties.setManagers(p.orgId, id, userIds)
        await appendEvent(trx, { orgId: p.orgId, topic: 'property', action: 'updated', entityId: id, actorId: p.userId, payload: { propertyId: id, managerIds: userIds } })
        return (await properties.managersOf(p.orgId, [id])).map(toManagerDto)
      })
    },
  }
}

export type PropertyService = ReturnType<typeof createPropertyService>
