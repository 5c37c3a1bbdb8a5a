/** SQL of the demo generator: the refusal checks and batched inserts of the planned rows. */
import { sql } from 'kysely'
import type { Executor } from '../../db/types.js'
import type { Batch } from './demo.plan.js'

/** JSON for a planned row: bytes become bytea's hex text, which the recordset reads back as the same bytes. */
const asJson = (_key: string, value: unknown): unknown => (value instanceof Uint8Array ? `\\x${Buffer.from(value).toString('hex')}` : value)

export function createDemoQueries(db: Executor) {
  return {
    async anyOrganization(): Promise<boolean> {
      const row = await db.selectFrom('organizations').select(sql<number>`1`.as('one')).limit(1).executeTakeFirst()
      return row !== undefined
    },

    /** The addresses among `emails` that already have an account, compared as sign-in does (lower case). */
    async takenEmails(emails: string[]): Promise<string[]> {
      const rows = await db
        .selectFrom('users')
        .select('email')
        .where(sql<string>`lower(email)`, 'in', emails.map((e) => e.toLowerCase()))
        .orderBy('email')
        .execute()
      return rows.map((r) => r.email)
    },

    async organizationNamed(name: string): Promise<boolean> {
      const row = await db.selectFrom('organizations').select('id').where('name', '=', name).executeTakeFirst()
      return row !== undefined
    },

    /**
     * Inserts one batch as a JSON array expanded by the server: one parameter instead of thousands,
     * which the embedded engine binds much faster. Rows are grouped by their set of columns, so a
     * column a row leaves out still takes its default.
     */
    async insertBatch(batch: Batch): Promise<void> {
      const groups = new Map<string, Record<string, unknown>[]>()
      for (const row of batch.rows as Record<string, unknown>[]) {
        const key = Object.keys(row).sort().join(',')
        const group = groups.get(key)
        if (group) group.push(row)
        else groups.set(key, [row])
      }
      for (const [key, rows] of groups) {
        const columns = sql.join(key.split(',').map((c) => sql.ref(c)))
        await sql`INSERT INTO ${sql.table(batch.table)} (${columns})
          SELECT ${columns} FROM jsonb_populate_recordset(NULL::${sql.table(batch.table)}, ${JSON.stringify(rows, asJson)}::jsonb)`.execute(db)
      }
    },
  }
}
