import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Db } from '../../db/types.js'
import { principal, problems } from '../../lib/http.js'
import { CreateDocumentBody, DocumentDto, DocumentParams } from './documents.schema.js'
import { contentDisposition, createDocumentService } from './documents.service.js'

export const documentsRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const documents = createDocumentService(db)
  const tags = ['documents']

  app.post(
    '/documents',
    { schema: { tags, body: CreateDocumentBody, response: { 201: DocumentDto, ...problems } } },
    async (req, reply) => reply.code(201).send(await documents.create(principal(req), req.body)),
  )

  app.get(
    '/documents/:id/content',
    { schema: { tags, params: DocumentParams, response: { 200: z.any().describe('the file, with its content type'), ...problems } } },
    async (req, reply) => {
      const doc = await documents.content(principal(req), req.params.id)
      return reply
        .type(doc.contentType)
        .header('cache-control', 'private, max-age=3600')
        .header('etag', `"${doc.sha256}"`)
        .header('content-disposition', contentDisposition(doc.fileName, doc.contentType))
        .header('x-content-type-options', 'nosniff')
        .send(doc.content)
    },
  )
}
