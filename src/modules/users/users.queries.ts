import { sql, type ExpressionBuilder } from 'kysely'
import type { DB, Executor, NewRow, RowPatch } from '../../db/types.js'
import { tenantVisible, userVisible, visiblePropertyIds, type Principal } from '../../lib/access.js'
import { likePattern, offsetOf } from '../../lib/paging.js'
import type { InvitationListQuery, UserListQuery } from './users.schema.js'

/** An invitation that can still be accepted: not used, not revoked, not expired. */
const pending = (eb: ExpressionBuilder<DB, 'user_invitations'>) =>
  eb.and([eb('user_invitations.accepted_at', 'is', null), eb('user_invitations.revoked_at', 'is', null), eb('user_invitations.expires_at', '>', sql<Date>`now()`)])

/** The invitations the caller administers: all of the organization for an admin, tenant logins of their tenants for a manager. */
const invitationVisible = (p: Principal) => (eb: ExpressionBuilder<DB, 'user_invitations'>) =>
  p.role === 'admin' ? eb.lit(true) : eb.and([eb('user_invitations.role', '=', 'tenant'), tenantVisible(p, 'user_invitations.tenant_id')])

export function createUserQueries(db: Executor) {
  return {
    async list(p: Principal, q: UserListQuery) {
      const base = db
        .selectFrom('users')
        .where('org_id', '=', p.orgId)
        .where(userVisible(p))
        .$if(!!q.role, (qb) => qb.where('role', 'in', q.role!))
        .$if(!!q.tenantId, (qb) => qb.where('tenant_id', '=', q.tenantId!))
        .$if(!!q.search, (qb) =>
          qb.where((eb) => eb.or([eb(eb.fn('lower', ['display_name']), 'like', likePattern(q.search!)), eb(eb.fn('lower', ['email']), 'like', likePattern(q.search!))])),
        )
      const [rows, total] = await Promise.all([
        base.select(['id', 'display_name', 'email', 'role', 'disabled_at', 'tenant_id', 'owner_id']).orderBy('display_name').orderBy('id').limit(q.pageSize).offset(offsetOf(q)).execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ])
      return { rows, total: Number(total.n) }
    },

    byId: (orgId: string, id: string) => db.selectFrom('users').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst(),

    update: (orgId: string, id: string, patch: RowPatch<'users'>) =>
      db.updateTable('users').set({ ...patch, updated_at: sql<Date>`now()` }).where('org_id', '=', orgId).where('id', '=', id).returningAll().executeTakeFirstOrThrow(),

    /** Ends every live session of the user: their refresh tokens stop working, and so do access tokens at the next check. */
    revokeSessions: (orgId: string, userId: string) =>
      db.updateTable('sessions').set({ revoked_at: sql<Date>`now()` }).where('org_id', '=', orgId).where('user_id', '=', userId).where('revoked_at', 'is', null).execute(),

    emailTaken: (email: string) =>
      db.selectFrom('users').select('id').where(sql<string>`lower(email)`, '=', email.toLowerCase()).executeTakeFirst(),

    loginOfTenant: (orgId: string, tenantId: string) =>
      db.selectFrom('users').select('id').where('org_id', '=', orgId).where('tenant_id', '=', tenantId).executeTakeFirst(),

    /** The tenant, if the caller may reach it. */
    visibleTenant: (p: Principal, tenantId: string) =>
      db.selectFrom('tenants').select(['id', 'email']).where('org_id', '=', p.orgId).where('id', '=', tenantId).where(tenantVisible(p, 'tenants.id')).executeTakeFirst(),

    /** A lease of the tenant, of any status, on a property the caller does not reach: a login would see it. */
    leaseBeyondReach: (p: Principal, tenantId: string) =>
      db
        .selectFrom('lease_tenants as lt')
        .innerJoin('leases as l', (j) => j.onRef('l.org_id', '=', 'lt.org_id').onRef('l.id', '=', 'lt.lease_id'))
        .innerJoin('units as u', (j) => j.onRef('u.org_id', '=', 'l.org_id').onRef('u.id', '=', 'l.unit_id'))
        .select('l.id')
        .where('lt.org_id', '=', p.orgId)
        .where('lt.tenant_id', '=', tenantId)
        .where('u.property_id', 'not in', visiblePropertyIds(p))
        .executeTakeFirst(),

    /** The open invitations a user sent, closed when the account is disabled. */
    revokeInvitationsBy: (orgId: string, userId: string) =>
      db
        .updateTable('user_invitations')
        .set({ revoked_at: sql<Date>`now()` })
        .where('org_id', '=', orgId)
        .where('invited_by', '=', userId)
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .execute(),

    /** The accounts of an organization's admins that are still enabled, locked in id order. */
    lockEnabledAdmins: (orgId: string) =>
      db.selectFrom('users').select('id').where('org_id', '=', orgId).where('role', '=', 'admin').where('disabled_at', 'is', null).orderBy('id').forUpdate().execute(),

    owner: (orgId: string, ownerId: string) => db.selectFrom('owners').select('id').where('org_id', '=', orgId).where('id', '=', ownerId).executeTakeFirst(),

    /** Past-due invitations of an address, or of the tenant record, are closed, so either may be invited again. */
    closeExpired: (email: string, tenant?: { orgId: string; tenantId: string }) =>
      db
        .updateTable('user_invitations')
        .set({ revoked_at: sql<Date>`now()` })
        .where((eb) =>
          tenant
            ? eb.or([eb(sql<string>`lower(email)`, '=', email.toLowerCase()), eb.and([eb('org_id', '=', tenant.orgId), eb('tenant_id', '=', tenant.tenantId)])])
            : eb(sql<string>`lower(email)`, '=', email.toLowerCase()),
        )
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '<=', sql<Date>`now()`)
        .execute(),

    pendingInvitationFor: (email: string) =>
      db.selectFrom('user_invitations').select('id').where(sql<string>`lower(email)`, '=', email.toLowerCase()).where(pending).executeTakeFirst(),

    pendingInvitationOfTenant: (orgId: string, tenantId: string) =>
      db.selectFrom('user_invitations').select('id').where('org_id', '=', orgId).where('tenant_id', '=', tenantId).where(pending).executeTakeFirst(),

    insertInvitation: (row: Omit<NewRow<'user_invitations'>, 'expires_at'>, days: number) =>
      db
        .insertInto('user_invitations')
        .values({ ...row, expires_at: sql<Date>`now() + make_interval(days => ${days})` })
        .returningAll()
        .executeTakeFirstOrThrow(),

    async invitations(p: Principal, q: InvitationListQuery) {
      const base = db
        .selectFrom('user_invitations')
        .where('org_id', '=', p.orgId)
        .where(pending)
        .where(invitationVisible(p))
        .$if(!!q.tenantId, (qb) => qb.where('tenant_id', '=', q.tenantId!))
      const [rows, total] = await Promise.all([
        base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.pageSize).offset(offsetOf(q)).execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ])
      return { rows, total: Number(total.n) }
    },

    revokeInvitation: (p: Principal, id: string) =>
      db
        .updateTable('user_invitations')
        .set({ revoked_at: sql<Date>`now()` })
        .where('org_id', '=', p.orgId)
        .where('id', '=', id)
        .where(pending)
        .where(invitationVisible(p))
        .returning(['id', 'org_id'])
        .executeTakeFirst(),

    /** The invitation of a token hash with its organization's name, whatever its state. */
    invitationByHash: (hash: string) =>
      db
        .selectFrom('user_invitations as i')
        .innerJoin('organizations as o', 'o.id', 'i.org_id')
        .selectAll('i')
        .select(['o.name as organization_name', sql<boolean>`i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()`.as('usable')])
        .where('i.token_hash', '=', hash)
        .executeTakeFirst(),

    /**
     * Marks the pending invitation of a token hash used and returns it; nothing when it is not
     * pending. Two accepts at once: the second waits for the first's row lock, then finds it used.
     */
    claimInvitation: (hash: string) =>
      db
        .updateTable('user_invitations')
        .set({ accepted_at: sql<Date>`now()` })
        .where('token_hash', '=', hash)
        .where(pending)
        .returningAll()
        .executeTakeFirst(),

    setAcceptedUser: (orgId: string, id: string, userId: string) =>
      db.updateTable('user_invitations').set({ accepted_user_id: userId }).where('org_id', '=', orgId).where('id', '=', id).execute(),

    insertUser: (row: NewRow<'users'>) => db.insertInto('users').values(row).returningAll().executeTakeFirstOrThrow(),
  }
}
