/**
 * Inviting a person to sign up: the form (validated with the API's own schema, server errors on
 * their fields) and the one-time link shown after, with a Copy button.
 */
import { useState } from 'react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { CreateInvitationBody, INVITATION_DAYS, type CreatedInvitation } from '../../../src/modules/users/users.schema.js'
import type { Tenant } from '../../../src/modules/tenants/tenants.schema.js'
import { api } from '../api/client'
import { ROLE_LABEL, type Role } from '../nav'
import { ErrorSummary, SelectField, TextField, optional, useForm, useFormId } from './Form'
import type { Page } from './List'

const LABELS = { email: 'E-mail', displayName: 'Name', role: 'Role', tenantId: 'Tenant', ownerId: 'Owner' }

/** The link of a new invitation, shown once: it is not stored anywhere it could be read again. */
export function InvitationLink({ created }: { created: CreatedInvitation }) {
  const url = `${window.location.origin}${created.acceptUrl}`
  const [said, setSaid] = useState('')
  const id = useFormId('invite-link')
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url)
      setSaid('Link copied.')
    } catch {
      // Clipboard refused (no permission, insecure page): select the text so the keyboard can copy it.
      ;(document.getElementById(id) as HTMLInputElement | null)?.select()
      setSaid('Press Ctrl+C (or ⌘C) to copy the selected link.')
    }
  }
  return (
    <div className="notice notice-success" data-testid="invitation-link">
      <p>
        <strong>{created.displayName}</strong> ({created.email}) is invited as {ROLE_LABEL[created.role].toLowerCase()}. Send them this link: it works once, within{' '}
        {INVITATION_DAYS} days, and is shown only now.
      </p>
      <div className="field">
        <label htmlFor={id}>Invitation link</label>
        <input id={id} type="text" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
      </div>
      <button type="button" className="button" onClick={() => void copy()}>
        Copy link
      </button>{' '}
      <span role="status">{said}</span>
    </div>
  )
}

interface InviteFormProps {
  /** The roles to choose from; one role hides the choice. */
  roles: readonly Role[]
  initial?: { email?: string; displayName?: string; role?: Role; tenantId?: string }
  /** Set when the tenant is given (a tenant's own page): no tenant choice. */
  fixedTenant?: boolean
  submitLabel?: string
  onCreated: (created: CreatedInvitation) => void
}

export function InviteForm({ roles, initial = {}, fixedTenant, submitLabel = 'Send invitation', onCreated }: InviteFormProps) {
  const queryClient = useQueryClient()
  const id = useFormId('invite')
  const form = useForm({ email: initial.email ?? '', displayName: initial.displayName ?? '', role: initial.role ?? roles[0] ?? 'tenant', tenantId: initial.tenantId ?? '', ownerId: '' })
  const [busy, setBusy] = useState(false)
  const role = form.values.role
  const tenants = useQuery({
    queryKey: ['tenants', 'options'],
    queryFn: ({ signal }) => api<Page<Tenant>>('/tenants', { query: { pageSize: 100 }, signal }),
    enabled: role === 'tenant' && !fixedTenant,
    staleTime: 60_000,
  })
  const owners = useQuery({
    queryKey: ['owners', 'invite-options'],
    queryFn: ({ signal }) => api<Page<{ id: string; name: string; email: string | null }>>('/owners', { query: { pageSize: 100 }, signal }),
    enabled: role === 'owner',
    staleTime: 60_000,
  })

  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    const v = form.values
    const body = form.check(CreateInvitationBody, {
      email: v.email.trim(),
      displayName: v.displayName.trim(),
      role: v.role,
      tenantId: v.role === 'tenant' ? optional(v.tenantId) : undefined,
      ownerId: v.role === 'owner' ? optional(v.ownerId) : undefined,
    })
    if (!body) return
    setBusy(true)
    try {
      const created = await api<CreatedInvitation>('/users/invitations', { method: 'POST', body })
      void queryClient.invalidateQueries({ queryKey: ['invitations'] })
      form.setAll({ email: '', displayName: '', role: v.role, tenantId: fixedTenant ? v.tenantId : '', ownerId: '' })
      onCreated(created)
    } catch (error) {
      form.fail(error)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label="Invite someone">
      <ErrorSummary form={form} labels={LABELS} idPrefix={id} />
      <TextField form={form} idPrefix={id} name="displayName" label="Name" autoComplete="off" required />
      <TextField form={form} idPrefix={id} name="email" label="E-mail" type="email" autoComplete="off" required />
      {roles.length > 1 ? (
        <SelectField form={form} idPrefix={id} name="role" label="Role" required options={roles.map((r) => ({ value: r, label: ROLE_LABEL[r] }))} />
      ) : null}
      {role === 'tenant' && !fixedTenant ? (
        <SelectField
          form={form}
          idPrefix={id}
          name="tenantId"
          label="Tenant"
          hint="The tenant record this login belongs to"
          required
          options={[
            { value: '', label: tenants.data ? 'Choose a tenant' : 'Loading tenants…' },
            ...(tenants.data?.data ?? []).map((t) => ({ value: t.id, label: `${t.lastName}, ${t.firstName}${t.email ? ` (${t.email})` : ''}` })),
          ]}
        />
      ) : null}
      {role === 'owner' ? (
        <SelectField
          form={form}
          idPrefix={id}
          name="ownerId"
          label="Owner"
          hint="The owner record this login belongs to"
          required
          options={[{ value: '', label: owners.data ? 'Choose an owner' : 'Loading owners…' }, ...(owners.data?.data ?? []).map((o) => ({ value: o.id, label: o.email ? `${o.name} (${o.email})` : o.name }))]}
        />
      ) : null}
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? 'Sending…' : submitLabel}
      </button>
    </form>
  )
}
