import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Db } from '../../db/types.js'
import { principal, problems } from '../../lib/http.js'
import { pageOf } from '../../lib/paging.js'
import {
  CreateUnitBody,
  ListPropertyUnitsQuery,
  ListUnitsQuery,
  PropertyUnitsParams,
  Unit,
  UnitDetail,
  UnitDetailQuery,
  UnitIdParams,
  UpdateUnitBody,
} from './units.schema.js'
import { createUnitService } from './units.service.js'

export const unitsRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const units = createUnitService(db)
  const tags = ['units']

  app.get(
    '/units',
    { schema: { tags, summary: 'List the units the caller may see', querystring: ListUnitsQuery, response: { 200: pageOf(Unit), ...problems } } },
    async (req) => units.list(principal(req), req.query),
  )

  app.get(
    '/properties/:propertyId/units',
    {
      schema: { tags, summary: 'List the units of a property', params: PropertyUnitsParams, querystring: ListPropertyUnitsQuery, response: { 200: pageOf(Unit), ...problems } },
    },
    async (req) => units.listOfProperty(principal(req), req.params.propertyId, req.query),
  )

  app.get(
    '/units/:id',
    { schema: { tags, summary: 'A unit, with the relations named in include', params: UnitIdParams, querystring: UnitDetailQuery, response: { 200: UnitDetail, ...problems } } },
    async (req) => units.get(principal(req), req.params.id, req.query.include),
  )

  app.post(
    '/units',
    { schema: { tags, summary: 'Add a unit to a property (admin, its managers)', body: CreateUnitBody, response: { 201: Unit, ...problems } } },
    async (req, reply) => reply.code(201).send(await units.create(principal(req), req.body)),
  )

  app.patch(
    '/units/:id',
    { schema: { tags, summary: 'Change a unit (admin, its managers)', params: UnitIdParams, body: UpdateUnitBody, response: { 200: Unit, ...problems } } },
    async (req) => units.update(principal(req), req.params.id, req.body),
  )

  app.delete(
    '/units/:id',
    { schema: { tags, summary: 'Delete a unit that has never had a lease (admin, its managers)', params: UnitIdParams, response: { 204: z.null().describe('deleted'), ...problems } } },
    async (req, reply) => {
      await units.remove(principal(req), req.params.id)
      return reply.code(204).send(null)
    },
  )
}
