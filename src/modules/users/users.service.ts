/** Accounts of an organization: the directory, invitations to sign up for a role, and the admin's changes to accounts. */
import { createHash, randomBytes } from 'node:crypto'
import type { Executor, Row } from '../../db/types.js'
import { requireRole, type Principal } from '../../lib/access.js'
import { AppError, assertThat, forbidden, invalid, notFound } from '../../lib/errors.js'
import { appendEvent } from '../../lib/events.js'
import { uuidv7 } from '../../lib/ids.js'
import type { Page } from '../../lib/paging.js'
import { inTransaction } from '../../lib/tx.js'
import { hashPassword } from '../auth/passwords.js'
import { createUserQueries } from './users.queries.js'
import {
  INVITATION_DAYS,
  type CreateInvitationBody,
  type CreatedInvitation,
  type Invitation,
  type InvitationListQuery,
  type InvitationPreview,
  type UpdateUserBody,
  type UserListQuery,
  type UserSummary,
} from './users.schema.js'

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')

const toUserSummary = (r: Pick<Row<'users'>, 'id' | 'display_name' | 'email' | 'role' | 'disabled_at' | 'tenant_id' | 'owner_id'>): UserSummary => ({
  id: r.id,
  displayName: r.display_name,
  email: r.email,
  role: r.role,
  disabled: r.disabled_at !== null,
  tenantId: r.tenant_id,
  ownerId: r.owner_id,
})

const toInvitation = (r: Row<'user_invitations'>): Invitation => ({
  id: r.id,
  email: r.email,
  displayName: r.display_name,
  role: r.role,
  tenantId: r.tenant_id,
  ownerId: r.owner_id,
  invitedBy: r.invited_by,
  expiresAt: new Date(r.expires_at).toISOString(),
  createdAt: new Date(r.created_at).toISOString(),
})

const gone = () => new AppError('invitation.gone', 'this invitation has expired or was already used')
const unknownInvitation = () => notFound('invitation')

