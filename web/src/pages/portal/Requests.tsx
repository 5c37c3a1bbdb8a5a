/** Tenant: my maintenance requests. */
import { Link } from 'react-router'
import type { MaintenanceRequest } from '../../../../src/modules/maintenance/maintenance.schema.js'
import { Badge, ListView } from '../../components/List'
import { Page } from '../../components/Page'
import { dateTime } from '../../format'

export default function Requests() {
  return (
    <Page
      title="Maintenance"
      actions={
        <Link className="button button-primary" to="/portal/requests/new">
          Report a problem
        </Link>
      }
    >
      <ListView<MaintenanceRequest>
        root="maintenance"
        path="/maintenance"
        filters={[{ kind: 'search', name: 'search', label: 'Search my requests' }]}
        idPrefix="my-requests"
        caption="My maintenance requests"
        rowKey={(r) => r.id}
        columns={[
          { header: 'Request', cell: (r) => <Link to={`/portal/requests/${r.id}`}>{r.title}</Link> },
          { header: 'Priority', cell: (r) => <Badge value={r.priority} /> },
          { header: 'Status', cell: (r) => <Badge value={r.status} /> },
          { header: 'Reported', cell: (r) => dateTime(r.requestedAt) },
        ]}
      />
    </Page>
  )
}
