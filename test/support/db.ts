/**
 * Test databases. Every suite runs on a fresh embedded PGlite; when TEST_DATABASE_URL is set it
 * also runs on a fresh database created on that PostgreSQL server. The embedded one is loaded from
 * a migrated template kept on disk (keyed by the migrations' digest), so each opens in well under
 * a second instead of running initdb and every migration again.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { openDatabase, type Database } from '../../src/db/index.js'
import { migrate, migrationsDigest } from '../../src/db/migrate.js'

const cacheDir = fileURLToPath(new URL('../../node_modules/.cache/tms-test/', import.meta.url))

export interface TestTarget {
  name: 'pglite' | 'postgres'
  open(): Promise<Database>
}

async function pgliteTemplate(): Promise<Blob> {
  const file = `${cacheDir}pglite-${await migrationsDigest()}.tar`
  try {
    return new Blob([await readFile(file)])
  } catch {
    const fresh = await openDatabase({ kind: 'pglite', dataDir: undefined })
    await migrate(fresh.db)
    const dump = await fresh.pglite!.dumpDataDir('none')
    await fresh.close()
    await mkdir(cacheDir, { recursive: true })
    // Written aside and renamed, so concurrent test files never read half a template.
    const tmp = `${file}.${randomBytes(4).toString('hex')}`
    await writeFile(tmp, Buffer.from(await dump.arrayBuffer()))
    await rename(tmp, file)
    return dump
  }
}

const pglite: TestTarget = {
  name: 'pglite',
  async open() {
    return openDatabase({ kind: 'pglite', dataDir: undefined, loadDataDir: await pgliteTemplate() })
  },
}

function postgres(url: string): TestTarget {
  return {
    name: 'postgres',
    async open() {
      const name = `tms_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`
      const admin = new pg.Client({ connectionString: url })
      await admin.connect()
      await admin.query(`CREATE DATABASE ${name}`)
      await admin.end()
      const target = new URL(url)
      target.pathname = `/${name}`
      const database = await openDatabase({
        kind: 'postgres',
        url: target.toString(),
        pool: { max: 10, min: 0, idleTimeoutMs: 1000, connectTimeoutMs: 5000, statementTimeoutMs: 30_000, applicationName: 'tms-test' },
      })
      await migrate(database.db)
      return {
        ...database,
        async close() {
          await database.close()
          const dropper = new pg.Client({ connectionString: url })
          await dropper.connect()
          await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
          await dropper.end()
        },
      }
    },
  }
}

/** The databases every DB-facing suite runs on: PGlite always, PostgreSQL when configured. */
// eslint-disable-next-line no-restricted-syntax -- tests read their targets from the environment, as CI sets them.
const testDatabaseUrl = process.env.TEST_DATABASE_URL
export const targets: TestTarget[] = [pglite, ...(testDatabaseUrl ? [postgres(testDatabaseUrl)] : [])]
