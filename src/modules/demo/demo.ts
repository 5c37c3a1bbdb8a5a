/**
 * The demo portfolio generated on the first start of an empty installation: one organization with
 * properties, units, tenants, their whole ledger, a year of maintenance and one account per role.
 */
import type { Db, Role } from '../../db/types.js'
import { AppError, assertThat, invalid } from '../../lib/errors.js'
import { inTransaction } from '../../lib/tx.js'
import { hashPassword } from '../auth/passwords.js'
import { isCalendarDate, todayIn } from './demo.calendar.js'
import { ACCOUNTS, ORGANIZATION } from './demo.data.js'
import { buildDemoPlan, type AccountKey } from './demo.plan.js'
import { createDemoQueries } from './demo.queries.js'

export interface DemoLogin {
  role: Role
  email: string
  password: string
  displayName: string
}

/** True once any organization exists, i.e. the installation is no longer empty. */
export async function hasAnyOrganization(db: Db): Promise<boolean> {
  return createDemoQueries(db).anyOrganization()
}

/**
 * Writes the demo organization in one transaction, dated relative to `today` (default: today in
 * the organization's time zone). Refuses, writing nothing, when a demo account or the demo
 * organization already exists. No events are written: the demo is the initial state.
 */
export async function generateDemo(db: Db, options: { today?: string } = {}): Promise<{ orgId: string; logins: DemoLogin[] }> {
  const today = options.today ?? todayIn(ORGANIZATION.timeZone)
  assertThat(isCalendarDate(today), invalid('today', 'must be a calendar date YYYY-MM-DD'))

  // Hashing first keeps the slow part outside the transaction.
  const hashes = await Promise.all(ACCOUNTS.map((a) => hashPassword(a.password)))
  const passwordHashes = Object.fromEntries(ACCOUNTS.map((a, i) => [a.key, hashes[i]!])) as Record<AccountKey, string>
  const plan = buildDemoPlan({ today, passwordHashes })

  return inTransaction(db, async (trx) => {
    const q = createDemoQueries(trx)
    const taken = await q.takenEmails(plan.emails)
    if (taken.length > 0) {
      throw new AppError('user.email_taken', `the demo cannot be generated: these accounts already exist: ${taken.join(', ')}`, [
        { field: 'email', message: `already taken: ${taken.join(', ')}` },
      ])
    }
    if (await q.organizationNamed(ORGANIZATION.name)) {
      throw new AppError('resource.conflict', `the demo cannot be generated: an organization named "${ORGANIZATION.name}" already exists`)
    }
    for (const batch of plan.batches) await q.insertBatch(batch)
    return { orgId: plan.orgId, logins: plan.logins }
  })
}
