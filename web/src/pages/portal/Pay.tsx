/** Tenant: pay toward the balance, seeing payments still pending so the same bill is not paid twice. */
import { useState } from 'react'
import type { Payment } from '../../../../src/modules/payments/payments.schema.js'
import { useLedger } from '../../components/Ledger'
import { ProblemNotice } from '../../components/List'
import { Page } from '../../components/Page'
import { PayForm } from '../../components/PayForm'
import { date, money } from '../../format'
import { usePortalTenant } from './usePortal'

export default function Pay() {
  const { tenantId, data: t, error } = usePortalTenant()
  const ledger = useLedger(tenantId)
  // Payments made here that the re-fetched record may not list yet: they are pending all the same.
  const [sent, setSent] = useState<Payment[]>([])
  const leases = (t?.leases ?? []).filter((l) => l.status === 'active' || l.status === 'ended')
  const ready = t && (ledger.data || ledger.error)
  const listed = (t?.payments ?? []).filter((p) => p.status === 'pending')
  const pending = [...listed, ...sent.filter((s) => s.status === 'pending' && !(t?.payments ?? []).some((p) => p.id === s.id))].sort((a, b) => a.paidOn.localeCompare(b.paidOn))
  const pendingCents = pending.reduce((sum, p) => sum + p.amountCents, 0)
  const balance = ledger.data?.balanceCents
  const remaining = balance === undefined ? undefined : Math.max(0, balance - pendingCents)
  return (
    <Page title="Make a payment">
      <ProblemNotice error={error} />
      <p className="metric-sub" data-testid="pay-balance">
        {balance !== undefined ? `Your balance is ${money(balance)}.` : '\u00a0'}
      </p>
      {ready && tenantId ? (
        <>
          {pending.length ? (
            <div className="notice notice-info" data-testid="pay-pending">
              {pending.map((p) => (
                <p key={p.id}>
                  {money(p.amountCents)} pending since {date(p.paidOn)} — it will count when it clears.
                </p>
              ))}
              {remaining !== undefined ? <p>Left to pay once they clear: {money(remaining)}.</p> : null}
            </div>
          ) : null}
          <PayForm
            tenantId={tenantId}
            staff={false}
            suggestedCents={remaining}
            remainingCents={remaining}
            onPaid={(p) => setSent((all) => [...all, p])}
            leases={leases.map((l) => ({ value: l.id, label: `${date(l.startDate)} – ${l.endDate ? date(l.endDate) : 'month-to-month'}` }))}
          />
        </>
      ) : (
        <p className="loading" role="status">Loading…</p>
      )}
    </Page>
  )
}
