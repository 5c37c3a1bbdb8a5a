import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Db } from '../../db/types.js'
import { principal, problems } from '../../lib/http.js'
import { AgedReceivables, AgedReceivablesQuery, OwnerStatement, OwnerStatementQuery, RentRoll, RentRollQuery } from './reports.schema.js'
import { agedReceivablesCsv, createReportService, ownerStatementCsv, rentRollCsv } from './reports.service.js'

/** CSV when asked by `?format=csv` or an Accept header preferring text/csv over JSON. */
const wantsCsv = (req: FastifyRequest, format: 'json' | 'csv' | undefined): boolean =>
  format === undefined ? /\btext\/csv\b/.test(req.headers.accept ?? '') && !/application\/json/.test(req.headers.accept ?? '') : format === 'csv'

const sendCsv = (reply: FastifyReply, name: string, body: string) =>
  reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(body)

export const reportsRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const reports = createReportService(db)
  const tags = ['reports']

  app.get(
    '/reports/rent-roll',
    { schema: { tags, querystring: RentRollQuery, response: { 200: RentRoll, ...problems } } },
    async (req, reply) => {
      const report = await reports.rentRoll(principal(req), req.query)
      return wantsCsv(req, req.query.format) ? sendCsv(reply, `rent-roll-${report.asOf}`, rentRollCsv(report)) : report
    },
  )

  app.get(
    '/reports/aged-receivables',
    { schema: { tags, querystring: AgedReceivablesQuery, response: { 200: AgedReceivables, ...problems } } },
    async (req, reply) => {
      const report = await reports.agedReceivables(principal(req), req.query)
      return wantsCsv(req, req.query.format) ? sendCsv(reply, `aged-receivables-${report.asOf}`, agedReceivablesCsv(report)) : report
    },
  )

  app.get(
    '/reports/owner-statement',
    { schema: { tags, querystring: OwnerStatementQuery, response: { 200: OwnerStatement, ...problems } } },
    async (req, reply) => {
      const report = await reports.ownerStatement(principal(req), req.query)
      return wantsCsv(req, req.query.format) ? sendCsv(reply, `owner-statement-${report.from}-${report.to}`, ownerStatementCsv(report)) : report
    },
  )
}
