import { sql } from 'kysely'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Db } from '../../db/types.js'

/** `/health`: the process answers. `/ready`: it can also reach its database. */
export const healthRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/health',
    { config: { public: true }, schema: { tags: ['health'], security: [], response: { 200: z.object({ status: z.literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  )
  app.get(
    '/ready',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        security: [],
        response: {
          200: z.object({ status: z.literal('ready'), database: z.literal('up') }),
          503: z.object({ status: z.literal('unavailable'), database: z.literal('down') }),
        },
      },
    },
    async (req, reply) => {
      try {
        await sql`SELECT 1`.execute(db)
        return { status: 'ready' as const, database: 'up' as const }
      } catch (error) {
        // A readiness probe reports the outage rather than failing; the cause goes to the log.
        req.log.warn({ err: error }, 'database unreachable')
        return reply.code(503).send({ status: 'unavailable' as const, database: 'down' as const })
      }
    },
  )
}
