/**
 * The SQL of the import: batched inserts that skip records already imported (same org and
 * external_ref), and the look-ups that turn refs back into ids. Each call is a few round-trips
 * per 500 rows, never one per row.
 */
import { sql } from 'kysely'
import type { EventTopic, Executor, NewRow } from '../../db/types.js'

export const BATCH = 500

/** Splits rows into batches of `size`. */
export function chunk<T>(rows: readonly T[], size = BATCH): T[][] {
  const out: T[][] = []
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size))
  return out
}

const jsonb = (value: Record<string, unknown>) => sql<Record<string, unknown>>`${JSON.stringify(value)}::jsonb`

export type PropertyInsert = Omit<NewRow<'properties'>, 'attributes' | 'org_id'> & { attributes: Record<string, unknown>; external_ref: string }
export type UnitInsert = Omit<NewRow<'units'>, 'org_id'> & { external_ref: string }
export type RequestInsert = Omit<NewRow<'maintenance_requests'>, 'org_id'> & { external_ref: string }

export interface Created {
  id: string
  external_ref: string
}

export function createImportQueries(db: Executor, orgId: string) {
  return {
    async organizationExists(): Promise<boolean> {
      const row = await db.selectFrom('organizations').select('id').where('id', '=', orgId).executeTakeFirst()
      return row !== undefined
    },

    /** Inserts properties whose external_ref is new; returns those inserted. */
    async insertProperties(rows: readonly PropertyInsert[]): Promise<Created[]> {
      const created: Created[] = []
      for (const batch of chunk(rows)) {
        const inserted = await db
          .insertInto('properties')
          .values(batch.map((r) => ({ ...r, org_id: orgId, attributes: jsonb(r.attributes) })))
          .onConflict((oc) => oc.columns(['org_id', 'external_ref']).doNothing())
          .returning(['id', 'external_ref'])
          .execute()
        for (const r of inserted) created.push({ id: r.id, external_ref: r.external_ref ?? '' })
      }
      return created
    },

    async propertyIdsByRef(refs: readonly string[]): Promise<Map<string, string>> {
      const ids = new Map<string, string>()
      for (const batch of chunk(refs)) {
        const rows = await db
          .selectFrom('properties')
          .select(['id', 'external_ref'])
          .where('org_id', '=', orgId)
          .where('external_ref', 'in', batch)
          .execute()
        for (const r of rows) if (r.external_ref) ids.set(r.external_ref, r.id)
      }
      return ids
    },

    /** Units of the given properties, keyed by `propertyId` + NUL + unit number. */
    async unitsByNumber(propertyIds: readonly string[]): Promise<Map<string, string>> {
      const ids = new Map<string, string>()
      for (const batch of chunk([...new Set(propertyIds)])) {
        const rows = await db
          .selectFrom('units')
          .select(['id', 'property_id', 'unit_number'])
          .where('org_id', '=', orgId)
          .where('property_id', 'in', batch)
          .execute()
        for (const r of rows) ids.set(`${r.property_id}\0${r.unit_number}`, r.id)
      }
      return ids
    },

    /** Inserts units whose external_ref is new; any other conflict (a unit number taken) fails the import. */
    async insertUnits(rows: readonly UnitInsert[]): Promise<Created[]> {
      const created: Created[] = []
      for (const batch of chunk(rows)) {
        const inserted = await db
          .insertInto('units')
          .values(batch.map((r) => ({ ...r, org_id: orgId })))
          .onConflict((oc) => oc.columns(['org_id', 'external_ref']).doNothing())
          .returning(['id', 'external_ref'])
          .execute()
        for (const r of inserted) created.push({ id: r.id, external_ref: r.external_ref ?? '' })
      }
      return created
    },

    async unitIdsByRef(refs: readonly string[]): Promise<Map<string, string>> {
      const ids = new Map<string, string>()
      for (const batch of chunk(refs)) {
        const rows = await db
          .selectFrom('units')
          .select(['id', 'external_ref'])
          .where('org_id', '=', orgId)
          .where('external_ref', 'in', batch)
          .execute()
        for (const r of rows) if (r.external_ref) ids.set(r.external_ref, r.id)
      }
      return ids
    },

    /** Inserts maintenance requests whose external_ref is new; returns those inserted. */
    async insertRequests(rows: readonly RequestInsert[]): Promise<Created[]> {
      const created: Created[] = []
      for (const batch of chunk(rows)) {
        const inserted = await db
          .insertInto('maintenance_requests')
          .values(batch.map((r) => ({ ...r, org_id: orgId })))
          .onConflict((oc) => oc.columns(['org_id', 'external_ref']).doNothing())
          .returning(['id', 'external_ref'])
          .execute()
        for (const r of inserted) created.push({ id: r.id, external_ref: r.external_ref ?? '' })
      }
      return created
    },

    /** Appends one outbox event per created record, in the import's transaction. */
    async appendCreatedEvents(topic: EventTopic, kind: string, rows: readonly Created[], newId: () => string): Promise<void> {
      for (const batch of chunk(rows)) {
        await db
          .insertInto('events')
          .values(
            batch.map((r) => ({
              id: newId(),
              org_id: orgId,
              topic,
              action: 'created' as const,
              entity_id: r.id,
              actor_id: null,
              payload: jsonb({ source: 'import', kind, externalRef: r.external_ref }),
            })),
          )
          .execute()
      }
    },
  }
}

export type ImportQueries = ReturnType<typeof createImportQueries>
