/** The public page of an invitation link: who is invited to which organization, then a password, then signed in. */
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { useQuery } from '@tanstack/react-query'
import { AcceptInvitationBody, type InvitationPreview } from '../../../src/modules/users/users.schema.js'
import { acceptInvitation, ApiError } from '../api/client'
import { ErrorSummary, TextField, useForm, useFormId } from '../components/Form'
import { Page } from '../components/Page'
import { HOME, ROLE_LABEL } from '../nav'

const LABELS = { password: 'Password', confirm: 'Password again' }

async function previewOf(token: string, signal: AbortSignal): Promise<InvitationPreview> {
  const res = await fetch(`/api/v1/auth/invitations/${encodeURIComponent(token)}`, { signal })
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { code?: string; detail?: string }
    throw new ApiError(res.status, body.code ?? `http.${res.status}`, body.detail ?? res.statusText)
  }
  return (await res.json()) as InvitationPreview
}

function Unusable({ error }: { error: unknown }) {
  const status = error instanceof ApiError ? error.status : 0
  const message =
    status === 410
      ? 'This invitation has expired or was already used. Ask whoever invited you for a new link, or sign in if you have set your password.'
      : status === 404 || status === 400
        ? 'This invitation link is not valid. Check that you copied all of it, or ask for a new one.'
        : status === 429
          ? 'Too many attempts. Please wait a minute and try again.'
          : 'The invitation could not be loaded. Please try again.'
  return (
    <>
      <p className="notice notice-warning" role="alert" data-testid="invite-unusable">
        {message}
      </p>
      <p>
        <Link to="/sign-in">Go to sign-in</Link>
      </p>
    </>
  )
}

export default function Invite() {
  const { token = '' } = useParams()
  const navigate = useNavigate()
  const id = useFormId('invite-accept')
  const form = useForm({ password: '', confirm: '' })
  const [busy, setBusy] = useState(false)
  const [failed, setFailed] = useState<unknown>()
  const invitation = useQuery({ queryKey: ['invitation', token], queryFn: ({ signal }) => previewOf(token, signal), retry: false, staleTime: Infinity })
  const inv = invitation.data

  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    const body = form.check(AcceptInvitationBody, { password: form.values.password })
    if (!body) return
    if (form.values.confirm !== form.values.password) {
      form.fail(new ApiError(400, 'request.invalid', 'the passwords differ', [{ field: 'body.confirm', message: 'does not match the password' }]))
      return
    }
    setBusy(true)
    try {
      const session = await acceptInvitation(token, body.password)
      void navigate(HOME[session.user.role], { replace: true })
    } catch (error) {
      if (error instanceof ApiError && (error.status === 410 || error.status === 404)) setFailed(error)
      else form.fail(error)
      setBusy(false)
    }
  }

  return (
    <div className="signin">
      <main id="main" className="signin-card">
        <p className="brand brand-dark">TMS</p>
        <Page title="Accept your invitation">
          {invitation.isPending ? <p role="status">Loading the invitation…</p> : null}
          {invitation.error || failed ? <Unusable error={failed ?? invitation.error} /> : null}
          {inv && !failed ? (
            <>
              <p data-testid="invite-who">
                <strong>{inv.displayName}</strong> ({inv.email}), you are invited to <strong>{inv.organizationName}</strong> as {ROLE_LABEL[inv.role].toLowerCase()}.
                Choose a password to finish.
              </p>
              <form onSubmit={(e) => void submit(e)} noValidate>
                <ErrorSummary form={form} labels={LABELS} idPrefix={id} />
                <input type="email" name="username" autoComplete="username" value={inv.email} readOnly hidden />
                <TextField form={form} idPrefix={id} name="password" label="Password" type="password" autoComplete="new-password" hint="At least 10 characters" required />
                <TextField form={form} idPrefix={id} name="confirm" label="Password again" type="password" autoComplete="new-password" required />
                <button type="submit" className="button button-primary" disabled={busy}>
                  {busy ? 'Setting up…' : 'Set password and sign in'}
                </button>
              </form>
            </>
          ) : null}
        </Page>
      </main>
    </div>
  )
}
