import { Link } from 'react-router'
import { useSession } from '../api/session'
import { Page } from '../components/Page'
import { HOME } from '../nav'

/** Shown for unknown addresses and for pages the signed-in role may not open (their existence is not confirmed). */
export default function NotFound() {
  const session = useSession()
  return (
    <Page title="Page not found">
      <p>There is nothing at this address for your account.</p>
      <p>
        <Link to={session ? HOME[session.user.role] : '/sign-in'}>Go to your home page</Link>
      </p>
    </Page>
  )
}
