/**
 * Billing that runs by itself: on start and then every interval, each organization is billed
 * through its own today and assessed its late fees. Each organization's run holds a session
 * advisory lock, so of several nodes one bills it and the others skip it; the runs are idempotent
 * besides, so a skipped or repeated run loses or doubles nothing.
 */
import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../db/types.js'
import { createLedgerQueries } from '../modules/ledger/ledger.queries.js'
import { organizationToday } from '../modules/ledger/ledger.service.js'
import { runBilling, runLateFees } from './billing.js'
import { createSchedulerQueries } from './scheduler.queries.js'

export interface SchedulerOptions {
  db: Db
  /** Between two runs; 0 disables automatic billing altogether. */
  intervalMs: number
  log: FastifyBaseLogger
  /** The clock (tests). */
  now?: () => Date
}

/** What one organization's run posted. */
export interface OrganizationRun {
  orgId: string
  through: string
  chargesPosted: number
  postedCents: number
  feesPosted: number
  feeCents: number
}

/** One run over every organization. */
export interface TickSummary {
  organizations: number
  /** Organizations another node was billing at the time. */
  skipped: number
  failed: number
  chargesPosted: number
  postedCents: number
  feesPosted: number
  feeCents: number
}

export interface Scheduler {
  readonly enabled: boolean
  /** Runs once now, then every interval. */
  start(): void
  /** Stops the timer and waits for the run in flight. */
  stop(): Promise<void>
  /** One run over every organization now (started or not); joins the run in flight if there is one. */
  tick(): Promise<TickSummary>
  /**
   * Bills one organization now, after any run of it in flight (on any node) ends, so writes
   * committed before the call are billed; null when automatic billing is disabled or not started.
   */
  billNow(orgId: string): Promise<OrganizationRun | null>
}

/** More passes than this in one run leave the rest of a lease far behind to the next run. */
const MAX_PASSES = 10

const dollars = (cents: number): string => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`

export function createScheduler(o: SchedulerOptions): Scheduler {
  const now = o.now ?? (() => new Date())
  const enabled = o.intervalMs > 0
  // Between start and stop: only a serving node bills by itself.
  let running = false
  // Set by stop: a run in flight ends after the organization it is on.
  let halted = false
  let timer: NodeJS.Timeout | undefined
  let ticking: Promise<TickSummary> | null = null
  // Per organization: the bill-now run in flight and the one queued after it (which callers join).
  const chains = new Map<string, { tail: Promise<unknown>; queued: Promise<OrganizationRun | null> | null }>()

  /** Bills and assesses one organization on one connection, which holds its lock; null when another session holds it. */
  async function runOrganization(orgId: string, wait: boolean): Promise<OrganizationRun | null> {
    return o.db.connection().execute(async (conn) => {
      const q = createSchedulerQueries(conn)
      if (wait) await q.lock(orgId)
      else if (!(await q.tryLock(orgId))) return null
      try {
        const at = now()
        const through = await organizationToday(conn, orgId, at)
        const run: OrganizationRun = { orgId, through, chargesPosted: 0, postedCents: 0, feesPosted: 0, feeCents: 0 }
        // A lease further behind than one billing run posts gets the rest in the next passes.
        for (let pass = 0; pass < MAX_PASSES; pass++) {
          const [billed] = await runBilling(conn, { orgId, through })
          run.chargesPosted += billed?.chargesPosted ?? 0
          run.postedCents += billed?.postedCents ?? 0
          if (!billed?.leasesBehind || !billed.chargesPosted) break
        }
        // After billing, so rent that has just been posted late is judged too.
        const [fees] = await runLateFees(conn, { orgId, now: at })
        run.feesPosted = fees?.feesPosted ?? 0
        run.feeCents = fees?.postedCents ?? 0
        return run
      } finally {
        await q.unlock(orgId)
      }
    })
  }

  async function runAll(): Promise<TickSummary> {
    const started = performance.now()
    const summary: TickSummary = { organizations: 0, skipped: 0, failed: 0, chargesPosted: 0, postedCents: 0, feesPosted: 0, feeCents: 0 }
    const organizations = await createLedgerQueries(o.db).organizations()
    for (const org of organizations) {
      if (halted) break
      summary.organizations += 1
      try {
        const run = await runOrganization(org.id, false)
        if (!run) {
          summary.skipped += 1
          continue
        }
        summary.chargesPosted += run.chargesPosted
        summary.postedCents += run.postedCents
        summary.feesPosted += run.feesPosted
        summary.feeCents += run.feeCents
      } catch (error) {
        summary.failed += 1
        o.log.error({ err: error, orgId: org.id }, 'scheduled billing failed for an organization')
      }
    }
    o.log.info(
      { ...summary, ms: Math.round(performance.now() - started) },
      `scheduled billing: ${summary.organizations} organizations, ${summary.chargesPosted} charges posted (${dollars(summary.postedCents)}), ` +
        `${summary.feesPosted} late fees (${dollars(summary.feeCents)}), ${summary.skipped} skipped as billed by another node, ${summary.failed} failed`,
    )
    return summary
  }

  function tick(): Promise<TickSummary> {
    ticking ??= runAll().finally(() => {
      ticking = null
    })
    return ticking
  }

  function guardedTick(): void {
    if (!running) return
    tick().catch((error: unknown) => o.log.error({ err: error }, 'scheduled billing failed'))
  }

  return {
    enabled,

    start() {
      if (!enabled || running) return
      running = true
      halted = false
      guardedTick()
      timer = setInterval(guardedTick, o.intervalMs)
      timer.unref()
    },

    async stop() {
      running = false
      halted = true
      clearInterval(timer)
      timer = undefined
      await Promise.allSettled([ticking, ...[...chains.values()].map((c) => c.tail)])
    },

    tick,

    billNow(orgId) {
      if (!running) return Promise.resolve(null)
      const chain = chains.get(orgId)
      if (chain?.queued) return chain.queued
      const entry: { tail: Promise<unknown>; queued: Promise<OrganizationRun | null> | null } = { tail: Promise.resolve(), queued: null }
      const run = (chain?.tail ?? Promise.resolve())
        .catch(() => undefined)
        .then(() => {
          // Started: writes committed from now on need a run of their own.
          entry.queued = null
          return runOrganization(orgId, true)
        })
      entry.tail = run.finally(() => {
        if (chains.get(orgId) === entry) chains.delete(orgId)
      })
      entry.queued = run
      chains.set(orgId, entry)
      return run
    },
  }
}
