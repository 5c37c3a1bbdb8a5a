/** Sign-in: validated with the API's LoginBody; tells why the last session ended. */
import { useState } from 'react'
import { Navigate, useLocation, useNavigate } from 'react-router'
import { LoginBody } from '../../../src/modules/auth/auth.schema.js'
import { ApiError, signIn, takeSessionEnd } from '../api/client'
import { useSession } from '../api/session'
import { ErrorSummary, TextField, useForm, useFormId } from '../components/Form'
import { Page } from '../components/Page'
import { HOME } from '../nav'

const ENDED: Record<string, string> = {
  expired: 'Your session has expired. Please sign in again.',
  signed_out: 'You have signed out.',
}

export default function SignIn() {
  const session = useSession()
  const navigate = useNavigate()
  const location = useLocation()
  const [ended] = useState(() => takeSessionEnd())
  const form = useForm({ email: '', password: '' })
  const [busy, setBusy] = useState(false)
  const id = useFormId('signin')
  const from = (location.state as { from?: string } | null)?.from

  if (session && !busy) return <Navigate to={from ?? HOME[session.user.role]} replace />

  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    const body = form.check(LoginBody, { email: form.values.email.trim(), password: form.values.password })
    if (!body) return
    setBusy(true)
    try {
      const s = await signIn(body.email, body.password)
      void navigate(from ?? HOME[s.user.role], { replace: true })
    } catch (error) {
      form.fail(
        error instanceof ApiError && error.status === 401
          ? new ApiError(401, error.code, 'The e-mail or password is wrong.')
          : error instanceof ApiError && error.code === 'auth.account_disabled'
            ? new ApiError(403, error.code, 'This account is disabled. Ask an administrator of your organization to enable it.')
            : error,
      )
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="signin">
      <main id="main" className="signin-card">
        <p className="brand brand-dark">TMS</p>
        <Page title="Sign in">
          {ended ? (
            <p className={`notice notice-${ended === 'expired' ? 'warning' : 'info'}`} role="status" data-testid="session-message">
              {ENDED[ended]}
            </p>
          ) : null}
          <form onSubmit={(e) => void submit(e)} noValidate>
            <ErrorSummary form={form} labels={{ email: 'E-mail', password: 'Password' }} idPrefix={id} />
            <TextField form={form} idPrefix={id} name="email" label="E-mail" type="email" autoComplete="username" required />
            <TextField form={form} idPrefix={id} name="password" label="Password" type="password" autoComplete="current-password" required />
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? 'Signing in…' : 'Sign in'}
            </button>
          </form>
        </Page>
      </main>
    </div>
  )
}
