import { Link } from 'react-router'
import type { Unit } from '../../../src/modules/units/units.schema.js'
import { Badge, ListView, usePropertyOptions, type FilterDef } from '../components/List'
import { Page } from '../components/Page'
import { money } from '../format'

export default function Units() {
  const properties = usePropertyOptions()
  const names = new Map(properties.map((p) => [p.value, p.label]))
  const filters: FilterDef[] = [
    { kind: 'search', name: 'search', label: 'Unit number' },
    { kind: 'select', name: 'propertyId', label: 'Property', options: properties },
    { kind: 'count', name: 'minBedrooms', label: 'Bedrooms at least' },
    { kind: 'count', name: 'maxBedrooms', label: 'Bedrooms at most' },
  ]
  return (
    <Page
      title="Units"
      actions={
        <Link className="button button-primary" to="/units/new">
          New unit
        </Link>
      }
    >
      <ListView<Unit>
        root="units"
        path="/units"
        filters={filters}
        idPrefix="units"
        caption="Units"
        rowKey={(u) => u.id}
        columns={[
          { header: 'Property', cell: (u) => <Link to={`/properties/${u.propertyId}`}>{names.get(u.propertyId) ?? 'Property'}</Link> },
          { header: 'Unit', cell: (u) => u.unitNumber },
          { header: 'Beds', cell: (u) => u.bedrooms, num: true },
          { header: 'Baths', cell: (u) => u.bathrooms, num: true },
          { header: 'Sq ft', cell: (u) => u.squareFeet ?? '—', num: true },
          { header: 'Market rent', cell: (u) => money(u.marketRentCents), num: true },
          { header: 'Occupancy', cell: (u) => <Badge value={u.occupied ? 'active' : 'vacant'} text={u.occupied ? 'Occupied' : 'Vacant'} /> },
          {
            header: 'Actions',
            cell: (u) => (
              <Link to={`/units/${u.id}/edit`}>
                Edit<span className="visually-hidden"> unit {u.unitNumber}</span>
              </Link>
            ),
          },
        ]}
      />
    </Page>
  )
}
