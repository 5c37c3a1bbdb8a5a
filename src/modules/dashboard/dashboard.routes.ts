import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Db } from '../../db/types.js'
import { principal, problems } from '../../lib/http.js'
import { Dashboard, DashboardQuery } from './dashboard.schema.js'
import { createDashboardService } from './dashboard.service.js'

export const dashboardRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const dashboard = createDashboardService(db)
  app.get(
    '/dashboard',
    { schema: { tags: ['dashboard'], querystring: DashboardQuery, response: { 200: Dashboard, ...problems } } },
    async (req) => dashboard.get(principal(req), req.query),
  )
}
