/** Technician: the work orders assigned to me; jobs still to do first, soonest scheduled on top. */
import { Link } from 'react-router'
import { ACTIVE_WORK_ORDER_STATUSES, type WorkOrderItem } from '../../../../src/modules/work-orders/work-orders.schema.js'
import type { QueryValue } from '../../api/client'
import { Badge, Pager, ProblemNotice, Table, UrlSelect, useListQuery, useUrlParams, type Column } from '../../components/List'
import { Page } from '../../components/Page'
import { dateTime } from '../../format'

type Show = 'active' | 'done' | 'all'
const SHOW: { value: Show; label: string }[] = [
  { value: 'active', label: 'Jobs to do' },
  { value: 'done', label: 'Completed or cancelled' },
  { value: 'all', label: 'All jobs' },
]

/** What each view asks the API for: jobs to do by schedule, finished ones latest first. */
const QUERY: Record<Show, Record<string, QueryValue>> = {
  active: { status: ACTIVE_WORK_ORDER_STATUSES, sort: 'scheduled' },
  done: { status: ['completed', 'cancelled'], sort: 'recent' },
  all: { sort: 'scheduled' },
}

const showOf = (v: string | null): Show => (v === 'done' || v === 'all' ? v : 'active')

export default function WorkOrders() {
  const [params, update] = useUrlParams()
  const show = showOf(params.get('show'))
  const q = useListQuery<WorkOrderItem>('work-orders', '/work-orders', [], QUERY[show])
  const columns: Column<WorkOrderItem>[] = [
    { header: 'Job', cell: (w) => <Link to={`/work/${w.id}`}>{w.request.title}</Link> },
    { header: 'Priority', cell: (w) => <Badge value={w.request.priority} /> },
    { header: 'Status', cell: (w) => <Badge value={w.status} /> },
    show === 'done' ? { header: 'Completed', cell: (w) => dateTime(w.completedAt) } : { header: 'Scheduled', cell: (w) => (w.scheduledFor ? dateTime(w.scheduledFor) : 'Not scheduled') },
  ]
  const pageSize = q.data?.pageSize ?? 20
  return (
    <Page title="Work orders">
      <form className="filters" role="search" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <div className="filter">
          <label htmlFor="work-orders-show">Show</label>
          <UrlSelect id="work-orders-show" value={show} onValue={(v) => update({ show: v === 'active' ? undefined : v })}>
            {SHOW.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </UrlSelect>
        </div>
      </form>
      <ProblemNotice error={q.error} />
      <Table
        caption="My work orders"
        columns={columns}
        rows={q.error ? [] : q.data?.data}
        rowKey={(w) => w.id}
        busy={q.isFetching}
        skeletonRows={Math.min(pageSize, 10)}
        empty={show === 'active' ? 'No jobs to do. Finished ones are under “Completed or cancelled”.' : 'No jobs here.'}
      />
      {q.data ? <Pager page={q.data.page} pageSize={q.data.pageSize} total={q.data.total} idPrefix="work-orders" /> : <div className="pager" aria-hidden="true" />}
    </Page>
  )
}