export function createUserService(db: Executor) {
  const q = createUserQueries(db)
  return {
    /** Accounts of the caller's organization within their scope, for staff choosing assignees and managers. */
    async list(p: Principal, query: UserListQuery): Promise<Page<UserSummary>> {
      requireRole(p, 'admin', 'property_manager')
      const { rows, total } = await q.list(p, query)
      return { data: rows.map(toUserSummary), page: query.page, pageSize: query.pageSize, total }
    },

    /** The admin renames an account or disables it (its sessions end at once) or enables it again. */
    async update(p: Principal, id: string, body: UpdateUserBody): Promise<UserSummary> {
      requireRole(p, 'admin')
      return inTransaction(db, async (trx) => {
        const tq = createUserQueries(trx)
        // The admins' rows are locked first: two admins disabling each other at once are taken in
        // turn, and the second finds itself disabled, so an organization always keeps an admin.
        const admins = await tq.lockEnabledAdmins(p.orgId)
        if (!admins.some((a) => a.id === p.userId)) throw new AppError('auth.unauthenticated', 'this account is disabled')
        const user = await tq.byId(p.orgId, id)
        assertThat(user, () => notFound('user'))
        if (body.disabled === true && id === p.userId) {
          throw new AppError('user.cannot_disable_self', 'you cannot disable your own account', [{ field: 'body.disabled', message: 'you cannot disable your own account' }])
        }
        const disabling = body.disabled === true && user.disabled_at === null
        const row = await tq.update(p.orgId, id, {
          ...(body.displayName !== undefined ? { display_name: body.displayName } : {}),
          ...(body.disabled === undefined ? {} : body.disabled ? (disabling ? { disabled_at: new Date() } : {}) : { disabled_at: null }),
        })
        if (disabling) {
          await tq.revokeSessions(p.orgId, id)
          // What they sent out stops working with them.
          await tq.revokeInvitationsBy(p.orgId, id)
        }
        // Real time re-checks the user's sockets on this event: a disabled account's stop getting events.
        await appendEvent(trx, { orgId: p.orgId, topic: 'user', action: 'updated', entityId: id, actorId: p.userId, payload: { userId: id } })
        return toUserSummary(row)
      })
    },

    /**
     * Invites a person to a role. An admin may invite any role; a manager only a tenant login for
     * a tenant they reach. The token is shown once, in the answer; only its hash is kept.
     */
    async invite(p: Principal, body: CreateInvitationBody): Promise<CreatedInvitation> {
      requireRole(p, 'admin', 'property_manager')
      if (p.role !== 'admin' && body.role !== 'tenant') throw forbidden('a property manager may invite tenants only')
      const token = randomBytes(32).toString('base64url')
      return inTransaction(db, async (trx) => {
        const tq = createUserQueries(trx)
        if (body.tenantId) {
          const tenant = await tq.visibleTenant(p, body.tenantId)
          assertThat(tenant, () => invalid('body.tenantId', 'no such tenant'))
          if (await tq.loginOfTenant(p.orgId, body.tenantId)) {
            throw new AppError('user.has_login', 'this tenant already has a login', [{ field: 'body.tenantId', message: 'this tenant already has a login' }])
          }
          if (p.role !== 'admin') {
            // A login sees all of the tenant's leases: a manager gives one only to a tenant wholly on their
            // properties, and only at the address on the tenant's record, never at one of their own choosing.
            if (await tq.leaseBeyondReach(p, body.tenantId)) {
              throw forbidden('this tenant has a lease on a property you do not manage: an admin can invite them')
            }
            if (!tenant.email || tenant.email.toLowerCase() !== body.email.toLowerCase()) {
              throw invalid('body.email', tenant.email ? "must be the e-mail on the tenant's record" : "the tenant's record has no e-mail: add it first")
            }
          }
        }
        if (body.ownerId) assertThat(await tq.owner(p.orgId, body.ownerId), () => invalid('body.ownerId', 'no such owner'))
        await tq.closeExpired(body.email, body.tenantId ? { orgId: p.orgId, tenantId: body.tenantId } : undefined)
        if (await tq.emailTaken(body.email)) {
          throw new AppError('user.email_taken', 'an account with this e-mail already exists', [{ field: 'body.email', message: 'an account with this e-mail already exists' }])
        }
        if (await tq.pendingInvitationFor(body.email)) {
          throw new AppError('user.email_taken', 'this e-mail address already has an open invitation', [{ field: 'body.email', message: 'this e-mail address already has an open invitation' }])
        }
        if (body.tenantId && (await tq.pendingInvitationOfTenant(p.orgId, body.tenantId))) {
          throw new AppError('user.has_login', 'this tenant already has an open invitation', [{ field: 'body.tenantId', message: 'this tenant already has an open invitation' }])
        }
        const row = await tq.insertInvitation(
          {
            id: uuidv7(),
            org_id: p.orgId,
            email: body.email,
            display_name: body.displayName,
            role: body.role,
            tenant_id: body.tenantId ?? null,
            owner_id: body.ownerId ?? null,
            token_hash: sha256(token),
            invited_by: p.userId,
          },
          INVITATION_DAYS,
        )
        await appendEvent(trx, { orgId: p.orgId, topic: 'user', action: 'created', entityId: row.id, actorId: p.userId, payload: { invitationId: row.id } })
        return { ...toInvitation(row), acceptUrl: `/invite/${token}` }
      })
    },

    async invitations(p: Principal, query: InvitationListQuery): Promise<Page<Invitation>> {
      requireRole(p, 'admin', 'property_manager')
      const { rows, total } = await q.invitations(p, query)
      return { data: rows.map(toInvitation), page: query.page, pageSize: query.pageSize, total }
    },

    async revoke(p: Principal, id: string): Promise<void> {
      requireRole(p, 'admin', 'property_manager')
      await inTransaction(db, async (trx) => {
        const row = await createUserQueries(trx).revokeInvitation(p, id)
        assertThat(row, unknownInvitation)
        await appendEvent(trx, { orgId: p.orgId, topic: 'user', action: 'deleted', entityId: id, actorId: p.userId, payload: { invitationId: id } })
      })
    },

    /** Who a link invites, for the page that asks for a password: 404 unknown, 410 used, revoked or expired. */
    async preview(token: string): Promise<InvitationPreview> {
      const row = await q.invitationByHash(sha256(token))
      assertThat(row, unknownInvitation)
      assertThat(row.usable, gone)
      return { displayName: row.display_name, email: row.email, role: row.role, organizationName: row.organization_name, expiresAt: new Date(row.expires_at).toISOString() }
    },

    /** Creates the invited account and uses the invitation up, in one transaction; the account, or 404/410/409. */
    async accept(token: string, password: string): Promise<Row<'users'>> {
      const hash = sha256(token)
      const passwordHash = await hashPassword(password)
      return inTransaction(db, async (trx) => {
        const tq = createUserQueries(trx)
        const invitation = await tq.claimInvitation(hash)
        if (!invitation) throw (await tq.invitationByHash(hash)) ? gone() : unknownInvitation()
        if (invitation.tenant_id && (await tq.loginOfTenant(invitation.org_id, invitation.tenant_id))) {
          throw new AppError('user.has_login', 'this tenant already has a login')
        }
        const user = await tq.insertUser({
          id: uuidv7(),
          org_id: invitation.org_id,
          email: invitation.email,
          password_hash: passwordHash,
          display_name: invitation.display_name,
          role: invitation.role,
          tenant_id: invitation.tenant_id,
          owner_id: invitation.owner_id,
        })
        await tq.setAcceptedUser(invitation.org_id, invitation.id, user.id)
        await appendEvent(trx, { orgId: invitation.org_id, topic: 'user', action: 'created', entityId: user.id, actorId: user.id, payload: { userId: user.id, invitationId: invitation.id } })
        return user
      })
    },
  }
}

export type UserService = ReturnType<typeof createUserService>
