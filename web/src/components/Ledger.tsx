/** A tenant's ledger with running balance, from the ledger API. */
import { useQuery } from '@tanstack/react-query'
import { Link } from 'react-router'
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

/** `linkPayments`: each payment entry opens its payment's page (staff; tenants have their portal). */
export function LedgerSection({ tenantId, heading = 'Ledger', linkPayments = false }: { tenantId: string | null | undefined; heading?: string; linkPayments?: boolean }) {
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
          {
            header: 'Entry',
            cell: (e) => {
              const text = e.description || label(e.kind ?? e.type)
              return linkPayments && e.paymentId ? (
                // Its date and amount are the row's other cells; a reversal's entry opens the same payment.
                <Link to={`/payments/${e.paymentId}`}>{text}</Link>
              ) : (
                text
              )
            },
          },
          { header: 'Amount', cell: (e) => money(e.amountCents), num: true },
          { header: 'Balance', cell: (e) => money(e.balanceCents), num: true },
        ]}
      />
    </section>
  )
}
