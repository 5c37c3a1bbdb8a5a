import type { Executor } from '../../db/types.js'
import { requireRole, type Principal } from '../../lib/access.js'
import type { Page } from '../../lib/paging.js'
import { createUserQueries } from './users.queries.js'
import type { UserListQuery, UserSummary } from './users.schema.js'

/** Accounts of the caller's organization within their scope, for staff choosing assignees and managers. */
export function createUserService(db: Executor) {
  const q = createUserQueries(db)
  return {
    async list(p: Principal, query: UserListQuery): Promise<Page<UserSummary>> {
      requireRole(p, 'admin', 'property_manager')
      const { rows, total } = await q.list(p, query)
      return {
        data: rows.map((r) => ({ id: r.id, displayName: r.display_name, email: r.email, role: r.role, disabled: r.disabled_at !== null })),
        page: query.page,
        pageSize: query.pageSize,
        total,
      }
    },
  }
}
