/** The signed-in tenant's own record with leases, payments, requests and documents. */
import { useQuery } from '@tanstack/react-query'
import type { TenantDetail } from '../../../../src/modules/tenants/tenants.schema.js'
import { api } from '../../api/client'
import { useSession } from '../../api/session'

export function usePortalTenant() {
  const tenantId = useSession()?.user.tenantId ?? null
  const q = useQuery({
    queryKey: ['portal', 'tenant', tenantId],
    queryFn: ({ signal }) => api<TenantDetail>(`/tenants/${tenantId}`, { query: { include: 'leases,payments,maintenance,documents' }, signal }),
    enabled: !!tenantId,
  })
  return { tenantId, ...q }
}

/** The lease that is in force (active), else the latest one. */
export const currentLeaseOf = (t: TenantDetail | undefined) => t?.leases?.find((l) => l.status === 'active') ?? t?.leases?.[0]
