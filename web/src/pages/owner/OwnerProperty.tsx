/** One of the owner's properties: address, occupancy, units and their rent, this month's rent, open requests, the month's statement. */
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Link, useParams } from 'react-router'
import type { Dashboard } from '../../../../src/modules/dashboard/dashboard.schema.js'
import { OPEN_REQUEST_STATUSES } from '../../../../src/modules/maintenance/maintenance.schema.js'
import type { LeaseSummary, Property, PropertyDetail } from '../../../../src/modules/properties/properties.schema.js'
import { api, ApiError } from '../../api/client'
import { Badge, ProblemNotice, Table, type Page as ListPage } from '../../components/List'
import { Page } from '../../components/Page'
import { useToday } from '../../api/org'
import { count, dateTime, feePercent, label, money, percent } from '../../format'
import NotFound from '../NotFound'

// The statuses the dashboard and the property counts call open.
const OPEN = new Set<string>(OPEN_REQUEST_STATUSES)
const monthName = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' })

/** What each unit rents for on `day`: the rent of its active lease whose term contains the day. */
function rentOn(leases: readonly LeaseSummary[], day: string): Map<string, number> {
  const rent = new Map<string, number>()
  for (const l of leases) if (l.status === 'active' && l.startDate <= day && (l.endDate === null || l.endDate >= day)) rent.set(l.unitId, l.rentCents)
  return rent
}

/** A 404 (not theirs, or no such property) or a malformed id: the page does not exist for this owner. */
const isMissing = (error: unknown): boolean => error instanceof ApiError && (error.status === 404 || error.status === 400)

export default function OwnerProperty() {
  const { id = '' } = useParams()
  const client = useQueryClient()
  const orgToday = useToday()
  const property = useQuery<PropertyDetail>({
    queryKey: ['properties', 'detail', id, 'owner'],
    queryFn: ({ signal }) => api<PropertyDetail>(`/properties/${id}`, { query: { include: 'units,leases,maintenance' }, signal }),
    // Opened from the home page's list: show the row already loaded there, and as many placeholder rows as it has units.
    placeholderData: (): PropertyDetail | undefined =>
      client
        .getQueriesData<ListPage<Property>>({ queryKey: ['properties', 'list'] })
        .flatMap(([, page]) => page?.data ?? [])
        .find((row) => row.id === id),
  })
  const month = useQuery({
    queryKey: ['dashboard', 'owner', id],
    queryFn: ({ signal }) => api<Dashboard>('/dashboard', { query: { propertyId: id }, signal }),
  })
  if (isMissing(property.error) || isMissing(month.error)) return <NotFound />

  const p = property.data
  const d = month.data
  const units = new Map((p?.units ?? []).map((u) => [u.id, u.unitNumber]))
  const rent = rentOn(p?.leases ?? [], d?.asOf ?? orgToday ?? '')
  const open = p?.maintenance?.filter((r) => OPEN.has(r.status))
  const statement = d ? `/owner/statements?${new URLSearchParams({ from: d.monthStart, to: d.monthEnd, propertyId: id }).toString()}` : undefined
  return (
    <Page title={p?.name ?? 'Property'}>
      <ProblemNotice error={property.error ?? month.error} />
      {/* The address on one wide line, so the cards keep the height they had while loading. */}
      <p data-testid="owner-property-address">{p ? `${p.addressLine1}${p.addressLine2 ? `, ${p.addressLine2}` : ''}, ${p.city}, ${p.state} ${p.zip ?? ''}`.trim() : '\u00a0'}</p>
      <div className="grid">
        <section className="card" aria-labelledby="op-facts">
          <h2 id="op-facts">Property</h2>
          <dl className="facts">
            <dt>Type</dt>
            <dd>{p ? label(p.type) : '\u00a0'}</dd>
            <dt>Status</dt>
            <dd>{p ? <Badge value={p.status} /> : '\u00a0'}</dd>
            <dt>Management fee</dt>
            <dd>{p ? feePercent(p.managementFeeBp) : '\u00a0'}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="op-occ">
          <h2 id="op-occ">Occupancy</h2>
          <p className="metric">{p ? percent(p.occupiedUnits ?? 0, p.unitCount ?? 0) : '\u00a0'}</p>
          <p className="metric-sub">{p ? `${p.occupiedUnits ?? 0} occupied, ${(p.unitCount ?? 0) - (p.occupiedUnits ?? 0)} vacant of ${count(p.unitCount ?? 0, 'unit')}` : '\u00a0'}</p>
        </section>
        <section className="card" aria-labelledby="op-rent">
          <h2 id="op-rent">Rent this month</h2>
          <p className="metric">{d ? money(d.rent.collectedCents) : '\u00a0'}</p>
          <p className="metric-sub">{d ? `collected of ${money(d.rent.dueCents)} due` : '\u00a0'}</p>
          <p className="metric-sub">{d ? `${money(d.rent.pendingCents)} pending` : '\u00a0'}</p>
        </section>
        <section className="card" aria-labelledby="op-stmt">
          <h2 id="op-stmt">Statement</h2>
          <p className="metric-sub">Income, work orders, the management fee and net to you.</p>
          <p>{d && statement ? <Link to={statement}>{`Statement for ${monthName.format(new Date(`${d.monthStart}T00:00:00Z`))}`}</Link> : '\u00a0'}</p>
        </section>
      </div>
      <h2>Units</h2>
      <Table
        caption="Units"
        rows={p?.units}
        rowKey={(u) => u.id}
        busy={p?.units === undefined}
        skeletonRows={p?.unitCount || 2}
        empty="No units."
        columns={[
          { header: 'Unit', cell: (u) => u.unitNumber },
          { header: 'Beds', cell: (u) => u.bedrooms, num: true },
          { header: 'Baths', cell: (u) => u.bathrooms, num: true },
          { header: 'Status', cell: (u) => <Badge value={u.status} /> },
          { header: 'Occupancy', cell: (u) => <Badge value={u.occupied ? 'active' : 'vacant'} text={u.occupied ? 'Occupied' : 'Vacant'} /> },
          { header: 'Rent', cell: (u) => money(rent.get(u.id)), num: true },
          { header: 'Market rent', cell: (u) => money(u.marketRentCents), num: true },
        ]}
      />
      <h2>Open maintenance requests</h2>
      <Table
        caption="Open maintenance requests"
        rows={open}
        rowKey={(r) => r.id}
        busy={open === undefined}
        skeletonRows={p?.openRequestCount || 2}
        empty="No open requests."
        columns={[
          { header: 'Request', cell: (r) => <Link to={`/maintenance/${r.id}`}>{r.title}</Link> },
          { header: 'Unit', cell: (r) => (r.unitId ? (units.get(r.unitId) ?? '—') : 'Common area') },
          { header: 'Priority', cell: (r) => <Badge value={r.priority} /> },
          { header: 'Status', cell: (r) => <Badge value={r.status} /> },
          { header: 'Requested', cell: (r) => dateTime(r.requestedAt) },
        ]}
      />
    </Page>
  )
}
