import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { targets } from '../../test/support/db.js'
import { startTestApp, type TestApp } from '../../test/support/app.js'
import { buildApp } from '../app.js'
import { loadConfig } from '../config.js'
import { openDatabase, type Database } from '../db/index.js'
import type { Db } from '../db/types.js'
import type { App } from '../lib/http.js'
import { addMonths, todayIn } from '../modules/ledger/dates.js'
import { createSchedulerQueries } from './scheduler.queries.js'

// eslint-disable-next-line no-restricted-syntax -- the two-node case needs the server's URL, as CI sets it.
const testDatabaseUrl = process.env.TEST_DATABASE_URL

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** The first of this month in New York, the organizations' default zone. */
const firstOfThisMonth = () => `${todayIn('America/New_York').slice(0, 7)}-01`

/** Rent and deposit charges of a lease, as kind and period. */
async function chargesOf(db: Db, leaseId: string): Promise<string[]> {
  const rows = await db.selectFrom('charges').select(['kind', 'period_start']).where('lease_id', '=', leaseId).where('kind', 'in', ['rent', 'deposit']).orderBy('kind').orderBy('period_start').execute()
  return rows.map((r) => `${r.kind} ${r.period_start}`)
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await read()
    if (done(value) || Date.now() > deadline) return value
    await sleep(50)
  }
}

for (const target of targets) {
  describe(`scheduled billing on ${target.name}`, () => {
    let t: TestApp
    before(async () => {
      t = await startTestApp(target, { BILLING_INTERVAL_MINUTES: '0.005' })
    })
    after(() => t.close())

    /** An organization with an active lease from `start`, monthly rent, a deposit, and no charges. */
    async function leased(start: string, org: { time_zone?: string } = {}) {
      const o = await t.f.org(org)
      const admin = await t.f.user(o.id, 'admin')
      const property = await t.f.property(o.id)
      const unit = await t.f.unit(o.id, property.id)
      const tenant = await t.f.tenant(o.id)
      const lease = await t.f.lease(o.id, unit.id, [tenant.id], { start_date: start, end_date: null, rent_cents: 120_000, deposit_cents: 50_000 })
      return { org: o, admin, unit, tenant, lease }
    }

    /** Billing after a commit is the serving node's work: the server listens before such a case. */
    const serving = async () => {
      if (!t.app.server.listening) await t.app.listen({ host: '127.0.0.1', port: 0 })
    }

    const expected = (start: string, months: number) => [
      `deposit ${start}`,
      ...Array.from({ length: months }, (_, i) => `rent ${addMonths(start, i)}`),
    ]

    test('a run bills every organization through its today; repeated and raced runs post nothing twice', async () => {
      const start = addMonths(firstOfThisMonth(), -2)
      const w = await leased(start)
      assert.deepEqual(await chargesOf(t.db, w.lease.id), [])
      const first = await t.app.scheduler.tick()
      assert.ok(first.chargesPosted >= 4, JSON.stringify(first))
      assert.deepEqual(await chargesOf(t.db, w.lease.id), expected(start, 3))
      const again = await Promise.all([t.app.scheduler.tick(), t.app.scheduler.tick()])
      const more = await t.app.scheduler.tick()
      assert.equal(again[0].chargesPosted + more.chargesPosted, 0)
      assert.deepEqual(await chargesOf(t.db, w.lease.id), expected(start, 3))
    })

    test('an organization that fails is logged and counted, and the others are billed', async () => {
      const broken = await leased(firstOfThisMonth(), { time_zone: 'Mars/Olympus_Mons' })
      const fine = await leased(firstOfThisMonth())
      const run = await t.app.scheduler.tick()
      assert.ok(run.failed >= 1, JSON.stringify(run))
      assert.deepEqual(await chargesOf(t.db, broken.lease.id), [])
      assert.deepEqual(await chargesOf(t.db, fine.lease.id), expected(firstOfThisMonth(), 1))
      // Mended, it is billed by the next run like the others.
      await t.db.updateTable('organizations').set({ time_zone: 'America/New_York' }).where('id', '=', broken.org.id).execute()
      await t.app.scheduler.tick()
      assert.deepEqual(await chargesOf(t.db, broken.lease.id), expected(firstOfThisMonth(), 1))
    })

    test('once the server listens it bills on start and then every interval, without the command', async () => {
      const w = await leased(firstOfThisMonth())
      await t.app.listen({ host: '127.0.0.1', port: 0 })
      assert.deepEqual(await eventually(() => chargesOf(t.db, w.lease.id), (c) => c.length === 2), expected(firstOfThisMonth(), 1))
      // A lease written behind the API's back (an import, a restore) is billed at the next tick.
      const later = await leased(addMonths(firstOfThisMonth(), -1))
      assert.deepEqual(await eventually(() => chargesOf(t.db, later.lease.id), (c) => c.length === 3), expected(addMonths(firstOfThisMonth(), -1), 2))
    })

    test('a lease created active through the API has its rent for this month when the request completes', async () => {
      await serving()
      const w = await leased(firstOfThisMonth())
      const unit = await t.f.unit(w.org.id, w.unit.property_id)
      const res = await t.as(await t.tokenFor(w.admin), {
        method: 'POST',
        url: '/api/v1/leases',
        payload: { unitId: unit.id, tenantIds: [w.tenant.id], startDate: firstOfThisMonth(), rentCents: 99_000, depositCents: 0, status: 'active' },
      })
      assert.equal(res.statusCode, 201, res.body)
      assert.deepEqual(await chargesOf(t.db, res.json<{ id: string }>().id), [`rent ${firstOfThisMonth()}`])
    })

    test('a draft lease activated through the API is billed at once; a draft is not', async () => {
      await serving()
      const w = await leased(firstOfThisMonth())
      const unit = await t.f.unit(w.org.id, w.unit.property_id)
      const token = await t.tokenFor(w.admin)
      const created = await t.as(token, {
        method: 'POST',
        url: '/api/v1/leases',
        payload: { unitId: unit.id, tenantIds: [w.tenant.id], startDate: firstOfThisMonth(), rentCents: 99_000, depositCents: 10_000, status: 'draft' },
      })
      assert.equal(created.statusCode, 201, created.body)
      const id = created.json<{ id: string }>().id
      assert.deepEqual(await chargesOf(t.db, id), [])
      const activated = await t.as(token, { method: 'PATCH', url: `/api/v1/leases/${id}`, payload: { status: 'active' } })
      assert.equal(activated.statusCode, 200, activated.body)
      assert.deepEqual(await chargesOf(t.db, id), expected(firstOfThisMonth(), 1))
    })
  })

  describe(`scheduled billing switched off on ${target.name}`, () => {
    let t: TestApp
    before(async () => {
      t = await startTestApp(target, { BILLING_INTERVAL_MINUTES: '0' })
      await t.app.listen({ host: '127.0.0.1', port: 0 })
    })
    after(() => t.close())

    test('interval 0 bills nothing: not on start, not on a timer, not when a lease turns active', async () => {
      assert.equal(t.app.scheduler.enabled, false)
      const org = await t.f.org()
      const admin = await t.f.user(org.id, 'admin')
      const property = await t.f.property(org.id)
      const unit = await t.f.unit(org.id, property.id)
      const tenant = await t.f.tenant(org.id)
      const stored = await t.f.lease(org.id, unit.id, [tenant.id], { start_date: firstOfThisMonth(), end_date: null })
      const other = await t.f.unit(org.id, property.id)
      const res = await t.as(await t.tokenFor(admin), {
        method: 'POST',
        url: '/api/v1/leases',
        payload: { unitId: other.id, tenantIds: [tenant.id], startDate: firstOfThisMonth(), rentCents: 99_000, status: 'active' },
      })
      assert.equal(res.statusCode, 201, res.body)
      assert.equal(await t.app.scheduler.billNow(org.id), null)
      await sleep(500)
      assert.deepEqual(await chargesOf(t.db, stored.id), [])
      assert.deepEqual(await chargesOf(t.db, res.json<{ id: string }>().id), [])
    })
  })
}

