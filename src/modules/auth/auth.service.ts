/** Sign-in, tokens and sessions: short-lived JWT access tokens, rotating refresh tokens, revocable sessions. */
import { createHash, randomBytes } from 'node:crypto'
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose'
import type { Executor, Row } from '../../db/types.js'
import type { Principal } from '../../lib/access.js'
import { AppError } from '../../lib/errors.js'
import { appendEvent } from '../../lib/events.js'
import { uuidv7 } from '../../lib/ids.js'
import { inTransaction } from '../../lib/tx.js'
import { createAuthQueries } from './auth.queries.js'
import { verifyPassword } from './passwords.js'
import { todayIn } from '../ledger/dates.js'
import type { CurrentUser, Me } from './auth.schema.js'

export interface AuthSettings {
  secret: Uint8Array
  accessTtlSeconds: number
  refreshTtlSeconds: number
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')

/** The signing secret: the configured one, or one generated once per installation and kept in the database. */
export async function resolveSecret(db: Executor, configured: string | undefined): Promise<Uint8Array> {
  if (configured) return new TextEncoder().encode(configured)
  const q = createAuthQueries(db)
  await q.insertSettingIfAbsent('jwt_secret', randomBytes(48).toString('base64url'))
  const row = await q.setting('jwt_secret')
  if (!row) throw new Error('token secret could not be stored')
  return new TextEncoder().encode(row.value)
}

export const toCurrentUser = (p: Principal): CurrentUser => ({
  id: p.userId,
  orgId: p.orgId,
  email: p.email,
  displayName: p.displayName,
  role: p.role,
  tenantId: p.tenantId,
  ownerId: p.ownerId,
})

export function createAuthService(db: Executor, settings: AuthSettings) {
  const q = createAuthQueries(db)

  const issueAccessToken = (p: Principal) =>
    new SignJWT({ org: p.orgId, role: p.role, sid: p.sessionId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(p.userId)
      .setIssuedAt()
      .setExpirationTime(`${settings.accessTtlSeconds}s`)
      .sign(settings.secret)

  const tokenPair = async (p: Principal, refreshToken: string) => ({
    accessToken: await issueAccessToken(p),
    tokenType: 'Bearer' as const,
    expiresIn: settings.accessTtlSeconds,
    refreshToken,
    user: toCurrentUser(p),
  })

  const principalOf = (row: NonNullable<Awaited<ReturnType<typeof q.activeSession>>>): Principal => ({
    userId: row.id,
    orgId: row.org_id,
    role: row.role,
    email: row.email,
    displayName: row.display_name,
    tenantId: row.tenant_id,
    ownerId: row.owner_id,
    sessionId: row.session_id,
  })

  /** Revokes the session; once dispatched, real time drops its sockets on every node. */
  const endSession = async (sessionId: string): Promise<void> => {
    await inTransaction(db, async (trx) => {
      const tq = createAuthQueries(trx)
      const session = await tq.activeSession(sessionId)
      await tq.revokeSession(sessionId)
      if (session) await appendEvent(trx, { orgId: session.org_id, topic: 'user', action: 'updated', entityId: session.id, actorId: session.id, payload: { userId: session.id, sessionId } })
    })
  }

  /** A new session for a user who has just proven who they are: the sign-in answer. */
  const startSession = async (user: Row<'users'>) => {
    const refreshToken = randomBytes(32).toString('base64url')
    const sessionId = uuidv7()
    await q.insertSession({
      id: sessionId,
      org_id: user.org_id,
      user_id: user.id,
      refresh_hash: sha256(refreshToken),
      expires_at: new Date(Date.now() + settings.refreshTtlSeconds * 1000),
    })
    const principal: Principal = {
      userId: user.id,
      orgId: user.org_id,
      role: user.role,
      email: user.email,
      displayName: user.display_name,
      tenantId: user.tenant_id,
      ownerId: user.owner_id,
      sessionId,
    }
    return tokenPair(principal, refreshToken)
  }

  return {
    async login(email: string, password: string) {
      const user = await q.userByEmail(email)
      // The same error, and a hash computed either way, whether the e-mail exists or not.
      const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH)
      if (!user || !ok) throw new AppError('auth.invalid_credentials', 'e-mail or password is wrong')
      // Said only to someone who knows the password: the account exists, and an admin can enable it again.
      if (user.disabled_at) throw new AppError('auth.account_disabled', 'this account is disabled: ask an administrator of your organization to enable it')
      return startSession(user)
    },

    startSession,

    async refresh(refreshToken: string) {
      const hash = sha256(refreshToken)
      const session = await q.sessionByRefreshHash(hash)
      if (!session) {
        // A token the session already rotated away from was copied: whoever holds the newer one may be the thief, so end the session.
        const reused = await q.sessionOfRetired(hash)
        if (reused) await endSession(reused.id)
        throw new AppError('auth.unauthenticated', 'the refresh token is not valid')
      }
      const live = !session.revoked_at && session.expires_at > new Date() ? await q.activeSession(session.id) : undefined
      if (!live) throw new AppError('auth.unauthenticated', 'the refresh token is not valid')
      const next = randomBytes(32).toString('base64url')
      const rotated = await inTransaction(db, async (trx) => {
        const tq = createAuthQueries(trx)
        const done = await tq.rotateRefresh(session.id, hash, sha256(next), new Date(Date.now() + settings.refreshTtlSeconds * 1000))
        if (done.numUpdatedRows > 0n) await tq.retireRefresh(session.id, hash)
        return done.numUpdatedRows > 0n
      })
      if (!rotated) throw new AppError('auth.unauthenticated', 'the refresh token is not valid')
      return tokenPair(principalOf(live), next)
    },

    logout: endSession,

    /** The caller and their organization, with the organization's today for the web app's date defaults. */
    async me(p: Principal, now: Date = new Date()): Promise<Me> {
      const org = await q.organization(p.orgId)
      if (!org) throw new AppError('auth.unauthenticated', 'the organization no longer exists')
      return { ...toCurrentUser(p), organization: { id: org.id, name: org.name, timeZone: org.time_zone, today: todayIn(org.time_zone, now) } }
    },

    /** Verifies an access token and that its session is still live; the principal, or a 401. */
    async authenticate(token: string): Promise<Principal & { expiresAt: number }> {
      let sid: unknown
      let exp: number | undefined
      try {
        const { payload } = await jwtVerify(token, settings.secret, { algorithms: ['HS256'] })
        sid = payload.sid
        exp = payload.exp
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired) throw new AppError('auth.token_expired', 'the access token has expired')
        throw new AppError('auth.unauthenticated', 'the access token is not valid')
      }
      const row = typeof sid === 'string' ? await q.activeSession(sid) : undefined
      if (!row) throw new AppError('auth.unauthenticated', 'the session has ended')
      return { ...principalOf(row), expiresAt: (exp ?? 0) * 1000 }
    },
  }
}

export type AuthService = ReturnType<typeof createAuthService>

// A valid hash of a random password, verified when the e-mail is unknown so timing does not tell.
const DUMMY_HASH =
  'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$Wm9vYmFyV29vYmFyV29vYmFyV29vYmFyV29vYmFyMDA'
