import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Db } from '../../db/types.js'
import { principal, problems } from '../../lib/http.js'
import { pageOf } from '../../lib/paging.js'
import {
  CreatePropertyBody,
  ListPropertiesQuery,
  OwnerListQuery,
  OwnerSummary,
  Property,
  PropertyDetail,
  PropertyDetailQuery,
  PropertyIdParams,
  PropertyManager,
  SetManagersBody,
  UpdatePropertyBody,
} from './properties.schema.js'
import { createPropertyService } from './properties.service.js'

export const propertiesRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const properties = createPropertyService(db)
  const tags = ['properties']

  app.get(
    '/properties',
    { schema: { tags, summary: 'List the properties the caller may see', querystring: ListPropertiesQuery, response: { 200: pageOf(Property), ...problems } } },
    async (req) => properties.list(principal(req), req.query),
  )

  app.get(
    '/owners',
    { schema: { tags, summary: 'List the owners a property can belong to (admin, property manager)', querystring: OwnerListQuery, response: { 200: pageOf(OwnerSummary), ...problems } } },
    async (req) => properties.owners(principal(req), req.query),
  )

  app.get(
    '/properties/:id',
    {
      schema: { tags, summary: 'A property, with the relations named in include', params: PropertyIdParams, querystring: PropertyDetailQuery, response: { 200: PropertyDetail, ...problems } },
    },
    async (req) => properties.get(principal(req), req.params.id, req.query.include),
  )

  app.post(
    '/properties',
    { schema: { tags, summary: 'Add a property (admin, property manager)', body: CreatePropertyBody, response: { 201: Property, ...problems } } },
    async (req, reply) => reply.code(201).send(await properties.create(principal(req), req.body)),
  )

  app.patch(
    '/properties/:id',
    { schema: { tags, summary: 'Change a property (admin, its managers)', params: PropertyIdParams, body: UpdatePropertyBody, response: { 200: Property, ...problems } } },
    async (req) => properties.update(principal(req), req.params.id, req.body),
  )

  app.delete(
    '/properties/:id',
    { schema: { tags, summary: 'Delete a property that has never had a lease (admin)', params: PropertyIdParams, response: { 204: z.null().describe('deleted'), ...problems } } },
    async (req, reply) => {
      await properties.remove(principal(req), req.params.id)
      return reply.code(204).send(null)
    },
  )

  app.put(
    '/properties/:id/managers',
    {
      schema: { tags, summary: 'Set the managers assigned to a property (admin)', params: PropertyIdParams, body: SetManagersBody, response: { 200: z.array(PropertyManager), ...problems } },
    },
    async (req) => properties.setManagers(principal(req), req.params.id, req.body),
  )
}
