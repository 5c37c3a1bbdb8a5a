import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import { buildApp } from '../../app.js'
import { loadConfig } from '../../config.js'
import type { Database } from '../../db/index.js'
import type { DB, Db } from '../../db/types.js'
import { uuidv7 } from '../../lib/ids.js'
import { targets } from '../../../test/support/db.js'
import { verifyPassword } from '../auth/passwords.js'
import { assessLateFees, billOrganization } from '../ledger/ledger.service.js'
import { addDays, firstOfMonth, instant, monthOf } from './demo.calendar.js'
import { buildDemoPlan, type Batch } from './demo.plan.js'
import { generateDemo, hasAnyOrganization, type DemoLogin } from './demo.js'

const TODAY = '2026-11-18'
const TABLES = [
  'organizations', 'owners', 'neighborhoods', 'users', 'tenants', 'properties', 'property_managers', 'units', 'leases',
  'lease_tenants', 'charges', 'payments', 'payment_allocations', 'maintenance_requests', 'work_orders', 'request_comments',
  'communication_logs', 'notifications', 'events', 'documents',
] as const satisfies readonly (keyof DB)[]

async function counts(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const table of TABLES) {
    const row = await db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
    out[table] = row.n
  }
  return out
}

async function rows<T>(db: Db, query: ReturnType<typeof sql<T>>): Promise<T[]> {
  return (await query.execute(db)).rows
}

/** What two runs on the same date must agree on: people, rents, ledger totals, statuses. */
async function fingerprint(db: Db) {
  const people = await rows<{ who: string }>(db, sql`
    SELECT t.first_name || ' ' || t.last_name || '|' || t.status || '|' || coalesce(l.rent_cents::text, '-') AS who
    FROM tenants t LEFT JOIN lease_tenants lt ON lt.tenant_id = t.id LEFT JOIN leases l ON l.id = lt.lease_id
    ORDER BY 1`)
  const [totals] = await rows<{ charges: number; payments: number; allocated: number }>(db, sql`
    SELECT (SELECT sum(amount_cents) FROM charges)::bigint AS charges,
           (SELECT sum(amount_cents) FROM payments)::bigint AS payments,
           (SELECT sum(amount_cents) FROM payment_allocations)::bigint AS allocated`)
  const requests = await rows<{ r: string }>(db, sql`SELECT status || '|' || priority || '|' || title AS r FROM maintenance_requests ORDER BY 1`)
  return { people: people.map((p) => p.who), totals, requests: requests.map((r) => r.r), counts: await counts(db) }
}

