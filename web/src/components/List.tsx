/**
 * A list page: filters kept in the URL (shareable, back-button safe), search debounced, paging,
 * and a table that keeps its height while loading so nothing jumps when data arrives.
 */
import { useEffect, useRef, useState, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react'
import { useSearchParams } from 'react-router'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api, ApiError, type QueryValue } from '../api/client'
import { label as labelOf } from '../format'
import { inWords, problemText } from '../words'

export interface Page<T> {
  data: T[]
  page: number
  pageSize: number
  total: number
}

export type Option = { value: string; label: string }

export type FilterDef =
  | { kind: 'search'; name: string; label: string; hint?: string }
  | { kind: 'multi'; name: string; label: string; options: readonly string[] }
  | { kind: 'select'; name: string; label: string; options: readonly Option[] }
  | { kind: 'money'; name: string; label: string }
  | { kind: 'count'; name: string; label: string }
  | { kind: 'date'; name: string; label: string }
  | { kind: 'bool'; name: string; label: string }

export interface Column<T> {
  header: string
  cell: (row: T) => ReactNode
  num?: boolean
}

const DEBOUNCE_MS = 300
// Typing that resumes within this long of the last report still belongs to the same search.
const SETTLE_MS = 2_000
const PAGE_SIZES = [10, 20, 50, 100]

/** The API query for the filters in the URL: lists repeat their key, everything else passes as text. */
export function queryFromUrl(params: URLSearchParams, filters: readonly FilterDef[]): Record<string, QueryValue> {
  const query: Record<string, QueryValue> = { page: params.get('page') ?? undefined, pageSize: params.get('pageSize') ?? undefined }
  for (const f of filters) query[f.name] = f.kind === 'multi' ? params.getAll(f.name) : (params.get(f.name) ?? undefined)
  return query
}

export type UrlChanges = Record<string, string | string[] | undefined>

/**
 * Sets URL parameters (empty removes), going back to page 1 unless the page itself changes. Each
 * change is a history entry, so Back undoes it; `replace` rewrites the current one instead.
 */
export function useUrlParams(): [URLSearchParams, (changes: UrlChanges, options?: { replace?: boolean }) => void] {
  const [params, setParams] = useSearchParams()
  const update = (changes: UrlChanges, options: { replace?: boolean } = {}) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev)
        for (const [key, value] of Object.entries(changes)) {
          next.delete(key)
          if (Array.isArray(value)) for (const v of value) next.append(key, v)
          else if (value !== undefined && value !== '') next.set(key, value)
        }
        if (!('page' in changes)) next.delete('page')
        return next
      },
      { replace: options.replace ?? false },
    )
  return [params, update]
}

/**
 * A text input that reports its value after the user pauses typing. The first report of a stretch
 * of typing adds a history entry and later ones rewrite it, so Back undoes the whole search at once;
 * the stretch ends on blur, after a longer pause, or when the URL changes under it (Back).
 * `normalize` is how the URL keeps a text, so the URL coming back as typed leaves the text alone.
 */
function DebouncedInput({
  id,
  value,
  onCommit,
  normalize = (t) => t,
  ...rest
}: { id: string; value: string; onCommit: (v: string, replace: boolean) => void; normalize?: (text: string) => string } & Omit<React.InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'id'>) {
  const [text, setText] = useState(value)
  const lastReport = useRef<number | null>(null)
  useEffect(() => {
    if (normalize(text) === value) return
    // Changed from outside (Back, a link): show it, and the next typing is a new search.
    setText(value)
    lastReport.current = null
  }, [value])
  useEffect(() => {
    if (normalize(text) === value) return
    const timer = window.setTimeout(() => {
      const sameStretch = lastReport.current !== null && Date.now() - lastReport.current < SETTLE_MS
      lastReport.current = Date.now()
      onCommit(text, sameStretch)
    }, DEBOUNCE_MS)
    return () => window.clearTimeout(timer)
  }, [text])
  return (
    <input
      id={id}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => {
        lastReport.current = null
      }}
      {...rest}
    />
  )
}

/**
 * The value a URL-bound control shows: the URL's, except that the user's own change shows at once.
 * The router commits a new URL in a transition, and a control that showed only the URL would flip
 * back until that commit (a checkbox ticked under load looked unticked). When the URL moves, for
 * this change, Back or a link, the control follows it.
 */
export function useFollow<T>(value: T): [T, (next: T) => void] {
  const key = JSON.stringify(value)
  const [state, setState] = useState({ key, shown: value })
  if (state.key !== key) {
    setState({ key, shown: value })
    return [value, (next) => setState({ key, shown: next })]
  }
  return [state.shown, (next) => setState({ key, shown: next })]
}

