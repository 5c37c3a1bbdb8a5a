import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Db } from '../../db/types.js'
import { principal, problems } from '../../lib/http.js'
import { pageOf } from '../../lib/paging.js'
import {
  CreateInvitationBody,
  CreatedInvitation,
  Invitation,
  InvitationListQuery,
  InvitationParams,
  UpdateUserBody,
  UserListQuery,
  UserParams,
  UserSummary,
} from './users.schema.js'
import { createUserService } from './users.service.js'

export const usersRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const users = createUserService(db)
  const tags = ['users']
  app.get(
    '/users',
    { schema: { tags, querystring: UserListQuery, response: { 200: pageOf(UserSummary), ...problems } } },
    async (req) => users.list(principal(req), req.query),
  )

  app.patch(
    '/users/:id',
    {
      schema: {
        tags,
        description: 'Admin only: rename an account, or disable it (its sessions end) or enable it again.',
        params: UserParams,
        body: UpdateUserBody,
        response: { 200: UserSummary, ...problems },
      },
    },
    async (req) => users.update(principal(req), req.params.id, req.body),
  )

  app.post(
    '/users/invitations',
    {
      schema: {
        tags,
        description: 'Invite a person to a role: an admin any role, a property manager a tenant login for one of their tenants. The link is shown once and works once within 7 days.',
        body: CreateInvitationBody,
        response: { 201: CreatedInvitation, ...problems },
      },
    },
    async (req, reply) => reply.code(201).send(await users.invite(principal(req), req.body)),
  )

  app.get(
    '/users/invitations',
    { schema: { tags, description: 'Open invitations the caller may manage.', querystring: InvitationListQuery, response: { 200: pageOf(Invitation), ...problems } } },
    async (req) => users.invitations(principal(req), req.query),
  )

  app.delete(
    '/users/invitations/:id',
    { schema: { tags, description: 'Revoke an open invitation: its link stops working.', params: InvitationParams, response: { 204: z.null().describe('revoked'), ...problems } } },
    async (req, reply) => {
      await users.revoke(principal(req), req.params.id)
      return reply.code(204).send(null)
    },
  )
}
