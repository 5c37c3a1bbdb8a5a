import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Db } from '../../db/types.js'
import { principal, problems } from '../../lib/http.js'
import {
  AdjustmentResult,
  AsOfQuery,
  BillingRunBody,
  BillingRunResult,
  Charge,
  CreditBody,
  DepositDisposition,
  DispositionBody,
  IdParams,
  LateFeeRunBody,
  LateFeeRunResult,
  LeaseBalance,
  LedgerQuery,
  PostChargeBody,
  ReverseChargeBody,
  SplitChargeBody,
  SplitChargeResult,
  TenantLedger,
  WriteOffBody,
} from './ledger.schema.js'
import { createLedgerService } from './ledger.service.js'

export const ledgerRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const ledger = createLedgerService(db)
  const tags = ['ledger']

  app.get(
    '/tenants/:id/ledger',
    { schema: { tags, params: IdParams, querystring: LedgerQuery, response: { 200: TenantLedger, ...problems } } },
    async (req) => ledger.tenantLedger(principal(req), req.params.id, req.query),
  )

  app.get(
    '/leases/:id/balance',
    { schema: { tags, params: IdParams, querystring: AsOfQuery, response: { 200: LeaseBalance, ...problems } } },
    async (req) => ledger.leaseBalance(principal(req), req.params.id, req.query.asOf),
  )

  app.get(
    '/leases/:id/charges',
    { schema: { tags, params: IdParams, response: { 200: z.array(Charge), ...problems } } },
    async (req) => ledger.charges(principal(req), req.params.id),
  )

  app.post(
    '/leases/:id/charges',
    { schema: { tags, params: IdParams, body: PostChargeBody, response: { 201: Charge, ...problems } } },
    async (req, reply) => reply.code(201).send(await ledger.postCharge(principal(req), req.params.id, req.body)),
  )

  app.post(
    '/leases/:id/credits',
    { schema: { tags, params: IdParams, body: CreditBody, response: { 201: AdjustmentResult, ...problems } } },
    async (req, reply) => reply.code(201).send(await ledger.applyCredit(principal(req), req.params.id, req.body)),
  )

  app.post(
    '/leases/:id/deposit-disposition',
    { schema: { tags, params: IdParams, body: DispositionBody, response: { 201: DepositDisposition, ...problems } } },
    async (req, reply) => reply.code(201).send(await ledger.disposeDeposit(principal(req), req.params.id, req.body)),
  )

  app.post(
    '/charges/:id/reversal',
    { schema: { tags, params: IdParams, body: ReverseChargeBody, response: { 201: AdjustmentResult, ...problems } } },
    async (req, reply) => reply.code(201).send(await ledger.reverseCharge(principal(req), req.params.id, req.body)),
  )

  app.post(
    '/charges/:id/write-off',
    { schema: { tags, params: IdParams, body: WriteOffBody, response: { 201: AdjustmentResult, ...problems } } },
    async (req, reply) => reply.code(201).send(await ledger.writeOff(principal(req), req.params.id, req.body)),
  )

  app.post(
    '/properties/:id/split-charges',
    { schema: { tags, params: IdParams, body: SplitChargeBody, response: { 201: SplitChargeResult, ...problems } } },
    async (req, reply) => reply.code(201).send(await ledger.splitCharge(principal(req), req.params.id, req.body)),
  )

  app.post(
    '/billing/runs',
    { schema: { tags, body: BillingRunBody, response: { 200: BillingRunResult, ...problems } } },
    async (req) => ledger.billingRun(principal(req), req.body.through),
  )

  app.post(
    '/billing/late-fee-runs',
    { schema: { tags, body: LateFeeRunBody, response: { 200: LateFeeRunResult, ...problems } } },
    async (req) => ledger.lateFeeRun(principal(req), req.body.on),
  )
}
