import { Link } from 'react-router'
import { LeaseStatus, type Lease } from '../../../src/modules/leases/leases.schema.js'
import { Badge, ListView, usePropertyOptions, type FilterDef } from '../components/List'
import { Page } from '../components/Page'
import { date, money } from '../format'

export default function Leases() {
  const properties = usePropertyOptions()
  const names = new Map(properties.map((p) => [p.value, p.label]))
  const filters: FilterDef[] = [
    { kind: 'multi', name: 'status', label: 'Status', options: LeaseStatus.options },
    { kind: 'select', name: 'propertyId', label: 'Property', options: properties },
  ]
  return (
    <Page
      title="Leases"
      actions={
        <Link className="button button-primary" to="/leases/new">
          New lease
        </Link>
      }
    >
      <ListView<Lease>
        root="leases"
        path="/leases"
        filters={filters}
        idPrefix="leases"
        caption="Leases"
        rowKey={(l) => l.id}
        columns={[
          { header: 'Term', cell: (l) => <Link to={`/leases/${l.id}`}>{`${date(l.startDate)} – ${l.endDate ? date(l.endDate) : 'month-to-month'}`}</Link> },
          { header: 'Property', cell: (l) => names.get(l.propertyId) ?? '—' },
          { header: 'Status', cell: (l) => <Badge value={l.status} /> },
          { header: 'Tenants', cell: (l) => l.tenantIds.length, num: true },
          { header: 'Rent', cell: (l) => money(l.rentCents), num: true },
          { header: 'Deposit', cell: (l) => money(l.depositCents), num: true },
        ]}
      />
    </Page>
  )
}
