/**
 * The one way the web app talks to the API: bearer token on every call, one shared refresh when the
 * access token expires, and problem+json turned into ApiError with the server's field errors.
 */
import type { CurrentUser } from '../../../src/modules/auth/auth.schema.js'

export interface Session {
  accessToken: string
  refreshToken: string
  /** Epoch milliseconds at which the access token expires. */
  expiresAt: number
  user: CurrentUser
}

export type SessionEnd = 'expired' | 'signed_out'

export interface FieldError {
  field: string
  message: string
}

/** A failed API call: the problem's status, code, detail and per-field errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

const KEY = 'tms.session'
type Listener = (session: Session | null, reason?: SessionEnd) => void
const listeners = new Set<Listener>()

function read(): Session | null {
  try {
    const raw = localStorage.getItem(KEY)
    return raw ? (JSON.parse(raw) as Session) : null
  } catch {
    // Storage may be unavailable (private mode) or hold an old shape: start signed out.
    return null
  }
}

let current: Session | null = read()
let lastEnd: SessionEnd | undefined

export const getSession = (): Session | null => current
/** Why the last session ended, for the sign-in page's message; read once. */
export function takeSessionEnd(): SessionEnd | undefined {
  const reason = lastEnd
  lastEnd = undefined
  return reason
}

export function subscribeSession(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

function setSession(next: Session | null, reason?: SessionEnd): void {
  current = next
  if (next) localStorage.setItem(KEY, JSON.stringify(next))
  else localStorage.removeItem(KEY)
  if (!next && reason) lastEnd = reason
  for (const l of listeners) l(next, reason)
}

// Another tab signing in or out changes this one too.
window.addEventListener('storage', (e) => {
  if (e.key !== KEY) return
  const next = read()
  if (next?.accessToken === current?.accessToken) return
  setSession(next, next ? undefined : 'signed_out')
})

interface TokenPair {
  accessToken: string
  refreshToken: string
  expiresIn: number
  user: CurrentUser
}

const toSession = (t: TokenPair): Session => ({
  accessToken: t.accessToken,
  refreshToken: t.refreshToken,
  expiresAt: Date.now() + t.expiresIn * 1000,
  user: t.user,
})

async function problemOf(res: Response): Promise<ApiError> {
  let body: { code?: string; detail?: string; title?: string; errors?: FieldError[] } = {}
  try {
    body = (await res.json()) as typeof body
  } catch {
    // Not problem+json (a proxy's page, say): the status alone tells.
  }
  return new ApiError(res.status, body.code ?? 'http.' + res.status, body.detail ?? body.title ?? res.statusText, body.errors ?? [])
}

export async function signIn(email: string, password: string): Promise<Session> {
  const res = await fetch('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  if (!res.ok) throw await problemOf(res)
  const session = toSession((await res.json()) as TokenPair)
  setSession(session)
  return session
}

/** Accepts an invitation link: the new account is created and signed in. */
export async function acceptInvitation(token: string, password: string): Promise<Session> {
  const res = await fetch(`/api/v1/auth/invitations/${encodeURIComponent(token)}/accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ password }),
  })
  if (!res.ok) throw await problemOf(res)
  const session = toSession((await res.json()) as TokenPair)
  setSession(session)
  return session
}

let refreshing: Promise<Session | null> | undefined

/** Trades the refresh token for a new pair, once for all callers at the same moment; null when the session is over. */
export function refreshSession(): Promise<Session | null> {
  const from = current
  if (!from) return Promise.resolve(null)
  refreshing ??= (async () => {
    try {
      const res = await fetch('/api/v1/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: from.refreshToken }),
      })
      if (!res.ok) {
        // Another tab may have rotated the token already; its session is in storage.
        const stored = read()
        if (stored && stored.refreshToken !== from.refreshToken) {
          setSession(stored)
          return stored
        }
        setSession(null, 'expired')
        return null
      }
      const next = toSession((await res.json()) as TokenPair)
      setSession(next)
      return next
    } finally {
      refreshing = undefined
    }
  })()
  return refreshing
}

export async function signOut(): Promise<void> {
  const s = current
  setSession(null, 'signed_out')
  if (s) {
    // Revoke on the server; a failure here still leaves this browser signed out.
    await fetch('/api/v1/auth/logout', { method: 'POST', headers: { authorization: `Bearer ${s.accessToken}` } }).catch(() => undefined)
  }
}

export type QueryValue = string | number | boolean | undefined | null | readonly (string | number)[]

/** `{ status: ['a','b'], page: 2 }` → `status=a&status=b&page=2`; empty values are left out. */
export function queryString(params: Record<string, QueryValue>): string {
  const out = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue
    if (Array.isArray(value)) for (const v of value as (string | number)[]) out.append(key, String(v))
    else out.append(key, String(value))
  }
  const s = out.toString()
  return s ? `?${s}` : ''
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  body?: unknown
  query?: Record<string, QueryValue>
  headers?: Record<string, string>
  signal?: AbortSignal
  /** Answer as text instead of JSON (CSV downloads). */
  text?: boolean
  /** Answer as a Blob (files). */
  blob?: boolean
}

/** Calls `/api/v1${path}`; resolves to the JSON body (null for 204) or throws ApiError. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const send = (session: Session | null) =>
    fetch(`/api/v1${path}${options.query ? queryString(options.query) : ''}`, {
      method: options.method ?? 'GET',
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(session ? { authorization: `Bearer ${session.accessToken}` } : {}),
        ...options.headers,
      },
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
      signal: options.signal,
    })
  let res = await send(current)
  if (res.status === 401 && current) {
    const renewed = await refreshSession()
    if (renewed) res = await send(renewed)
  }
  if (!res.ok) throw await problemOf(res)
  if (res.status === 204) return null as T
  return (options.blob ? await res.blob() : options.text ? await res.text() : await res.json()) as T
}

/** Field errors keyed by the form field name: `body.tenantIds.0` → `tenantIds.0`. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {}
  const out: Record<string, string> = {}
  for (const e of error.errors) out[e.field.replace(/^(body|query|header)\./, '')] ??= e.message
  return out
}
