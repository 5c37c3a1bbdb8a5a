/** Create or edit a tenant, validated with the API's CreateTenantBody / UpdateTenantBody. */
import { useEffect, useState } from 'react'
import { useNavigate, useParams } from 'react-router'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { CreateTenantBody, TenantStatus, UpdateTenantBody, type TenantDetail } from '../../../src/modules/tenants/tenants.schema.js'
import { api } from '../api/client'
import { ErrorSummary, nullable, optional, SelectField, TextAreaField, TextField, useForm, useFormId } from '../components/Form'
import { Page } from '../components/Page'
import { label } from '../format'

const LABELS = { firstName: 'First name', lastName: 'Last name', email: 'E-mail', phone: 'Phone', status: 'Status', notes: 'Notes' }

export default function TenantForm() {
  const { id } = useParams()
  const navigate = useNavigate()
  const client = useQueryClient()
  const form = useForm({ firstName: '', lastName: '', email: '', phone: '', status: 'applicant', notes: '' })
  const [busy, setBusy] = useState(false)
  const fid = useFormId('tenant')
  const existing = useQuery({ queryKey: ['tenants', 'detail', id, 'form'], queryFn: () => api<TenantDetail>(`/tenants/${id}`), enabled: !!id })
  useEffect(() => {
    const t = existing.data
    if (t) form.setAll({ firstName: t.firstName, lastName: t.lastName, email: t.email ?? '', phone: t.phone ?? '', status: t.status, notes: t.notes ?? '' })
    // Fill once when the tenant arrives.
  }, [existing.data])

  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    const v = form.values
    const body = id
      ? form.check(UpdateTenantBody, { firstName: v.firstName, lastName: v.lastName, email: nullable(v.email), phone: nullable(v.phone), status: v.status, notes: nullable(v.notes) })
      : form.check(CreateTenantBody, { firstName: v.firstName, lastName: v.lastName, email: optional(v.email), phone: optional(v.phone), status: v.status, notes: optional(v.notes) })
    if (!body) return
    setBusy(true)
    try {
      const saved = await api<{ id: string }>(id ? `/tenants/${id}` : '/tenants', { method: id ? 'PATCH' : 'POST', body })
      await client.invalidateQueries({ queryKey: ['tenants'] })
      void navigate(`/tenants/${saved.id}`)
    } catch (error) {
      form.fail(error)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Page title={id ? 'Edit tenant' : 'New tenant'}>
      <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary form={form} labels={LABELS} idPrefix={fid} />
        <div className="form-row">
          <TextField form={form} idPrefix={fid} name="firstName" label={LABELS.firstName} required autoComplete="off" />
          <TextField form={form} idPrefix={fid} name="lastName" label={LABELS.lastName} required autoComplete="off" />
        </div>
        <div className="form-row">
          <TextField form={form} idPrefix={fid} name="email" label={LABELS.email} type="email" autoComplete="off" />
          <TextField form={form} idPrefix={fid} name="phone" label={LABELS.phone} type="tel" autoComplete="off" />
        </div>
        <SelectField form={form} idPrefix={fid} name="status" label={LABELS.status} options={TenantStatus.options.map((s) => ({ value: s, label: label(s) }))} />
        <TextAreaField form={form} idPrefix={fid} name="notes" label={LABELS.notes} hint="Seen by staff only." />
        <div className="page-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Saving…' : id ? 'Save changes' : 'Create tenant'}
          </button>
          <button type="button" className="button" onClick={() => void navigate(-1)}>
            Cancel
          </button>
        </div>
      </form>
    </Page>
  )
}
