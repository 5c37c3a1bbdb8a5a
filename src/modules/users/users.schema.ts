import { z } from 'zod'
import { ROLES } from '../../lib/access.js'
import { listParam, PageQuery } from '../../lib/paging.js'

const timestamp = z.iso.datetime({ offset: true })

/** Days an invitation link stays usable. */
export const INVITATION_DAYS = 7
/** The shortest password an account may have (the CLI asks the same). */
export const PASSWORD_MIN = 10

export const UserListQuery = z.strictObject({
  ...PageQuery.shape,
  role: listParam(z.enum(ROLES)).describe('role[]=technician&role[]=property_manager'),
  search: z.string().trim().max(200).optional().describe('display name or e-mail contains this (any case)'),
  tenantId: z.uuid().optional().describe('the login of this tenant record'),
})
export type UserListQuery = z.infer<typeof UserListQuery>

export const UserSummary = z
  .object({
    id: z.uuid(),
    displayName: z.string(),
    email: z.string(),
    role: z.enum(ROLES),
    disabled: z.boolean(),
    tenantId: z.uuid().nullable().describe('the tenant record of a tenant login'),
    ownerId: z.uuid().nullable().describe('the owner record of an owner login'),
  })
  .meta({ id: 'UserSummary', description: 'an account of the organization, e.g. to choose an assignee' })
export type UserSummary = z.infer<typeof UserSummary>

export const UserParams = z.strictObject({ id: z.uuid() })

export const UpdateUserBody = z
  .strictObject({
    displayName: z.string().trim().min(1).max(200).optional(),
    disabled: z.boolean().optional().describe('true: the account can no longer sign in and its sessions end; false: enabled again'),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'give at least one field to change', when: (payload) => payload.issues.length === 0 })
export type UpdateUserBody = z.infer<typeof UpdateUserBody>

export const CreateInvitationBody = z
  .strictObject({
    email: z.email({ error: 'must be an e-mail address' }).max(320),
    displayName: z.string().trim().min(1, 'required').max(200),
    role: z.enum(ROLES, { error: 'choose a role' }),
    tenantId: z.uuid({ error: 'choose a tenant' }).optional().describe('required for a tenant login: the tenant record it signs in as'),
    ownerId: z.uuid({ error: 'choose an owner' }).optional().describe('required for an owner login: the owner record it signs in as'),
  })
  .superRefine((b, ctx) => {
    for (const [role, key] of [['tenant', 'tenantId'], ['owner', 'ownerId']] as const) {
      if (b.role === role && !b[key]) ctx.addIssue({ code: 'custom', path: [key], message: `required for ${role === 'owner' ? 'an owner' : 'a tenant'} login` })
      if (b.role !== role && b[key]) ctx.addIssue({ code: 'custom', path: [key], message: `only for ${role === 'owner' ? 'an owner' : 'a tenant'} login` })
    }
  })
export type CreateInvitationBody = z.infer<typeof CreateInvitationBody>

export const InvitationListQuery = z.strictObject({
  ...PageQuery.shape,
  tenantId: z.uuid().optional().describe('the open invitation of this tenant record'),
})
export type InvitationListQuery = z.infer<typeof InvitationListQuery>

export const InvitationParams = z.strictObject({ id: z.uuid() })

export const Invitation = z
  .object({
    id: z.uuid(),
    email: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES),
    tenantId: z.uuid().nullable(),
    ownerId: z.uuid().nullable(),
    invitedBy: z.uuid().nullable(),
    expiresAt: timestamp,
    createdAt: timestamp,
  })
  .meta({ id: 'Invitation', description: 'an open invitation to sign up for a role' })
export type Invitation = z.infer<typeof Invitation>

export const CreatedInvitation = Invitation.extend({
  acceptUrl: z.string().describe('the one-time link (/invite/<token>), shown only in this response'),
}).meta({ id: 'CreatedInvitation' })
export type CreatedInvitation = z.infer<typeof CreatedInvitation>

/** A link token: 32 random bytes in base64url. */
export const InvitationTokenParams = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'not an invitation token') })

export const InvitationPreview = z
  .object({
    displayName: z.string(),
    email: z.string(),
    role: z.enum(ROLES),
    organizationName: z.string(),
    expiresAt: timestamp,
  })
  .meta({ id: 'InvitationPreview', description: 'who an invitation link is for' })
export type InvitationPreview = z.infer<typeof InvitationPreview>

export const AcceptInvitationBody = z.strictObject({
  password: z
    .string({ error: (issue) => (issue.input === undefined ? 'required' : 'must be text') })
    .min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`)
    .max(1024, 'must be at most 1024 characters'),
})
