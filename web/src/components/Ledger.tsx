/** A tenant's ledger with running balance, from the ledger API. */
import { useQuery } from '@tanstack/react-query'
import type { TenantLedger } from '../../../src/modules/ledger/ledger.schema.js'
import { api } from '../api/client'
import { date, label, money } from '../format'
import { ProblemNotice } from './List'
import { SimpleTable } from './SimpleTable'

export function useLedger(tenantId: string | null | undefined) {
  return useQuery({
    queryKey: ['ledger', tenantId],
    queryFn: ({ signal }) => api<TenantLedger>(`/tenants/${tenantId}/ledger`, { signal }),
    enabled: !!tenantId,
  })
}

export function LedgerSection({ tenantId, heading = 'Ledger' }: { tenantId: string | null | undefined; heading?: string }) {
  const q = useLedger(tenantId)
  const l = q.data
  return (
    <section aria-labelledby="ledger-heading">
      <h2 id="ledger-heading">{heading}</h2>
      <p className="metric-sub" data-testid="ledger-balance">
        {l ? `Balance ${money(l.balanceCents)} · overdue ${money(l.overdueCents)} · pending payments ${money(l.pendingPaymentsCents)}` : '\u00a0'}
      </p>
      <ProblemNotice error={q.error} />
      <SimpleTable
        caption="Ledger entries"
        rows={q.error ? [] : l?.entries}
        rowKey={(e) => `${e.type}-${e.chargeId ?? ''}-${e.paymentId ?? ''}-${e.date}-${e.amountCents}`}
        empty="No entries."
        columns={[
          { header: 'Date', cell: (e) => date(e.date) },
          { header: 'Entry', cell: (e) => e.description || label(e.kind ?? e.type) },
          { header: 'Amount', cell: (e) => money(e.amountCents), num: true },
          { header: 'Balance', cell: (e) => money(e.balanceCents), num: true },
        ]}
      />
    </section>
  )
}
