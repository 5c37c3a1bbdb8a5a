/** Technician: one work order — where, whom to call, status changes, notes, cost and photos. */
import { useEffect, useState } from 'react'
import { useParams } from 'react-router'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { UpdateWorkOrderBody, WORK_ORDER_STATUSES, type WorkOrderDetail as WorkOrderDto } from '../../../../src/modules/work-orders/work-orders.schema.js'
import type { MaintenanceDetail } from '../../../../src/modules/maintenance/maintenance.schema.js'
import { parseMoneyToCents } from '../../../../src/lib/money.js'
import { api } from '../../api/client'
import { ErrorSummary, SelectField, TextAreaField, TextField, useForm, useFormId } from '../../components/Form'
import { Badge, ProblemNotice } from '../../components/List'
import { Page } from '../../components/Page'
import { DocumentImage, PhotoPicker, uploadPhotos, type Photo } from '../../components/Photos'
import { dateTime, label } from '../../format'

const LABELS = { status: 'Status', notes: 'Notes', actualCostCents: 'Actual cost ($)', photos: 'Photos', completedAt: 'Completed at' }

export default function WorkOrderDetail() {
  const { id = '' } = useParams()
  const client = useQueryClient()
  const q = useQuery({ queryKey: ['work-orders', 'detail', id], queryFn: ({ signal }) => api<WorkOrderDto>(`/work-orders/${id}`, { signal }) })
  const w = q.data
  const request = useQuery({
    queryKey: ['maintenance', 'detail', w?.requestId, 'documents'],
    queryFn: ({ signal }) => api<MaintenanceDetail>(`/maintenance/${w?.requestId}`, { query: { include: 'documents' }, signal }),
    enabled: !!w,
  })
  const fid = useFormId('work')
  const form = useForm({ status: 'scheduled', notes: '', actualCostCents: '' })
  const [photos, setPhotos] = useState<Photo[]>([])
  const [saved, setSaved] = useState(false)
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    if (w) form.setAll({ status: w.status, notes: w.notes ?? '', actualCostCents: w.actualCostCents === null ? '' : (w.actualCostCents / 100).toFixed(2) })
  }, [w?.id]) // fill when the work order arrives

  const save = async (e: React.FormEvent) => {
    e.preventDefault()
    if (!w || busy) return
    const v = form.values
    const cost = v.actualCostCents.trim() ? (parseMoneyToCents(v.actualCostCents) ?? v.actualCostCents) : null
    const body = form.check(UpdateWorkOrderBody, { status: v.status, notes: v.notes.trim() || null, actualCostCents: cost })
    if (!body) return
    setBusy(true)
    setSaved(false)
    try {
      await api(`/work-orders/${w.id}`, { method: 'PATCH', body })
      await uploadPhotos(w.requestId, photos)
      setPhotos([])
      setSaved(true)
      await client.invalidateQueries({ queryKey: ['work-orders'] })
      await client.invalidateQueries({ queryKey: ['maintenance'] })
    } catch (error) {
      form.fail(error)
    } finally {
      setBusy(false)
    }
  }

  const pictures = (request.data?.documents ?? []).filter((d) => d.contentType.startsWith('image/'))
  return (
    <Page title={w?.request.title ?? 'Work order'}>
      <ProblemNotice error={q.error} />
      <div className="grid">
        <section className="card" aria-labelledby="w-where">
          <h2 id="w-where">Where</h2>
          <dl className="facts">
            <dt>Property</dt>
            <dd>{w?.property.name ?? '\u00a0'}</dd>
            <dt>Address</dt>
            <dd>{w ? `${w.property.addressLine1}, ${w.property.city}` : '\u00a0'}</dd>
            <dt>Unit</dt>
            <dd>{w?.unit?.unitNumber ?? '—'}</dd>
            <dt>Location</dt>
            <dd>{w?.request.location ?? '—'}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="w-who">
          <h2 id="w-who">Tenant contact</h2>
          <dl className="facts">
            <dt>Name</dt>
            <dd>{w?.tenant ? `${w.tenant.firstName} ${w.tenant.lastName}` : '—'}</dd>
            <dt>Phone</dt>
            <dd>{w?.tenant?.phone ? <a href={`tel:${w.tenant.phone}`}>{w.tenant.phone}</a> : '—'}</dd>
            <dt>E-mail</dt>
            <dd>{w?.tenant?.email ? <a href={`mailto:${w.tenant.email}`}>{w.tenant.email}</a> : '—'}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="w-job">
          <h2 id="w-job">Job</h2>
          <dl className="facts">
            <dt>Priority</dt>
            <dd>{w ? <Badge value={w.request.priority} /> : '\u00a0'}</dd>
            <dt>Scheduled</dt>
            <dd>{dateTime(w?.scheduledFor)}</dd>
            <dt>Reported</dt>
            <dd>{dateTime(w?.request.requestedAt)}</dd>
          </dl>
        </section>
      </div>
      <h2>Description</h2>
      <p>{w ? w.request.description || 'No description.' : '\u00a0'}</p>
      {pictures.length ? (
        <>
          <h2>Photos</h2>
          <ul className="photos">
            {pictures.map((d, i) => (
              <li key={d.id}>
                <DocumentImage id={d.id} alt={`Photo ${i + 1}: ${d.fileName}`} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>Update</h2>
      <form className="stack" onSubmit={(e) => void save(e)} noValidate>
        <div role="status">{saved ? <p className="notice notice-success">Saved.</p> : null}</div>
        <ErrorSummary form={form} labels={LABELS} idPrefix={fid} />
        <SelectField form={form} idPrefix={fid} name="status" label={LABELS.status} options={WORK_ORDER_STATUSES.map((s) => ({ value: s, label: label(s) }))} />
        <TextAreaField form={form} idPrefix={fid} name="notes" label={LABELS.notes} />
        <TextField form={form} idPrefix={fid} name="actualCostCents" label={LABELS.actualCostCents} inputMode="decimal" />
        <PhotoPicker id={`${fid}-photos`} photos={photos} onChange={setPhotos} />
        <div>
          <button type="submit" className="button button-primary" disabled={busy || !w}>
            {busy ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </Page>
  )
}
