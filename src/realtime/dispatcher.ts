/**
 * The outbox dispatcher. One node at a time is the leader: on PostgreSQL it holds a session
 * advisory lock on a connection of its own, which also LISTENs for commits and runs the dispatch
 * transactions — so a node that loses that connection loses leadership and stops dispatching at
 * once. The leader numbers committed events in each organization's stream (in commit order: a
 * late commit with a smaller seq is simply numbered later, never skipped), resolves their scope
 * and publishes them to every node, which fans them out to its own sockets.
 * Embedded PGlite is one process: that process is the leader.
 */
import type { PGlite } from '@electric-sql/pglite'
import type { FastifyBaseLogger } from 'fastify'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { DB, Db } from '../db/types.js'
import { createRealtimeQueries, LEADER_SQL, NOTIFY_CHANNEL } from './realtime.queries.js'
import { resolveEvents, type DispatchedEvent } from './resolve.js'

export interface DispatcherOptions {
  db: Db
  /** PostgreSQL: the URL for the leader's own session. Without it this node always leads. */
  leaderUrl?: string
  /** How the leader session shows in pg_stat_activity. */
  applicationName?: string
  /** Embedded: the engine to LISTEN on. */
  pglite?: PGlite
  batchSize?: number
  /** Safety poll while leading, for a notification missed across a reconnect. */
  pollMs?: number
  /** How often a standby node tries to become the leader. */
  standbyMs?: number
  publish: (events: DispatchedEvent[]) => void | Promise<void>
  log: FastifyBaseLogger
}

export interface Dispatcher {
  start(): Promise<void>
  /** Finishes the batch in flight, then stops and gives up leadership. */
  stop(): Promise<void>
  wake(): void
  isLeader(): boolean
  /** Resolves once no committed event is waiting (tests and benchmarks). */
  idle(): Promise<void>
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref())

export function createDispatcher(o: DispatcherOptions): Dispatcher {
  const batchSize = o.batchSize ?? 500
  const pollMs = o.pollMs ?? (o.leaderUrl || o.pglite ? 2000 : 100)
  const standbyMs = o.standbyMs ?? 2000
  const readQueries = createRealtimeQueries(o.db)

  let stopped = true
  let leader = false
  let running: Promise<void> | null = null
  let again = false
  let poll: NodeJS.Timeout | undefined
  let standby: NodeJS.Timeout | undefined
  let unlisten: (() => Promise<void>) | undefined
  let client: pg.Client | undefined
  let clientDb: Db | undefined
  const idleWaiters: (() => void)[] = []

  /** A Kysely over the leader's single connection, so dispatching shares its session and lock. */
  function kyselyOver(c: pg.Client): Db {
    const connection = Object.assign(c, { release: () => undefined })
    return new Kysely<DB>({ dialect: new PostgresDialect({ pool: { connect: async () => connection, end: async () => undefined, options: {} } }) })
  }

  async function dispatchOnce(): Promise<number> {
    const target = clientDb ?? o.db
    const stored = await target.transaction().execute(async (trx) => {
      const q = createRealtimeQueries(trx)
      await q.lockBatch()
      return q.dispatchBatch(batchSize)
    })
    if (!stored.length) return 0
    // Committed: from here on the events only need delivering. A failed lookup is retried, since
    // these positions are not handed out again.
    for (let attempt = 0; ; attempt++) {
      try {
        await o.publish(await resolveEvents(readQueries, stored))
        return stored.length
      } catch (error) {
        if (attempt >= 3) {
          o.log.error({ err: error, from: stored[0]?.position, count: stored.length }, 'dispatched events could not be delivered live; clients get them on replay')
          return stored.length
        }
        await sleep(50 * 2 ** attempt)
      }
    }
  }

  async function loop(): Promise<void> {
    try {
      do {
        again = false
        while (leader && (await dispatchOnce()) === batchSize) {
          // A full batch: more is waiting. Let socket writes flush first (the embedded engine
          // answers in microtasks, so a backlog would otherwise hold all I/O back).
          await new Promise((resolve) => setImmediate(resolve))
        }
      } while (again && leader)
    } catch (error) {
      o.log.error({ err: error }, 'event dispatch failed; retrying')
      await sleep(500)
      again = true
    } finally {
      running = null
    }
    if (again && leader && !stopped) wake()
    else for (const w of idleWaiters.splice(0)) w()
  }

  function wake(): void {
    if (!leader || stopped) return
    if (running) {
      again = true
      return
    }
    running = loop()
  }

  async function becomeLeader(): Promise<void> {
    leader = true
    o.log.info('real-time dispatcher is leading')
    poll = setInterval(wake, pollMs)
    poll.unref()
    wake()
  }

  function loseLeadership(reason: string): void {
    if (!leader) return
    leader = false
    clearInterval(poll)
    o.log.warn({ reason }, 'real-time dispatcher lost leadership')
  }

  /** PostgreSQL: connect the leader session, then try for the lock until it is ours. */
  async function contend(): Promise<void> {
    if (stopped || !o.leaderUrl) return
    const c = new pg.Client({ connectionString: o.leaderUrl, application_name: o.applicationName ?? 'tms-realtime' })
    const lost = (error?: Error) => {
      if (client !== c) return
      o.log.warn({ err: error }, 'real-time leader connection ended')
      loseLeadership('connection lost')
      client = undefined
      clientDb = undefined
      if (!stopped) {
        standby = setTimeout(() => void contend().catch(retry), standbyMs)
        standby.unref()
      }
    }
    c.on('error', lost)
    c.on('end', () => lost())
    c.on('notification', (n) => {
      if (n.channel === NOTIFY_CHANNEL) wake()
    })
    await c.connect()
    client = c
    clientDb = kyselyOver(c)
    await tryLock(c)
  }

  async function tryLock(c: pg.Client): Promise<void> {
    if (stopped || client !== c) return
    const { rows } = await c.query<{ locked: boolean }>(LEADER_SQL.tryLock)
    if (rows[0]?.locked) {
      await c.query(LEADER_SQL.listen)
      await becomeLeader()
    } else {
      standby = setTimeout(() => void tryLock(c).catch(retry), standbyMs)
      standby.unref()
    }
  }

  const retry = (error: unknown) => {
    o.log.warn({ err: error }, 'real-time leader election failed; retrying')
    if (client) void client.end().catch(() => undefined)
    client = undefined
    clientDb = undefined
    if (!stopped) {
      standby = setTimeout(() => void contend().catch(retry), standbyMs)
      standby.unref()
    }
  }

  return {
    async start() {
      if (!stopped) return
      stopped = false
      if (o.leaderUrl) {
        await contend().catch(retry)
        return
      }
      if (o.pglite) unlisten = await o.pglite.listen(NOTIFY_CHANNEL, wake)
      await becomeLeader()
    },

    async stop() {
      if (stopped) return
      stopped = true
      clearTimeout(standby)
      const wasLeading = leader
      leader = false
      clearInterval(poll)
      await running
      await unlisten?.().catch(() => undefined)
      unlisten = undefined
      const c = client
      client = undefined
      clientDb = undefined
      if (c) {
        // Ending the session releases the lock too; unlocking first hands over without waiting for it.
        if (wasLeading) await c.query(LEADER_SQL.unlock).catch(() => undefined)
        await c.end().catch(() => undefined)
      }
    },

    wake,
    isLeader: () => leader,

    async idle() {
      for (;;) {
        if (running) await new Promise<void>((resolve) => idleWaiters.push(resolve))
        if (!(await readQueries.pendingExists())) return
        wake()
        await sleep(10)
      }
    },
  }
}
