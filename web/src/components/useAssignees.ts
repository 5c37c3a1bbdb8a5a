import { useQuery } from '@tanstack/react-query'
import type { UserSummary } from '../../../src/modules/users/users.schema.js'
import { api } from '../api/client'
import type { Page } from './List'

/** Technicians and managers a request can be assigned to (staff only). */
export function useAssignees(enabled = true) {
  const q = useQuery({
    queryKey: ['users', 'assignees'],
    queryFn: () => api<Page<UserSummary>>('/users', { query: { role: ['technician', 'property_manager'], pageSize: 100 } }),
    staleTime: 5 * 60_000,
    enabled,
  })
  return (q.data?.data ?? []).filter((u) => !u.disabled)
}

/** The technicians among `users`: a work order goes to someone who does the job on site. */
export const technicians = (users: readonly UserSummary[]): UserSummary[] => users.filter((u) => u.role === 'technician')
