/** The admin's users: the organization's accounts (disable, enable), open invitations (revoke) and inviting someone. */
import { useState } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { CreatedInvitation, Invitation, UserSummary } from '../../../src/modules/users/users.schema.js'
import { api } from '../api/client'
import { useSession } from '../api/session'
import { InvitationLink, InviteForm } from '../components/Invite'
import { Badge, ListView, ProblemNotice, type FilterDef } from '../components/List'
import { Page } from '../components/Page'
import { SimpleTable } from '../components/SimpleTable'
import type { Page as PageOf } from '../components/List'
import { dateTime } from '../format'
import { ROLE_LABEL, type Role } from '../nav'

const ROLES = Object.keys(ROLE_LABEL) as Role[]

const FILTERS: FilterDef[] = [
  { kind: 'search', name: 'search', label: 'Search', hint: 'Name or e-mail' },
  { kind: 'multi', name: 'role', label: 'Role', options: ROLES },
]

export default function Users() {
  const session = useSession()
  const queryClient = useQueryClient()
  const [created, setCreated] = useState<CreatedInvitation>()
  const [said, setSaid] = useState('')
  const invitations = useQuery({
    queryKey: ['invitations', 'list'],
    queryFn: ({ signal }) => api<PageOf<Invitation>>('/users/invitations', { query: { pageSize: 100 }, signal }),
  })
  const revoke = useMutation({
    mutationFn: (i: Invitation) => api<null>(`/users/invitations/${i.id}`, { method: 'DELETE' }),
    onSuccess: (_, i) => {
      setSaid(`The invitation for ${i.displayName} was revoked; its link no longer works.`)
      if (created?.id === i.id) setCreated(undefined)
      void queryClient.invalidateQueries({ queryKey: ['invitations'] })
    },
  })
  const toggle = useMutation({
    mutationFn: (u: UserSummary) => api<UserSummary>(`/users/${u.id}`, { method: 'PATCH', body: { disabled: !u.disabled } }),
    onSuccess: (u) => {
      setSaid(u.disabled ? `${u.displayName} is disabled and signed out everywhere.` : `${u.displayName} is enabled and may sign in again.`)
      void queryClient.invalidateQueries({ queryKey: ['users'] })
    },
  })

  return (
    <Page title="Users">
      <p role="status" className="visually-hidden" data-testid="users-said">
        {said}
      </p>
      <ProblemNotice error={toggle.error ?? revoke.error} />

      <section aria-labelledby="users-invite" className="card">
        <h2 id="users-invite">Invite someone</h2>
        {created ? <InvitationLink created={created} /> : null}
        <InviteForm roles={ROLES} onCreated={setCreated} />
      </section>

      <h2>Pending invitations</h2>
      <SimpleTable
        caption="Pending invitations"
        testId="pending-invitations"
        rows={invitations.data?.data}
        rowKey={(i) => i.id}
        empty="No pending invitations."
        columns={[
          { header: 'Name', cell: (i) => i.displayName },
          { header: 'E-mail', cell: (i) => i.email },
          { header: 'Role', cell: (i) => ROLE_LABEL[i.role] },
          { header: 'Expires', cell: (i) => dateTime(i.expiresAt) },
          {
            header: 'Actions',
            cell: (i) => (
              <button type="button" className="button button-small" disabled={revoke.isPending} onClick={() => revoke.mutate(i)} aria-label={`Revoke the invitation for ${i.displayName}`}>
                Revoke
              </button>
            ),
          },
        ]}
      />

      <h2>Accounts</h2>
      <ListView<UserSummary>
        root="users"
        path="/users"
        filters={FILTERS}
        idPrefix="users"
        caption="Accounts"
        rowKey={(u) => u.id}
        columns={[
          { header: 'Name', cell: (u) => u.displayName },
          { header: 'E-mail', cell: (u) => u.email },
          { header: 'Role', cell: (u) => ROLE_LABEL[u.role] },
          { header: 'Status', cell: (u) => (u.disabled ? <Badge value="bad" text="Disabled" /> : <Badge value="good" text="Active" />) },
          {
            header: 'Actions',
            cell: (u) =>
              u.id === session?.user.id ? (
                <span className="hint">You</span>
              ) : (
                <button type="button" className="button button-small" disabled={toggle.isPending} onClick={() => toggle.mutate(u)} aria-label={`${u.disabled ? 'Enable' : 'Disable'} ${u.displayName}`}>
                  {u.disabled ? 'Enable' : 'Disable'}
                </button>
              ),
          },
        ]}
      />
    </Page>
  )
}
