import { Link } from 'react-router'
import { PAYMENT_METHODS, PAYMENT_STATUSES, type Payment } from '../../../src/modules/payments/payments.schema.js'
import { Badge, ListView, usePropertyOptions, type FilterDef } from '../components/List'
import { Page } from '../components/Page'
import { date, label, money } from '../format'

export default function Payments() {
  const properties = usePropertyOptions()
  const filters: FilterDef[] = [
    { kind: 'search', name: 'search', label: 'Search', hint: 'Reference, tenant name or address' },
    { kind: 'multi', name: 'status', label: 'Status', options: PAYMENT_STATUSES },
    { kind: 'multi', name: 'paymentMethod', label: 'Method', options: PAYMENT_METHODS },
    { kind: 'select', name: 'propertyId', label: 'Property', options: properties },
    { kind: 'money', name: 'minAmount', label: 'Amount at least ($)' },
    { kind: 'money', name: 'maxAmount', label: 'Amount at most ($)' },
    { kind: 'date', name: 'paymentDateFrom', label: 'Paid from' },
    { kind: 'date', name: 'paymentDateTo', label: 'Paid to' },
    { kind: 'date', name: 'dueDateFrom', label: 'For charges due from' },
    { kind: 'date', name: 'dueDateTo', label: 'For charges due to' },
  ]
  return (
    <Page
      title="Payments"
      actions={
        <Link className="button button-primary" to="/payments/new">
          Record a payment
        </Link>
      }
    >
      <ListView<Payment>
        root="payments"
        path="/payments"
        filters={filters}
        idPrefix="payments"
        caption="Payments"
        rowKey={(p) => p.id}
        columns={[
          { header: 'Paid on', cell: (p) => date(p.paidOn) },
          { header: 'Tenant', cell: (p) => <Link to={`/tenants/${p.tenantId}`}>{`${p.tenant.firstName} ${p.tenant.lastName}`}</Link> },
          {
            header: 'Amount',
            cell: (p) => (
              <Link to={`/payments/${p.id}`}>
                {money(p.amountCents)}
                <span className="visually-hidden">{` from ${p.tenant.firstName} ${p.tenant.lastName} on ${date(p.paidOn)}`}</span>
              </Link>
            ),
            num: true,
          },
          { header: 'Method', cell: (p) => label(p.method) },
          { header: 'Status', cell: (p) => <Badge value={p.status} /> },
          { header: 'Reference', cell: (p) => p.reference ?? '—' },
        ]}
      />
    </Page>
  )
}
