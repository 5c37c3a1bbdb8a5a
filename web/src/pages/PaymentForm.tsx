/** Staff: record a payment for a tenant (chosen here or given as ?tenantId=). */
import { useQuery } from '@tanstack/react-query'
import { Link, useSearchParams } from 'react-router'
import type { Tenant, TenantDetail } from '../../../src/modules/tenants/tenants.schema.js'
import { api } from '../api/client'
import type { Page as PageOf } from '../components/List'
import { Page } from '../components/Page'
import { PayForm } from '../components/PayForm'
import { date } from '../format'

export default function PaymentForm() {
  const [params, setParams] = useSearchParams()
  const tenantId = params.get('tenantId') ?? ''
  const tenants = useQuery({ queryKey: ['tenants', 'options'], queryFn: () => api<PageOf<Tenant>>('/tenants', { query: { pageSize: 100 } }), enabled: !tenantId })
  const tenant = useQuery({ queryKey: ['tenants', 'detail', tenantId, 'leases'], queryFn: () => api<TenantDetail>(`/tenants/${tenantId}`, { query: { include: 'leases' } }), enabled: !!tenantId })
  const t = tenant.data
  return (
    <Page title="Record a payment">
      {!tenantId ? (
        <div className="field">
          <label htmlFor="pick-tenant">Tenant</label>
          <select id="pick-tenant" value="" onChange={(e) => setParams({ tenantId: e.target.value })}>
            <option value="">Choose a tenant</option>
            {(tenants.data?.data ?? []).map((x) => (
              <option key={x.id} value={x.id}>{`${x.lastName}, ${x.firstName}`}</option>
            ))}
          </select>
        </div>
      ) : t ? (
        <>
          <p>
            For <Link to={`/tenants/${t.id}`}>{`${t.firstName} ${t.lastName}`}</Link>
          </p>
          <PayForm
            key={t.id}
            tenantId={t.id}
            staff
            leases={(t.leases ?? []).filter((l) => l.status === 'active' || l.status === 'ended').map((l) => ({ value: l.id, label: `${date(l.startDate)} – ${l.endDate ? date(l.endDate) : 'month-to-month'}` }))}
          />
        </>
      ) : (
        <p className="loading" role="status">Loading…</p>
      )}
    </Page>
  )
}
