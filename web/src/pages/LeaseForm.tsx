/**
 * Create a lease (`leases/new`, optionally `?unitId=` and `?tenantId=`) or edit one, validated with the API's
 * CreateLeaseBody / UpdateLeaseBody. A term overlapping another active lease of the unit is shown on the dates.
 */
import { useEffect, useState } from 'react'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import {
  CreateLeaseBody,
  LateFeeKind,
  LEASE_NEXT_STATUS,
  UpdateLeaseBody,
  type Lease,
  type LeaseDetail,
  type LeaseStatus,
} from '../../../src/modules/leases/leases.schema.js'
import type { TenantDetail } from '../../../src/modules/tenants/tenants.schema.js'
import type { Unit } from '../../../src/modules/units/units.schema.js'
import { api, ApiError } from '../api/client'
import { centsOf, ErrorSummary, Field, numeric, SelectField, TextField, useForm, useFormId } from '../components/Form'
import { ProblemNotice, usePropertyOptions, type Page as PageOf } from '../components/List'
import { Page } from '../components/Page'
import { TenantPicker, type ChosenTenant } from '../components/TenantPicker'
import { date, label } from '../format'

const LABELS = {
  propertyId: 'Property',
  unitId: 'Unit',
  tenantIds: 'Tenants',
  startDate: 'Start date',
  endDate: 'End date',
  rentCents: 'Monthly rent ($)',
  depositCents: 'Deposit ($)',
  dueDay: 'Rent due on day',
  graceDays: 'Grace days',
  'lateFee.kind': 'Late fee',
  'lateFee.flatCents': 'Late fee amount ($)',
  'lateFee.percentBp': 'Late fee (% of overdue rent)',
  'lateFee.minBalanceCents': 'No fee below an overdue balance of ($)',
  'lateFee.capCents': 'Largest fee ($)',
  status: 'Status',
  terminatedOn: 'Terminated on',
}

const LATE_FEE_LABEL: Record<string, string> = { none: 'None', flat: 'A flat amount', percent: 'A percent of the overdue rent' }

const EMPTY = {
  propertyId: '',
  unitId: '',
  startDate: '',
  endDate: '',
  rentCents: '',
  depositCents: '',
  dueDay: '1',
  graceDays: '5',
  'lateFee.kind': 'none',
  'lateFee.flatCents': '',
  'lateFee.percentBp': '',
  'lateFee.minBalanceCents': '',
  'lateFee.capCents': '',
  status: 'active',
  terminatedOn: '',
}
type Values = typeof EMPTY

const dollars = (cents: number): string => (cents / 100).toFixed(2)
const term = (l: { startDate: string; endDate: string | null }): string => `${date(l.startDate)} – ${l.endDate ? date(l.endDate) : 'month-to-month'}`

/** A percent typed as text (`5`, `2.5`, `5 %`) in basis points; anything else stays text for the schema to name. */
function basisPoints(v: string): number | string {
  const m = /^\s*(\d+(?:\.\d{1,2})?)\s*%?\s*$/.exec(v)
  return m ? Math.round(Number(m[1]) * 100) : v.trim()
}

/** The late-fee policy as the schema takes it; amounts a kind does not use go as zero. */
function lateFeeOf(v: Values) {
  const kind = v['lateFee.kind']
  if (kind === 'none') return { kind }
  return {
    kind,
    flatCents: kind === 'flat' ? centsOf(v['lateFee.flatCents']) : 0,
    percentBp: kind === 'percent' ? basisPoints(v['lateFee.percentBp']) : 0,
    minBalanceCents: v['lateFee.minBalanceCents'].trim() ? centsOf(v['lateFee.minBalanceCents']) : 0,
    capCents: v['lateFee.capCents'].trim() ? centsOf(v['lateFee.capCents']) : null,
  }
}

