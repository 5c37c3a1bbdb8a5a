import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { openDatabase } from './index.js'
import { isEmptyDataDir, loadBaseCluster, saveBaseCluster } from './pglite-base.js'

const dirs: string[] = []
after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))))

test('a new data directory starts from the saved base cluster and keeps what is written', async () => {
  await saveBaseCluster()
  assert.ok(await loadBaseCluster(), 'the install step saved a base cluster')
  const dataDir = join(await mkdtemp(join(tmpdir(), 'tms-base-')), 'data')
  dirs.push(dataDir)
  assert.equal(isEmptyDataDir(dataDir), true)

  const first = await openDatabase({ kind: 'pglite', dataDir })
  await sql`create table kept (n int)`.execute(first.db)
  await sql`insert into kept values (42)`.execute(first.db)
  await first.close()
  assert.equal(isEmptyDataDir(dataDir), false)

  // Reopened, the directory is used as it is (the base cluster is not loaded over it).
  const second = await openDatabase({ kind: 'pglite', dataDir })
  const { rows } = await sql<{ n: number }>`select n from kept`.execute(second.db)
  await second.close()
  assert.deepEqual(rows, [{ n: 42 }])
})
