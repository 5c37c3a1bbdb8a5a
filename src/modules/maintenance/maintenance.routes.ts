import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Db } from '../../db/types.js'
import { principal, problems } from '../../lib/http.js'
import {
  Comment,
  CommentListQuery,
  CommentPage,
  CreateCommentBody,
  CreateMaintenanceBody,
  MaintenanceDetail,
  MaintenanceDetailQuery,
  MaintenanceListQuery,
  MaintenancePage,
  MaintenanceParams,
  MaintenanceRequest,
  UpdateMaintenanceBody,
} from './maintenance.schema.js'
import { createMaintenanceService } from './maintenance.service.js'

export const maintenanceRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const maintenance = createMaintenanceService(db)
  const tags = ['maintenance']

  app.get(
    '/maintenance',
    { schema: { tags, querystring: MaintenanceListQuery, response: { 200: MaintenancePage, ...problems } } },
    async (req) => maintenance.list(principal(req), req.query),
  )

  app.get(
    '/maintenance/:id',
    { schema: { tags, params: MaintenanceParams, querystring: MaintenanceDetailQuery, response: { 200: MaintenanceDetail, ...problems } } },
    async (req) => maintenance.get(principal(req), req.params.id, req.query.include),
  )

  app.post(
    '/maintenance',
    { schema: { tags, body: CreateMaintenanceBody, response: { 201: MaintenanceRequest, ...problems } } },
    async (req, reply) => reply.code(201).send(await maintenance.create(principal(req), req.body)),
  )

  app.patch(
    '/maintenance/:id',
    { schema: { tags, params: MaintenanceParams, body: UpdateMaintenanceBody, response: { 200: MaintenanceRequest, ...problems } } },
    async (req) => maintenance.update(principal(req), req.params.id, req.body),
  )

  app.delete(
    '/maintenance/:id',
    { schema: { tags, params: MaintenanceParams, response: { 204: z.null().describe('deleted'), ...problems } } },
    async (req, reply) => {
      await maintenance.remove(principal(req), req.params.id)
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/maintenance/:id/comments',
    { schema: { tags, params: MaintenanceParams, querystring: CommentListQuery, response: { 200: CommentPage, ...problems } } },
    async (req) => maintenance.listComments(principal(req), req.params.id, req.query),
  )

  app.post(
    '/maintenance/:id/comments',
    { schema: { tags, params: MaintenanceParams, body: CreateCommentBody, response: { 201: Comment, ...problems } } },
    async (req, reply) => reply.code(201).send(await maintenance.addComment(principal(req), req.params.id, req.body)),
  )
}
