/** A maintenance request's work orders: listed for everyone who sees the request, created by staff. */
import { useState } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import type { MaintenanceDetail } from '../../../src/modules/maintenance/maintenance.schema.js'
import { CreateWorkOrderBody, type WorkOrder } from '../../../src/modules/work-orders/work-orders.schema.js'
import { parseMoneyToCents } from '../../../src/lib/money.js'
import { api } from '../api/client'
import { ErrorSummary, optional, SelectField, TextAreaField, TextField, useForm, useFormId } from './Form'
import { Badge, type Column } from './List'
import { SimpleTable } from './SimpleTable'
import { technicians, useAssignees } from './useAssignees'
import { dateTime, money } from '../format'
import { STAFF, type Role } from '../nav'

const LABELS = {
  assigneeId: 'Technician',
  vendor: 'Vendor',
  scheduledFor: 'Scheduled for',
  estimatedCostCents: 'Cost estimate ($)',
  notes: 'Notes',
  requestId: 'Request',
}

/** `<input type="datetime-local">` text (this browser's time) → an instant; anything else is left for the schema to refuse. */
const instantOf = (local: string): string | undefined => {
  if (!local.trim()) return undefined
  const at = new Date(local)
  return Number.isNaN(at.getTime()) ? local : at.toISOString()
}

export function WorkOrdersSection({ request, role }: { request: MaintenanceDetail | undefined; role: Role | undefined }) {
  const staff = !!role && STAFF.includes(role)
  const assignees = useAssignees(staff)
  const nameOf = (id: string | null) => (id ? (assignees.find((u) => u.id === id)?.displayName ?? 'Assigned') : '—')
  const columns: Column<WorkOrder>[] = [
    { header: 'Status', cell: (w) => <Badge value={w.status} /> },
    { header: 'Scheduled', cell: (w) => dateTime(w.scheduledFor) },
  ]
  // A tenant is told when someone comes, not who is paid what.
  if (role !== 'tenant') {
    if (staff) columns.push({ header: 'Technician', cell: (w) => nameOf(w.assigneeId) })
    columns.push(
      { header: 'Vendor', cell: (w) => w.vendor ?? '—' },
      { header: 'Estimate', cell: (w) => money(w.estimatedCostCents), num: true },
      { header: 'Actual', cell: (w) => money(w.actualCostCents), num: true },
    )
  }
  return (
    <section aria-labelledby="wo-heading">
      <h2 id="wo-heading">Work orders</h2>
      <SimpleTable caption="Work orders" testId="work-orders" rows={request?.workOrders} rowKey={(w) => w.id} empty="No work orders." columns={columns} />
      {staff && request ? <CreateWorkOrder requestId={request.id} assignees={assignees} /> : null}
    </section>
  )
}

function CreateWorkOrder({ requestId, assignees }: { requestId: string; assignees: ReturnType<typeof useAssignees> }) {
  const client = useQueryClient()
  const fid = useFormId('work-order')
  const blank = { assigneeId: '', vendor: '', scheduledFor: '', estimatedCostCents: '', notes: '' }
  const form = useForm(blank)
  const [busy, setBusy] = useState(false)
  const [created, setCreated] = useState(false)

  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    if (busy) return
    setCreated(false)
    const v = form.values
    const cost = v.estimatedCostCents.trim() ? (parseMoneyToCents(v.estimatedCostCents) ?? v.estimatedCostCents) : undefined
    const body = form.check(CreateWorkOrderBody, {
      requestId,
      assigneeId: v.assigneeId || undefined,
      vendor: optional(v.vendor),
      scheduledFor: instantOf(v.scheduledFor),
      estimatedCostCents: cost,
      notes: optional(v.notes),
    })
    if (!body) return
    setBusy(true)
    try {
      await api<WorkOrder>('/work-orders', { method: 'POST', body })
      form.setAll(blank)
      setCreated(true)
      await client.invalidateQueries({ queryKey: ['maintenance'] })
      void client.invalidateQueries({ queryKey: ['work-orders'] })
    } catch (error) {
      form.fail(error)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${fid}-title`}>
      <h3 id={`${fid}-title`}>Create work order</h3>
      <ErrorSummary form={form} labels={LABELS} idPrefix={fid} />
      <div className="form-row">
        <SelectField
          form={form}
          idPrefix={fid}
          name="assigneeId"
          label={LABELS.assigneeId}
          hint="Or leave nobody and name a vendor."
          options={[{ value: '', label: 'Nobody' }, ...technicians(assignees).map((u) => ({ value: u.id, label: u.displayName }))]}
        />
        <TextField form={form} idPrefix={fid} name="vendor" label={LABELS.vendor} hint="An outside company, if any." autoComplete="organization" />
      </div>
      <div className="form-row">
        <TextField form={form} idPrefix={fid} name="scheduledFor" label={LABELS.scheduledFor} type="datetime-local" hint="Date and time of the visit." />
        <TextField form={form} idPrefix={fid} name="estimatedCostCents" label={LABELS.estimatedCostCents} inputMode="decimal" hint="For example 250.00" />
      </div>
      <TextAreaField form={form} idPrefix={fid} name="notes" label={LABELS.notes} />
      <div className="page-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create work order'}
        </button>
        <span role="status">{created ? 'Work order created.' : ''}</span>
      </div>
    </form>
  )
}
