/** Tenant: report a problem in my home, validated with the API's CreateMaintenanceBody. */
import { useState } from 'react'
import { useNavigate } from 'react-router'
import { useQueryClient } from '@tanstack/react-query'
import { CreateMaintenanceBody, MAINTENANCE_PRIORITIES } from '../../../../src/modules/maintenance/maintenance.schema.js'
import { api } from '../../api/client'
import { ErrorSummary, optional, SelectField, TextAreaField, TextField, useForm, useFormId } from '../../components/Form'
import { ProblemNotice } from '../../components/List'
import { Page } from '../../components/Page'
import { PhotoPicker, uploadPhotos, type Photo } from '../../components/Photos'
import { label } from '../../format'
import { currentLeaseOf, usePortalTenant } from './usePortal'

const LABELS = {
  title: 'What is the problem?',
  description: 'Details',
  location: 'Where in your home?',
  category: 'Kind of problem',
  priority: 'How urgent is it?',
  photos: 'Photos',
  // Filled in from the lease, not typed, but the server may still name them.
  propertyId: 'Your home',
  unitId: 'Your home',
  tenantId: 'You',
}
const CATEGORIES = ['general', 'plumbing', 'electrical', 'heating', 'appliance', 'pest', 'locks', 'other']

export default function NewRequest() {
  const { tenantId, data: t, error } = usePortalTenant()
  const lease = currentLeaseOf(t)
  const navigate = useNavigate()
  const client = useQueryClient()
  const fid = useFormId('request')
  const form = useForm({ title: '', description: '', location: '', priority: 'normal', category: 'general' })
  const [photos, setPhotos] = useState<Photo[]>([])
  const [busy, setBusy] = useState(false)

  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    if (!lease || busy) return
    const v = form.values
    const body = form.check(CreateMaintenanceBody, {
      propertyId: lease.propertyId,
      unitId: lease.unitId,
      tenantId,
      title: v.title,
      description: v.description.trim() || undefined,
      location: optional(v.location),
      priority: v.priority,
      category: v.category,
    })
    if (!body) return
    setBusy(true)
    try {
      const created = await api<{ id: string }>('/maintenance', { method: 'POST', body })
      await uploadPhotos(created.id, photos)
      await client.invalidateQueries({ queryKey: ['maintenance'] })
      await client.invalidateQueries({ queryKey: ['portal'] })
      void navigate(`/portal/requests/${created.id}`)
    } catch (err) {
      form.fail(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Page title="Report a problem">
      <ProblemNotice error={error} />
      {t && !lease ? <p className="notice notice-info">You need an active lease to report a problem here. Please call your manager.</p> : null}
      <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary form={form} labels={LABELS} idPrefix={fid} />
        <TextField form={form} idPrefix={fid} name="title" label={LABELS.title} required hint="For example: Kitchen sink is leaking" />
        <TextAreaField form={form} idPrefix={fid} name="description" label={LABELS.description} />
        <div className="form-row">
          <TextField form={form} idPrefix={fid} name="location" label={LABELS.location} />
          <SelectField form={form} idPrefix={fid} name="category" label={LABELS.category} options={CATEGORIES.map((c) => ({ value: c, label: label(c) }))} />
          <SelectField form={form} idPrefix={fid} name="priority" label={LABELS.priority} options={MAINTENANCE_PRIORITIES.map((p) => ({ value: p, label: label(p) }))} />
        </div>
        <PhotoPicker id={`${fid}-photos`} photos={photos} onChange={setPhotos} />
        <div className="page-actions">
          <button type="submit" className="button button-primary" disabled={busy || !lease}>
            {busy ? 'Sending…' : 'Send request'}
          </button>
        </div>
      </form>
    </Page>
  )
}
