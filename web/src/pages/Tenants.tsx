import { Link } from 'react-router'
import { TenantStatus, type Tenant } from '../../../src/modules/tenants/tenants.schema.js'
import { Badge, ListView, usePropertyOptions, type FilterDef } from '../components/List'
import { Page } from '../components/Page'
import { date, money } from '../format'

export default function Tenants() {
  const properties = usePropertyOptions()
  const filters: FilterDef[] = [
    { kind: 'search', name: 'search', label: 'Search', hint: 'Name, e-mail, phone or property address' },
    { kind: 'multi', name: 'status', label: 'Status', options: TenantStatus.options },
    { kind: 'select', name: 'propertyId', label: 'Property', options: properties },
    { kind: 'money', name: 'minRent', label: 'Rent at least ($)' },
    { kind: 'money', name: 'maxRent', label: 'Rent at most ($)' },
    { kind: 'date', name: 'leaseStartDate', label: 'Lease from' },
    { kind: 'date', name: 'leaseEndDate', label: 'Lease to' },
    { kind: 'bool', name: 'hasMaintenanceIssues', label: 'Open maintenance' },
  ]
  return (
    <Page
      title="Tenants"
      actions={
        <Link className="button button-primary" to="/tenants/new">
          New tenant
        </Link>
      }
    >
      <ListView<Tenant>
        root="tenants"
        path="/tenants"
        filters={filters}
        idPrefix="tenants"
        caption="Tenants"
        rowKey={(t) => t.id}
        columns={[
          { header: 'Name', cell: (t) => <Link to={`/tenants/${t.id}`}>{`${t.lastName}, ${t.firstName}`}</Link> },
          { header: 'E-mail', cell: (t) => t.email ?? '—' },
          { header: 'Phone', cell: (t) => t.phone ?? '—' },
          { header: 'Status', cell: (t) => <Badge value={t.status} /> },
          { header: 'Rent', cell: (t) => money(t.currentLease?.rentCents), num: true },
          { header: 'Lease ends', cell: (t) => (t.currentLease ? (t.currentLease.endDate ? date(t.currentLease.endDate) : 'Month-to-month') : '—') },
        ]}
      />
    </Page>
  )
}
