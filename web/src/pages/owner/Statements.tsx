/** Owner statements by period (rent collected, other income, costs, fees, net), with CSV download. */
import { useState } from 'react'
import { useQuery } from '@tanstack/react-query'
import { Link, useSearchParams } from 'react-router'
import type { OwnerStatement } from '../../../../src/modules/reports/reports.schema.js'
import { api } from '../../api/client'
import { useToday } from '../../api/org'
import { ProblemNotice, Table } from '../../components/List'
import { Page } from '../../components/Page'
import { date, money, monthOf } from '../../format'

const DAY = /^\d{4}-\d{2}-\d{2}$/
const STATEMENT_LABELS = { from: 'From date', to: 'To date', propertyId: 'Property' }

/** The period in the address (`?from=&to=`, as a property page links it), else last month. */
const rangeOf = (params: URLSearchParams, today: string): { from: string; to: string } => {
  const from = params.get('from') ?? ''
  const to = params.get('to') ?? ''
  return DAY.test(from) && DAY.test(to) ? { from, to } : monthOf(today, -1)
}

/** Waits for the organization's today: "last month" and the latest day to choose are the organization's. */
export default function Statements() {
  const today = useToday()
  if (!today)
    return (
      <Page title="Statements">
        <p className="loading">Loading…</p>
      </Page>
    )
  return <StatementsOn today={today} />
}

function StatementsOn({ today }: { today: string }) {
  const [params, setParams] = useSearchParams()
  const range = rangeOf(params, today)
  const propertyId = params.get('propertyId') ?? undefined
  const [draft, setDraft] = useState(range)
  const [csvError, setCsvError] = useState<unknown>()
  const query = { ...range, ...(propertyId ? { propertyId } : {}) }
  const q = useQuery({
    queryKey: ['reports', 'owner-statement', query],
    queryFn: ({ signal }) => api<OwnerStatement>('/reports/owner-statement', { query, signal }),
  })
  const setRange = (next: { from: string; to: string }) => setParams({ ...next, ...(propertyId ? { propertyId } : {}) })
  const download = async () => {
    setCsvError(undefined)
    try {
      const csv = await api<string>('/reports/owner-statement', { query: { ...query, format: 'csv' }, text: true })
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }))
      const a = document.createElement('a')
      a.href = url
      a.download = `owner-statement-${range.from}-${range.to}.csv`
      a.click()
      URL.revokeObjectURL(url)
    } catch (error) {
      setCsvError(error)
    }
  }
  const s = q.data
  return (
    <Page title="Statements">
      <form
        className="filters"
        aria-label="Statement period"
        onSubmit={(e) => {
          e.preventDefault()
          setRange(draft)
        }}
      >
        <div className="filter">
          <label htmlFor="st-from">From</label>
          <input id="st-from" type="date" value={draft.from} max={today} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </div>
        <div className="filter">
          <label htmlFor="st-to">To</label>
          <input id="st-to" type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </div>
        <button type="submit" className="button button-primary">
          Show statement
        </button>
        <button type="button" className="button" onClick={() => void download()}>
          Download CSV
        </button>
      </form>
      <ProblemNotice error={q.error ?? csvError} labels={STATEMENT_LABELS} />
      <p className="metric-sub">{s ? `Statement for ${date(s.from)} – ${date(s.to)}` : '\u00a0'}</p>
      {propertyId ? (
        <p>
          {s?.rows[0] ? `${s.rows[0].propertyName} only. ` : 'One property only. '}
          <Link to={`/owner/statements?${new URLSearchParams(range).toString()}`}>Show all my properties</Link>
        </p>
      ) : null}
      <Table
        caption="Owner statement by property"
        rows={q.error ? [] : s ? [...s.rows, { ...s.totals, propertyId: 'total', propertyName: 'Total', ownerId: null, managementFeeBp: 0 }] : undefined}
        rowKey={(r) => r.propertyId}
        busy={q.isFetching}
        skeletonRows={3}
        empty="No properties in this period."
        columns={[
          { header: 'Property', cell: (r) => (r.propertyId === 'total' ? <strong>{r.propertyName}</strong> : r.propertyName) },
          { header: 'Rent collected', cell: (r) => money(r.rentCollectedCents), num: true },
          { header: 'Other income', cell: (r) => money(r.otherIncomeCents), num: true },
          { header: 'Work orders', cell: (r) => money(r.workOrderCostsCents), num: true },
          { header: 'Management fee', cell: (r) => money(r.managementFeeCents), num: true },
          { header: 'Net to owner', cell: (r) => money(r.netToOwnerCents), num: true },
          { header: 'Deposits received', cell: (r) => money(r.depositsReceivedCents), num: true },
        ]}
      />
    </Page>
  )
}
