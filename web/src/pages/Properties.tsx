import { Link } from 'react-router'
import { PropertyStatus, PropertyType, type Property } from '../../../src/modules/properties/properties.schema.js'
import { Badge, ListView, type FilterDef } from '../components/List'
import { Page } from '../components/Page'
import { label } from '../format'

const FILTERS: FilterDef[] = [
  { kind: 'search', name: 'search', label: 'Search', hint: 'Name, address, city, state or ZIP' },
  { kind: 'multi', name: 'status', label: 'Status', options: PropertyStatus.options },
  { kind: 'multi', name: 'type', label: 'Type', options: PropertyType.options },
  { kind: 'count', name: 'minUnits', label: 'Units at least' },
  { kind: 'count', name: 'maxUnits', label: 'Units at most' },
  { kind: 'count', name: 'minOccupancy', label: 'Occupied at least' },
  { kind: 'count', name: 'maxOccupancy', label: 'Occupied at most' },
  { kind: 'bool', name: 'hasMaintenanceIssues', label: 'Open maintenance' },
]

export default function Properties() {
  return (
    <Page
      title="Properties"
      actions={
        <Link className="button button-primary" to="/properties/new">
          New property
        </Link>
      }
    >
      <ListView<Property>
        root="properties"
        path="/properties"
        filters={FILTERS}
        idPrefix="properties"
        caption="Properties"
        rowKey={(p) => p.id}
        columns={[
          { header: 'Name', cell: (p) => <Link to={`/properties/${p.id}`}>{p.name}</Link> },
          { header: 'Address', cell: (p) => `${p.addressLine1}, ${p.city}, ${p.state}` },
          { header: 'Type', cell: (p) => label(p.type) },
          { header: 'Status', cell: (p) => <Badge value={p.status} /> },
          { header: 'Units', cell: (p) => p.unitCount, num: true },
          { header: 'Occupied', cell: (p) => p.occupiedUnits, num: true },
          { header: 'Open requests', cell: (p) => p.openRequestCount, num: true },
        ]}
      />
    </Page>
  )
}
