/** A tenant with lease, ledger, payments, requests, documents and communications; refreshed live by socket events. */
import { useState } from 'react'
import { useQuery } from '@tanstack/react-query'
import { Link, useParams } from 'react-router'
import type { TenantDetail as TenantDto, TenantFinancialSummary } from '../../../src/modules/tenants/tenants.schema.js'
import { api } from '../api/client'
import { Badge, ProblemNotice } from '../components/List'
import { Page } from '../components/Page'
import { LedgerSection } from '../components/Ledger'
import { SimpleTable } from '../components/SimpleTable'
import { DocumentLink, fileSize } from '../components/DocumentLink'
import { DocumentUpload } from '../components/DocumentUpload'
import { InvitationLink, InviteForm } from '../components/Invite'
import type { Page as PageOf } from '../components/List'
import type { CreatedInvitation, Invitation, UserSummary } from '../../../src/modules/users/users.schema.js'
import { count, date, dateTime, label, money } from '../format'

/** Whether the tenant can sign in to the portal, and the way to invite them when not. */
function PortalAccess({ tenant }: { tenant: TenantDto }) {
  const [inviting, setInviting] = useState(false)
  const [created, setCreated] = useState<CreatedInvitation>()
  const login = useQuery({
    queryKey: ['users', 'of-tenant', tenant.id],
    queryFn: ({ signal }) => api<PageOf<UserSummary>>('/users', { query: { tenantId: tenant.id }, signal }),
  })
  const pending = useQuery({
    queryKey: ['invitations', 'of-tenant', tenant.id],
    queryFn: ({ signal }) => api<PageOf<Invitation>>('/users/invitations', { query: { tenantId: tenant.id }, signal }),
  })
  const account = login.data?.data[0]
  const invitation = pending.data?.data[0]
  const loading = login.isPending || pending.isPending
  return (
    <section className="card" aria-labelledby="t-portal" aria-busy={loading} data-testid="portal-access">
      <h2 id="t-portal">Portal access</h2>
      {created ? <InvitationLink created={created} /> : null}
      {loading ? (
        <p>{'\u00a0'}</p>
      ) : account ? (
        <p data-testid="portal-login">
          Has a login ({account.email}){account.disabled ? ', disabled' : ''}.
        </p>
      ) : invitation ? (
        <p data-testid="portal-invited">
          Invited as {invitation.email}; the link works until {dateTime(invitation.expiresAt)}.
        </p>
      ) : inviting ? (
        <InviteForm
          roles={['tenant']}
          fixedTenant
          submitLabel="Create the invitation"
          initial={{ email: tenant.email ?? '', displayName: `${tenant.firstName} ${tenant.lastName}`, role: 'tenant', tenantId: tenant.id }}
          onCreated={(c) => {
            setCreated(c)
            setInviting(false)
          }}
        />
      ) : (
        <>
          <p>No portal login yet.</p>
          <button type="button" className="button" onClick={() => setInviting(true)}>
            Invite to the portal
          </button>
        </>
      )}
    </section>
  )
}

