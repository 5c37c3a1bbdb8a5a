/**
 * The billing and late-fee runs, for the command line and the scheduler: each organization in
 * turn, each idempotent, so a run repeated or raced by another node posts nothing twice.
 */
import type { Db } from '../db/types.js'
import { invalid } from '../lib/errors.js'
import { addMonths, isDate, todayIn } from '../modules/ledger/dates.js'
import { createLedgerQueries } from '../modules/ledger/ledger.queries.js'
import { assessLateFees, BILLING_HORIZON_MONTHS, billOrganization } from '../modules/ledger/ledger.service.js'
import type { BillingRunResult, LateFeeRunResult } from '../modules/ledger/ledger.schema.js'

export interface RunScope {
  /** One organization; every organization when omitted. */
  orgId?: string
}

/** Posts every charge due on or before `through` in each organization. */
export async function runBilling(db: Db, options: RunScope & { through: string; now?: Date }): Promise<(BillingRunResult & { orgId: string })[]> {
  if (!isDate(options.through)) throw invalid('through', 'must be a calendar date, YYYY-MM-DD')
  const results: (BillingRunResult & { orgId: string })[] = []
  const organizations = await createLedgerQueries(db).organizations(options.orgId)
  // The API's horizon: a mistyped year would post a period per month up to it. Checked for every
  // organization before any is billed, so a refused day posts nothing anywhere.
  for (const org of organizations) {
    const limit = addMonths(todayIn(org.time_zone, options.now ?? new Date()), BILLING_HORIZON_MONTHS)
    if (options.through > limit) throw invalid('through', `at most ${BILLING_HORIZON_MONTHS} months ahead (${limit} in organization ${org.id})`)
  }
  for (const org of organizations) {
    results.push({ orgId: org.id, ...(await billOrganization(db, org.id, options.through)) })
  }
  return results
}

/** Assesses late fees in each organization as of `on`, or of each one's own today. */
export async function runLateFees(db: Db, options: RunScope & { on?: string; now?: Date } = {}): Promise<(LateFeeRunResult & { orgId: string })[]> {
  if (options.on !== undefined && !isDate(options.on)) throw invalid('on', 'must be a calendar date, YYYY-MM-DD')
  const results: (LateFeeRunResult & { orgId: string })[] = []
  const organizations = await createLedgerQueries(db).organizations(options.orgId)
  // Checked for every organization before any is run, so a refused day posts nothing anywhere.
  for (const org of organizations) {
    const today = todayIn(org.time_zone, options.now ?? new Date())
    if (options.on !== undefined && options.on > today) throw invalid('on', `at most today (${today} in organization ${org.id})`)
  }
  for (const org of organizations) {
    results.push({ orgId: org.id, ...(await assessLateFees(db, org.id, options.on, null, options.now ?? new Date())) })
  }
  return results
}

const dollars = (cents: number): string => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`

export const formatBillingReport = (results: (BillingRunResult & { orgId: string })[]): string =>
  results
    .map(
      (r) =>
        `organization ${r.orgId}: ${r.leases} leases, ${r.chargesPosted} charges posted through ${r.through} (${dollars(r.postedCents)}), ${dollars(r.allocatedCents)} of credit applied` +
        (r.leasesBehind ? `; ${r.leasesBehind} leases have more to post: run again` : '') +
        (r.failed.length ? `; ${r.failed.length} leases could not be billed: ${r.failed.map((f) => f.leaseId).join(', ')}` : ''),
    )
    .join('\n') || 'no organizations'

export const formatLateFeeReport = (results: (LateFeeRunResult & { orgId: string })[]): string =>
  results.map((r) => `organization ${r.orgId}: ${r.feesPosted} late fees posted on ${r.on} (${dollars(r.postedCents)})`).join('\n') || 'no organizations'
