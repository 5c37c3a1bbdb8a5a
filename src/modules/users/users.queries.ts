import type { Executor } from '../../db/types.js'
import { userVisible, type Principal } from '../../lib/access.js'
import { likePattern, offsetOf } from '../../lib/paging.js'
import type { UserListQuery } from './users.schema.js'

export function createUserQueries(db: Executor) {
  return {
    async list(p: Principal, q: UserListQuery) {
      const base = db
        .selectFrom('users')
        .where('org_id', '=', p.orgId)
        .where(userVisible(p))
        .$if(!!q.role, (qb) => qb.where('role', 'in', q.role!))
        .$if(!!q.search, (qb) =>
          qb.where((eb) => eb.or([eb(eb.fn('lower', ['display_name']), 'like', likePattern(q.search!)), eb(eb.fn('lower', ['email']), 'like', likePattern(q.search!))])),
        )
      const [rows, total] = await Promise.all([
        base.select(['id', 'display_name', 'email', 'role', 'disabled_at']).orderBy('display_name').orderBy('id').limit(q.pageSize).offset(offsetOf(q)).execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ])
      return { rows, total: Number(total.n) }
    },
  }
}