/** A select whose value lives in the URL. */
export function UrlSelect({ value, onValue, children, ...rest }: { value: string; onValue: (v: string) => void } & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange'>) {
  const [shown, show] = useFollow(value)
  return (
    <select
      {...rest}
      value={shown}
      onChange={(e) => {
        show(e.target.value)
        onValue(e.target.value)
      }}
    >
      {children}
    </select>
  )
}

/** A date input whose value lives in the URL. */
function UrlDate({ value, onValue, ...rest }: { value: string; onValue: (v: string) => void } & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'>) {
  const [shown, show] = useFollow(value)
  return (
    <input
      {...rest}
      type="date"
      value={shown}
      onChange={(e) => {
        show(e.target.value)
        onValue(e.target.value)
      }}
    />
  )
}

/** Checkboxes for a filter that takes several values, kept in the URL as a repeated key. */
function Checks({ name, options, chosen, onValue }: { name: string; options: readonly string[]; chosen: string[]; onValue: (v: string[]) => void }) {
  const [shown, show] = useFollow(chosen)
  return (
    <div className="checks">
      {options.map((o) => (
        <label key={o}>
          <input
            type="checkbox"
            name={name}
            value={o}
            checked={shown.includes(o)}
            onChange={(e) => {
              const next = e.target.checked ? [...shown, o] : shown.filter((c) => c !== o)
              show(next)
              onValue(next)
            }}
          />
          {labelOf(o)}
        </label>
      ))}
    </div>
  )
}

// Whole cents in the URL show as dollars; anything else shows as it is, so a bad value can be seen and fixed (never as NaN).
const centsToText = (cents: string | null): string => (!cents ? '' : /^\d+$/.test(cents) ? String(Number(cents) / 100) : cents)
// Dollars become cents; text that is no amount goes to the URL as typed, for the API to name the problem.
const textToCents = (text: string): string | undefined => {
  const trimmed = text.trim()
  if (trimmed === '') return undefined
  const n = Number(trimmed.replace(/[$,\s]/g, ''))
  return Number.isFinite(n) && n >= 0 ? String(Math.round(n * 100)) : trimmed
}

/** One problem with the filters: the parameter the API named, its filter's label, and the sentence. */
export interface FilterProblem {
  name: string
  label: string
  message: string
}

const PAGING_LABELS: Record<string, string> = { page: 'Page', pageSize: 'Rows per page' }
const plainLabel = (text: string): string => text.replace(/\s*\(\$\)$/, '')

/**
 * The API's complaints about the filters in the URL, in the words of the filters' own labels:
 * "Units at most must be at least Units at least", never "minUnits: must not exceed maxUnits".
 */
export function filterProblems(error: unknown, filters: readonly FilterDef[], params: URLSearchParams): FilterProblem[] {
  if (!(error instanceof ApiError) || error.status !== 400 || !error.errors.length) return []
  const byName = new Map(filters.map((f) => [f.name, f]))
  const labelOf = (name: string) => plainLabel(byName.get(name)?.label ?? PAGING_LABELS[name] ?? name)
  const out: FilterProblem[] = []
  for (const e of error.errors) {
    const [name = '', index] = e.field.replace(/^query\./, '').split('.')
    const f = byName.get(name)
    const what = labelOf(name)
    const other = /^must not exceed (\w+)$/.exec(e.message)?.[1] ?? /^must not be after (\w+)$/.exec(e.message)?.[1]
    const earlier = /^must be on or after (\w+)$/.exec(e.message)?.[1]
    const most = /<=\s*(\d+)/.exec(e.message)?.[1]
    let message: string
    if (other) message = f?.kind === 'date' ? `${labelOf(other)} must be on or after ${what}` : `${labelOf(other)} must be at least ${what}`
    else if (earlier) message = byName.get(earlier)?.kind === 'date' || f?.kind === 'date' ? `${what} must be on or after ${labelOf(earlier)}` : `${what} must be at least ${labelOf(earlier)}`
    else if (f?.kind === 'multi') {
      const value = index === undefined ? params.get(name) : params.getAll(name)[Number(index)]
      message = `${what} has a choice that does not exist${value ? ` (“${value}”)` : ''}`
    } else if (f?.kind === 'select') message = `${what} is not one of the choices`
    else if (f?.kind === 'bool') message = `${what} must be Any, Yes or No`
    else if (f?.kind === 'date') message = `${what} must be a date`
    else if (f?.kind === 'money') message = `${what} must be an amount in dollars, like 1,250.00`
    else if (f?.kind === 'count') message = `${what} must be a whole number, 0 or more`
    else if (name === 'page') message = 'Page must be a whole number, 1 or more'
    else if (name === 'pageSize') message = `Rows per page must be from 1 to ${most ?? 100}`
    else if (f?.kind === 'search' && most) message = `${what} must be at most ${most} characters`
    else message = `${what} is not valid`
    if (!out.some((o) => o.message === message)) out.push({ name, label: what, message })
  }
  return out
}