export default function TenantDetail() {
  const { id = '' } = useParams()
  const tenant = useQuery({
    queryKey: ['tenants', 'detail', id],
    queryFn: ({ signal }) => api<TenantDto>(`/tenants/${id}`, { query: { include: 'leases,payments,maintenance,documents,communications' }, signal }),
  })
  const summary = useQuery({
    queryKey: ['tenants', 'summary', id],
    queryFn: ({ signal }) => api<TenantFinancialSummary>(`/tenants/${id}/financial-summary`, { signal }),
  })
  const t = tenant.data
  const s = summary.data
  const name = t ? `${t.firstName} ${t.lastName}` : 'Tenant'
  return (
    <Page
      title={name}
      actions={
        t ? (
          <>
            <Link className="button" to={`/tenants/${id}/edit`}>
              Edit tenant
            </Link>
            <Link className="button" to={`/leases/new?tenantId=${id}`}>
              New lease
            </Link>
            <Link className="button button-primary" to={`/payments/new?tenantId=${id}`}>
              Record a payment
            </Link>
          </>
        ) : null
      }
    >
      <ProblemNotice error={tenant.error} />
      <div className="grid">
        <section className="card" aria-labelledby="t-contact">
          <h2 id="t-contact">Contact</h2>
          <dl className="facts">
            <dt>Status</dt>
            <dd>{t ? <Badge value={t.status} /> : '\u00a0'}</dd>
            <dt>E-mail</dt>
            <dd>{t?.email ?? '—'}</dd>
            <dt>Phone</dt>
            <dd>{t?.phone ?? '—'}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="t-money" aria-busy={summary.isPending}>
          <h2 id="t-money">Payments</h2>
          <p className="metric" data-testid="total-paid">{s ? money(s.totalPaidCents) : '\u00a0'}</p>
          <p className="metric-sub">{s ? `paid in ${count(s.paidCount, 'payment')}; last ${date(s.lastPaymentDate)}` : '\u00a0'}</p>
          <p className="metric-sub">{s ? <>Standing: <Badge value={s.status} /></> : '\u00a0'}</p>
        </section>
        <section className="card" aria-labelledby="t-due" aria-busy={summary.isPending}>
          <h2 id="t-due">Overdue and pending</h2>
          <p className="metric">{s ? money(s.overdueAmountCents) : '\u00a0'}</p>
          <p className="metric-sub">{s ? `overdue in ${count(s.overdueCount, 'charge')}; ${money(s.pendingAmountCents)} pending` : '\u00a0'}</p>
        </section>
      </div>

      {t ? <PortalAccess tenant={t} /> : null}

      <h2>Leases</h2>
      <SimpleTable
        caption="Leases"
        rows={t?.leases}
        rowKey={(l) => l.id}
        empty="No leases."
        columns={[
          { header: 'Term', cell: (l) => <Link to={`/leases/${l.id}`}>{`${date(l.startDate)} – ${l.endDate ? date(l.endDate) : 'month-to-month'}`}</Link> },
          { header: 'Status', cell: (l) => <Badge value={l.status} /> },
          { header: 'Rent', cell: (l) => money(l.rentCents), num: true },
          { header: 'Deposit', cell: (l) => money(l.depositCents), num: true },
          { header: 'Due day', cell: (l) => l.dueDay, num: true },
        ]}
      />

      <LedgerSection tenantId={id} linkPayments />

      <h2>Payment history</h2>
      <SimpleTable
        caption="Payments"
        testId="tenant-payments"
        rows={t?.payments}
        rowKey={(p) => p.id}
        empty="No payments yet."
        columns={[
          { header: 'Paid on', cell: (p) => date(p.paidOn) },
          {
            header: 'Amount',
            cell: (p) => (
              <Link to={`/payments/${p.id}`}>
                {money(p.amountCents)}
                <span className="visually-hidden">{` paid on ${date(p.paidOn)}`}</span>
              </Link>
            ),
            num: true,
          },
          { header: 'Method', cell: (p) => label(p.method) },
          { header: 'Status', cell: (p) => <Badge value={p.status} /> },
          { header: 'Reference', cell: (p) => p.reference ?? '—' },
        ]}
      />

      <h2>Maintenance requests</h2>
      <SimpleTable
        caption="Maintenance requests"
        rows={t?.maintenance}
        rowKey={(r) => r.id}
        empty="No requests."
        columns={[
          { header: 'Request', cell: (r) => <Link to={`/maintenance/${r.id}`}>{r.title}</Link> },
          { header: 'Priority', cell: (r) => <Badge value={r.priority} /> },
          { header: 'Status', cell: (r) => <Badge value={r.status} /> },
          { header: 'Requested', cell: (r) => dateTime(r.requestedAt) },
        ]}
      />

      <h2>Documents</h2>
      <SimpleTable
        caption="Documents"
        rows={t?.documents}
        rowKey={(d) => d.id}
        empty="No documents."
        columns={[
          { header: 'File', cell: (d) => <DocumentLink document={d} /> },
          { header: 'Type', cell: (d) => d.contentType },
          { header: 'Size', cell: (d) => fileSize(d.sizeBytes), num: true },
          { header: 'Added', cell: (d) => dateTime(d.createdAt) },
        ]}
      />
      <DocumentUpload subject={{ tenantId: id }} />

      <h2>Communications</h2>
      <SimpleTable
        caption="Communications"
        rows={t?.communications}
        rowKey={(c) => c.id}
        empty="No communications logged."
        columns={[
          { header: 'When', cell: (c) => dateTime(c.occurredAt) },
          { header: 'Channel', cell: (c) => label(c.channel) },
          { header: 'Direction', cell: (c) => label(c.direction) },
          { header: 'Subject', cell: (c) => c.subject ?? '—' },
          { header: 'Message', cell: (c) => c.body },
        ]}
      />
    </Page>
  )
}
