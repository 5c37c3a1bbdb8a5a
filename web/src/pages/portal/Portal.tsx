/** Tenant portal home: balance, lease, ledger and recent payments. */
import { Link } from 'react-router'
import { LedgerSection, useLedger } from '../../components/Ledger'
import { Badge, ProblemNotice } from '../../components/List'
import { Page } from '../../components/Page'
import { SimpleTable } from '../../components/SimpleTable'
import { date, label, money } from '../../format'
import { currentLeaseOf, usePortalTenant } from './usePortal'

export default function Portal() {
  const { tenantId, data: t, error } = usePortalTenant()
  const ledger = useLedger(tenantId)
  const lease = currentLeaseOf(t)
  const balance = ledger.data?.balanceCents
  return (
    <Page title={t ? `Welcome, ${t.firstName}` : 'My account'}>
      <ProblemNotice error={error} />
      <div className="grid">
        <section className="card" aria-labelledby="p-balance">
          <h2 id="p-balance">Balance due</h2>
          <p className="metric" data-testid="portal-balance">{balance === undefined ? '\u00a0' : money(balance)}</p>
          <p className="metric-sub">{ledger.data ? `${money(ledger.data.overdueCents)} overdue · ${money(ledger.data.pendingPaymentsCents)} pending` : '\u00a0'}</p>
          <p>
            <Link className="button button-primary" to="/portal/pay">
              Make a payment
            </Link>
          </p>
        </section>
        <section className="card" aria-labelledby="p-lease">
          <h2 id="p-lease">My lease</h2>
          {lease ? (
            <dl className="facts">
              <dt>Term</dt>
              <dd>{`${date(lease.startDate)} – ${lease.endDate ? date(lease.endDate) : 'month-to-month'}`}</dd>
              <dt>Rent</dt>
              <dd>{money(lease.rentCents)} due on day {lease.dueDay}</dd>
              <dt>Status</dt>
              <dd>
                <Badge value={lease.status} />
              </dd>
            </dl>
          ) : (
            <p className="metric-sub">{t ? 'No lease on file.' : '\u00a0'}</p>
          )}
        </section>
        <section className="card" aria-labelledby="p-req">
          <h2 id="p-req">Maintenance</h2>
          <p className="metric">{t ? (t.maintenance ?? []).filter((r) => r.status !== 'completed' && r.status !== 'cancelled').length : '\u00a0'}</p>
          <p className="metric-sub">open requests</p>
          <p>
            <Link to="/portal/requests/new">Report a problem</Link>
          </p>
        </section>
      </div>
      <LedgerSection tenantId={tenantId} heading="My ledger" />
      <h2>My payments</h2>
      <SimpleTable
        caption="My payments"
        rows={t?.payments}
        rowKey={(p) => p.id}
        empty="No payments yet."
        columns={[
          { header: 'Paid on', cell: (p) => date(p.paidOn) },
          { header: 'Amount', cell: (p) => money(p.amountCents), num: true },
          { header: 'Method', cell: (p) => label(p.method) },
          { header: 'Status', cell: (p) => <Badge value={p.status} /> },
        ]}
      />
    </Page>
  )
}