/** The filter problems, each with a way out: the filter cleared in one click. */
function FilterProblems({ problems, id }: { problems: FilterProblem[]; id: string }) {
  const [, update] = useUrlParams()
  return (
    <div className="notice notice-error" role="alert" id={id} data-testid="filter-problems">
      <p>These filters cannot be used:</p>
      <ul>
        {problems.map((p) => (
          <li key={p.message}>
            {p.message}.{' '}
            <button type="button" className="button button-small" onClick={() => update({ [p.name]: undefined })}>
              Clear<span className="visually-hidden"> {p.label}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  )
}

export function Filters({ filters, idPrefix, invalid, problemsId }: { filters: readonly FilterDef[]; idPrefix: string; invalid?: ReadonlySet<string>; problemsId?: string }) {
  const [params, update] = useUrlParams()
  // A filter the API refused is marked invalid and pointed at the message that says why.
  const bad = (name: string, hint?: string) => {
    const wrong = !!invalid?.has(name)
    const describedBy = [hint, wrong ? problemsId : undefined].filter(Boolean).join(' ')
    return { 'aria-invalid': wrong || undefined, 'aria-describedby': describedBy || undefined }
  }
  return (
    <form className="filters" role="search" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
      {filters.map((f) => {
        const id = `${idPrefix}-${f.name}`
        switch (f.kind) {
          case 'search':
            return (
              <div className="filter filter-search" key={f.name}>
                <label htmlFor={id}>{f.label}</label>
                <DebouncedInput id={id} type="search" value={params.get(f.name) ?? ''} normalize={(v) => v.trim()} onCommit={(v, replace) => update({ [f.name]: v.trim() || undefined }, { replace })} {...bad(f.name, f.hint ? `${id}-hint` : undefined)} />
                {f.hint ? (
                  <span id={`${id}-hint`} className="hint">
                    {f.hint}
                  </span>
                ) : null}
              </div>
            )
          case 'multi':
            return (
              <div className="filter" key={f.name}>
                <fieldset aria-describedby={bad(f.name)['aria-describedby']}>
                  <legend>{f.label}</legend>
                  <Checks name={f.name} options={f.options} chosen={params.getAll(f.name)} onValue={(v) => update({ [f.name]: v })} />
                </fieldset>
              </div>
            )
          case 'select':
            return (
              <div className="filter" key={f.name}>
                <label htmlFor={id}>{f.label}</label>
                <UrlSelect id={id} {...bad(f.name)} value={params.get(f.name) ?? ''} onValue={(v) => update({ [f.name]: v || undefined })}>
                  <option value="">Any</option>
                  {f.options.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </UrlSelect>
              </div>
            )
          case 'bool':
            return (
              <div className="filter" key={f.name}>
                <label htmlFor={id}>{f.label}</label>
                <UrlSelect id={id} {...bad(f.name)} value={params.get(f.name) ?? ''} onValue={(v) => update({ [f.name]: v || undefined })}>
                  <option value="">Any</option>
                  <option value="true">Yes</option>
                  <option value="false">No</option>
                </UrlSelect>
              </div>
            )
          case 'money':
            return (
              <div className="filter" key={f.name}>
                <label htmlFor={id}>{f.label}</label>
                <DebouncedInput id={id} {...bad(f.name)} inputMode="decimal" value={centsToText(params.get(f.name))} normalize={(v) => centsToText(textToCents(v) ?? null)} onCommit={(v, replace) => update({ [f.name]: textToCents(v) }, { replace })} />
              </div>
            )
          case 'count':
            return (
              <div className="filter" key={f.name}>
                <label htmlFor={id}>{f.label}</label>
                <DebouncedInput id={id} {...bad(f.name)} type="number" min={0} value={params.get(f.name) ?? ''} onCommit={(v, replace) => update({ [f.name]: v || undefined }, { replace })} />
              </div>
            )
          case 'date':
            return (
              <div className="filter" key={f.name}>
                <label htmlFor={id}>{f.label}</label>
                <UrlDate id={id} {...bad(f.name)} value={params.get(f.name) ?? ''} onValue={(v) => update({ [f.name]: v || undefined })} />
              </div>
            )
        }
      })}
    </form>
  )
}

export function Pager({ page, pageSize, total, idPrefix }: { page: number; pageSize: number; total: number; idPrefix: string }) {
  const [, update] = useUrlParams()
  const pages = Math.max(1, Math.ceil(total / pageSize))
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1
  const last = Math.min(total, page * pageSize)
  return (
    <nav className="pager" aria-label="Pages">
      <p aria-live="polite" data-testid="pager-status">
        {total === 0 ? 'No results' : `Showing ${first}–${last} of ${total}`} · page {page} of {pages}
      </p>
      <button type="button" className="button button-small" disabled={page <= 1} onClick={() => update({ page: String(page - 1) })}>
        Previous page
      </button>
      <button type="button" className="button button-small" disabled={page >= pages} onClick={() => update({ page: String(page + 1) })}>
        Next page
      </button>
      <label htmlFor={`${idPrefix}-size`}>Rows per page</label>
      <UrlSelect id={`${idPrefix}-size`} value={String(pageSize)} onValue={(v) => update({ pageSize: v })}>
        {PAGE_SIZES.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </UrlSelect>
    </nav>
  )
}

export function Table<T>({ caption, columns, rows, rowKey, busy, skeletonRows = 10, empty = 'Nothing matches these filters.' }: { caption: string; columns: Column<T>[]; rows: T[] | undefined; rowKey: (row: T) => string; busy: boolean; skeletonRows?: number; empty?: string }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table aria-busy={busy}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col" className={c.num ? 'num' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows === undefined
            ? Array.from({ length: skeletonRows }, (_, i) => (
                <tr key={i} aria-hidden="true">
                  {columns.map((c) => (
                    <td key={c.header}>
                      <span className="skeleton" />
                    </td>
                  ))}
                </tr>
              ))
            : rows.map((row) => (
                <tr key={rowKey(row)}>
                  {columns.map((c) => (
                    <td key={c.header} className={c.num ? 'num' : undefined}>
                      {c.cell(row)}
                    </td>
                  ))}
                </tr>
              ))}
          {rows?.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="empty">
                {empty}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  )
}

/** A problem from the API, in words: the fields it named by the page's `labels` (field name → label), or its detail. */
export function ProblemNotice({ error, labels = {} }: { error: unknown; labels?: Readonly<Record<string, string>> }) {
  if (!error) return null
  const e = error instanceof ApiError ? error : undefined
  return (
    <div className="notice notice-error" role="alert">
      {e?.errors.length ? (
        <ul>
          {e.errors.map((f) => (
            <li key={f.field}>{problemText(f.field, f.message, labels)}</li>
          ))}
        </ul>
      ) : (
        <p>{e?.status === 404 ? 'Not found.' : e ? inWords(e.message, labels) : 'Something went wrong. Please try again.'}</p>
      )}
    </div>
  )
}

/** Loads one page of `path` with the URL's filters. */
export function useListQuery<T>(root: string, path: string, filters: readonly FilterDef[], extra: Record<string, QueryValue> = {}) {
  const [params] = useSearchParams()
  const query = { ...queryFromUrl(params, filters), ...extra }
  return useQuery({
    queryKey: [root, 'list', path, query],
    queryFn: ({ signal }) => api<Page<T>>(path, { query, signal }),
    placeholderData: keepPreviousData,
  })
}

export function ListView<T>({ root, path, filters, columns, rowKey, caption, idPrefix, extra }: { root: string; path: string; filters: readonly FilterDef[]; columns: Column<T>[]; rowKey: (row: T) => string; caption: string; idPrefix: string; extra?: Record<string, QueryValue> }) {
  const q = useListQuery<T>(root, path, filters, extra)
  const [params] = useSearchParams()
  const pageSize = q.data?.pageSize ?? 20
  const problems = filterProblems(q.error, filters, params)
  const problemsId = `${idPrefix}-problems`
  return (
    <>
      <Filters filters={filters} idPrefix={idPrefix} invalid={new Set(problems.map((p) => p.name))} problemsId={problemsId} />
      {problems.length ? <FilterProblems problems={problems} id={problemsId} /> : <ProblemNotice error={q.error} />}
      <Table
        caption={caption}
        columns={columns}
        rows={q.error ? [] : q.data?.data}
        rowKey={rowKey}
        busy={q.isFetching}
        skeletonRows={Math.min(pageSize, 10)}
        // A failed query matched nothing only in appearance: say it did not run.
        empty={q.error ? (problems.length ? 'No results until the filters above are fixed.' : 'The list could not be loaded.') : undefined}
      />
      {q.data && !q.error ? <Pager page={q.data.page} pageSize={q.data.pageSize} total={q.data.total} idPrefix={idPrefix} /> : <div className="pager" aria-hidden="true" />}
    </>
  )
}

/** Property choices for filters and forms (the first 100 visible). */
export function usePropertyOptions(): Option[] {
  const q = useQuery({
    queryKey: ['properties', 'options'],
    queryFn: () => api<Page<{ id: string; name: string }>>('/properties', { query: { pageSize: 100 } }),
    staleTime: 5 * 60_000,
  })
  return (q.data?.data ?? []).map((p) => ({ value: p.id, label: p.name }))
}

export function Badge({ value, text }: { value: string; text?: string }) {
  return <span className={`badge badge-${value}`}>{text ?? labelOf(value)}</span>
}
