/** The signed-in session as React state. */
import { useSyncExternalStore } from 'react'
import { getSession, subscribeSession, type Session } from './client'

export const useSession = (): Session | null => useSyncExternalStore(subscribeSession, getSession)
