import { z } from 'zod'
import { ROLES } from '../../lib/access.js'
import { calendarDate } from '../../lib/input.js'

export const Role = z.enum(ROLES)

export const LoginBody = z.strictObject({
  email: z.email().max(320),
  password: z.string().min(1).max(1024),
})

export const RefreshBody = z.strictObject({
  refreshToken: z.string().min(20).max(512),
})

export const CurrentUser = z.object({
  id: z.uuid(),
  orgId: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: Role,
  tenantId: z.uuid().nullable(),
  ownerId: z.uuid().nullable(),
})
export type CurrentUser = z.infer<typeof CurrentUser>

/** The signed-in user with their organization: its time zone and the calendar day it is there now. */
export const Me = CurrentUser.extend({
  organization: z.object({
    id: z.uuid(),
    name: z.string(),
    timeZone: z.string().describe('IANA time zone'),
    today: calendarDate.describe("the organization's calendar date now, in its time zone"),
  }),
})
export type Me = z.infer<typeof Me>

export const TokenPair = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().describe('seconds until the access token expires'),
  refreshToken: z.string(),
  user: CurrentUser,
})
