/**
 * Staff: open a maintenance request (`maintenance/new`, optionally `?propertyId=` and `?unitId=`), validated
 * with the API's CreateMaintenanceBody. Unit and tenant are optional; the tenants offered are the property's.
 */
import { useEffect, useState } from 'react'
import { useNavigate, useSearchParams } from 'react-router'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { CreateMaintenanceBody, MAINTENANCE_PRIORITIES } from '../../../src/modules/maintenance/maintenance.schema.js'
import type { Tenant } from '../../../src/modules/tenants/tenants.schema.js'
import type { Unit } from '../../../src/modules/units/units.schema.js'
import { api } from '../api/client'
import { ErrorSummary, Field, SelectField, TextAreaField, TextField, useForm, useFormId } from '../components/Form'
import { ProblemNotice, usePropertyOptions, type Page as PageOf } from '../components/List'
import { Page } from '../components/Page'
import { label } from '../format'

const LABELS = {
  propertyId: 'Property',
  unitId: 'Unit',
  tenantId: 'Reported by tenant',
  title: 'Title',
  description: 'Description',
  category: 'Category',
  priority: 'Priority',
}

/** The categories staff file requests under, as the demo and the portal use them. */
const CATEGORIES = ['general', 'plumbing', 'electrical', 'heat_hot_water', 'appliance', 'door_window', 'pest', 'locks', 'exterior', 'other']
const CATEGORY_LABEL: Record<string, string> = { heat_hot_water: 'Heat and hot water', door_window: 'Doors and windows' }

/** Every page of `path` (a property may have more than one page of units or tenants). */
async function allOf<T>(path: string, query: Record<string, string>, signal: AbortSignal): Promise<T[]> {
  const rows: T[] = []
  for (let page = 1; ; page++) {
    const got = await api<PageOf<T>>(path, { query: { ...query, page, pageSize: 100 }, signal })
    rows.push(...got.data)
    if (got.data.length === 0 || rows.length >= got.total) return rows
  }
}

export default function MaintenanceForm() {
  const [params] = useSearchParams()
  const navigate = useNavigate()
  const client = useQueryClient()
  const fid = useFormId('request')
  const [busy, setBusy] = useState(false)
  const properties = usePropertyOptions()
  const presetUnit = params.get('unitId') ?? ''
  const form = useForm({ propertyId: params.get('propertyId') ?? '', unitId: presetUnit, tenantId: '', title: '', description: '', category: 'general', priority: 'normal' })
  const propertyId = form.values.propertyId

  const preset = useQuery({ queryKey: ['units', 'detail', presetUnit, 'form'], queryFn: ({ signal }) => api<Unit>(`/units/${presetUnit}`, { signal }), enabled: !!presetUnit })
  const units = useQuery({ queryKey: ['units', 'of-property', propertyId], queryFn: ({ signal }) => allOf<Unit>(`/properties/${propertyId}/units`, {}, signal), enabled: !!propertyId })
  const tenants = useQuery({ queryKey: ['tenants', 'of-property', propertyId], queryFn: ({ signal }) => allOf<Tenant>('/tenants', { propertyId }, signal), enabled: !!propertyId })

  useEffect(() => {
    const u = preset.data
    if (u) form.set('propertyId', u.propertyId)
  }, [preset.data]) // the unit named in the address decides the property, once

  /** The tenant living in a unit now, if any: the likely reporter. */
  const livingIn = (unitId: string): Tenant | undefined => tenants.data?.find((t) => t.currentLease?.unitId === unitId)

  useEffect(() => {
    const now = presetUnit ? livingIn(presetUnit) : undefined
    if (now && !form.values.tenantId) form.set('tenantId', now.id)
  }, [tenants.data]) // the preset unit's tenant, once the tenants arrive

  const chooseUnit = (unitId: string) => {
    form.set('unitId', unitId)
    const now = unitId ? livingIn(unitId) : undefined
    // A tenant already chosen is kept; otherwise the unit's tenant is the likely reporter.
    if (now && !form.values.tenantId) form.set('tenantId', now.id)
  }

  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    const v = form.values
    const body = form.check(CreateMaintenanceBody, {
      propertyId: v.propertyId,
      unitId: v.unitId || null,
      tenantId: v.tenantId || null,
      title: v.title,
      description: v.description.trim() || undefined,
      category: v.category,
      priority: v.priority,
    })
    if (!body) return
    setBusy(true)
    try {
      const created = await api<{ id: string }>('/maintenance', { method: 'POST', body })
      await Promise.all(['maintenance', 'properties', 'dashboard'].map((root) => client.invalidateQueries({ queryKey: [root] })))
      void navigate(`/maintenance/${created.id}`)
    } catch (error) {
      form.fail(error)
    } finally {
      setBusy(false)
    }
  }

  const unitOptions = [
    { value: '', label: !propertyId ? 'Choose a property first' : units.data ? 'The whole property (no unit)' : 'Loading units…' },
    ...(units.data ?? []).map((u) => ({ value: u.id, label: `Unit ${u.unitNumber}` })),
  ]
  const unitNumber = new Map((units.data ?? []).map((u) => [u.id, u.unitNumber]))
  const tenantOptions = [
    { value: '', label: !propertyId ? 'Choose a property first' : tenants.data ? 'No tenant' : 'Loading tenants…' },
    ...(tenants.data ?? []).map((t) => {
      const lives = t.currentLease?.propertyId === propertyId ? unitNumber.get(t.currentLease.unitId) : undefined
      return { value: t.id, label: `${t.lastName}, ${t.firstName}${lives ? ` · unit ${lives}` : ` · ${label(t.status)}`}` }
    }),
  ]

  return (
    <Page title="New maintenance request">
      <ProblemNotice error={preset.error ?? units.error ?? tenants.error} />
      <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary form={form} labels={LABELS} idPrefix={fid} />
        <Field idPrefix={fid} name="propertyId" label={LABELS.propertyId} required error={form.errors.propertyId}>
          {(a) => (
            <select
              {...a}
              value={propertyId}
              onChange={(e) => {
                form.set('propertyId', e.target.value)
                form.set('unitId', '')
                form.set('tenantId', '')
              }}
            >
              <option value="">Choose a property</option>
              {properties.map((p) => (
                <option key={p.value} value={p.value}>
                  {p.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="form-row">
          <Field idPrefix={fid} name="unitId" label={LABELS.unitId} hint="Optional: leave for common areas" error={form.errors.unitId}>
            {(a) => (
              <select {...a} value={form.values.unitId} onChange={(e) => chooseUnit(e.target.value)}>
                {unitOptions.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <SelectField form={form} idPrefix={fid} name="tenantId" label={LABELS.tenantId} hint="Optional: tenants of this property" options={tenantOptions} />
        </div>
        <TextField form={form} idPrefix={fid} name="title" label={LABELS.title} required hint="For example: Kitchen sink is leaking" />
        <TextAreaField form={form} idPrefix={fid} name="description" label={LABELS.description} rows={4} />
        <div className="form-row">
          <SelectField form={form} idPrefix={fid} name="category" label={LABELS.category} options={CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABEL[c] ?? label(c) }))} />
          <SelectField form={form} idPrefix={fid} name="priority" label={LABELS.priority} options={MAINTENANCE_PRIORITIES.map((p) => ({ value: p, label: label(p) }))} />
        </div>
        <div className="page-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Saving…' : 'Create request'}
          </button>
          <button type="button" className="button" onClick={() => void navigate(-1)}>
            Cancel
          </button>
        </div>
      </form>
    </Page>
  )
}
