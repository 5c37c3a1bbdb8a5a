/** Routes: every page is its own chunk, and each declares the roles that may open it (others see "not found"). */
import { lazy, Suspense, useEffect, useLayoutEffect, type ComponentType, type LazyExoticComponent } from 'react'
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { ApiError, subscribeSession } from './api/client'
import { LiveProvider } from './api/live'
import { useSession } from './api/session'
import { Layout } from './components/Layout'
import { HOME, STAFF, type Role } from './nav'
import SignIn from './pages/SignIn'
import NotFound from './pages/NotFound'

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // A 4xx will not get better by asking again.
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
})

type Page = LazyExoticComponent<ComponentType>
const page = (load: () => Promise<{ default: ComponentType }>): Page => lazy(load)

const Dashboard = page(() => import('./pages/Dashboard'))
const Properties = page(() => import('./pages/Properties'))
const PropertyDetail = page(() => import('./pages/PropertyDetail'))
const PropertyForm = page(() => import('./pages/PropertyForm'))
const Units = page(() => import('./pages/Units'))
const UnitForm = page(() => import('./pages/UnitForm'))
const Tenants = page(() => import('./pages/Tenants'))
const TenantDetail = page(() => import('./pages/TenantDetail'))
const TenantForm = page(() => import('./pages/TenantForm'))
const Leases = page(() => import('./pages/Leases'))
const LeaseDetail = page(() => import('./pages/LeaseDetail'))
const LeaseForm = page(() => import('./pages/LeaseForm'))
const Maintenance = page(() => import('./pages/Maintenance'))
const MaintenanceBoard = page(() => import('./pages/MaintenanceBoard'))
const MaintenanceForm = page(() => import('./pages/MaintenanceForm'))
const RequestDetail = page(() => import('./pages/RequestDetail'))
const Payments = page(() => import('./pages/Payments'))
const PaymentForm = page(() => import('./pages/PaymentForm'))
const PaymentDetail = page(() => import('./pages/PaymentDetail'))
const Users = page(() => import('./pages/Users'))
const Invite = page(() => import('./pages/Invite'))
const Portal = page(() => import('./pages/portal/Portal'))
const PortalPay = page(() => import('./pages/portal/Pay'))
const PortalRequests = page(() => import('./pages/portal/Requests'))
const PortalNewRequest = page(() => import('./pages/portal/NewRequest'))
const PortalDocuments = page(() => import('./pages/portal/Documents'))
const OwnerHome = page(() => import('./pages/owner/OwnerHome'))
const OwnerStatements = page(() => import('./pages/owner/Statements'))
const OwnerProperty = page(() => import('./pages/owner/OwnerProperty'))
const WorkOrders = page(() => import('./pages/work/WorkOrders'))
const WorkOrderDetail = page(() => import('./pages/work/WorkOrderDetail'))

const TENANT: Role[] = ['tenant']
const OWNER: Role[] = ['owner']
const TECH: Role[] = ['technician']

