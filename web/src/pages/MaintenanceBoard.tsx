/** The maintenance board: a column per status; each card moves and assigns from the keyboard with its own small form. */
import { useEffect, useRef, useState, type RefObject } from 'react'
import { Link } from 'react-router'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { UserSummary } from '../../../src/modules/users/users.schema.js'
import type { MaintenanceRequest } from '../../../src/modules/maintenance/maintenance.schema.js'
import { api } from '../api/client'
import { Badge, ProblemNotice, usePropertyOptions, type Page as PageOf } from '../components/List'
import { Page } from '../components/Page'
import { useAssignees } from '../components/useAssignees'
import { dateTime, label } from '../format'

const COLUMNS = ['open', 'assigned', 'in_progress', 'on_hold', 'completed'] as const
const MOVES = ['open', 'assigned', 'in_progress', 'on_hold', 'completed', 'cancelled'] as const

/** The card whose Update was just pressed: its Update button takes focus wherever the card is drawn next. */
type FocusAfterSave = RefObject<string | null>

export default function MaintenanceBoard() {
  const assignees = useAssignees()
  const properties = usePropertyOptions()
  const [propertyId, setPropertyId] = useState('')
  const focusAfterSave = useRef<string | null>(null)
  const [moved, setMoved] = useState('')
  return (
    <Page title="Maintenance board">
      <div className="filters">
        <div className="filter">
          <label htmlFor="board-property">Property</label>
          <select id="board-property" value={propertyId} onChange={(e) => setPropertyId(e.target.value)}>
            <option value="">All properties</option>
            {properties.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="board">
        {COLUMNS.map((status) => (
          <Column key={status} status={status} propertyId={propertyId} assignees={assignees} focusAfterSave={focusAfterSave} onSaved={setMoved} />
        ))}
      </div>
      <p className="visually-hidden" role="status" data-testid="board-status">
        {moved}
      </p>
    </Page>
  )
}

function Column({
  status,
  propertyId,
  assignees,
  focusAfterSave,
  onSaved,
}: {
  status: (typeof COLUMNS)[number]
  propertyId: string
  assignees: UserSummary[]
  focusAfterSave: FocusAfterSave
  onSaved: (announcement: string) => void
}) {
  const q = useQuery({
    queryKey: ['maintenance', 'board', status, propertyId],
    queryFn: ({ signal }) => api<PageOf<MaintenanceRequest>>('/maintenance', { query: { status, propertyId: propertyId || undefined, pageSize: 25 }, signal }),
  })
  const headingId = `col-${status}`
  return (
    <section className="board-column" aria-labelledby={headingId} aria-busy={q.isFetching}>
      <h2 id={headingId} tabIndex={-1}>
        {label(status)} <span className="muted">({q.data?.total ?? '…'})</span>
      </h2>
      <ProblemNotice error={q.error} />
      <ul>
        {(q.data?.data ?? []).map((r) => (
          <Card key={r.id} request={r} assignees={assignees} focusAfterSave={focusAfterSave} onSaved={onSaved} />
        ))}
      </ul>
      {q.data && q.data.total > q.data.data.length ? (
        <p>
          <Link to={`/maintenance?status=${status}`}>All {q.data.total} {label(status).toLowerCase()} requests</Link>
        </p>
      ) : null}
    </section>
  )
}

function Card({ request: r, assignees, focusAfterSave, onSaved }: { request: MaintenanceRequest; assignees: UserSummary[]; focusAfterSave: FocusAfterSave; onSaved: (announcement: string) => void }) {
  const client = useQueryClient()
  const [status, setStatus] = useState<string>(r.status)
  const [assigneeId, setAssigneeId] = useState(r.assigneeId ?? '')
  const [error, setError] = useState<unknown>()
  const [busy, setBusy] = useState(false)
  const id = `card-${r.id}`
  const update = useRef<HTMLButtonElement>(null)
  // After a save the card may be drawn in another column (a new element): focus follows it there.
  useEffect(() => {
    if (focusAfterSave.current !== r.id || busy) return
    focusAfterSave.current = null
    update.current?.focus()
  })
  const save = async (e: React.FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      // Assigning someone to an open request moves it to "assigned" too.
      const next = status === 'open' && assigneeId && !r.assigneeId ? 'assigned' : status
      await api(`/maintenance/${r.id}`, { method: 'PATCH', body: { status: next, assigneeId: assigneeId || null } })
      const staysOnBoard = (COLUMNS as readonly string[]).includes(next)
      // On the board the card's Update button takes focus where the card is drawn next (see the effect above).
      focusAfterSave.current = staysOnBoard ? r.id : null
      await client.invalidateQueries({ queryKey: ['maintenance'] })
      void client.invalidateQueries({ queryKey: ['dashboard'] })
      onSaved(next === r.status ? `Saved “${r.title}”.` : `Moved “${r.title}” to ${label(next)}.`)
      // A card moved off the board (cancelled) leaves focus on the column it left, once it is gone.
      if (!staysOnBoard) focusWhenGone(r.id, `col-${r.status}`)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <li className="board-card" data-testid="board-card" data-request-id={r.id}>
      <h3>
        <Link to={`/maintenance/${r.id}`}>{r.title}</Link>
      </h3>
      <p>
        <Badge value={r.priority} /> {r.property.name}
      </p>
      <p className="muted">{dateTime(r.requestedAt)}</p>
      <form onSubmit={(e) => void save(e)} aria-label={`Update ${r.title}`}>
        <ProblemNotice error={error} />
        <div className="field">
          <label htmlFor={`${id}-status`}>Status</label>
          <select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.target.value)}>
            {MOVES.map((s) => (
              <option key={s} value={s}>
                {label(s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-assignee`}>Assigned to</label>
          <select id={`${id}-assignee`} value={assigneeId} onChange={(e) => setAssigneeId(e.target.value)}>
            <option value="">Nobody</option>
            {assignees.map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName}
              </option>
            ))}
          </select>
        </div>
        <button ref={update} type="submit" className="button button-small" disabled={busy}>
          Update
        </button>
      </form>
    </li>
  )
}

/** Focuses the element `targetId` once the card of request `id` has left the page (or after 3 s). */
function focusWhenGone(id: string, targetId: string): void {
  const started = performance.now()
  const step = () => {
    if (document.querySelector(`[data-request-id="${id}"]`) && performance.now() - started < 3000) requestAnimationFrame(step)
    else document.getElementById(targetId)?.focus()
  }
  requestAnimationFrame(step)
}
