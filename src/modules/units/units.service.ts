/** Units: the rentable parts of a property, each with its occupancy of today. */
import type { Db, RowPatch } from '../../db/types.js'
import { requireRole, type Principal } from '../../lib/access.js'
import { AppError, invalid, notFound } from '../../lib/errors.js'
import { appendEvent } from '../../lib/events.js'
import { uuidv7 } from '../../lib/ids.js'
import { offsetOf, type Page, type PageQuery } from '../../lib/paging.js'
import { inTransaction } from '../../lib/tx.js'
import { createPropertyQueries } from '../properties/properties.queries.js'
import type { LeaseSummary } from '../properties/properties.schema.js'
import { toPropertyDto } from '../properties/properties.service.js'
import { createUnitQueries, type LeaseSummaryRow, type UnitFilter, type UnitRow } from './units.queries.js'
import type { CreateUnitBody, ListUnitsQuery, Unit, UnitDetail, UnitInclude, UpdateUnitBody } from './units.schema.js'

export const toUnitDto = (row: UnitRow): Unit => ({
  id: row.id,
  propertyId: row.property_id,
  unitNumber: row.unit_number,
  bedrooms: row.bedrooms,
  bathrooms: Number(row.bathrooms),
  squareFeet: row.square_feet,
  marketRentCents: row.market_rent_cents,
  petPolicy: row.pet_policy,
  status: row.status,
  occupied: row.occupied,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
})

export const toLeaseSummary = (row: LeaseSummaryRow): LeaseSummary => ({
  id: row.id,
  unitId: row.unit_id,
  startDate: row.start_date,
  endDate: row.end_date,
  rentCents: row.rent_cents,
  depositCents: row.deposit_cents,
  status: row.status,
})

function toPatch(body: UpdateUnitBody): RowPatch<'units'> {
  const patch: RowPatch<'units'> = {}
  if (body.unitNumber !== undefined) patch.unit_number = body.unitNumber
  if (body.bedrooms !== undefined) patch.bedrooms = body.bedrooms
  if (body.bathrooms !== undefined) patch.bathrooms = body.bathrooms
  if (body.squareFeet !== undefined) patch.square_feet = body.squareFeet
  if (body.marketRentCents !== undefined) patch.market_rent_cents = body.marketRentCents
  if (body.petPolicy !== undefined) patch.pet_policy = body.petPolicy
  if (body.status !== undefined) patch.status = body.status
  return patch
}

export function createUnitService(db: Db) {
  const q = createUnitQueries(db)

  async function page(p: Principal, filter: UnitFilter, paging: PageQuery): Promise<Page<Unit>> {
    const [rows, total] = await Promise.all([q.list(p, filter, paging.pageSize, offsetOf(paging)), q.count(p, filter)])
    return { data: rows.map(toUnitDto), page: paging.page, pageSize: paging.pageSize, total }
  }

  /** The unit when the caller may write it: staff only, and only on a property they may see. */
  async function writable(p: Principal, id: string, units = q): Promise<UnitRow> {
    requireRole(p, 'admin', 'property_manager')
    const row = await units.byId(p, id)
    if (!row) throw notFound('unit')
    return row
  }

  return {
    list: (p: Principal, query: ListUnitsQuery) => page(p, query, query),

    /** The units of one property; 404 when the caller cannot see the property. */
    async listOfProperty(p: Principal, propertyId: string, query: Omit<ListUnitsQuery, 'propertyId'>): Promise<Page<Unit>> {
      if (!(await createPropertyQueries(db).visibleId(p, propertyId))) throw notFound('property')
      return page(p, { ...query, propertyId }, query)
    },

    async get(p: Principal, id: string, include: UnitInclude[] = []): Promise<UnitDetail> {
      const row = await q.byId(p, id)
      if (!row) throw notFound('unit')
      const wants = new Set(include)
      const [properties, leases] = await Promise.all([
        wants.has('property') ? createPropertyQueries(db).byIds(p, [row.property_id]) : undefined,
        wants.has('leases') ? q.leasesOf(p, { unitIds: [row.id] }) : undefined,
      ])
      const property = properties?.[0]
      return {
        ...toUnitDto(row),
        ...(property ? { property: toPropertyDto(property, p) } : {}),
        ...(leases ? { leases: leases.map(toLeaseSummary) } : {}),
      }
    },

    async create(p: Principal, body: CreateUnitBody): Promise<Unit> {
      requireRole(p, 'admin', 'property_manager')
      return inTransaction(db, async (trx) => {
        if (!(await createPropertyQueries(trx).visibleId(p, body.propertyId))) throw invalid('body.propertyId', 'not found')
        const units = createUnitQueries(trx)
        const { propertyId, unitNumber, ...rest } = body
        const { id } = await units.insert({ ...toPatch(rest), id: uuidv7(), org_id: p.orgId, property_id: propertyId, unit_number: unitNumber })
        await appendEvent(trx, { orgId: p.orgId, topic: 'unit', action: 'created', entityId: id, actorId: p.userId, payload: { propertyId: body.propertyId, unitId: id } })
        return toUnitDto((await units.byId(p, id))!)
      })
    },

    async update(p: Principal, id: string, body: UpdateUnitBody): Promise<Unit> {
      return inTransaction(db, async (trx) => {
        const units = createUnitQueries(trx)
        const row = await writable(p, id, units)
        await units.update(p.orgId, id, toPatch(body))
        await appendEvent(trx, { orgId: p.orgId, topic: 'unit', action: 'updated', entityId: id, actorId: p.userId, payload: { propertyId: row.property_id, unitId: id } })
        return toUnitDto((await units.byId(p, id))!)
      })
    },

    async remove(p: Principal, id: string): Promise<void> {
      await inTransaction(db, async (trx) => {
        const units = createUnitQueries(trx)
        const row = await writable(p, id, units)
        // Leases keep the ledger's history; a unit that has had one is kept (mark it unavailable instead).
        if (await units.hasLeases(p.orgId, id)) throw new AppError('resource.in_use', 'the unit has leases and cannot be deleted')
        await units.delete(p.orgId, id)
        await appendEvent(trx, { orgId: p.orgId, topic: 'unit', action: 'deleted', entityId: id, actorId: p.userId, payload: { propertyId: row.property_id, unitId: id } })
      })
    },
  }
}

export type UnitService = ReturnType<typeof createUnitService>
