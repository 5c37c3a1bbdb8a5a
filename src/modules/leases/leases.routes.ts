import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Db } from '../../db/types.js'
import { principal, problems } from '../../lib/http.js'
import { pageOf } from '../../lib/paging.js'
import { CreateLeaseBody, Lease, LeaseDetail, LeaseDetailQuery, LeaseListQuery, LeaseParams, UpdateLeaseBody } from './leases.schema.js'
import { createLeaseService } from './leases.service.js'

export const leasesRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const leases = createLeaseService(db)
  const tags = ['leases']

  /** After the lease's transaction committed: an active lease gets its due charges now, not at the next scheduled run. */
  const billIfActive = async (orgId: string, lease: Lease): Promise<Lease> => {
    if (lease.status !== 'active') return lease
    // The lease is written either way; a failed run is retried by the next scheduled one.
    await app.scheduler.billNow(orgId).catch((error: unknown) => app.log.error({ err: error, leaseId: lease.id }, 'billing a lease that became active failed'))
    return lease
  }

  app.get(
    '/leases',
    { schema: { tags, querystring: LeaseListQuery, response: { 200: pageOf(Lease), ...problems } } },
    async (req) => leases.list(principal(req), req.query),
  )

  app.get(
    '/leases/:id',
    { schema: { tags, params: LeaseParams, querystring: LeaseDetailQuery, response: { 200: LeaseDetail, ...problems } } },
    async (req) => leases.get(principal(req), req.params.id, req.query.include),
  )

  app.post(
    '/leases',
    { schema: { tags, body: CreateLeaseBody, response: { 201: Lease, ...problems } } },
    async (req, reply) => reply.code(201).send(await billIfActive(principal(req).orgId, await leases.create(principal(req), req.body))),
  )

  app.patch(
    '/leases/:id',
    { schema: { tags, params: LeaseParams, body: UpdateLeaseBody, response: { 200: Lease, ...problems } } },
    async (req) => billIfActive(principal(req).orgId, await leases.update(principal(req), req.params.id, req.body)),
  )

  app.delete(
    '/leases/:id',
    { schema: { tags, params: LeaseParams, response: { 204: z.null().describe('deleted'), ...problems } } },
    async (req, reply) => {
      await leases.remove(principal(req), req.params.id)
      return reply.code(204).send(null)
    },
  )
}
