/** A maintenance request: facts, photos, work orders and its conversation; staff change status, priority and assignee here. */
import { useCallback, useState } from 'react'
import { Link, useParams } from 'react-router'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import {
  CreateCommentBody,
  MAINTENANCE_PRIORITIES,
  MAINTENANCE_STATUSES,
  UpdateMaintenanceBody,
  type MaintenanceDetail,
} from '../../../src/modules/maintenance/maintenance.schema.js'
import { api } from '../api/client'
import { useSession } from '../api/session'
import { ErrorSummary, SelectField, TextAreaField, useForm, useFormId } from '../components/Form'
import { Badge, ProblemNotice } from '../components/List'
import { Page } from '../components/Page'
import { DocumentList } from '../components/DocumentLink'
import { DocumentImage } from '../components/Photos'
import { PresenceLine, TypingLine, useConversation } from '../components/Presence'
import { useAssignees } from '../components/useAssignees'
import { WorkOrdersSection } from '../components/WorkOrders'
import { dateTime, label } from '../format'
import { ROLE_LABEL, STAFF } from '../nav'

export default function RequestDetail() {
  const { id = '' } = useParams()
  const role = useSession()?.user.role
  const staff = !!role && STAFF.includes(role)
  const q = useQuery({
    queryKey: ['maintenance', 'detail', id],
    queryFn: ({ signal }) => api<MaintenanceDetail>(`/maintenance/${id}`, { query: { include: 'workOrders,comments,documents,property,tenant,unit' }, signal }),
  })
  const r = q.data
  const photos = (r?.documents ?? []).filter((d) => d.contentType.startsWith('image/'))
  const files = (r?.documents ?? []).filter((d) => !d.contentType.startsWith('image/'))
  return (
    <Page title={r?.title ?? 'Maintenance request'}>
      <ProblemNotice error={q.error} />
      <div className="grid">
        <section className="card" aria-labelledby="r-facts">
          <h2 id="r-facts">Request</h2>
          <dl className="facts">
            <dt>Status</dt>
            <dd>{r ? <Badge value={r.status} /> : '\u00a0'}</dd>
            <dt>Priority</dt>
            <dd>{r ? <Badge value={r.priority} /> : '\u00a0'}</dd>
            <dt>Kind</dt>
            <dd>{r ? label(r.category) : '\u00a0'}</dd>
            <dt>Reported</dt>
            <dd>{dateTime(r?.requestedAt)}</dd>
            <dt>Completed</dt>
            <dd>{dateTime(r?.completedAt)}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="r-where">
          <h2 id="r-where">Where</h2>
          <dl className="facts">
            <dt>Property</dt>
            <dd>{r ? (staff ? <Link to={`/properties/${r.property.id}`}>{r.property.name}</Link> : r.property.name) : '\u00a0'}</dd>
            <dt>Address</dt>
            <dd>{r?.property.addressLine1 ?? '\u00a0'}</dd>
            <dt>Unit</dt>
            <dd>{r?.unit?.unitNumber ?? '—'}</dd>
            <dt>Location</dt>
            <dd>{r?.location ?? '—'}</dd>
            <dt>Tenant</dt>
            <dd>{r?.tenant ? (staff ? <Link to={`/tenants/${r.tenant.id}`}>{`${r.tenant.firstName} ${r.tenant.lastName}`}</Link> : `${r.tenant.firstName} ${r.tenant.lastName}`) : '—'}</dd>
          </dl>
        </section>
        {staff && r ? <StaffControls request={r} /> : null}
      </div>
      <h2>Description</h2>
      <p>{r ? r.description || 'No description.' : '\u00a0'}</p>
      {photos.length ? (
        <>
          <h2>Photos</h2>
          <ul className="photos">
            {photos.map((d, i) => (
              <li key={d.id}>
                <DocumentImage id={d.id} alt={`Photo ${i + 1} of the request: ${d.fileName}`} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {files.length ? (
        <>
          <h2>Files</h2>
          <DocumentList documents={files} label="Files of the request" />
        </>
      ) : null}
      <WorkOrdersSection request={r} role={role} />
      <Thread requestId={id} comments={r?.comments} canWrite={role !== 'owner'} />
    </Page>
  )
}

function StaffControls({ request }: { request: MaintenanceDetail }) {
  const client = useQueryClient()
  const assignees = useAssignees()
  const fid = useFormId('manage')
  const form = useForm({ status: request.status, priority: request.priority, assigneeId: request.assigneeId ?? '' })
  const [saved, setSaved] = useState(false)
  const save = async (e: React.FormEvent) => {
    e.preventDefault()
    const v = form.values
    const body = form.check(UpdateMaintenanceBody, { status: v.status, priority: v.priority, assigneeId: v.assigneeId || null })
    if (!body) return
    try {
      await api(`/maintenance/${request.id}`, { method: 'PATCH', body })
      setSaved(true)
      await client.invalidateQueries({ queryKey: ['maintenance'] })
      void client.invalidateQueries({ queryKey: ['dashboard'] })
    } catch (error) {
      form.fail(error)
    }
  }
  return (
    <section className="card" aria-labelledby="r-manage">
      <h2 id="r-manage">Manage</h2>
      <form onSubmit={(e) => void save(e)} noValidate>
        <ErrorSummary form={form} labels={{ status: 'Status', priority: 'Priority', assigneeId: 'Assigned to' }} idPrefix={fid} />
        <SelectField form={form} idPrefix={fid} name="status" label="Status" options={MAINTENANCE_STATUSES.map((s) => ({ value: s, label: label(s) }))} />
        <SelectField form={form} idPrefix={fid} name="priority" label="Priority" options={MAINTENANCE_PRIORITIES.map((s) => ({ value: s, label: label(s) }))} />
        <SelectField
          form={form}
          idPrefix={fid}
          name="assigneeId"
          label="Assigned to"
          options={[{ value: '', label: 'Nobody' }, ...assignees.map((u) => ({ value: u.id, label: `${u.displayName} (${ROLE_LABEL[u.role]})` }))]}
        />
        <button type="submit" className="button button-primary">
          Save
        </button>
        <span role="status">{saved ? ' Saved.' : ''}</span>
      </form>
    </section>
  )
}

function Thread({ requestId, comments, canWrite }: { requestId: string; comments: MaintenanceDetail['comments']; canWrite: boolean }) {
  const client = useQueryClient()
  const fid = useFormId('comment')
  const form = useForm({ body: '' })
  const [busy, setBusy] = useState(false)
  // Messages of others arrive on the socket; the thread is re-read through the API, which decides what this user sees.
  const refresh = useCallback(() => void client.invalidateQueries({ queryKey: ['maintenance', 'detail', requestId] }), [client, requestId])
  const live = useConversation(`request:${requestId}`, refresh)
  const send = async (e: React.FormEvent) => {
    e.preventDefault()
    const body = form.check(CreateCommentBody, { body: form.values.body })
    if (!body || busy) return
    setBusy(true)
    try {
      await api(`/maintenance/${requestId}/comments`, { method: 'POST', body })
      live.stopped()
      form.setAll({ body: '' })
      await client.invalidateQueries({ queryKey: ['maintenance', 'detail', requestId] })
    } catch (error) {
      form.fail(error)
    } finally {
      setBusy(false)
    }
  }
  return (
    <section aria-labelledby="thread-heading">
      <h2 id="thread-heading">Conversation</h2>
      <PresenceLine conversation={live} />
      {comments === undefined ? (
        <p className="loading" role="status">Loading…</p>
      ) : comments.length === 0 ? (
        <p className="muted">No messages yet.</p>
      ) : (
        <ol className="thread" aria-label="Messages" data-testid="thread">
          {comments.map((c) => (
            <li key={c.id}>
              <p className="meta">
                <strong>{c.authorName ?? 'Someone'}</strong>
                {c.authorRole ? ` · ${ROLE_LABEL[c.authorRole]}` : ''} · {dateTime(c.createdAt)}
              </p>
              <p>{c.body}</p>
            </li>
          ))}
        </ol>
      )}
      <TypingLine conversation={live} />
      {canWrite ? (
        <form className="stack" onSubmit={(e) => void send(e)} noValidate>
          <ErrorSummary form={form} labels={{ body: 'Message' }} idPrefix={fid} />
          <TextAreaField form={form} idPrefix={fid} name="body" label="Message" required onInput={(e) => live.typed(e.currentTarget.value)} onBlur={live.stopped} />
          <div>
            <button type="submit" className="button button-primary" disabled={busy}>
              Send message
            </button>
          </div>
        </form>
      ) : null}
    </section>
  )
}
