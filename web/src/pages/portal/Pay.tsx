/** Tenant: pay toward the balance. */
import { useLedger } from '../../components/Ledger'
import { ProblemNotice } from '../../components/List'
import { Page } from '../../components/Page'
import { PayForm } from '../../components/PayForm'
import { date, money } from '../../format'
import { usePortalTenant } from './usePortal'

export default function Pay() {
  const { tenantId, data: t, error } = usePortalTenant()
  const ledger = useLedger(tenantId)
  const leases = (t?.leases ?? []).filter((l) => l.status === 'active' || l.status === 'ended')
  const ready = t && (ledger.data || ledger.error)
  return (
    <Page title="Make a payment">
      <ProblemNotice error={error} />
      <p className="metric-sub">{ledger.data ? `Your balance is ${money(ledger.data.balanceCents)}.` : '\u00a0'}</p>
      {ready && tenantId ? (
        <PayForm
          tenantId={tenantId}
          staff={false}
          suggestedCents={ledger.data?.balanceCents}
          leases={leases.map((l) => ({ value: l.id, label: `${date(l.startDate)} – ${l.endDate ? date(l.endDate) : 'month-to-month'}` }))}
        />
      ) : (
        <p className="loading" role="status">Loading…</p>
      )}
    </Page>
  )
}
