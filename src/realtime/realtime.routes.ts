/** REST for the lease conversation; a request's thread is /api/v1/maintenance/:id/comments. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Db } from '../db/types.js'
import { principal, problems } from '../lib/http.js'
import { createConversationService } from './realtime.service.js'
import { CreateLeaseMessageBody, LeaseMessage, LeaseMessageListQuery, LeaseMessagePage, LeaseMessageParams } from './realtime.schema.js'

export const realtimeRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const conversations = createConversationService(db)

  app.get(
    '/leases/:id/messages',
    { schema: { tags: ['leases'], params: LeaseMessageParams, querystring: LeaseMessageListQuery, response: { 200: LeaseMessagePage, ...problems } } },
    async (req) => conversations.listLeaseMessages(principal(req), req.params.id, req.query),
  )

  app.post(
    '/leases/:id/messages',
    { schema: { tags: ['leases'], params: LeaseMessageParams, body: CreateLeaseMessageBody, response: { 201: LeaseMessage, ...problems } } },
    async (req, reply) => reply.code(201).send(await conversations.addLeaseMessage(principal(req), req.params.id, req.body)),
  )
}
