/** Every /api/v1 route module, registered in one place. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Db } from './db/types.js'
// route-imports (one line per module)

export const apiRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  // route-registrations (one line per module)
  void app
  void db
}
