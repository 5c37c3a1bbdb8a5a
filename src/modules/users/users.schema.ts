import { z } from 'zod'
import { ROLES } from '../../lib/access.js'
import { listParam, PageQuery } from '../../lib/paging.js'

export const UserListQuery = z.strictObject({
  ...PageQuery.shape,
  role: listParam(z.enum(ROLES)).describe('role[]=technician&role[]=property_manager'),
  search: z.string().trim().max(200).optional().describe('display name or e-mail contains this (any case)'),
})
export type UserListQuery = z.infer<typeof UserListQuery>

export const UserSummary = z
  .object({ id: z.uuid(), displayName: z.string(), email: z.string(), role: z.enum(ROLES), disabled: z.boolean() })
  .meta({ id: 'UserSummary', description: 'an account of the organization, e.g. to choose an assignee' })
export type UserSummary = z.infer<typeof UserSummary>
