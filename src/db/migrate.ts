/** Applies the numbered SQL migrations in order, each in its own transaction, once. */
import { readdir, readFile } from 'node:fs/promises'
import { createHash } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import type { Db } from './types.js'

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url))

export interface Migration {
  version: number
  name: string
  sql: string
}

export async function loadMigrations(): Promise<Migration[]> {
  const files = (await readdir(migrationsDir)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort()
  return Promise.all(
    files.map(async (file) => ({
      version: Number(file.slice(0, 4)),
      name: file.replace(/\.sql$/, ''),
      sql: await readFile(migrationsDir + file, 'utf8'),
    })),
  )
}

/** A digest of every migration's text: test templates are rebuilt when it changes. */
export async function migrationsDigest(): Promise<string> {
  const hash = createHash('sha256')
  for (const m of await loadMigrations()) hash.update(m.name).update('\0').update(m.sql)
  return hash.digest('hex').slice(0, 16)
}

export async function migrate(db: Db): Promise<string[]> {
  const migrations = await loadMigrations()
  await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db)
  const applied: string[] = []
  for (const migration of migrations) {
    await db.transaction().execute(async (trx) => {
      // Several nodes may start at once against one server: the lock makes them take turns.
      await sql`SELECT pg_advisory_xact_lock(7461626)`.execute(trx)
      const done = await trx
        .selectFrom('schema_migrations')
        .select('version')
        .where('version', '=', migration.version)
        .executeTakeFirst()
      if (done) return
      await sql.raw(migration.sql).execute(trx)
      await trx.insertInto('schema_migrations').values({ version: migration.version, name: migration.name }).execute()
      applied.push(migration.name)
    })
  }
  return applied
}
