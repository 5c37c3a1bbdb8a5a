/**
 * Create a unit (`units/new?propertyId=` preselects its property) or edit one, validated with the API's
 * CreateUnitBody / UpdateUnitBody. There is no unit page: both return to the unit's property.
 */
import { useEffect, useState } from 'react'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { CreateUnitBody, PetPolicy, UnitStatus, UpdateUnitBody, type Unit, type UnitDetail } from '../../../src/modules/units/units.schema.js'
import { api } from '../api/client'
import { centsOf, ErrorSummary, numeric, SelectField, TextField, useForm, useFormId } from '../components/Form'
import { DeleteButton } from '../components/ConfirmDialog'
import { ProblemNotice, usePropertyOptions } from '../components/List'
import { Page } from '../components/Page'
import { label } from '../format'

const LABELS = {
  propertyId: 'Property',
  unitNumber: 'Unit number',
  bedrooms: 'Bedrooms',
  bathrooms: 'Bathrooms',
  squareFeet: 'Square feet',
  marketRentCents: 'Market rent ($)',
  petPolicy: 'Pet policy',
  status: 'Listing status',
}

/** What each listing status means for renting the unit out. */
const LISTING: Record<string, string> = { available: 'Available to rent', unavailable: 'Not available to rent', renovation: 'Under renovation' }

export default function UnitForm() {
  const { id } = useParams()
  const [params] = useSearchParams()
  const navigate = useNavigate()
  const client = useQueryClient()
  const fid = useFormId('unit')
  const [busy, setBusy] = useState(false)
  const properties = usePropertyOptions()
  // The API's own defaults for a new unit: a studio with one bathroom.
  const form = useForm({ propertyId: params.get('propertyId') ?? '', unitNumber: '', bedrooms: '0', bathrooms: '1', squareFeet: '', marketRentCents: '', petPolicy: 'unknown', status: 'available' })
  const existing = useQuery({
    queryKey: ['units', 'detail', id, 'form'],
    queryFn: ({ signal }) => api<UnitDetail>(`/units/${id}`, { query: { include: 'property' }, signal }),
    enabled: !!id,
  })
  useEffect(() => {
    const u = existing.data
    if (u)
      form.setAll({
        propertyId: u.propertyId,
        unitNumber: u.unitNumber,
        bedrooms: String(u.bedrooms),
        bathrooms: String(u.bathrooms),
        squareFeet: u.squareFeet === null ? '' : String(u.squareFeet),
        marketRentCents: u.marketRentCents === null ? '' : (u.marketRentCents / 100).toFixed(2),
        petPolicy: u.petPolicy,
        status: u.status,
      })
  }, [existing.data]) // fill once when the unit arrives

  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    const v = form.values
    const fields = {
      unitNumber: v.unitNumber,
      bedrooms: numeric(v.bedrooms),
      bathrooms: numeric(v.bathrooms),
      petPolicy: v.petPolicy,
      status: v.status,
    }
    const squareFeet = v.squareFeet.trim() ? numeric(v.squareFeet) : null
    const marketRentCents = v.marketRentCents.trim() ? centsOf(v.marketRentCents) : null
    const body = id
      ? form.check(UpdateUnitBody, { ...fields, squareFeet, marketRentCents })
      : form.check(CreateUnitBody, { propertyId: v.propertyId, ...fields, squareFeet: squareFeet ?? undefined, marketRentCents: marketRentCents ?? undefined })
    if (!body) return
    setBusy(true)
    try {
      const saved = await api<Unit>(id ? `/units/${id}` : '/units', { method: id ? 'PATCH' : 'POST', body })
      await Promise.all([client.invalidateQueries({ queryKey: ['units'] }), client.invalidateQueries({ queryKey: ['properties'] })])
      void navigate(`/properties/${saved.propertyId}`)
    } catch (error) {
      form.fail(error)
    } finally {
      setBusy(false)
    }
  }

  const property = existing.data?.property
  return (
    <Page title={id ? 'Edit unit' : 'New unit'}>
      <ProblemNotice error={existing.error} />
      <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary form={form} labels={LABELS} idPrefix={fid} />
        {id ? (
          // A unit stays on its property: the update schema has no propertyId.
          <dl className="facts form-facts">
            <dt>Property</dt>
            <dd>{property ? <Link to={`/properties/${property.id}`}>{property.name}</Link> : '\u00a0'}</dd>
          </dl>
        ) : (
          <SelectField form={form} idPrefix={fid} name="propertyId" label={LABELS.propertyId} required options={[{ value: '', label: 'Choose a property' }, ...properties]} />
        )}
        <TextField form={form} idPrefix={fid} name="unitNumber" label={LABELS.unitNumber} required autoComplete="off" hint="As it appears on the door, for example 2B" />
        <div className="form-row">
          <TextField form={form} idPrefix={fid} name="bedrooms" label={LABELS.bedrooms} required inputMode="numeric" hint="0 for a studio" />
          <TextField form={form} idPrefix={fid} name="bathrooms" label={LABELS.bathrooms} required inputMode="decimal" hint="In halves, for example 1.5" />
          <TextField form={form} idPrefix={fid} name="squareFeet" label={LABELS.squareFeet} inputMode="numeric" />
        </div>
        <div className="form-row">
          <TextField form={form} idPrefix={fid} name="marketRentCents" label={LABELS.marketRentCents} inputMode="decimal" hint="Monthly, for example 1,250.00" />
          <SelectField form={form} idPrefix={fid} name="petPolicy" label={LABELS.petPolicy} options={PetPolicy.options.map((s) => ({ value: s, label: label(s) }))} />
          <SelectField form={form} idPrefix={fid} name="status" label={LABELS.status} options={UnitStatus.options.map((s) => ({ value: s, label: LISTING[s] ?? label(s) }))} />
        </div>
        <div className="page-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Saving…' : id ? 'Save changes' : 'Create unit'}
          </button>
          <button type="button" className="button" onClick={() => void navigate(-1)}>
            Cancel
          </button>
        </div>
      </form>
      {id && existing.data ? (
        <DeleteButton
          what="unit"
          label="Delete unit"
          path={`/units/${id}`}
          question={
            <p>
              Unit {existing.data.unitNumber}
              {property ? ` of ${property.name}` : ''} will be deleted. This cannot be undone. A unit that has had a lease is kept: set its listing status to
              “Not available to rent” instead.
            </p>
          }
          onDeleted={() => {
            const propertyId = existing.data.propertyId
            client.removeQueries({ queryKey: ['units', 'detail', id] })
            void Promise.all([client.invalidateQueries({ queryKey: ['units'] }), client.invalidateQueries({ queryKey: ['properties'] })])
            void navigate(`/properties/${propertyId}`)
          }}
        />
      ) : null}
    </Page>
  )
}
