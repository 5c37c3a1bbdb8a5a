/**
 * A freshly initialized embedded cluster, saved once (at install) so that opening a new data
 * directory loads it instead of running PGlite's initdb, the slowest part of a first start.
 */
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'

const cacheDir = fileURLToPath(new URL('../../node_modules/.cache/tms/', import.meta.url))
const pgliteVersion = (JSON.parse(readFileSync(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8')) as { version: string }).version

/** Where the base cluster of the installed PGlite version is kept. */
export const baseClusterFile = join(cacheDir, `pglite-base-${pgliteVersion}.tar.gz`)

/** The saved base cluster, or undefined when none was made (the engine then runs initdb itself). */
export async function loadBaseCluster(): Promise<Blob | undefined> {
  if (!existsSync(baseClusterFile)) return undefined
  return new Blob([await readFile(baseClusterFile)])
}

/** Runs initdb in memory and saves the result; a no-op when the file for this version exists. */
export async function saveBaseCluster(): Promise<boolean> {
  if (existsSync(baseClusterFile)) return false
  const pglite = await PGlite.create()
  const dump = await pglite.dumpDataDir('gzip')
  await pglite.close()
  await mkdir(cacheDir, { recursive: true })
  // Written aside and renamed, so a concurrent reader never sees half a file.
  const partial = `${baseClusterFile}.${process.pid}`
  await writeFile(partial, Buffer.from(await dump.arrayBuffer()))
  await rename(partial, baseClusterFile)
  return true
}

/** Whether `dataDir` holds no cluster yet (absent, or without PG_VERSION). */
export const isEmptyDataDir = (dataDir: string): boolean => !existsSync(join(dataDir, 'PG_VERSION'))
