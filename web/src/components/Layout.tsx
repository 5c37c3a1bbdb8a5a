/** The signed-in shell: skip link, header with the account and connection status, the role's navigation, and the page. */
import { Suspense } from 'react'
import { NavLink, Outlet, useNavigate } from 'react-router'
import { signOut } from '../api/client'
import { ConnectionStatus } from '../api/live'
import { useOrganization } from '../api/org'
import { useSession } from '../api/session'
import { NAV, ROLE_LABEL } from '../nav'
import { Toasts } from './Toasts'

export function Layout() {
  const session = useSession()
  const navigate = useNavigate()
  // Asked for at once, so the forms that default to the organization's today open with it.
  useOrganization()
  if (!session) return null
  const { user } = session
  const items = NAV[user.role]
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <span className="brand">TMS</span>
        <div className="account">
          <ConnectionStatus />
          <span className="who">
            <span className="who-name">{user.displayName}</span>
            <span className="who-role">{ROLE_LABEL[user.role]}</span>
          </span>
          <button
            type="button"
            className="button button-light"
            onClick={() => {
              void signOut().then(() => navigate('/sign-in', { replace: true }))
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <div className="body">
        <nav className="site-nav" aria-label="Main">
          <ul>
            {items.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" tabIndex={-1}>
          <Suspense fallback={<p className="loading" role="status">Loading…</p>}>
            <Outlet />
          </Suspense>
        </main>
      </div>
      <Toasts />
    </div>
  )
}
