/**
 * One payment for staff: what was paid, when and how, by whom and for which lease, how it was applied
 * to charges, and the changes the API allows from its status (received, failed, returned, refunded;
 * an admin deletes one that never moved money). Each change is asked for first.
 */
import { useRef, useState } from 'react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Link, useNavigate, useParams } from 'react-router'
import { DELETABLE_STATUSES, PAYMENT_NEXT_STATUS, type Payment, type PaymentDetail as PaymentDto } from '../../../src/modules/payments/payments.schema.js'
import type { PaymentStatus } from '../../../src/db/types.js'
import { api, ApiError } from '../api/client'
import { useSession } from '../api/session'
import { ConfirmDialog, DeleteButton } from '../components/ConfirmDialog'
import { Badge, ProblemNotice } from '../components/List'
import { Page } from '../components/Page'
import { SimpleTable } from '../components/SimpleTable'
import { date, dateTime, label, money } from '../format'
import NotFound from './NotFound'

/** Each move of status as a button and the question it asks. */
const MOVES: Record<PaymentStatus, { button: string; question: string }> = {
  succeeded: { button: 'Mark received', question: 'The payment cleared: it is applied to the oldest open charges.' },
  failed: { button: 'Mark failed', question: 'The payment did not go through. The tenant and managers are told.' },
  returned: { button: 'Mark returned', question: 'The bank returned the payment: what it paid is owed again.' },
  refunded: { button: 'Mark refunded', question: 'The money went back to the tenant: what it paid is owed again.' },
  pending: { button: 'Mark pending', question: '' },
}

const ROOTS = ['payments', 'tenants', 'ledger', 'dashboard', 'leases', 'reports']

