/**
 * The real-data import (`tms import KIND PATH [--dry-run]`). Files are parsed into a plan first,
 * with no database; the plan is then written in ONE transaction, so an unexpected failure writes
 * nothing. A dry run writes the same plan and rolls it back, so its report equals the real one.
 * Records carry stable external_refs, so importing a file again creates nothing and counts the
 * records it finds as skipped.
 */
import type { Db, Trx } from '../../db/types.js'
import { AppError, assertThat, notFound } from '../../lib/errors.js'
import { uuidv7 } from '../../lib/ids.js'
import { inTransaction } from '../../lib/tx.js'
import { readCsv } from './csv.js'
import { planHpd, readHpdFiles } from './hpd.js'
import { createImportQueries } from './imports.queries.js'
import { ImportOptions, type ImportKind, type ImportReport } from './imports.schema.js'
import { LISTING_COLUMNS, planListings } from './listings.js'
import type { ImportPlan } from './plan.js'

export type { ImportKind, ImportRejection, ImportReport } from './imports.schema.js'

/** Thrown at the end of a dry run to roll the transaction back; carries the report out. */
class DryRunRollback extends Error {
  constructor(readonly report: ImportReport) {
    super('dry run: rolled back')
  }
}

/** Reads and checks the files of `kind` at `path` into a plan; no database access. */
export async function planImport(kind: ImportKind, path: string): Promise<ImportPlan> {
  if (kind === 'listings') return planListings(await readCsv(path, LISTING_COLUMNS))
  return planHpd(await readHpdFiles(path))
}

/** Runs one import of the files at `path` into the organization; see the module comment. */
export async function runImport(
  db: Db,
  options: { orgId: string; kind: ImportKind; path: string; dryRun: boolean },
): Promise<ImportReport> {
  const { orgId, kind, path, dryRun } = ImportOptions.parse(options)
  // Inside a caller's transaction the rollback of a dry run would undo the caller's work too.
  assertThat(!db.isTransaction, new AppError('internal', 'runImport opens its own transaction; pass the database, not a transaction'))
  const plan = await planImport(kind, path)
  try {
    return await inTransaction(db, async (trx) => {
      const counts = await writePlan(trx, orgId, kind, plan)
      const report: ImportReport = { kind, dryRun, ...counts, rejected: plan.rejected }
      if (dryRun) throw new DryRunRollback(report)
      return report
    })
  } catch (error) {
    if (error instanceof DryRunRollback) return error.report
    throw error
  }
}

type Counts = Pick<ImportReport, 'created' | 'skipped'>

async function writePlan(trx: Trx, orgId: string, kind: ImportKind, plan: ImportPlan): Promise<Counts> {
  const q = createImportQueries(trx, orgId)
  if (!(await q.organizationExists())) throw notFound('organization')
  const created: Record<string, number> = { properties: 0, units: 0 }
  const skipped: Record<string, number> = { properties: 0, units: 0 }
  if (kind === 'hpd') {
    created.maintenance_requests = 0
    skipped.maintenance_requests = 0
  }

  // Properties: insert the new ones, then look every ref up to learn the ids of all.
  const newProperties = await q.insertProperties(
    plan.properties.map((p) => ({
      id: uuidv7(),
      name: p.name,
      type: p.type,
      status: p.status,
      address_line1: p.address_line1,
      city: p.city,
      state: p.state,
      zip: p.zip,
      legal_units: p.legal_units,
      external_ref: p.ref,
      attributes: p.attributes,
      owner_id: null,
      neighborhood_id: null,
    })),
  )
  await q.appendCreatedEvents('property', kind, newProperties, uuidv7)
  created.properties = newProperties.length
  skipped.properties = plan.properties.length - newProperties.length
  const propertyIds = await q.propertyIdsByRef(plan.properties.map((p) => p.ref))
  const propertyId = (ref: string): string => {
    const id = propertyIds.get(ref)
    if (!id) throw new Error(`property ${ref} was neither inserted nor found`)
    return id
  }

  // Units: HPD apartments already entered by number are reused; the rest are inserted by ref.
  const unitIds = new Map<string, string>()
  const byNumber = plan.units.some((u) => u.matchByNumber)
    ? await q.unitsByNumber(plan.units.filter((u) => u.matchByNumber).map((u) => propertyId(u.propertyRef)))
    : new Map<string, string>()
  const toInsert = plan.units.filter((u) => {
    const existing = u.matchByNumber ? byNumber.get(`${propertyId(u.propertyRef)}\0${u.unit_number}`) : undefined
    if (existing) unitIds.set(u.ref, existing)
    return existing === undefined
  })
  const newUnits = await q.insertUnits(
    toInsert.map((u) => ({
      id: uuidv7(),
      property_id: propertyId(u.propertyRef),
      unit_number: u.unit_number,
      external_ref: u.ref,
      ...(u.bedrooms !== undefined ? { bedrooms: u.bedrooms } : {}),
      ...(u.bathrooms !== undefined ? { bathrooms: u.bathrooms } : {}),
      ...(u.square_feet !== undefined ? { square_feet: u.square_feet } : {}),
      ...(u.market_rent_cents !== undefined ? { market_rent_cents: u.market_rent_cents } : {}),
      ...(u.pet_policy !== undefined ? { pet_policy: u.pet_policy } : {}),
    })),
  )
  await q.appendCreatedEvents('unit', kind, newUnits, uuidv7)
  created.units = newUnits.length
  skipped.units = plan.units.length - newUnits.length
  if (plan.requests.length === 0) return { created, skipped }

  for (const u of newUnits) unitIds.set(u.external_ref, u.id)
  const unresolved = plan.units.filter((u) => !unitIds.has(u.ref)).map((u) => u.ref)
  for (const [ref, id] of await q.unitIdsByRef(unresolved)) unitIds.set(ref, id)
  const unitId = (ref: string | null): string | null => {
    if (ref === null) return null
    const id = unitIds.get(ref)
    if (!id) throw new Error(`unit ${ref} was neither inserted nor found`)
    return id
  }

  const newRequests = await q.insertRequests(
    plan.requests.map((r) => ({
      id: uuidv7(),
      property_id: propertyId(r.propertyRef),
      unit_id: unitId(r.unitRef),
      tenant_id: null,
      title: r.title,
      description: r.description,
      category: r.category,
      subcategory: r.subcategory,
      priority: r.priority,
      status: r.status,
      assignee_id: null,
      source: r.source,
      location: r.location,
      external_ref: r.ref,
      requested_at: r.requested_at,
      completed_at: r.completed_at,
    })),
  )
  await q.appendCreatedEvents('maintenance', kind, newRequests, uuidv7)
  created.maintenance_requests = newRequests.length
  skipped.maintenance_requests = plan.requests.length - newRequests.length
  return { created, skipped }
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`
const tableLabel = (table: string): string => table.replace(/_/g, ' ')

/** The report for people: counts per table, then every rejected row as file:line and reason. */
export function formatReport(report: ImportReport): string {
  const counts = (record: Record<string, number>): string =>
    Object.entries(record).map(([table, n]) => `${tableLabel(table)} ${n}`).join(', ') || 'nothing'
  const lines = [
    `Import ${report.kind}${report.dryRun ? ' (dry run: checked and rolled back, nothing was written)' : ''}`,
    `  created: ${counts(report.created)}`,
    `  skipped, already imported: ${counts(report.skipped)}`,
    `  rejected: ${plural(report.rejected.length, 'row')}`,
  ]
  for (const r of report.rejected) lines.push(`    ${r.file}:${r.line}: ${r.reason}`)
  return lines.join('\n')
}

