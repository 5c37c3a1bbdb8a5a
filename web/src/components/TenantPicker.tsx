/**
 * Chooses the tenants of a lease from a searchable list of the tenants the caller may see. The order
 * is the API's: the first chosen is the primary tenant, and any other can be made primary.
 */
import { useEffect, useRef, useState } from 'react'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type { Tenant } from '../../../src/modules/tenants/tenants.schema.js'
import { api } from '../api/client'
import { label } from '../format'
import type { Errors } from './Form'
import type { Page } from './List'
import './TenantPicker.css'

export interface ChosenTenant {
  id: string
  name: string
}

const DEBOUNCE_MS = 300
const SHOWN = 8

const nameOf = (t: { firstName: string; lastName: string }): string => `${t.firstName} ${t.lastName}`

/** `value`, once it has stopped changing for `ms`. */
function useDebounced(value: string, ms: number): string {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms)
    return () => window.clearTimeout(timer)
  }, [value, ms])
  return settled
}

/** Field errors are read as `tenantIds` (the list) and `tenantIds.<i>` (one tenant), as the API names them. */
export function TenantPicker({ idPrefix, chosen, onChange, errors }: { idPrefix: string; chosen: ChosenTenant[]; onChange: (next: ChosenTenant[]) => void; errors: Errors }) {
  const id = `${idPrefix}-tenantIds`
  const [text, setText] = useState('')
  const [said, setSaid] = useState('')
  const search = useDebounced(text.trim(), DEBOUNCE_MS)
  const input = useRef<HTMLInputElement>(null)
  const results = useQuery({
    queryKey: ['tenants', 'picker', search],
    // A few more than shown, so the list stays full when chosen tenants are left out of it.
    queryFn: ({ signal }) => api<Page<Tenant>>('/tenants', { query: { search: search || undefined, pageSize: SHOWN + 4 }, signal }),
    placeholderData: keepPreviousData,
  })
  const taken = new Set(chosen.map((t) => t.id))
  const shown = results.data?.data.filter((t) => !taken.has(t.id)).slice(0, SHOWN)
  const error = errors.tenantIds

  const add = (t: Tenant) => {
    onChange([...chosen, { id: t.id, name: nameOf(t) }])
    setSaid(`${nameOf(t)} added${chosen.length === 0 ? ' as the primary tenant' : ''}.`)
    // The button just pressed leaves the list; the search field keeps the keyboard in place.
    input.current?.focus()
  }
  const remove = (t: ChosenTenant) => {
    const next = chosen.filter((c) => c.id !== t.id)
    onChange(next)
    setSaid(`${t.name} removed.${next[0] && chosen[0]?.id === t.id ? ` ${next[0].name} is now the primary tenant.` : ''}`)
    input.current?.focus()
  }
  const makePrimary = (t: ChosenTenant) => onChange([t, ...chosen.filter((c) => c.id !== t.id)])

  const found = results.data
  const status = !found
    ? 'Loading tenants…'
    : found.total === 0
      ? search
        ? `No tenant matches “${search}”.`
        : 'There are no tenants yet.'
      : shown?.length === 0 && found.total <= found.data.length
        ? 'Every matching tenant is chosen already.'
        : found.total > SHOWN
        ? `${found.total} tenants match; the first ${SHOWN} are shown. Type more to narrow the list.`
        : `${found.total} ${found.total === 1 ? 'tenant matches' : 'tenants match'}.`

  return (
    <div className="picker">
      <fieldset className="picker-chosen" aria-describedby={`${id}-chosen-hint${error ? ` ${id}-error` : ''}`}>
        <legend>
          Tenants<span aria-hidden="true"> *</span>
        </legend>
        <p id={`${id}-chosen-hint`} className="hint">
          The one checked is the primary tenant, named first on the lease.
        </p>
        {error ? (
          <p id={`${id}-error`} className="field-error">
            <span className="visually-hidden">Error: </span>
            {error}
          </p>
        ) : null}
        {chosen.length ? (
          <ul>
            {chosen.map((t, i) => {
              const rowError = errors[`tenantIds.${i}`]
              return (
                <li key={t.id}>
                  <span className="picker-person">
                    <input
                      type="radio"
                      id={`${id}-${i}`}
                      name={`${id}-primary`}
                      checked={i === 0}
                      onChange={() => makePrimary(t)}
                      aria-describedby={rowError ? `${id}-${i}-error` : undefined}
                    />
                    <label htmlFor={`${id}-${i}`}>{t.name}</label>
                    {i === 0 ? <span className="hint">(primary)</span> : null}
                  </span>
                  <button type="button" className="button button-small" onClick={() => remove(t)}>
                    Remove<span className="visually-hidden"> {t.name}</span>
                  </button>
                  {rowError ? (
                    <p id={`${id}-${i}-error`} className="field-error">
                      <span className="visually-hidden">Error: </span>
                      {rowError}
                    </p>
                  ) : null}
                </li>
              )
            })}
          </ul>
        ) : (
          <p className="picker-none">None chosen yet: find them below.</p>
        )}
      </fieldset>
      <div className="field">
        <label htmlFor={id}>Find a tenant</label>
        <p id={`${id}-hint`} className="hint">
          Name, e-mail or phone. Enter adds the first match.
        </p>
        <input
          id={id}
          ref={input}
          type="search"
          autoComplete="off"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            // Enter here picks a tenant rather than submitting the whole lease.
            if (e.key !== 'Enter') return
            e.preventDefault()
            const first = text.trim() && search === text.trim() ? shown?.[0] : undefined
            if (first) add(first)
          }}
          aria-invalid={!!error}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''} ${id}-status`}
          aria-controls={`${id}-results`}
        />
      </div>
      <p id={`${id}-status`} className="hint" role="status">
        {status}
      </p>
      <p className="visually-hidden" role="status">
        {said}
      </p>
      <ul id={`${id}-results`} className="picker-results" aria-label="Matching tenants" aria-busy={results.isFetching}>
        {(shown ?? []).map((t) => (
          <li key={t.id}>
            <span className="picker-person">
              <span className="picker-name">{`${t.lastName}, ${t.firstName}`}</span>
              <span className="hint">{[t.email ?? t.phone, label(t.status), t.currentLease ? 'has a current lease' : ''].filter(Boolean).join(' · ')}</span>
            </span>
            <button type="button" className="button button-small" onClick={() => add(t)}>
              Add<span className="visually-hidden"> {nameOf(t)}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  )
}
