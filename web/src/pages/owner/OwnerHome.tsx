/** Owner portal: their properties with occupancy, rent collected this month and open requests. */
import { useQuery } from '@tanstack/react-query'
import { Link } from 'react-router'
import type { Dashboard } from '../../../../src/modules/dashboard/dashboard.schema.js'
import type { Property } from '../../../../src/modules/properties/properties.schema.js'
import { api } from '../../api/client'
import { ListView, ProblemNotice } from '../../components/List'
import { Page } from '../../components/Page'
import { count, money, percent } from '../../format'

export default function OwnerHome() {
  const q = useQuery({ queryKey: ['dashboard', 'owner'], queryFn: ({ signal }) => api<Dashboard>('/dashboard', { signal }) })
  const d = q.data
  return (
    <Page title="My properties">
      <ProblemNotice error={q.error} />
      <div className="grid">
        <section className="card" aria-labelledby="o-occ">
          <h2 id="o-occ">Occupancy</h2>
          <p className="metric">{d ? percent(d.occupancy.occupiedUnits, d.occupancy.units) : '\u00a0'}</p>
          <p className="metric-sub">{d ? `${d.occupancy.occupiedUnits} of ${count(d.occupancy.units, 'unit')}` : '\u00a0'}</p>
        </section>
        <section className="card" aria-labelledby="o-rent">
          <h2 id="o-rent">Rent this month</h2>
          <p className="metric">{d ? money(d.rent.collectedCents) : '\u00a0'}</p>
          <p className="metric-sub">{d ? `collected of ${money(d.rent.dueCents)} due` : '\u00a0'}</p>
        </section>
        <section className="card" aria-labelledby="o-stmt">
          <h2 id="o-stmt">Statements</h2>
          <p className="metric-sub">Income, costs and fees by period, with CSV download.</p>
          <p>
            <Link to="/owner/statements">View statements</Link>
          </p>
        </section>
      </div>
      <h2>Properties</h2>
      <ListView<Property>
        root="properties"
        path="/properties"
        filters={[{ kind: 'search', name: 'search', label: 'Search my properties' }]}
        idPrefix="owner-properties"
        caption="My properties"
        rowKey={(p) => p.id}
        columns={[
          { header: 'Name', cell: (p) => <Link to={`/owner/properties/${p.id}`}>{p.name}</Link> },
          { header: 'Address', cell: (p) => `${p.addressLine1}, ${p.city}` },
          { header: 'Units', cell: (p) => p.unitCount, num: true },
          { header: 'Occupied', cell: (p) => `${p.occupiedUnits} (${percent(p.occupiedUnits ?? 0, p.unitCount ?? 0)})`, num: true },
          { header: 'Open requests', cell: (p) => p.openRequestCount, num: true },
        ]}
      />
    </Page>
  )
}
