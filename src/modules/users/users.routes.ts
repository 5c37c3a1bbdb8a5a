import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Db } from '../../db/types.js'
import { principal, problems } from '../../lib/http.js'
import { pageOf } from '../../lib/paging.js'
import { UserListQuery, UserSummary } from './users.schema.js'
import { createUserService } from './users.service.js'

export const usersRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const users = createUserService(db)
  app.get(
    '/users',
    { schema: { tags: ['users'], querystring: UserListQuery, response: { 200: pageOf(UserSummary), ...problems } } },
    async (req) => users.list(principal(req), req.query),
  )
}
