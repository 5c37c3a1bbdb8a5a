/**
 * Records a payment, validated with the API's CreatePaymentBody. One idempotency key per intended
 * payment: a double click or a retry after a lost answer sends the same key, so it pays once.
 * Given what is left to pay, an amount above it is sent only after the payer confirms it.
 */
import { useEffect, useRef, useState } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { CreatePaymentBody, PAYMENT_METHODS, type Payment } from '../../../src/modules/payments/payments.schema.js'
import { parseMoneyToCents } from '../../../src/lib/money.js'
import { api } from '../api/client'
import { useToday } from '../api/org'
import { date, label, money } from '../format'
import { ErrorSummary, optional, SelectField, TextField, useForm, useFormId } from './Form'
import type { Option } from './List'

const LABELS = { tenantId: 'Tenant', leaseId: 'Lease', amountCents: 'Amount ($)', method: 'Method', paidOn: 'Paid on', reference: 'Reference', memo: 'Memo', status: 'Status' }

type PayFormProps = {
  tenantId: string
  tenants?: Option[]
  leases: Option[]
  staff: boolean
  suggestedCents?: number
  /** What is still owed once pending payments clear; a larger amount asks for confirmation first. */
  remainingCents?: number
  onPaid?: (p: Payment) => void
}

/** The form once the organization's today is known: "Paid on" defaults to it, the day the server measures against. */
export function PayForm(props: PayFormProps) {
  const today = useToday()
  if (!today) return <p className="loading">Loading…</p>
  return <PayFormFor {...props} today={today} />
}

function PayFormFor({
  today,
  tenantId,
  tenants,
  leases,
  staff,
  suggestedCents,
  remainingCents,
  onPaid,
}: PayFormProps & { today: string }) {
  const client = useQueryClient()
  const fid = useFormId('pay')
  const form = useForm({
    tenantId,
    leaseId: leases[0]?.value ?? '',
    amountCents: suggestedCents && suggestedCents > 0 ? (suggestedCents / 100).toFixed(2) : '',
    method: staff ? 'check' : 'ach',
    paidOn: today,
    reference: '',
    memo: '',
    status: 'succeeded',
  })
  const key = useRef(crypto.randomUUID())
  const inFlight = useRef(false)
  const [busy, setBusy] = useState(false)
  const [paid, setPaid] = useState<Payment>()
  // The amount (in cents) waiting for the payer's confirmation, because it pays more than is left.
  const [confirming, setConfirming] = useState<number>()
  const confirmRef = useRef<HTMLDivElement>(null)
  const leaseId = form.values.leaseId || leases[0]?.value || ''

  useEffect(() => {
    if (confirming !== undefined) confirmRef.current?.focus()
  }, [confirming])

  // Only the confirm button confirms: a double click on "Pay now" must not slip past the question.
  const submit = async (e: React.FormEvent | null, confirmed = false) => {
    e?.preventDefault()
    if (inFlight.current) return
    const v = form.values
    const cents = parseMoneyToCents(v.amountCents)
    const body = form.check(CreatePaymentBody, {
      tenantId: v.tenantId || tenantId,
      leaseId: leaseId || undefined,
      amountCents: cents ?? (v.amountCents.trim() === '' ? undefined : v.amountCents),
      method: v.method,
      paidOn: v.paidOn,
      reference: optional(v.reference),
      memo: optional(v.memo),
      ...(staff ? { status: v.status } : {}),
    })
    if (!body) return setConfirming(undefined)
    if (remainingCents !== undefined && body.amountCents > remainingCents && !(confirmed && confirming === body.amountCents)) {
      setConfirming(body.amountCents)
      return
    }
    setConfirming(undefined)
    inFlight.current = true
    setBusy(true)
    try {
      const payment = await api<Payment>('/payments', { method: 'POST', body, headers: { 'idempotency-key': key.current } })
      key.current = crypto.randomUUID()
      setPaid(payment)
      form.setAll({ ...form.values, amountCents: '', reference: '', memo: '' })
      for (const root of ['payments', 'tenants', 'ledger', 'dashboard', 'portal']) void client.invalidateQueries({ queryKey: [root] })
      onPaid?.(payment)
    } catch (error) {
      form.fail(error)
    } finally {
      inFlight.current = false
      setBusy(false)
    }
  }

  return (
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate aria-label="Payment">
      <div role="status" data-testid="payment-result">
        {paid ? (
          <p className="notice notice-success">
            {staff ? 'Payment recorded' : 'Payment submitted'}: {money(paid.amountCents)} on {date(paid.paidOn)} ({label(paid.status)}).
          </p>
        ) : null}
      </div>
      <ErrorSummary form={form} labels={LABELS} idPrefix={fid} />
      {confirming !== undefined && remainingCents !== undefined ? (
        <div ref={confirmRef} tabIndex={-1} className="notice notice-warning" role="alert" aria-labelledby={`${fid}-confirm`} data-testid="payment-confirm">
          <p id={`${fid}-confirm`}>
            {remainingCents > 0
              ? `${money(confirming)} is more than the ${money(remainingCents)} left to pay once your pending payments clear.`
              : `Nothing is left to pay once your pending payments clear, so ${money(confirming)} would be paid in advance.`}{' '}
            Pay {money(confirming)} anyway?
          </p>
          <div className="page-actions">
            <button type="button" className="button button-primary" disabled={busy} onClick={() => void submit(null, true)}>
              Yes, pay {money(confirming)}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setConfirming(undefined)
                document.getElementById(`${fid}-amountCents`)?.focus()
              }}
            >
              Change the amount
            </button>
          </div>
        </div>
      ) : null}
      {tenants ? <SelectField form={form} idPrefix={fid} name="tenantId" label={LABELS.tenantId} options={[{ value: '', label: 'Choose a tenant' }, ...tenants]} required /> : null}
      {leases.length > 1 ? <SelectField form={form} idPrefix={fid} name="leaseId" label={LABELS.leaseId} options={leases} /> : null}
      <div className="form-row">
        <TextField form={form} idPrefix={fid} name="amountCents" label={LABELS.amountCents} inputMode="decimal" required hint="For example 1,250.00" />
        <SelectField form={form} idPrefix={fid} name="method" label={LABELS.method} options={PAYMENT_METHODS.map((m) => ({ value: m, label: label(m) }))} />
        <TextField form={form} idPrefix={fid} name="paidOn" label={LABELS.paidOn} type="date" required />
      </div>
      <TextField form={form} idPrefix={fid} name="reference" label={LABELS.reference} hint="Check number or confirmation code" />
      <TextField form={form} idPrefix={fid} name="memo" label={LABELS.memo} />
      {staff ? (
        <SelectField
          form={form}
          idPrefix={fid}
          name="status"
          label={LABELS.status}
          options={[
            { value: 'succeeded', label: 'Received' },
            { value: 'pending', label: 'Pending' },
          ]}
        />
      ) : null}
      <div className="page-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Sending…' : staff ? 'Record payment' : 'Pay now'}
        </button>
      </div>
    </form>
  )
}
