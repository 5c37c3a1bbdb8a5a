/** The scheduler's statements: a per-organization session advisory lock, so one node bills an organization at a time. */
import { sql } from 'kysely'
import type { Executor } from '../db/types.js'

/** The advisory-lock class of scheduled billing runs; the second key is the organization. */
export const BILLING_RUN_LOCK = 7461630

/** Takes `db` as one connection (db.connection()): a session lock belongs to the connection that took it. */
export function createSchedulerQueries(db: Executor) {
  return {
    /** Takes the organization's run lock unless another session holds it; whether it was taken. */
    async tryLock(orgId: string): Promise<boolean> {
      const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_lock(${sql.lit(BILLING_RUN_LOCK)}, hashtext(${orgId}::text)) AS locked`.execute(db)
      return rows[0]?.locked === true
    },

    /** Waits for the organization's run lock. */
    async lock(orgId: string): Promise<void> {
      await sql`SELECT pg_advisory_lock(${sql.lit(BILLING_RUN_LOCK)}, hashtext(${orgId}::text))`.execute(db)
    },

    async unlock(orgId: string): Promise<void> {
      await sql`SELECT pg_advisory_unlock(${sql.lit(BILLING_RUN_LOCK)}, hashtext(${orgId}::text))`.execute(db)
    },
  }
}
