/** The public side of invitations: who a link is for, and accepting it (which signs the new account in). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Db } from '../../db/types.js'
import { Problem } from '../../lib/http.js'
import { TokenPair } from '../auth/auth.schema.js'
import type { AuthService } from '../auth/auth.service.js'
import { AcceptInvitationBody, InvitationPreview, InvitationTokenParams } from './users.schema.js'
import { createUserService } from './users.service.js'

const publicProblems = { 400: Problem, 404: Problem, 409: Problem, 410: Problem, 429: Problem } as const

// Like sign-in: per client address, counted after validation, to slow anyone trying tokens.
const rateLimit = { max: 20, timeWindow: '1 minute', hook: 'preHandler' as const }

export const invitationRoutes: FastifyPluginAsyncZod<{ db: Db; auth: AuthService }> = async (app, { db, auth }) => {
  const users = createUserService(db)
  const tags = ['auth']

  app.get(
    '/invitations/:token',
    {
      config: { public: true, rateLimit },
      schema: { tags, security: [], description: 'Who an invitation link is for: 404 unknown, 410 used, revoked or expired.', params: InvitationTokenParams, response: { 200: InvitationPreview, ...publicProblems } },
    },
    async (req) => users.preview(req.params.token),
  )

  app.post(
    '/invitations/:token/accept',
    {
      config: { public: true, rateLimit },
      schema: {
        tags,
        security: [],
        description: 'Sets the password, creates the account and signs it in (the sign-in answer). A link works once.',
        params: InvitationTokenParams,
        body: AcceptInvitationBody,
        response: { 200: TokenPair, ...publicProblems },
      },
    },
    async (req) => auth.startSession(await users.accept(req.params.token, req.body.password)),
  )
}
