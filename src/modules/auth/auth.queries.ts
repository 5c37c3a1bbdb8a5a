import { sql } from 'kysely'
import type { Executor } from '../../db/types.js'

export function createAuthQueries(db: Executor) {
  return {
    userByEmail: (email: string) =>
      db.selectFrom('users').selectAll().where(sql<string>`lower(email)`, '=', email.toLowerCase()).executeTakeFirst(),

    insertSession: (row: { id: string; org_id: string; user_id: string; refresh_hash: string; expires_at: Date }) =>
      db.insertInto('sessions').values(row).execute(),

    /** The live session and its user, or nothing when revoked, expired or the user is disabled. */
    activeSession: (sessionId: string) =>
      db
        .selectFrom('sessions as s')
        .innerJoin('users as u', (j) => j.onRef('u.org_id', '=', 's.org_id').onRef('u.id', '=', 's.user_id'))
        .select(['s.id as session_id', 'u.id', 'u.org_id', 'u.email', 'u.display_name', 'u.role', 'u.tenant_id', 'u.owner_id'])
        .where('s.id', '=', sessionId)
        .where('s.revoked_at', 'is', null)
        .where('s.expires_at', '>', sql<Date>`now()`)
        .where('u.disabled_at', 'is', null)
        .executeTakeFirst(),

    sessionByRefreshHash: (hash: string) =>
      db.selectFrom('sessions').selectAll().where('refresh_hash', '=', hash).executeTakeFirst(),

    /** Swaps the refresh hash only if it is still the one presented, so a token rotates once. */
    rotateRefresh: (sessionId: string, oldHash: string, newHash: string, expiresAt: Date) =>
      db
        .updateTable('sessions')
        .set({ refresh_hash: newHash, expires_at: expiresAt })
        .where('id', '=', sessionId)
        .where('refresh_hash', '=', oldHash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst(),

    /** Records a hash the session rotated away from, so presenting it again is recognised as reuse. */
    retireRefresh: (sessionId: string, hash: string) =>
      db.insertInto('retired_refresh_tokens').values({ hash, session_id: sessionId }).onConflict((oc) => oc.column('hash').doNothing()).execute(),

    /** The session a retired refresh hash belonged to, if any. */
    sessionOfRetired: (hash: string) =>
      db.selectFrom('retired_refresh_tokens as r').innerJoin('sessions as s', 's.id', 'r.session_id').select(['s.id']).where('r.hash', '=', hash).executeTakeFirst(),

    revokeSession: (sessionId: string) =>
      db.updateTable('sessions').set({ revoked_at: sql<Date>`now()` }).where('id', '=', sessionId).where('revoked_at', 'is', null).execute(),

    organization: (orgId: string) => db.selectFrom('organizations').select(['id', 'name', 'time_zone']).where('id', '=', orgId).executeTakeFirst(),

    setting: (key: string) => db.selectFrom('instance_settings').select('value').where('key', '=', key).executeTakeFirst(),

    insertSettingIfAbsent: (key: string, value: string) =>
      db.insertInto('instance_settings').values({ key, value }).onConflict((oc) => oc.column('key').doNothing()).execute(),
  }
}
