import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Db } from '../../db/types.js'
import { principal, problems } from '../../lib/http.js'
import { pageOf } from '../../lib/paging.js'
import {
  CreateTenantBody,
  Tenant,
  TenantDetail,
  TenantDetailQuery,
  TenantFinancialSummary,
  TenantListQuery,
  TenantParams,
  UpdateTenantBody,
} from './tenants.schema.js'
import { createTenantService } from './tenants.service.js'

export const tenantsRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const tenants = createTenantService(db)
  const tags = ['tenants']

  app.get(
    '/tenants',
    { schema: { tags, querystring: TenantListQuery, response: { 200: pageOf(Tenant), ...problems } } },
    async (req) => tenants.list(principal(req), req.query),
  )

  app.get(
    '/tenants/:id',
    { schema: { tags, params: TenantParams, querystring: TenantDetailQuery, response: { 200: TenantDetail, ...problems } } },
    async (req) => tenants.get(principal(req), req.params.id, req.query.include),
  )

  app.get(
    '/tenants/:id/financial-summary',
    { schema: { tags, params: TenantParams, response: { 200: TenantFinancialSummary, ...problems } } },
    async (req) => tenants.financialSummary(principal(req), req.params.id),
  )

  app.post(
    '/tenants',
    { schema: { tags, body: CreateTenantBody, response: { 201: TenantDetail, ...problems } } },
    async (req, reply) => reply.code(201).send(await tenants.create(principal(req), req.body)),
  )

  app.patch(
    '/tenants/:id',
    { schema: { tags, params: TenantParams, body: UpdateTenantBody, response: { 200: TenantDetail, ...problems } } },
    async (req) => tenants.update(principal(req), req.params.id, req.body),
  )

  app.delete(
    '/tenants/:id',
    { schema: { tags, params: TenantParams, response: { 204: z.null().describe('deleted'), ...problems } } },
    async (req, reply) => {
      await tenants.remove(principal(req), req.params.id)
      return reply.code(204).send(null)
    },
  )
}
