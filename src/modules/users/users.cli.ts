/** Account administration from the command line, so a real deployment can make its first admin. */
import { sql } from 'kysely'
import { z } from 'zod'
import type { Db, Executor, Role } from '../../db/types.js'
import { ROLES } from '../../lib/access.js'
import { AppError } from '../../lib/errors.js'
import { uuidv7 } from '../../lib/ids.js'
import { inTransaction } from '../../lib/tx.js'
import { hashPassword } from '../auth/passwords.js'

const AddUser = z.strictObject({
  email: z.email({ error: 'must be an e-mail address' }),
  password: z.string({ error: 'is required' }).min(10, 'must be at least 10 characters'),
  role: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }),
  org: z.string().trim().min(1).optional(),
  name: z.string().trim().min(1).optional(),
})

/** The named organization, or the only one when no name is given. */
export async function resolveOrganization(db: Executor, name: string | undefined) {
  if (name) {
    const org = await db.selectFrom('organizations').selectAll().where('name', '=', name).executeTakeFirst()
    if (!org) throw new AppError('resource.not_found', `no organization named "${name}"`)
    return org
  }
  const orgs = await db.selectFrom('organizations').selectAll().limit(2).execute()
  if (orgs.length === 1 && orgs[0]) return orgs[0]
  throw new AppError('request.invalid', orgs.length ? 'several organizations exist: name one with --org' : 'no organization exists: create a user with --org NAME first')
}

/** Creates a user; with --org NAME the organization is created when new. Tenants and owners get their record. */
export async function addUser(db: Db, input: Record<string, unknown>) {
  const parsed = AddUser.safeParse(input)
  if (!parsed.success) {
    throw new AppError(
      'request.invalid',
      'invalid user',
      parsed.error.issues.map((i) => ({ field: `--${i.path.join('.')}`, message: i.message })),
    )
  }
  const { email, password, role, org: orgName, name } = parsed.data
  const passwordHash = await hashPassword(password)
  return inTransaction(db, async (trx) => {
    let org = orgName ? await trx.selectFrom('organizations').selectAll().where('name', '=', orgName).executeTakeFirst() : undefined
    if (!org && orgName) {
      org = await trx.insertInto('organizations').values({ id: uuidv7(), name: orgName }).returningAll().executeTakeFirstOrThrow()
    }
    org ??= await resolveOrganization(trx, undefined)
    const taken = await trx.selectFrom('users').select('id').where(sql<string>`lower(email)`, '=', email.toLowerCase()).executeTakeFirst()
    if (taken) throw new AppError('user.email_taken', `an account with e-mail ${email} already exists`)
    const displayName = name ?? email.split('@')[0] ?? email
    const links = await roleRecord(trx, org.id, role, displayName, email)
    const user = await trx
      .insertInto('users')
      .values({ id: uuidv7(), org_id: org.id, email, password_hash: passwordHash, display_name: displayName, role, ...links })
      .returningAll()
      .executeTakeFirstOrThrow()
    return { ...user, orgName: org.name }
  })
}

async function roleRecord(db: Executor, orgId: string, role: Role, displayName: string, email: string) {
  if (role === 'owner') {
    const owner = await db.insertInto('owners').values({ id: uuidv7(), org_id: orgId, name: displayName, email }).returning('id').executeTakeFirstOrThrow()
    return { owner_id: owner.id }
  }
  if (role === 'tenant') {
    const [first, ...last] = displayName.split(/\s+/)
    const tenant = await db
      .insertInto('tenants')
      .values({ id: uuidv7(), org_id: orgId, first_name: first ?? displayName, last_name: last.join(' ') || '-', email })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { tenant_id: tenant.id }
  }
  return {}
}