/** Every unit of a property, page by page (a property may have more than one page of them). */
async function unitsOf(propertyId: string, signal: AbortSignal): Promise<Unit[]> {
  const units: Unit[] = []
  for (let page = 1; ; page++) {
    const got = await api<PageOf<Unit>>(`/properties/${propertyId}/units`, { query: { page, pageSize: 100 }, signal })
    units.push(...got.data)
    if (got.data.length === 0 || units.length >= got.total) return units
  }
}

/** The active lease of the unit that a term runs into, for the overlap message; undefined if it cannot be told. */
async function overlapping(unitId: string, self: string | undefined, startDate: string, endDate: string | null): Promise<Lease | undefined> {
  try {
    const active = await api<PageOf<Lease>>('/leases', { query: { unitId, status: 'active', pageSize: 100 } })
    return active.data.find((l) => l.id !== self && (l.endDate === null || l.endDate >= startDate) && (endDate === null || l.startDate <= endDate))
  } catch {
    // The message reads well without naming the other lease.
    return undefined
  }
}

export default function LeaseForm() {
  const { id } = useParams()
  const [params] = useSearchParams()
  const navigate = useNavigate()
  const client = useQueryClient()
  const fid = useFormId('lease')
  const [busy, setBusy] = useState(false)
  const presetUnit = id ? '' : (params.get('unitId') ?? '')
  const presetTenant = id ? '' : (params.get('tenantId') ?? '')
  const form = useForm({ ...EMPTY, unitId: presetUnit })
  const [tenants, setTenants] = useState<ChosenTenant[]>([])
  const properties = usePropertyOptions()

  const existing = useQuery({
    queryKey: ['leases', 'detail', id, 'form'],
    queryFn: ({ signal }) => api<LeaseDetail>(`/leases/${id}`, { query: { include: 'tenants,unit,property' }, signal }),
    enabled: !!id,
  })
  const unit = useQuery({ queryKey: ['units', 'detail', presetUnit, 'form'], queryFn: ({ signal }) => api<Unit>(`/units/${presetUnit}`, { signal }), enabled: !!presetUnit })
  const tenant = useQuery({ queryKey: ['tenants', 'detail', presetTenant, 'form'], queryFn: ({ signal }) => api<TenantDetail>(`/tenants/${presetTenant}`, { signal }), enabled: !!presetTenant })
  const propertyId = form.values.propertyId
  const units = useQuery({ queryKey: ['units', 'of-property', propertyId], queryFn: ({ signal }) => unitsOf(propertyId, signal), enabled: !id && !!propertyId })

  useEffect(() => {
    const l = existing.data
    if (!l) return
    form.setAll({
      ...EMPTY,
      propertyId: l.propertyId,
      unitId: l.unitId,
      startDate: l.startDate,
      endDate: l.endDate ?? '',
      rentCents: dollars(l.rentCents),
      depositCents: dollars(l.depositCents),
      dueDay: String(l.dueDay),
      graceDays: String(l.graceDays),
      'lateFee.kind': l.lateFee.kind,
      'lateFee.flatCents': l.lateFee.kind === 'flat' ? dollars(l.lateFee.flatCents) : '',
      'lateFee.percentBp': l.lateFee.kind === 'percent' ? String(l.lateFee.percentBp / 100) : '',
      'lateFee.minBalanceCents': l.lateFee.minBalanceCents ? dollars(l.lateFee.minBalanceCents) : '',
      'lateFee.capCents': l.lateFee.capCents === null ? '' : dollars(l.lateFee.capCents),
      status: l.status,
    })
  }, [existing.data]) // fill once when the lease arrives
  useEffect(() => {
    const u = unit.data
    if (!u) return
    form.set('propertyId', u.propertyId)
    form.set('unitId', u.id)
    if (u.marketRentCents !== null) form.set('rentCents', dollars(u.marketRentCents))
  }, [unit.data]) // the unit named in the address, once
  useEffect(() => {
    const t = tenant.data
    if (t) setTenants((now) => (now.some((c) => c.id === t.id) ? now : [{ id: t.id, name: `${t.firstName} ${t.lastName}` }, ...now]))
  }, [tenant.data]) // the tenant named in the address, once

  const chooseUnit = (unitId: string) => {
    form.set('unitId', unitId)
    const chosen = units.data?.find((u) => u.id === unitId)
    // The unit's market rent is the likely rent; a rent already typed is kept.
    if (chosen?.marketRentCents != null && !form.values.rentCents.trim()) form.set('rentCents', dollars(chosen.marketRentCents))
  }

  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    const v = form.values
    const common = {
      startDate: v.startDate,
      endDate: v.endDate || null,
      rentCents: centsOf(v.rentCents),
      dueDay: numeric(v.dueDay),
      graceDays: numeric(v.graceDays),
      lateFee: lateFeeOf(v),
    }
    const body = id
      ? form.check(UpdateLeaseBody, {
          ...common,
          depositCents: v.depositCents.trim() ? centsOf(v.depositCents) : 0,
          status: v.status,
          terminatedOn: v.status === 'terminated' && existing.data?.status !== 'terminated' && v.terminatedOn ? v.terminatedOn : undefined,
        })
      : form.check(CreateLeaseBody, {
          ...common,
          unitId: v.unitId,
          tenantIds: tenants.map((t) => t.id),
          depositCents: v.depositCents.trim() ? centsOf(v.depositCents) : undefined,
          status: v.status,
        })
    if (!body) return
    setBusy(true)
    try {
      const saved = await api<Lease>(id ? `/leases/${id}` : '/leases', { method: id ? 'PATCH' : 'POST', body })
      await Promise.all(['leases', 'properties', 'units', 'tenants', 'dashboard'].map((root) => client.invalidateQueries({ queryKey: [root] })))
      void navigate(`/leases/${saved.id}`)
    } catch (error) {
      if (error instanceof ApiError && error.code === 'lease.term_overlaps') {
        // The server names only the start date; the whole term is the problem, so both dates say so.
        const other = await overlapping(v.unitId, id, v.startDate, v.endDate || null)
        const overlaps = other ? `overlaps the active lease of ${term(other)} on this unit` : 'overlaps another active lease on this unit'
        const fix = id ? 'choose dates outside it' : 'choose dates outside it, or save this lease as a draft'
        form.fail(
          new ApiError(error.status, error.code, error.message, [
            { field: 'startDate', message: `this term ${overlaps}; ${fix}` },
            { field: 'endDate', message: `this term ${overlaps}` },
          ]),
        )
      } else form.fail(error)
    } finally {
      setBusy(false)
    }
  }

  const l = existing.data
  const locked = l && (l.status === 'ended' || l.status === 'terminated')
  const statuses: readonly LeaseStatus[] = l ? [l.status, ...LEASE_NEXT_STATUS[l.status]] : ['active', 'draft']
  const kind = form.values['lateFee.kind']
  const labels: Record<string, string> = { ...LABELS, ...Object.fromEntries(tenants.map((t, i) => [`tenantIds.${i}`, `Tenant ${t.name}`])) }
  const unitOptions = [
    { value: '', label: !propertyId ? 'Choose a property first' : units.data ? 'Choose a unit' : 'Loading units…' },
    ...(units.data ?? []).map((u) => ({ value: u.id, label: `${u.unitNumber} · ${u.bedrooms} bd · ${u.occupied ? 'occupied' : 'vacant'}` })),
  ]

  return (
    <Page title={id ? 'Edit lease' : 'New lease'}>
      <ProblemNotice error={existing.error ?? unit.error ?? tenant.error} />
      {locked ? (
        <div className="notice notice-info">
          <p>
            This lease has {l.status === 'ended' ? 'ended' : 'been terminated'}; its terms can no longer be changed. <Link to={`/leases/${l.id}`}>Back to the lease</Link>
          </p>
        </div>
      ) : (
        <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
          <ErrorSummary form={form} labels={labels} idPrefix={fid} />
          {id ? (
            // Unit and tenants are fixed once a lease exists: the update schema has neither.
            <dl className="facts form-facts">
              <dt>Unit</dt>
              <dd>{l ? `${l.property?.name ?? ''}, unit ${l.unit?.unitNumber ?? ''}` : '\u00a0'}</dd>
              <dt>Tenants</dt>
              <dd>{l ? (l.tenants ?? []).map((t) => `${t.firstName} ${t.lastName}${t.isPrimary ? ' (primary)' : ''}`).join(', ') : '\u00a0'}</dd>
            </dl>
          ) : (
            <>
              <div className="form-row">
                <Field idPrefix={fid} name="propertyId" label={LABELS.propertyId} required error={form.errors.propertyId}>
                  {(a) => (
                    <select
                      {...a}
                      value={propertyId}
                      onChange={(e) => {
                        form.set('propertyId', e.target.value)
                        form.set('unitId', '')
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
                <Field idPrefix={fid} name="unitId" label={LABELS.unitId} required error={form.errors.unitId}>
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
              </div>
              <TenantPicker idPrefix={fid} chosen={tenants} onChange={setTenants} errors={form.errors} />
            </>
          )}
          <div className="form-row">
            <TextField form={form} idPrefix={fid} name="startDate" label={LABELS.startDate} type="date" required />
            <TextField form={form} idPrefix={fid} name="endDate" label={LABELS.endDate} type="date" hint="Leave empty for month-to-month" />
          </div>
          <div className="form-row">
            <TextField form={form} idPrefix={fid} name="rentCents" label={LABELS.rentCents} inputMode="decimal" required hint="For example 1,250.00" />
            <TextField form={form} idPrefix={fid} name="depositCents" label={LABELS.depositCents} inputMode="decimal" hint="Leave empty for none" />
          </div>
          <div className="form-row">
            <TextField form={form} idPrefix={fid} name="dueDay" label={LABELS.dueDay} inputMode="numeric" required hint="Day of the month, 1 to 31" />
            <TextField form={form} idPrefix={fid} name="graceDays" label={LABELS.graceDays} inputMode="numeric" required hint="Days after the due day before a fee, 0 to 60" />
          </div>
          <fieldset>
            <legend>Late fee</legend>
            <SelectField form={form} idPrefix={fid} name="lateFee.kind" label="Kind of late fee" options={LateFeeKind.options.map((k) => ({ value: k, label: LATE_FEE_LABEL[k] ?? label(k) }))} />
            {kind === 'flat' ? <TextField form={form} idPrefix={fid} name="lateFee.flatCents" label={LABELS['lateFee.flatCents']} inputMode="decimal" required /> : null}
            {kind === 'percent' ? <TextField form={form} idPrefix={fid} name="lateFee.percentBp" label={LABELS['lateFee.percentBp']} inputMode="decimal" required hint="For example 5 or 2.5" /> : null}
            {kind !== 'none' ? (
              <div className="form-row">
                <TextField form={form} idPrefix={fid} name="lateFee.minBalanceCents" label={LABELS['lateFee.minBalanceCents']} inputMode="decimal" hint="Leave empty to charge on any overdue balance" />
                <TextField form={form} idPrefix={fid} name="lateFee.capCents" label={LABELS['lateFee.capCents']} inputMode="decimal" hint="Leave empty for no cap" />
              </div>
            ) : null}
          </fieldset>
          <div className="form-row">
            <SelectField
              form={form}
              idPrefix={fid}
              name="status"
              label={LABELS.status}
              options={statuses.map((s) => ({ value: s, label: label(s) }))}
              hint={id ? 'Ending or terminating a lease cannot be undone' : 'A draft does not yet hold the unit'}
            />
            {form.values.status === 'terminated' && l?.status !== 'terminated' ? (
              <TextField form={form} idPrefix={fid} name="terminatedOn" label={LABELS.terminatedOn} type="date" hint="Leave empty for today" />
            ) : null}
          </div>
          <div className="page-actions">
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? 'Saving…' : id ? 'Save changes' : 'Create lease'}
            </button>
            <button type="button" className="button" onClick={() => void navigate(-1)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </Page>
  )
}
