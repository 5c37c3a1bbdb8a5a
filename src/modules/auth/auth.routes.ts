import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { principal, problems } from '../../lib/http.js'
import { LoginBody, Me, RefreshBody, TokenPair } from './auth.schema.js'
import type { AuthService } from './auth.service.js'

export const authRoutes: FastifyPluginAsyncZod<{ auth: AuthService }> = async (app, { auth }) => {
  // Sign-in attempts are rate-limited per client address and account, to slow password guessing.
  app.post(
    '/login',
    {
      config: {
        public: true,
        rateLimit: {
          max: 20,
          timeWindow: '1 minute',
          hook: 'preHandler',
          keyGenerator: (req) => {
            const email = (req.body as { email?: unknown } | undefined)?.email
            return `${req.ip}|${typeof email === 'string' ? email.toLowerCase() : ''}`
          },
        },
      },
      schema: { tags: ['auth'], security: [], body: LoginBody, response: { 200: TokenPair, ...problems } },
    },
    async (req) => auth.login(req.body.email, req.body.password),
  )

  app.post(
    '/refresh',
    {
      config: { public: true, rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], security: [], body: RefreshBody, response: { 200: TokenPair, ...problems } },
    },
    async (req) => auth.refresh(req.body.refreshToken),
  )

  app.post(
    '/logout',
    { schema: { tags: ['auth'], response: { 204: z.null().describe('signed out'), ...problems } } },
    async (req, reply) => {
      await auth.logout(principal(req).sessionId)
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/me',
    { schema: { tags: ['auth'], summary: 'The signed-in user and their organization (time zone, today there)', response: { 200: Me, ...problems } } },
    async (req) => auth.me(principal(req)),
  )
}
