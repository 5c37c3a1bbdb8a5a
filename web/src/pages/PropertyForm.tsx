/** Create or edit a property, validated with the API's CreatePropertyBody / UpdatePropertyBody. */
import { useEffect, useState } from 'react'
import { useNavigate, useParams } from 'react-router'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { CreatePropertyBody, PropertyStatus, PropertyType, UpdatePropertyBody, type OwnerSummary, type PropertyDetail } from '../../../src/modules/properties/properties.schema.js'
import { formatBpAsPercent, parseMoneyToCents, parsePercentToBp } from '../../../src/lib/money.js'
import { api } from '../api/client'
import { ErrorSummary, nullable, optional, SelectField, TextField, useForm, useFormId } from '../components/Form'
import type { Page as PageOf } from '../components/List'
import { Page } from '../components/Page'
import { label } from '../format'

const LABELS = {
  name: 'Name',
  type: 'Type',
  status: 'Status',
  ownerId: 'Owner',
  addressLine1: 'Address',
  addressLine2: 'Address line 2',
  city: 'City',
  state: 'State',
  zip: 'ZIP',
  marketValueCents: 'Market value ($)',
  yearBuilt: 'Year built',
  managementFeeBp: 'Management fee (%)',
}

/** Every owner of the organization, page by page, for the owner select. */
async function allOwners(signal: AbortSignal): Promise<OwnerSummary[]> {
  const owners: OwnerSummary[] = []
  for (let page = 1; ; page++) {
    const got = await api<PageOf<OwnerSummary>>('/owners', { query: { page, pageSize: 100 }, signal })
    owners.push(...got.data)
    if (got.data.length === 0 || owners.length >= got.total) return owners
  }
}

export default function PropertyForm() {
  const { id } = useParams()
  const navigate = useNavigate()
  const client = useQueryClient()
  const fid = useFormId('property')
  const [busy, setBusy] = useState(false)
  const form = useForm({ name: '', type: 'apartment', status: 'active', ownerId: '', addressLine1: '', addressLine2: '', city: '', state: '', zip: '', marketValueCents: '', yearBuilt: '', managementFeeBp: '0' })
  const existing = useQuery({ queryKey: ['properties', 'detail', id, 'form'], queryFn: () => api<PropertyDetail>(`/properties/${id}`), enabled: !!id })
  const owners = useQuery({ queryKey: ['owners', 'options'], queryFn: ({ signal }) => allOwners(signal), staleTime: 5 * 60_000 })
  useEffect(() => {
    const p = existing.data
    if (p)
      form.setAll({
        name: p.name,
        type: p.type,
        status: p.status,
        ownerId: p.ownerId ?? '',
        addressLine1: p.addressLine1,
        addressLine2: p.addressLine2 ?? '',
        city: p.city,
        state: p.state,
        zip: p.zip ?? '',
        marketValueCents: p.marketValueCents == null ? '' : (p.marketValueCents / 100).toFixed(2),
        yearBuilt: p.yearBuilt == null ? '' : String(p.yearBuilt),
        managementFeeBp: p.managementFeeBp === undefined ? '0' : formatBpAsPercent(p.managementFeeBp),
      })
  }, [existing.data]) // fill once when the property arrives

  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    const v = form.values
    const value = v.marketValueCents.trim() ? (parseMoneyToCents(v.marketValueCents) ?? v.marketValueCents) : null
    const year = v.yearBuilt.trim() ? Number(v.yearBuilt) : null
    // Typed as a percent; text that is not one goes through as is, so the schema names the field.
    const fee = parsePercentToBp(v.managementFeeBp) ?? v.managementFeeBp
    const fields = { name: v.name, type: v.type, status: v.status, addressLine1: v.addressLine1, city: v.city, state: v.state, marketValueCents: value, yearBuilt: year, managementFeeBp: fee }
    const body = id
      ? form.check(UpdatePropertyBody, { ...fields, ownerId: v.ownerId || null, addressLine2: nullable(v.addressLine2), zip: nullable(v.zip) })
      : form.check(CreatePropertyBody, { ...fields, ownerId: v.ownerId || undefined, addressLine2: optional(v.addressLine2), zip: optional(v.zip) })
    if (!body) return
    setBusy(true)
    try {
      const saved = await api<{ id: string }>(id ? `/properties/${id}` : '/properties', { method: id ? 'PATCH' : 'POST', body })
      await client.invalidateQueries({ queryKey: ['properties'] })
      void navigate(`/properties/${saved.id}`)
    } catch (error) {
      form.fail(error)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Page title={id ? 'Edit property' : 'New property'}>
      <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary form={form} labels={LABELS} idPrefix={fid} />
        <TextField form={form} idPrefix={fid} name="name" label={LABELS.name} required />
        <div className="form-row">
          <SelectField form={form} idPrefix={fid} name="type" label={LABELS.type} options={PropertyType.options.map((s) => ({ value: s, label: label(s) }))} />
          <SelectField form={form} idPrefix={fid} name="status" label={LABELS.status} options={PropertyStatus.options.map((s) => ({ value: s, label: label(s) }))} />
        </div>
        <SelectField
          form={form}
          idPrefix={fid}
          name="ownerId"
          label={LABELS.ownerId}
          hint="Whose statements this property's income goes on"
          options={[{ value: '', label: owners.data ? 'No owner' : 'Loading owners…' }, ...(owners.data ?? []).map((o) => ({ value: o.id, label: o.email ? `${o.name} (${o.email})` : o.name }))]}
        />
        <TextField form={form} idPrefix={fid} name="addressLine1" label={LABELS.addressLine1} required autoComplete="address-line1" />
        <TextField form={form} idPrefix={fid} name="addressLine2" label={LABELS.addressLine2} autoComplete="address-line2" />
        <div className="form-row">
          <TextField form={form} idPrefix={fid} name="city" label={LABELS.city} required autoComplete="address-level2" />
          <TextField form={form} idPrefix={fid} name="state" label={LABELS.state} required autoComplete="address-level1" />
          <TextField form={form} idPrefix={fid} name="zip" label={LABELS.zip} autoComplete="postal-code" />
        </div>
        <div className="form-row">
          <TextField form={form} idPrefix={fid} name="marketValueCents" label={LABELS.marketValueCents} inputMode="decimal" hint="For example 1,250,000.00" />
          <TextField form={form} idPrefix={fid} name="yearBuilt" label={LABELS.yearBuilt} inputMode="numeric" />
        </div>
        <TextField form={form} idPrefix={fid} name="managementFeeBp" label={LABELS.managementFeeBp} inputMode="decimal" hint="Of the income collected, for example 8.5" />
        <div className="page-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Saving…' : id ? 'Save changes' : 'Create property'}
          </button>
          <button type="button" className="button" onClick={() => void navigate(-1)}>
            Cancel
          </button>
        </div>
      </form>
    </Page>
  )
}
