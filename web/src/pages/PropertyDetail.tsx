/** A property with its units, leases, requests, managers and documents. */
import { useQuery } from '@tanstack/react-query'
import { Link, useParams } from 'react-router'
import type { PropertyDetail as PropertyDto } from '../../../src/modules/properties/properties.schema.js'
import { api } from '../api/client'
import { Badge, ProblemNotice } from '../components/List'
import { Page } from '../components/Page'
import { SimpleTable } from '../components/SimpleTable'
import { count, date, dateTime, feePercent, label, money, percent } from '../format'

export default function PropertyDetail() {
  const { id = '' } = useParams()
  const q = useQuery({
    queryKey: ['properties', 'detail', id],
    queryFn: ({ signal }) => api<PropertyDto>(`/properties/${id}`, { query: { include: 'units,maintenance,leases,managers,documents' }, signal }),
  })
  const p = q.data
  const units = new Map((p?.units ?? []).map((u) => [u.id, u.unitNumber]))
  return (
    <Page
      title={p?.name ?? 'Property'}
      actions={
        p ? (
          <>
            <Link className="button" to={`/properties/${id}/edit`}>
              Edit property
            </Link>
            <Link className="button" to={`/units/new?propertyId=${id}`}>
              Add unit
            </Link>
            <Link className="button" to={`/maintenance/new?propertyId=${id}`}>
              New request
            </Link>
          </>
        ) : null
      }
    >
      <ProblemNotice error={q.error} />
      <div className="grid">
        <section className="card" aria-labelledby="p-facts">
          <h2 id="p-facts">Property</h2>
          <dl className="facts">
            <dt>Address</dt>
            <dd>{p ? `${p.addressLine1}${p.addressLine2 ? `, ${p.addressLine2}` : ''}, ${p.city}, ${p.state} ${p.zip ?? ''}` : '\u00a0'}</dd>
            <dt>Type</dt>
            <dd>{p ? label(p.type) : '\u00a0'}</dd>
            <dt>Status</dt>
            <dd>{p ? <Badge value={p.status} /> : '\u00a0'}</dd>
            <dt>Market value</dt>
            <dd>{money(p?.marketValueCents)}</dd>
            <dt>Management fee</dt>
            <dd>{p ? feePercent(p.managementFeeBp) : '\u00a0'}</dd>
            <dt>Managers</dt>
            <dd>{p ? (p.managers ?? []).map((m) => m.displayName).join(', ') || '—' : '\u00a0'}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="p-occ">
          <h2 id="p-occ">Occupancy</h2>
          <p className="metric">{p ? percent(p.occupiedUnits ?? 0, p.unitCount ?? 0) : '\u00a0'}</p>
          <p className="metric-sub">{p ? `${p.occupiedUnits ?? 0} of ${count(p.unitCount ?? 0, 'unit')} occupied; ${count(p.openRequestCount ?? 0, 'open request')}` : '\u00a0'}</p>
        </section>
      </div>
      <h2>Units</h2>
      <SimpleTable
        caption="Units"
        rows={p?.units}
        rowKey={(u) => u.id}
        empty="No units."
        columns={[
          { header: 'Unit', cell: (u) => u.unitNumber },
          { header: 'Beds', cell: (u) => u.bedrooms, num: true },
          { header: 'Baths', cell: (u) => u.bathrooms, num: true },
          { header: 'Market rent', cell: (u) => money(u.marketRentCents), num: true },
          { header: 'Occupancy', cell: (u) => <Badge value={u.occupied ? 'active' : 'vacant'} text={u.occupied ? 'Occupied' : 'Vacant'} /> },
          {
            header: 'Actions',
            cell: (u) => (
              <span className="row-actions">
                <Link to={`/units/${u.id}/edit`}>
                  Edit<span className="visually-hidden"> unit {u.unitNumber}</span>
                </Link>
                <Link to={`/maintenance/new?propertyId=${id}&unitId=${u.id}`}>
                  New request<span className="visually-hidden"> for unit {u.unitNumber}</span>
                </Link>
                {u.occupied ? null : (
                  <Link to={`/leases/new?unitId=${u.id}`}>
                    Start a lease<span className="visually-hidden"> on unit {u.unitNumber}</span>
                  </Link>
                )}
              </span>
            ),
          },
        ]}
      />
      <h2>Leases</h2>
      <SimpleTable
        caption="Leases"
        rows={p?.leases}
        rowKey={(l) => l.id}
        empty="No leases."
        columns={[
          { header: 'Term', cell: (l) => <Link to={`/leases/${l.id}`}>{`${date(l.startDate)} – ${l.endDate ? date(l.endDate) : 'month-to-month'}`}</Link> },
          { header: 'Unit', cell: (l) => units.get(l.unitId) ?? '—' },
          { header: 'Status', cell: (l) => <Badge value={l.status} /> },
          { header: 'Rent', cell: (l) => money(l.rentCents), num: true },
        ]}
      />
      <h2>Maintenance requests</h2>
      <SimpleTable
        caption="Maintenance requests"
        rows={p?.maintenance}
        rowKey={(r) => r.id}
        empty="No requests."
        columns={[
          { header: 'Request', cell: (r) => <Link to={`/maintenance/${r.id}`}>{r.title}</Link> },
          { header: 'Priority', cell: (r) => <Badge value={r.priority} /> },
          { header: 'Status', cell: (r) => <Badge value={r.status} /> },
          { header: 'Requested', cell: (r) => dateTime(r.requestedAt) },
        ]}
      />
    </Page>
  )
}
