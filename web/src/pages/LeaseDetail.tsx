/** A lease with its tenants, unit, charges with balances, payments and documents. */
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Link, useNavigate, useParams } from 'react-router'
import type { LeaseDetail as LeaseDto } from '../../../src/modules/leases/leases.schema.js'
import { api } from '../api/client'
import { useSession } from '../api/session'
import { DeleteButton } from '../components/ConfirmDialog'
import { Badge, ProblemNotice } from '../components/List'
import { Page } from '../components/Page'
import { SimpleTable } from '../components/SimpleTable'
import { DocumentLink, fileSize } from '../components/DocumentLink'
import { DocumentUpload } from '../components/DocumentUpload'
import { count, date, label, money } from '../format'

export default function LeaseDetail() {
  const { id = '' } = useParams()
  const navigate = useNavigate()
  const client = useQueryClient()
  // Only an admin may delete a lease, and only a draft (the API decides; the button follows it).
  const mayDelete = useSession()?.user.role === 'admin'
  const q = useQuery({
    queryKey: ['leases', 'detail', id],
    queryFn: ({ signal }) => api<LeaseDto>(`/leases/${id}`, { query: { include: 'tenants,unit,property,charges,payments,documents' }, signal }),
  })
  const l = q.data
  return (
    <Page
      title={l ? `Lease: ${l.property?.name ?? ''} unit ${l.unit?.unitNumber ?? ''}` : 'Lease'}
      actions={
        l && (l.status === 'draft' || l.status === 'active') ? (
          <Link className="button" to={`/leases/${id}/edit`}>
            Edit lease
          </Link>
        ) : null
      }
    >
      <ProblemNotice error={q.error} />
      <div className="grid">
        <section className="card" aria-labelledby="l-terms">
          <h2 id="l-terms">Terms</h2>
          <dl className="facts">
            <dt>Status</dt>
            <dd>{l ? <Badge value={l.status} /> : '\u00a0'}</dd>
            <dt>Term</dt>
            <dd>{l ? `${date(l.startDate)} – ${l.endDate ? date(l.endDate) : 'month-to-month'}` : '\u00a0'}</dd>
            <dt>Rent</dt>
            <dd>{l ? `${money(l.rentCents)}, due day ${l.dueDay}, ${count(l.graceDays, 'grace day')}` : '\u00a0'}</dd>
            <dt>Deposit</dt>
            <dd>{money(l?.depositCents)}</dd>
            <dt>Late fee</dt>
            <dd>{l ? (l.lateFee.kind === 'flat' ? money(l.lateFee.flatCents) : l.lateFee.kind === 'percent' ? `${l.lateFee.percentBp / 100}% of overdue rent` : 'None') : '\u00a0'}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="l-people">
          <h2 id="l-people">Tenants</h2>
          <ul>
            {(l?.tenants ?? []).map((t) => (
              <li key={t.id}>
                <Link to={`/tenants/${t.id}`}>{`${t.firstName} ${t.lastName}`}</Link>
                {t.isPrimary ? ' (primary)' : ''}
              </li>
            ))}
          </ul>
        </section>
      </div>
      <h2>Charges</h2>
      <SimpleTable
        caption="Charges"
        rows={l?.charges}
        rowKey={(c) => c.id}
        empty="No charges."
        columns={[
          { header: 'Due', cell: (c) => date(c.dueDate) },
          { header: 'Kind', cell: (c) => label(c.kind) },
          { header: 'Description', cell: (c) => c.description || '—' },
          { header: 'Amount', cell: (c) => money(c.amountCents), num: true },
          // Reversals, write-offs and credits of a charge are shown against it, so a charge billed again reads as what it is.
          { header: 'Reversed or credited', cell: (c) => (c.adjustedCents ? money(c.adjustedCents) : '—'), num: true },
          { header: 'Paid', cell: (c) => money(c.allocatedCents), num: true },
          { header: 'Open balance', cell: (c) => money(c.balanceCents), num: true },
        ]}
      />
      <h2>Payments</h2>
      <SimpleTable
        caption="Payments"
        rows={l?.payments}
        rowKey={(p) => p.id}
        empty="No payments."
        columns={[
          { header: 'Paid on', cell: (p) => date(p.paidOn) },
          { header: 'Amount', cell: (p) => money(p.amountCents), num: true },
          { header: 'Method', cell: (p) => label(p.method) },
          { header: 'Status', cell: (p) => <Badge value={p.status} /> },
        ]}
      />
      <h2>Documents</h2>
      <SimpleTable
        caption="Documents"
        rows={l?.documents}
        rowKey={(d) => d.id}
        empty="No documents."
        columns={[
          { header: 'File', cell: (d) => <DocumentLink document={d} /> },
          { header: 'Type', cell: (d) => d.contentType },
          { header: 'Size', cell: (d) => fileSize(d.sizeBytes), num: true },
        ]}
      />
      <DocumentUpload subject={{ leaseId: id }} />
      {l?.status === 'draft' && mayDelete ? (
        <DeleteButton
          what="lease"
          label="Delete draft lease"
          path={`/leases/${id}`}
          question={
            <p>
              The draft lease of {l.property?.name ?? 'this property'} unit {l.unit?.unitNumber ?? ''} will be deleted, with its documents. This cannot be undone. A
              lease with charges or payments is kept.
            </p>
          }
          onDeleted={() => {
            client.removeQueries({ queryKey: ['leases', 'detail', id] })
            for (const root of ['leases', 'units', 'properties', 'tenants']) void client.invalidateQueries({ queryKey: [root] })
            void navigate('/leases')
          }}
        />
      ) : null}
    </Page>
  )
}
