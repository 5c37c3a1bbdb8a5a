/** Opens the configured database: PostgreSQL when a URL is given, embedded PGlite otherwise. */
import { mkdir } from 'node:fs/promises'
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite'
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { isEmptyDataDir, loadBaseCluster } from './pglite-base.js'
import { PGliteDialect } from './pglite-dialect.js'
import type { DB, Db } from './types.js'

export interface PoolOptions {
  max: number
  min: number
  idleTimeoutMs: number
  connectTimeoutMs: number
  statementTimeoutMs: number
  applicationName: string
}

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; pool: PoolOptions }
  | { kind: 'pglite'; dataDir: string | undefined; loadDataDir?: Blob }

export interface Database {
  db: Db
  kind: DatabaseTarget['kind']
  /** The embedded engine, when there is one (tests dump it to make templates). */
  pglite?: PGlite
  close(): Promise<void>
}

const INT8 = 20
const NUMERIC = 1700
const DATE = 1082

/** Parsers shared by both engines: int8 and numeric as numbers, dates as calendar strings. */
const parseInt8 = (value: string): number => {
  const n = Number(value)
  if (!Number.isSafeInteger(n)) throw new RangeError(`integer ${value} is beyond 2^53`)
  return n
}
const keepDate = (value: string): string => value

export const extensions = { btree_gist, pg_trgm }

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.pool.max,
      min: target.pool.min,
      idleTimeoutMillis: target.pool.idleTimeoutMs,
      connectionTimeoutMillis: target.pool.connectTimeoutMs,
      statement_timeout: target.pool.statementTimeoutMs,
      application_name: target.pool.applicationName,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
          if (oid === INT8 || oid === NUMERIC) return parseInt8Or(oid)
          if (oid === DATE) return keepDate
          return pg.types.getTypeParser(oid, format) as (value: string) => unknown
        }) as typeof pg.types.getTypeParser,
      },
    })
    // An idle connection cut by the server (restart, failover, a dropped database) is discarded by
    // the pool and replaced on next use; without a listener Node would end the process instead.
    pool.on('error', (error) => console.warn(`database connection lost: ${error.message}`))
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
    return { db, kind: 'postgres', close: () => db.destroy() }
  }

  // A new (or in-memory) data directory starts from the saved base cluster when there is one (several times faster than initdb).
  const load = target.loadDataDir ?? (!target.dataDir || isEmptyDataDir(target.dataDir) ? await loadBaseCluster() : undefined)
  if (target.dataDir) await mkdir(target.dataDir, { recursive: true })
  const pglite = await PGlite.create({
    ...(target.dataDir ? { dataDir: target.dataDir } : {}),
    ...(load ? { loadDataDir: load } : {}),
    extensions,
    parsers: {
      [pgliteTypes.INT8]: parseInt8,
      [pgliteTypes.NUMERIC]: Number,
      [pgliteTypes.DATE]: keepDate,
    },
  })
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) })
  return { db, kind: 'pglite', pglite, close: () => db.destroy() }
}

function parseInt8Or(oid: number): (value: string) => number {
  return oid === INT8 ? parseInt8 : Number
}