for (const target of targets) {
  describe(`demo portfolio on ${target.name}`, () => {
    let database: Database
    let db: Db
    let demo: { orgId: string; logins: DemoLogin[] }
    let elapsedMs = 0
    let statements = 0

    before(async () => {
      database = await target.open()
      db = database.db
      // Counts every statement the generator sends, to prove the rows go in batches.
      const counting = db.withPlugin({
        transformQuery: (args) => {
          statements++
          return args.node
        },
        transformResult: async (args) => args.result,
      })
      const started = performance.now()
      demo = await generateDemo(counting, { today: TODAY })
      elapsedMs = performance.now() - started
    })
    after(() => database.close())

    test('makes one organization with 4 properties of 4 types, 40 units and 6 of them vacant', async () => {
      const orgs = await db.selectFrom('organizations').selectAll().execute()
      assert.equal(orgs.length, 1)
      assert.equal(orgs[0]!.id, demo.orgId)
      assert.equal(orgs[0]!.name, 'Demo Property Co.')
      assert.equal(orgs[0]!.time_zone, 'America/New_York')
      const properties = await db.selectFrom('properties').select(['type', 'market_value_cents', 'neighborhood_id']).orderBy('type').execute()
      assert.deepEqual(properties.map((p) => p.type), ['apartment', 'condo', 'multi_family', 'single_family'])
      assert.ok(properties.every((p) => p.neighborhood_id !== null && Number.isInteger(p.market_value_cents) && p.market_value_cents! > 0))
      const units = await db.selectFrom('units').select(['id', 'bedrooms', 'bathrooms', 'market_rent_cents']).execute()
      assert.ok(units.length >= 38 && units.length <= 42, `${units.length} units`)
      assert.equal(units.length, 40)
      assert.deepEqual([...new Set(units.map((u) => u.bedrooms))].sort(), [0, 1, 2, 3])
      assert.deepEqual([...new Set(units.map((u) => Number(u.bathrooms)))].sort(), [1, 1.5, 2])
      const [vacant] = await rows<{ n: number }>(db, sql`
        SELECT count(*)::int AS n FROM units u
        WHERE NOT EXISTS (SELECT 1 FROM leases l WHERE l.unit_id = u.id AND l.status = 'active' AND l.period @> ${TODAY}::date)`)
      assert.equal(vacant!.n, 6)
      const statuses = await db.selectFrom('tenants').select(['status', sql<number>`count(*)::int`.as('n')]).groupBy('status').orderBy('status').execute()
      assert.deepEqual(statuses, [
        { status: 'active', n: 36 },
        { status: 'applicant', n: 2 },
        { status: 'notice', n: 1 },
        { status: 'past', n: 3 },
      ])
      const [shared] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM (SELECT lease_id FROM lease_tenants GROUP BY lease_id HAVING count(*) > 1) s`)
      assert.equal(shared!.n, 3)
    })

    test('never lets two active leases on one unit overlap', async () => {
      const [overlaps] = await rows<{ n: number }>(db, sql`
        SELECT count(*)::int AS n FROM leases a JOIN leases b ON a.unit_id = b.unit_id AND a.id < b.id
        WHERE a.status = 'active' AND b.status = 'active' AND a.period && b.period`)
      assert.equal(overlaps!.n, 0)
      const leases = await db.selectFrom('leases').select(['status', sql<number>`count(*)::int`.as('n')]).groupBy('status').orderBy('status').execute()
      assert.deepEqual(leases, [
        { status: 'active', n: 34 },
        { status: 'ended', n: 3 },
      ])
      const [young] = await rows<{ n: number }>(db, sql`
        SELECT count(*)::int AS n FROM leases WHERE status = 'active'
        AND (start_date > ${addDays(TODAY, -28 * 6)}::date OR start_date < ${addDays(TODAY, -31 * 31)}::date)`)
      assert.equal(young!.n, 0, 'active leases started 6 to 30 months ago')
    })

    test('has maintenance requests in all 6 statuses and all 4 priorities, completed ones with a completion time', async () => {
      const requests = await db.selectFrom('maintenance_requests').select(['status', 'priority', 'category', 'completed_at']).execute()
      assert.deepEqual([...new Set(requests.map((r) => r.status))].sort(), ['assigned', 'cancelled', 'completed', 'in_progress', 'on_hold', 'open'])
      assert.deepEqual([...new Set(requests.map((r) => r.priority))].sort(), ['emergency', 'high', 'low', 'normal'])
      assert.ok(requests.every((r) => /^[a-z][a-z0-9_]*$/.test(r.category)))
      assert.ok(requests.every((r) => (r.status === 'completed') === (r.completed_at !== null)))
      const workOrders = await db.selectFrom('work_orders').select(['status', 'assignee_id', 'vendor']).execute()
      assert.deepEqual([...new Set(workOrders.map((w) => w.status))].sort(), ['completed', 'in_progress', 'on_hold', 'scheduled'])
      const tech = await db.selectFrom('users').select('id').where('role', '=', 'technician').executeTakeFirstOrThrow()
      assert.ok(workOrders.filter((w) => w.vendor === null).every((w) => w.assignee_id === tech.id))
      const [threads] = await rows<{ n: number }>(db, sql`SELECT count(DISTINCT request_id)::int AS n FROM request_comments`)
      assert.equal(threads!.n, 4)
      assert.ok((await db.selectFrom('communication_logs').select('id').execute()).length >= 5)
      assert.ok((await db.selectFrom('notifications').select('id').execute()).length >= 5)
    })

    test('returns 5 logins, one per role, each matching its stored hash and signing in', async () => {
      assert.deepEqual(demo.logins.map((l) => [l.role, l.email]), [
        ['admin', 'admin@demo.tms.dev'],
        ['property_manager', 'manager@demo.tms.dev'],
        ['owner', 'owner@demo.tms.dev'],
        ['tenant', 'tenant@demo.tms.dev'],
        ['technician', 'tech@demo.tms.dev'],
      ])
      const app = await buildApp({ config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', JWT_SECRET: 'test-secret-test-secret-test-secret-0123' }), db })
      try {
        for (const login of demo.logins) {
          const user = await db.selectFrom('users').selectAll().where('email', '=', login.email).executeTakeFirstOrThrow()
          assert.equal(user.role, login.role)
          assert.equal(user.display_name, login.displayName)
          assert.equal(await verifyPassword(login.password, user.password_hash), true, login.email)
          assert.equal(await verifyPassword(`${login.password}x`, user.password_hash), false)
          const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: login.email, password: login.password } })
          assert.equal(res.statusCode, 200, res.body)
          assert.equal(res.json().user.role, login.role)
        }
      } finally {
        await app.close()
      }
    })

    test('links the manager to 3 properties, the owner to those 3, and the tenant to an active lease with history', async () => {
      const manager = await db.selectFrom('users').selectAll().where('role', '=', 'property_manager').executeTakeFirstOrThrow()
      const managed = await db.selectFrom('property_managers').select('property_id').where('user_id', '=', manager.id).orderBy('property_id').execute()
      assert.equal(managed.length, 3)
      const owner = await db.selectFrom('users').selectAll().where('role', '=', 'owner').executeTakeFirstOrThrow()
      const owned = await db.selectFrom('properties').select('id').where('owner_id', '=', owner.owner_id).orderBy('id').execute()
      assert.deepEqual(owned.map((p) => p.id), managed.map((p) => p.property_id))

      const tenant = await db.selectFrom('users').selectAll().where('role', '=', 'tenant').executeTakeFirstOrThrow()
      const [lease] = await rows<{ status: string; paid: number; open: number; comments: number }>(db, sql`
        SELECT l.status,
          (SELECT count(*)::int FROM payments p WHERE p.tenant_id = lt.tenant_id AND p.status = 'succeeded') AS paid,
          (SELECT count(*)::int FROM maintenance_requests r WHERE r.tenant_id = lt.tenant_id AND r.status = 'open') AS open,
          (SELECT count(*)::int FROM request_comments c JOIN maintenance_requests r ON r.id = c.request_id
             WHERE r.tenant_id = lt.tenant_id AND r.status = 'open') AS comments
        FROM lease_tenants lt JOIN leases l ON l.id = lt.lease_id WHERE lt.tenant_id = ${tenant.tenant_id}`)
      assert.equal(lease!.status, 'active')
      assert.ok(lease!.paid >= 10, `${lease!.paid} payments`)
      assert.equal(lease!.open, 1)
      assert.equal(lease!.comments, 3)
      const [assignedOnManaged] = await rows<{ n: number }>(db, sql`
        SELECT count(*)::int AS n FROM work_orders w JOIN maintenance_requests r ON r.id = w.request_id
        JOIN property_managers pm ON pm.property_id = r.property_id AND pm.user_id = ${manager.id}
        WHERE w.assignee_id IS NOT NULL`)
      assert.ok(assignedOnManaged!.n > 0)
    })

    test('files one valid lease PDF on every lease, the demo tenant\'s included, with its size and hash', async () => {
      const leases = await db.selectFrom('leases').select('id').execute()
      const docs = await db.selectFrom('documents').selectAll().execute()
      assert.equal(docs.length, leases.length)
      assert.deepEqual(docs.map((d) => d.lease_id).sort(), leases.map((l) => l.id).sort())
      for (const d of docs) {
        const bytes = Buffer.from(d.content)
        const text = bytes.toString('latin1')
        assert.equal(d.content_type, 'application/pdf')
        assert.match(d.file_name, /^Lease .+ \d{4}-\d{2}-\d{2}\.pdf$/)
        assert.equal(d.size_bytes, bytes.length)
        assert.equal(d.sha256, createHash('sha256').update(bytes).digest('hex'))
        assert.ok(text.startsWith('%PDF-1.4\n') && text.endsWith('%%EOF\n'), d.file_name)
        // The cross-reference table sits where startxref says, and each object where the table says.
        const xref = Number(/startxref\n(\d+)\n/.exec(text)![1])
        assert.equal(text.slice(xref, xref + 5), 'xref\n', d.file_name)
        const offsets = [...text.slice(xref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]))
        offsets.forEach((at, i) => assert.equal(text.slice(at, at + `${i + 1} 0 obj`.length), `${i + 1} 0 obj`, `${d.file_name} object ${i + 1}`))
        assert.ok(d.uploaded_by, 'filed by a staff account')
      }
      const tenant = await db.selectFrom('users').select('tenant_id').where('role', '=', 'tenant').executeTakeFirstOrThrow()
      const [own] = await rows<{ n: number; text: string }>(db, sql`
        SELECT count(*)::int AS n, min(convert_from(d.content, 'LATIN1')) AS text FROM documents d
        JOIN lease_tenants lt ON lt.lease_id = d.lease_id WHERE lt.tenant_id = ${tenant.tenant_id}`)
      assert.ok(own!.n >= 1, 'the demo tenant has a lease document')
      const who = await db.selectFrom('tenants').select(['first_name', 'last_name']).where('id', '=', tenant.tenant_id).executeTakeFirstOrThrow()
      assert.ok(own!.text.includes(`${who.first_name} ${who.last_name}`), 'the document names the tenant')
    })

    test('keeps the ledger consistent: allocations within each charge, only succeeded payments allocated, and an overdue tenant', async () => {
      const [over] = await rows<{ n: number }>(db, sql`
        SELECT count(*)::int AS n FROM charges c JOIN payment_allocations a ON a.charge_id = c.id
        GROUP BY c.id, c.amount_cents HAVING sum(a.amount_cents) > c.amount_cents`)
      assert.equal(over, undefined)
      const [notSucceeded] = await rows<{ n: number }>(db, sql`
        SELECT count(*)::int AS n FROM payment_allocations a JOIN payments p ON p.id = a.payment_id WHERE p.status <> 'succeeded'`)
      assert.equal(notSucceeded!.n, 0)
      const [unallocated] = await rows<{ n: number }>(db, sql`
        SELECT count(*)::int AS n FROM payments p WHERE p.status = 'succeeded'
        AND p.amount_cents <> (SELECT coalesce(sum(a.amount_cents), 0) FROM payment_allocations a WHERE a.payment_id = p.id)`)
      assert.equal(unallocated!.n, 0, 'succeeded payments are allocated in full')
      const overdue = await rows<{ tenant_id: string }>(db, sql`
        SELECT DISTINCT lt.tenant_id FROM charges c JOIN lease_tenants lt ON lt.lease_id = c.lease_id AND lt.is_primary
        WHERE c.due_date < ${TODAY}::date
        AND c.amount_cents > (SELECT coalesce(sum(a.amount_cents), 0) FROM payment_allocations a WHERE a.charge_id = c.id)`)
      assert.ok(overdue.length >= 1)
      const payments = await db.selectFrom('payments').select(['status', sql<number>`count(*)::int`.as('n')]).groupBy('status').orderBy('status').execute()
      assert.deepEqual(payments.map((p) => [p.status, p.status === 'succeeded' ? 'many' : p.n]), [
        ['failed', 1],
        ['pending', 2],
        ['succeeded', 'many'],
      ])
      const [late] = await rows<{ after: number; kinds: string[] }>(db, sql`
        SELECT (SELECT count(*)::int FROM payments WHERE paid_on > ${TODAY}::date) AS after,
               (SELECT array_agg(DISTINCT kind ORDER BY kind) FROM charges) AS kinds`)
      assert.equal(late!.after, 0)
      assert.deepEqual(late!.kinds, ['deposit', 'late_fee', 'rent'])
      const rent = await db.selectFrom('charges').select(['description', 'period_start', 'due_date']).where('kind', '=', 'rent').orderBy('due_date', 'desc').limit(1).executeTakeFirstOrThrow()
      assert.match(rent.description, /^Rent \d{4}-\d{2}$/)
      assert.equal(rent.period_start, firstOfMonth(monthOf(TODAY)))
    })

    test('is what the billing and late-fee runs would have posted: running them on the same day posts nothing', async () => {
      const before = await counts(db)
      const billing = await billOrganization(db, demo.orgId, TODAY)
      assert.equal(billing.chargesPosted, 0)
      const fees = await assessLateFees(db, demo.orgId, TODAY)
      assert.equal(fees.feesPosted, 0)
      assert.deepEqual(await counts(db), before)
    })

    test('writes no events to the outbox', async () => {
      assert.equal((await counts(db)).events, 0)
    })

    test('inserts about 1,500 rows in fewer than 30 statements, and reports its time', async (t) => {
      const total = Object.values(await counts(db)).reduce((sum, n) => sum + n, 0)
      assert.ok(total > 1400, `${total} rows`)
      assert.ok(statements < 30, `${statements} statements`)
      t.diagnostic(`generateDemo took ${Math.round(elapsedMs)} ms on ${target.name}: ${total} rows in ${statements} statements`)
      // The budget is 3 s on an idle machine; the guard is looser because test files share the CPU.
      assert.ok(elapsedMs < 10_000, `${Math.round(elapsedMs)} ms`)
    })
  })

  describe(`demo runs on ${target.name}`, () => {
    test('two fresh databases with the same date give the same tenants, rents, statuses and ledger totals', async () => {
      const prints = []
      for (let i = 0; i < 2; i++) {
        const database = await target.open()
        try {
          await generateDemo(database.db, { today: TODAY })
          prints.push(await fingerprint(database.db))
        } finally {
          await database.close()
        }
      }
      assert.deepEqual(prints[0], prints[1])
      assert.equal(prints[0]!.people.length, 42)
      assert.ok(prints[0]!.totals!.charges > 0 && prints[0]!.totals!.payments > 0)
    })

    test('a second run on the same database is refused and writes nothing', async () => {
      const database = await target.open()
      try {
        // A leap day, so month arithmetic at its edge also meets the real constraints.
        await generateDemo(database.db, { today: '2028-02-29' })
        const before = await counts(database.db)
        await assert.rejects(generateDemo(database.db, { today: '2028-02-29' }), (error: { code?: string; message?: string }) => {
          assert.equal(error.code, 'user.email_taken')
          assert.match(error.message ?? '', /admin@demo\.tms\.dev/)
          return true
        })
        assert.deepEqual(await counts(database.db), before)
      } finally {
        await database.close()
      }
    })

    test('refuses, writing nothing, when one demo e-mail exists in another organization in other letter case', async () => {
      const database = await target.open()
      try {
        const db = database.db
        const orgId = uuidv7()
        await db.insertInto('organizations').values({ id: orgId, name: 'Someone Else' }).execute()
        await db
          .insertInto('users')
          .values({ id: uuidv7(), org_id: orgId, email: 'Tech@Demo.TMS.dev', password_hash: 'x', display_name: 'Someone', role: 'technician' })
          .execute()
        const before = await counts(db)
        await assert.rejects(generateDemo(db, { today: TODAY }), /Tech@Demo\.TMS\.dev/)
        assert.deepEqual(await counts(db), before)
      } finally {
        await database.close()
      }
    })

    test('hasAnyOrganization is false on an empty database and true after a run on the default date', async () => {
      const database = await target.open()
      try {
        assert.equal(await hasAnyOrganization(database.db), false)
        const demo = await generateDemo(database.db)
        assert.equal(await hasAnyOrganization(database.db), true)
        assert.equal(demo.logins.length, 5)
      } finally {
        await database.close()
      }
    })

    test('rejects a today that is not a calendar date', async () => {
      const database = await target.open()
      try {
        await assert.rejects(generateDemo(database.db, { today: '2026-02-30' }), { code: 'request.invalid' })
        assert.equal(await hasAnyOrganization(database.db), false)
      } finally {
        await database.close()
      }
    })
  })
}

describe('demo plan', () => {
  const rowsOf = <T extends Batch['table']>(batches: Batch[], table: T) =>
    batches.filter((b) => b.table === table).flatMap((b) => b.rows) as Extract<Batch, { table: T }>['rows']
  const hashes = { admin: 'h', manager: 'h', owner: 'h', tenant: 'h', tech: 'h' }
  /** Counted ids: cheap, and equal between two runs, so whole plans can be compared. */
  const counted = () => {
    let n = 0
    return () => `id-${++n}`
  }

  test('on the edge days of every month of a leap year, nothing has happened after today and no charge is paid beyond its amount', () => {
    // Problems are collected rather than asserted one by one: ~130 plans of ~1,500 rows each.
    const problems: string[] = []
    const edges = [1, 2, 3, 5, 6, 7, 14, 15, 16, 28, 29, 30, 31]
    const days = Array.from({ length: 366 }, (_, i) => addDays('2027-09-01', i)).filter((d) => edges.includes(Number(d.slice(8))))
    for (const today of days) {
      const b = buildDemoPlan({ today, passwordHashes: hashes, nowMs: Number.MAX_SAFE_INTEGER, newId: counted() }).batches
      const endOfToday = instant(addDays(today, 1), 0).getTime()
      const payments = rowsOf(b, 'payments')
      const charges = rowsOf(b, 'charges')
      const status = new Map(payments.map((p) => [p.id, p.status]))
      const allocated = new Map<string, number>()
      for (const a of rowsOf(b, 'payment_allocations')) {
        if (status.get(a.payment_id) !== 'succeeded') problems.push(`${today}: allocation of a ${status.get(a.payment_id)} payment`)
        allocated.set(a.charge_id, (allocated.get(a.charge_id) ?? 0) + a.amount_cents)
      }
      for (const c of charges) {
        if ((allocated.get(c.id) ?? 0) > c.amount_cents) problems.push(`${today}: ${c.description} over-allocated`)
        if (!Number.isSafeInteger(c.amount_cents) || c.amount_cents <= 0) problems.push(`${today}: ${c.description} amount ${c.amount_cents}`)
        if (c.period_start && c.period_start > today) problems.push(`${today}: ${c.description} is for a future month`)
      }
      // The ledger's unique keys: one scheduled posting per lease, kind and period; one late fee per charge.
      const keys = charges.map((c) => (c.kind === 'late_fee' ? `fee|${c.source_charge_id}` : `${c.lease_id}|${c.kind}|${c.period_start}`))
      if (new Set(keys).size !== keys.length) problems.push(`${today}: a scheduled posting is repeated`)
      for (const p of payments) if (p.paid_on > today) problems.push(`${today}: payment on ${p.paid_on}`)
      const pending = payments.filter((p) => p.status === 'pending').length
      const failed = payments.filter((p) => p.status === 'failed').length
      if (pending !== 2 || failed !== 1) problems.push(`${today}: ${pending} pending, ${failed} failed`)
      if (!charges.some((c) => c.due_date < today && (allocated.get(c.id) ?? 0) < c.amount_cents)) problems.push(`${today}: nobody is overdue`)

      const requests = rowsOf(b, 'maintenance_requests')
      const stamps = [
        ...payments.map((p) => p.created_at),
        ...charges.map((c) => c.created_at),
        ...requests.flatMap((r) => [r.requested_at, r.completed_at, r.updated_at]),
        ...rowsOf(b, 'work_orders').map((w) => w.completed_at),
        ...rowsOf(b, 'request_comments').map((c) => c.created_at),
        ...rowsOf(b, 'communication_logs').map((c) => c.occurred_at),
        ...rowsOf(b, 'notifications').flatMap((n) => [n.created_at, n.read_at]),
        ...rowsOf(b, 'tenants').map((t) => t.created_at),
        ...rowsOf(b, 'leases').map((l) => l.created_at),
      ]
      for (const s of stamps) if (s && new Date(s).getTime() >= endOfToday) problems.push(`${today}: ${String(s)} is in the future`)
      if (new Set(requests.map((r) => r.status)).size !== 6 || new Set(requests.map((r) => r.priority)).size !== 4) problems.push(`${today}: a status or priority is missing`)
    }
    assert.deepEqual(problems, [])
  })

  test('the same date gives the same plan, row for row; another date gives another', () => {
    const plan = (today: string) => JSON.stringify(buildDemoPlan({ today, passwordHashes: hashes, nowMs: 0, newId: counted() }))
    assert.equal(plan('2027-03-01'), plan('2027-03-01'))
    assert.notEqual(plan('2027-03-01'), plan('2027-03-02'))
  })
})
