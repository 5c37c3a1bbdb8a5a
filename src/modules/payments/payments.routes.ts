import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Db } from '../../db/types.js'
import { principal, problems } from '../../lib/http.js'
import { CreatePaymentBody, CreatePaymentHeaders, Payment, PaymentDetail, PaymentDetailQuery, PaymentListQuery, PaymentPage, PaymentParams, UpdatePaymentBody } from './payments.schema.js'
import { createPaymentService } from './payments.service.js'

export const paymentsRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const payments = createPaymentService(db)
  const tags = ['payments']

  app.get(
    '/payments',
    { schema: { tags, querystring: PaymentListQuery, response: { 200: PaymentPage, ...problems } } },
    async (req) => payments.list(principal(req), req.query),
  )

  app.get(
    '/payments/:id',
    { schema: { tags, params: PaymentParams, querystring: PaymentDetailQuery, response: { 200: PaymentDetail, ...problems } } },
    async (req) => payments.get(principal(req), req.params.id, req.query.include),
  )

  app.post(
    '/payments',
    { schema: { tags, headers: CreatePaymentHeaders, body: CreatePaymentBody, response: { 201: Payment, ...problems } } },
    async (req, reply) => reply.code(201).send(await payments.create(principal(req), req.body, req.headers['idempotency-key'])),
  )

  app.patch(
    '/payments/:id',
    { schema: { tags, params: PaymentParams, body: UpdatePaymentBody, response: { 200: Payment, ...problems } } },
    async (req) => payments.update(principal(req), req.params.id, req.body),
  )

  app.delete(
    '/payments/:id',
    { schema: { tags, params: PaymentParams, response: { 204: z.null().describe('deleted'), ...problems } } },
    async (req, reply) => {
      await payments.remove(principal(req), req.params.id)
      return reply.code(204).send(null)
    },
  )
}