export default function PaymentDetail() {
  const { id = '' } = useParams()
  const navigate = useNavigate()
  const client = useQueryClient()
  const role = useSession()?.user.role
  const q = useQuery({
    queryKey: ['payments', 'detail', id],
    queryFn: ({ signal }) => api<PaymentDto>(`/payments/${id}`, { query: { include: 'lease,allocations' }, signal }),
  })
  const [move, setMove] = useState<PaymentStatus>()
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<unknown>()
  const [done, setDone] = useState<string>()
  // Where focus goes when the question closes: the button that asked, or the result once that button is gone.
  const opener = useRef<HTMLElement | null>(null)
  const result = useRef<HTMLDivElement>(null)

  if (q.error instanceof ApiError && (q.error.status === 404 || q.error.status === 400)) return <NotFound />
  const p = q.data
  const name = p ? `${p.tenant.firstName} ${p.tenant.lastName}` : ''
  const moves = p ? PAYMENT_NEXT_STATUS[p.status] : []

  const change = async (status: PaymentStatus) => {
    setBusy(true)
    setProblem(undefined)
    try {
      const saved = await api<Payment>(`/payments/${id}`, { method: 'PATCH', body: { status } })
      client.setQueryData<PaymentDto>(['payments', 'detail', id], (old) => (old ? { ...old, ...saved } : old))
      for (const root of ROOTS) void client.invalidateQueries({ queryKey: [root] })
      setDone(`The payment is now ${label(saved.status).toLowerCase()}.`)
      opener.current = result.current
    } catch (error) {
      setProblem(error)
    } finally {
      setBusy(false)
      setMove(undefined)
    }
  }

  return (
    <Page title={p ? `Payment of ${money(p.amountCents)} from ${name}` : 'Payment'}>
      <ProblemNotice error={q.error} />
      <div className="grid">
        <section className="card" aria-labelledby="pay-facts">
          <h2 id="pay-facts">Payment</h2>
          <dl className="facts">
            <dt>Amount</dt>
            <dd data-testid="payment-amount">{p ? money(p.amountCents) : '\u00a0'}</dd>
            <dt>Status</dt>
            <dd data-testid="payment-status">{p ? <Badge value={p.status} /> : '\u00a0'}</dd>
            <dt>Method</dt>
            <dd>{p ? label(p.method) : '\u00a0'}</dd>
            <dt>Paid on</dt>
            <dd>{p ? date(p.paidOn) : '\u00a0'}</dd>
            {p?.reversedOn ? (
              <>
                <dt>{p.status === 'refunded' ? 'Refunded on' : 'Returned on'}</dt>
                <dd>{date(p.reversedOn)}</dd>
              </>
            ) : null}
            <dt>Reference</dt>
            <dd>{p ? (p.reference ?? '—') : '\u00a0'}</dd>
            <dt>Memo</dt>
            <dd>{p ? (p.memo ?? '—') : '\u00a0'}</dd>
            <dt>Recorded</dt>
            <dd>{p ? dateTime(p.createdAt) : '\u00a0'}</dd>
            <dt>Last changed</dt>
            <dd>{p ? dateTime(p.updatedAt) : '\u00a0'}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="pay-who">
          <h2 id="pay-who">Paid by and for</h2>
          <dl className="facts">
            <dt>Tenant</dt>
            <dd>{p ? <Link to={`/tenants/${p.tenantId}`}>{name}</Link> : '\u00a0'}</dd>
            <dt>Lease</dt>
            <dd>
              {p?.lease ? (
                <Link to={`/leases/${p.lease.id}`}>{`Unit ${p.lease.unit.unitNumber}, ${date(p.lease.startDate)} – ${p.lease.endDate ? date(p.lease.endDate) : 'month-to-month'}`}</Link>
              ) : p ? (
                'None named: applied to the tenant’s oldest charges'
              ) : (
                '\u00a0'
              )}
            </dd>
            <dt>Property</dt>
            <dd>{p?.lease ? <Link to={`/properties/${p.lease.property.id}`}>{p.lease.property.name}</Link> : p ? '—' : '\u00a0'}</dd>
          </dl>
        </section>
      </div>

      {p && moves.length ? (
        <section aria-labelledby="pay-actions">
          <h2 id="pay-actions">Change the status</h2>
          <div className="page-actions">
            {moves.map((to) => (
              <button
                key={to}
                type="button"
                className="button"
                onClick={(e) => {
                  opener.current = e.currentTarget
                  setDone(undefined)
                  setMove(to)
                }}
              >
                {MOVES[to].button}
              </button>
            ))}
          </div>
        </section>
      ) : null}
      <div ref={result} tabIndex={-1} role="status" data-testid="payment-changed">
        {done ? <p className="notice notice-success">{done}</p> : null}
      </div>
      <ProblemNotice error={problem} />
      <ConfirmDialog
        open={move !== undefined}
        title={move ? `${MOVES[move].button}?` : ''}
        confirmLabel={move ? MOVES[move].button : ''}
        busyLabel="Saving…"
        danger={move === 'returned' || move === 'refunded' || move === 'failed'}
        busy={busy}
        onConfirm={() => move && void change(move)}
        onClose={() => setMove(undefined)}
        returnFocus={opener}
      >
        <p>
          {move ? MOVES[move].question : ''} {p ? `${money(p.amountCents)} from ${name}, paid on ${date(p.paidOn)}.` : ''} This cannot be undone.
        </p>
      </ConfirmDialog>

      <h2>Applied to charges</h2>
      <SimpleTable
        caption="Allocations to charges"
        testId="payment-allocations"
        rows={p?.allocations}
        rowKey={(a) => a.id}
        empty={p?.status === 'pending' ? 'Nothing yet: a payment is applied once it is received.' : 'Not applied to any charge.'}
        columns={[
          { header: 'Charge due', cell: (a) => date(a.dueDate) },
          { header: 'Charge', cell: (a) => a.description || label(a.kind) },
          { header: 'Lease', cell: (a) => <Link to={`/leases/${a.leaseId}`}>Open the lease<span className="visually-hidden"> of the charge due {date(a.dueDate)}</span></Link> },
          { header: 'Applied', cell: (a) => (a.amountCents < 0 ? `${money(a.amountCents)} (undone)` : money(a.amountCents)), num: true },
          { header: 'Counts from', cell: (a) => date(a.effectiveOn) },
        ]}
      />

      {p && role === 'admin' && (DELETABLE_STATUSES as readonly string[]).includes(p.status) ? (
        <DeleteButton
          what="payment"
          label="Delete payment"
          path={`/payments/${id}`}
          question={<p>{`The ${label(p.status).toLowerCase()} payment of ${money(p.amountCents)} from ${name} will be deleted. This cannot be undone.`}</p>}
          onDeleted={() => {
            client.removeQueries({ queryKey: ['payments', 'detail', id] })
            for (const root of ROOTS) void client.invalidateQueries({ queryKey: [root] })
            void navigate('/payments')
          }}
        />
      ) : null}
    </Page>
  )
}