describe('scheduled billing on two nodes sharing one PostgreSQL database', { skip: testDatabaseUrl ? false : 'needs TEST_DATABASE_URL' }, () => {
  const postgres = targets.find((x) => x.name === 'postgres')!
  let a: TestApp
  let second: Database
  let b: App
  before(async () => {
    a = await startTestApp(postgres)
    const { rows } = await sql<{ name: string }>`SELECT current_database() AS name`.execute(a.db)
    const url = new URL(testDatabaseUrl!)
    url.pathname = `/${rows[0]!.name}`
    second = await openDatabase({ kind: 'postgres', url: url.toString(), pool: { max: 5, min: 0, idleTimeoutMs: 1000, connectTimeoutMs: 5000, statementTimeoutMs: 30_000, applicationName: 'tms-test-b' } })
    b = await buildApp({ config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', JWT_SECRET: 'test-secret-test-secret-test-secret-0123' }), db: second.db })
    await b.ready()
  })
  after(async () => {
    await b.close()
    await second.close()
    await a.close()
  })

  test('runs racing on both nodes post each charge once', async () => {
    const start = addMonths(firstOfThisMonth(), -5)
    const org = await a.f.org()
    const property = await a.f.property(org.id)
    const leases = []
    for (let i = 0; i < 4; i++) {
      const unit = await a.f.unit(org.id, property.id)
      const tenant = await a.f.tenant(org.id)
      leases.push(await a.f.lease(org.id, unit.id, [tenant.id], { start_date: start, end_date: null, deposit_cents: 10_000 }))
    }
    const runs = await Promise.all([a.app.scheduler.tick(), b.scheduler.tick(), a.app.scheduler.tick(), b.scheduler.tick()])
    // A second tick on the same node joins the first: count each run once.
    const posted = [...new Set(runs)].reduce((n, r) => n + r.chargesPosted, 0)
    assert.equal(posted, 4 * 7)
    for (const lease of leases) {
      const charges = await chargesOf(a.db, lease.id)
      assert.equal(charges.length, 7)
      assert.equal(new Set(charges).size, 7)
    }
  })

  test('a node skips an organization whose run another node holds, and bills it once that ends', async () => {
    const org = await a.f.org()
    const property = await a.f.property(org.id)
    const unit = await a.f.unit(org.id, property.id)
    const tenant = await a.f.tenant(org.id)
    const lease = await a.f.lease(org.id, unit.id, [tenant.id], { start_date: firstOfThisMonth(), end_date: null, deposit_cents: 0 })
    await second.db.connection().execute(async (conn) => {
      const q = createSchedulerQueries(conn)
      assert.equal(await q.tryLock(org.id), true)
      try {
        const run = await a.app.scheduler.tick()
        assert.ok(run.skipped >= 1, JSON.stringify(run))
        assert.deepEqual(await chargesOf(a.db, lease.id), [])
      } finally {
        await q.unlock(org.id)
      }
    })
    await a.app.scheduler.tick()
    assert.deepEqual(await chargesOf(a.db, lease.id), [`rent ${firstOfThisMonth()}`])
  })
})
