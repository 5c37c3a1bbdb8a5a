/** The signed-in user's organization, from /auth/me: its time zone and the calendar day it is there now. */
import { useQuery } from '@tanstack/react-query'
import type { Me } from '../../../src/modules/auth/auth.schema.js'
import { api } from './client'
import { useSession } from './session'

export type Organization = Me['organization']

/**
 * The organization, or undefined until it arrives. Dates the server checks ("at most today") are
 * the organization's, not the browser's: a browser a day ahead must not default to tomorrow. It is
 * fetched again now and then, so a page left open past midnight moves to the new day.
 */
export function useOrganization(): Organization | undefined {
  const userId = useSession()?.user.id
  const q = useQuery({
    queryKey: ['me', userId],
    queryFn: ({ signal }) => api<Me>('/auth/me', { signal }),
    enabled: !!userId,
    staleTime: 60_000,
    refetchInterval: 10 * 60_000,
  })
  return q.data?.organization
}

/** Today in the organization's time zone ('YYYY-MM-DD'), or undefined until it is known. */
export const useToday = (): string | undefined => useOrganization()?.today