const ROUTES: { path: string; roles: readonly Role[]; Component: Page }[] = [
  { path: 'dashboard', roles: STAFF, Component: Dashboard },
  { path: 'properties', roles: STAFF, Component: Properties },
  { path: 'properties/new', roles: STAFF, Component: PropertyForm },
  { path: 'properties/:id', roles: STAFF, Component: PropertyDetail },
  { path: 'properties/:id/edit', roles: STAFF, Component: PropertyForm },
  { path: 'units', roles: STAFF, Component: Units },
  { path: 'units/new', roles: STAFF, Component: UnitForm },
  { path: 'units/:id/edit', roles: STAFF, Component: UnitForm },
  { path: 'tenants', roles: STAFF, Component: Tenants },
  { path: 'tenants/new', roles: STAFF, Component: TenantForm },
  { path: 'tenants/:id', roles: STAFF, Component: TenantDetail },
  { path: 'tenants/:id/edit', roles: STAFF, Component: TenantForm },
  { path: 'leases', roles: STAFF, Component: Leases },
  { path: 'leases/new', roles: STAFF, Component: LeaseForm },
  { path: 'leases/:id', roles: STAFF, Component: LeaseDetail },
  { path: 'leases/:id/edit', roles: STAFF, Component: LeaseForm },
  { path: 'maintenance', roles: STAFF, Component: Maintenance },
  { path: 'maintenance/board', roles: STAFF, Component: MaintenanceBoard },
  { path: 'maintenance/new', roles: STAFF, Component: MaintenanceForm },
  { path: 'maintenance/:id', roles: [...STAFF, 'owner'], Component: RequestDetail },
  { path: 'payments', roles: STAFF, Component: Payments },
  { path: 'payments/new', roles: STAFF, Component: PaymentForm },
  { path: 'payments/:id', roles: STAFF, Component: PaymentDetail },
  { path: 'users', roles: ['admin'], Component: Users },
  { path: 'portal', roles: TENANT, Component: Portal },
  { path: 'portal/pay', roles: TENANT, Component: PortalPay },
  { path: 'portal/requests', roles: TENANT, Component: PortalRequests },
  { path: 'portal/requests/new', roles: TENANT, Component: PortalNewRequest },
  { path: 'portal/requests/:id', roles: TENANT, Component: RequestDetail },
  { path: 'portal/documents', roles: TENANT, Component: PortalDocuments },
  { path: 'owner', roles: OWNER, Component: OwnerHome },
  { path: 'owner/statements', roles: OWNER, Component: OwnerStatements },
  { path: 'owner/properties/:id', roles: OWNER, Component: OwnerProperty },
  { path: 'work', roles: TECH, Component: WorkOrders },
  { path: 'work/:id', roles: TECH, Component: WorkOrderDetail },
]

/** Signed-in area: no session → sign-in (remembering where to come back to). */
function SignedIn() {
  const session = useSession()
  const location = useLocation()
  if (!session) return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />
  return (
    <LiveProvider key={session.user.id}>
      <Layout />
    </LiveProvider>
  )
}

function Allowed({ roles, Component }: { roles: readonly Role[]; Component: Page }) {
  const session = useSession()
  if (!session || !roles.includes(session.user.role)) return <NotFound />
  return <Component />
}

function Home() {
  const session = useSession()
  return <Navigate to={session ? HOME[session.user.role] : '/sign-in'} replace />
}

/**
 * Marks the page with the location the router has rendered. The address bar changes at once, the
 * page in a transition after it (a page's code may still be loading): scripts that drive the app
 * (the browser tests) wait for the two to agree before they read the page.
 */
function RenderedLocation() {
  const location = useLocation()
  useLayoutEffect(() => {
    document.documentElement.dataset.location = location.pathname + location.search
  }, [location])
  return null
}

/** When the session ends anywhere (expiry, another tab), leave for the sign-in page and forget cached data. */
function SessionWatcher() {
  const navigate = useNavigate()
  useEffect(
    () =>
      subscribeSession((s, reason) => {
        if (s) return
        queryClient.clear()
        // After an expiry, signing in again returns to the page the user was on.
        const from = reason === 'expired' ? window.location.pathname + window.location.search : undefined
        void navigate('/sign-in', { replace: true, state: from && from !== '/sign-in' ? { from } : null })
      }),
    [navigate],
  )
  return null
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <SessionWatcher />
        <RenderedLocation />
        <Suspense fallback={<p role="status">Loading…</p>}>
          <Routes>
            <Route path="/sign-in" element={<SignIn />} />
            <Route path="/invite/:token" element={<Invite />} />
            <Route element={<SignedIn />}>
              <Route index element={<Home />} />
              {ROUTES.map(({ path, roles, Component }) => (
                <Route key={path} path={path} element={<Allowed roles={roles} Component={Component} />} />
              ))}
              <Route path="*" element={<NotFound />} />
            </Route>
          </Routes>
        </Suspense>
      </BrowserRouter>
    </QueryClientProvider>
  )
}
