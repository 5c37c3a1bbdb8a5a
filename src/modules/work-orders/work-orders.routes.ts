import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Db } from '../../db/types.js'
import { principal, problems } from '../../lib/http.js'
import {
  CreateWorkOrderBody,
  UpdateWorkOrderBody,
  WorkOrder,
  WorkOrderDetail,
  WorkOrderListQuery,
  WorkOrderPage,
  WorkOrderParams,
} from './work-orders.schema.js'
import { createWorkOrderService } from './work-orders.service.js'

export const workOrdersRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const workOrders = createWorkOrderService(db)
  const tags = ['work-orders']

  app.get(
    '/work-orders',
    { schema: { tags, querystring: WorkOrderListQuery, response: { 200: WorkOrderPage, ...problems } } },
    async (req) => workOrders.list(principal(req), req.query),
  )

  app.get(
    '/work-orders/:id',
    { schema: { tags, params: WorkOrderParams, response: { 200: WorkOrderDetail, ...problems } } },
    async (req) => workOrders.get(principal(req), req.params.id),
  )

  app.post(
    '/work-orders',
    { schema: { tags, body: CreateWorkOrderBody, response: { 201: WorkOrder, ...problems } } },
    async (req, reply) => reply.code(201).send(await workOrders.create(principal(req), req.body)),
  )

  app.patch(
    '/work-orders/:id',
    { schema: { tags, params: WorkOrderParams, body: UpdateWorkOrderBody, response: { 200: WorkOrder, ...problems } } },
    async (req) => workOrders.update(principal(req), req.params.id, req.body),
  )

  app.delete(
    '/work-orders/:id',
    { schema: { tags, params: WorkOrderParams, response: { 204: z.null().describe('deleted'), ...problems } } },
    async (req, reply) => {
      await workOrders.remove(principal(req), req.params.id)
      return reply.code(204).send(null)
    },
  )
}
