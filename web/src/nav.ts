/** What each role may open: the navigation it sees and the home it lands on. Routes check the same table. */
import type { CurrentUser } from '../../src/modules/auth/auth.schema.js'

export type Role = CurrentUser['role']
export interface NavItem {
  to: string
  label: string
}

export const STAFF: readonly Role[] = ['admin', 'property_manager']

export const NAV: Record<Role, NavItem[]> = {
  admin: [...staffNav(), { to: '/users', label: 'Users' }],
  property_manager: staffNav(),
  tenant: [
    { to: '/portal', label: 'My account' },
    { to: '/portal/pay', label: 'Make a payment' },
    { to: '/portal/requests', label: 'Maintenance' },
    { to: '/portal/documents', label: 'Documents' },
  ],
  owner: [
    { to: '/owner', label: 'My properties' },
    { to: '/owner/statements', label: 'Statements' },
  ],
  technician: [{ to: '/work', label: 'Work orders' }],
}

function staffNav(): NavItem[] {
  return [
    { to: '/dashboard', label: 'Dashboard' },
    { to: '/properties', label: 'Properties' },
    { to: '/units', label: 'Units' },
    { to: '/tenants', label: 'Tenants' },
    { to: '/leases', label: 'Leases' },
    { to: '/maintenance', label: 'Maintenance' },
    { to: '/maintenance/board', label: 'Maintenance board' },
    { to: '/payments', label: 'Payments' },
  ]
}

export const HOME: Record<Role, string> = {
  admin: '/dashboard',
  property_manager: '/dashboard',
  tenant: '/portal',
  owner: '/owner',
  technician: '/work',
}

export const ROLE_LABEL: Record<Role, string> = {
  admin: 'Administrator',
  property_manager: 'Property manager',
  owner: 'Owner',
  tenant: 'Tenant',
  technician: 'Technician',
}
