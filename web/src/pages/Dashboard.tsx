/** The manager's dashboard: occupancy, rent due vs collected this month, delinquency, open requests, expiring leases. */
import { useQuery } from '@tanstack/react-query'
import { Link } from 'react-router'
import type { Dashboard as DashboardDto } from '../../../src/modules/dashboard/dashboard.schema.js'
import { api } from '../api/client'
import { Bars } from '../components/Bars'
import { ProblemNotice, Table } from '../components/List'
import { Page } from '../components/Page'
import { count, date, money, percent } from '../format'

export default function Dashboard() {
  const q = useQuery({ queryKey: ['dashboard'], queryFn: ({ signal }) => api<DashboardDto>('/dashboard', { signal }) })
  const d = q.data
  const occ = d?.occupancy
  const rent = d?.rent
  return (
    <Page title="Dashboard">
      <ProblemNotice error={q.error} />
      <div className="grid" aria-busy={q.isPending}>
        <section className="card" aria-labelledby="m-occ">
          <h2 id="m-occ">Occupancy</h2>
          <p className="metric">{occ ? percent(occ.occupiedUnits, occ.units) : '\u00a0'}</p>
          <p className="metric-sub">{occ ? `${occ.occupiedUnits} of ${count(occ.units, 'unit')} in ${count(occ.properties, 'property', 'properties')}` : '\u00a0'}</p>
        </section>
        <section className="card" aria-labelledby="m-rent">
          <h2 id="m-rent">Rent collected this month</h2>
          <p className="metric">{rent ? money(rent.collectedCents) : '\u00a0'}</p>
          <p className="metric-sub">{rent ? `of ${money(rent.dueCents)} due (${percent(rent.collectedCents, rent.dueCents)})` : '\u00a0'}</p>
        </section>
        <section className="card" aria-labelledby="m-del">
          <h2 id="m-del">Delinquency</h2>
          <p className="metric">{d ? money(d.delinquency.overdueCents) : '\u00a0'}</p>
          <p className="metric-sub">{d ? `overdue on ${count(d.delinquency.delinquentLeases, 'lease')} (${count(d.delinquency.overdueCharges, 'charge')})` : '\u00a0'}</p>
        </section>
        <section className="card" aria-labelledby="m-req">
          <h2 id="m-req">Open requests</h2>
          <p className="metric">{d ? Object.values(d.openRequests).reduce((a, b) => a + b, 0) : '\u00a0'}</p>
          <p className="metric-sub">{d ? `${d.openRequests.emergency} emergency, ${d.openRequests.high} high` : '\u00a0'}</p>
        </section>

        <section className="card wide" aria-labelledby="c-rent">
          <h2 id="c-rent">Rent due vs collected{d ? `, ${date(d.monthStart)} – ${date(d.monthEnd)}` : ''}</h2>
          <Bars
            label="Rent this month"
            bars={[
              { label: 'Due', value: rent?.dueCents ?? 0, text: money(rent?.dueCents ?? 0) },
              { label: 'Collected', value: rent?.collectedCents ?? 0, text: money(rent?.collectedCents ?? 0), tone: 'alt' },
              { label: 'Pending', value: rent?.pendingCents ?? 0, text: money(rent?.pendingCents ?? 0), tone: 'warn' },
              { label: 'Overdue', value: d?.delinquency.overdueCents ?? 0, text: money(d?.delinquency.overdueCents ?? 0), tone: 'bad' },
            ]}
          />
        </section>
        <section className="card wide" aria-labelledby="c-req">
          <h2 id="c-req">Open requests by priority</h2>
          <Bars
            label="Open requests by priority"
            bars={(['emergency', 'high', 'normal', 'low'] as const).map((p) => ({
              label: p[0]!.toUpperCase() + p.slice(1),
              value: d?.openRequests[p] ?? 0,
              text: String(d?.openRequests[p] ?? 0),
              tone: p === 'emergency' ? 'bad' : p === 'high' ? 'warn' : undefined,
            }))}
          />
          <p>
            <Link to="/maintenance/board">Open the maintenance board</Link>
          </p>
        </section>
        <section className="card wide" aria-labelledby="c-exp">
          <h2 id="c-exp">Leases expiring in the next {count(d?.expiringLeases.withinDays ?? 60, 'day')}{d ? ` (${d.expiringLeases.total})` : ''}</h2>
          <Table
            caption="Leases expiring soon"
            rows={d?.expiringLeases.leases}
            busy={q.isFetching}
            skeletonRows={3}
            rowKey={(l) => l.id}
            columns={[
              { header: 'Ends', cell: (l) => <Link to={`/leases/${l.id}`}>{date(l.endDate)}</Link> },
              { header: 'Property', cell: (l) => <Link to={`/properties/${l.propertyId}`}>{l.propertyName}</Link> },
              { header: 'Unit', cell: (l) => l.unitNumber },
              { header: 'Tenants', cell: (l) => l.tenantNames.join(', ') || '—' },
              { header: 'Rent', cell: (l) => money(l.rentCents), num: true },
            ]}
          />
        </section>
      </div>
    </Page>
  )
}
