import { Link } from 'react-router'
import { MAINTENANCE_PRIORITIES, MAINTENANCE_STATUSES, type MaintenanceRequest } from '../../../src/modules/maintenance/maintenance.schema.js'
import { Badge, ListView, usePropertyOptions, type FilterDef } from '../components/List'
import { Page } from '../components/Page'
import { dateTime } from '../format'

export default function Maintenance() {
  const properties = usePropertyOptions()
  const filters: FilterDef[] = [
    { kind: 'search', name: 'search', label: 'Search', hint: 'Title, description, address or tenant name' },
    { kind: 'multi', name: 'status', label: 'Status', options: MAINTENANCE_STATUSES },
    { kind: 'multi', name: 'priority', label: 'Priority', options: MAINTENANCE_PRIORITIES },
    { kind: 'select', name: 'propertyId', label: 'Property', options: properties },
    { kind: 'date', name: 'requestDateFrom', label: 'Requested from' },
    { kind: 'date', name: 'requestDateTo', label: 'Requested to' },
    { kind: 'date', name: 'completionDateFrom', label: 'Completed from' },
    { kind: 'date', name: 'completionDateTo', label: 'Completed to' },
  ]
  return (
    <Page
      title="Maintenance"
      actions={
        <>
          <Link className="button button-primary" to="/maintenance/new">
            New request
          </Link>
          <Link className="button" to="/maintenance/board">
            Board view
          </Link>
        </>
      }
    >
      <ListView<MaintenanceRequest>
        root="maintenance"
        path="/maintenance"
        filters={filters}
        idPrefix="maintenance"
        caption="Maintenance requests"
        rowKey={(r) => r.id}
        columns={[
          { header: 'Request', cell: (r) => <Link to={`/maintenance/${r.id}`}>{r.title}</Link> },
          { header: 'Property', cell: (r) => r.property.name },
          { header: 'Tenant', cell: (r) => (r.tenant ? `${r.tenant.firstName} ${r.tenant.lastName}` : '—') },
          { header: 'Priority', cell: (r) => <Badge value={r.priority} /> },
          { header: 'Status', cell: (r) => <Badge value={r.status} /> },
          { header: 'Requested', cell: (r) => dateTime(r.requestedAt) },
        ]}
      />
    </Page>
  )
}
