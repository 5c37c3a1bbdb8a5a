/**
 * The one error type of the product. Codes are a closed union, so a misspelt code does not
 * compile; the HTTP layer turns each into RFC 9457 problem+json in one place.
 */
export type ErrorCode =
  | 'request.invalid'
  | 'request.unknown_field'
  | 'request.unsupported_media_type'
  | 'auth.unauthenticated'
  | 'auth.invalid_credentials'
  | 'auth.account_disabled'
  | 'auth.token_expired'
  | 'auth.forbidden'
  | 'resource.not_found'
  | 'resource.conflict'
  | 'resource.in_use'
  | 'resource.reference_invalid'
  | 'lease.term_overlaps'
  | 'lease.invalid_term'
  | 'lease.invalid_transition'
  | 'payment.idempotency_conflict'
  | 'payment.not_deletable'
  | 'payment.invalid_transition'
  | 'user.email_taken'
  | 'user.has_login'
  | 'user.cannot_disable_self'
  | 'invitation.gone'
  | 'import.invalid'
  | 'rate_limited'
  | 'internal'

export interface FieldError {
  /** Dotted path of the field, e.g. `body.rentCents` or `query.pageSize`. */
  field: string
  message: string
}

const statusOf: Record<ErrorCode, number> = {
  'request.invalid': 400,
  'request.unknown_field': 400,
  'request.unsupported_media_type': 415,
  'auth.unauthenticated': 401,
  'auth.invalid_credentials': 401,
  'auth.account_disabled': 403,
  'auth.token_expired': 401,
  'auth.forbidden': 403,
  'resource.not_found': 404,
  'resource.conflict': 409,
  'resource.in_use': 409,
  'resource.reference_invalid': 400,
  'lease.term_overlaps': 409,
  'lease.invalid_term': 400,
  'lease.invalid_transition': 409,
  'payment.idempotency_conflict': 409,
  'payment.not_deletable': 409,
  'payment.invalid_transition': 409,
  'user.email_taken': 409,
  'user.has_login': 409,
  'user.cannot_disable_self': 409,
  'invitation.gone': 410,
  'import.invalid': 400,
  rate_limited: 429,
  internal: 500,
}

export class AppError extends Error {
  readonly status: number
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message)
    this.name = 'AppError'
    this.status = statusOf[code]
  }
}

export const notFound = (what: string): AppError => new AppError('resource.not_found', `${what} not found`)
export const forbidden = (message = 'not allowed for this account'): AppError => new AppError('auth.forbidden', message)
export const invalid = (field: string, message: string): AppError =>
  new AppError('request.invalid', `${field}: ${message}`, [{ field, message }])

/** Throws `error` unless `condition` holds; narrows the type like an assertion. */
export function assertThat(condition: unknown, error: AppError | (() => AppError)): asserts condition {
  if (!condition) throw typeof error === 'function' ? error() : error
}

/** Database constraint names mapped to the domain error a client should see. */
const constraintErrors: Record<string, { code: ErrorCode; field?: string; message: string }> = {
  leases_no_overlap: { code: 'lease.term_overlaps', field: 'body.startDate', message: 'the unit already has an active lease overlapping this term' },
  leases_end_after_start: { code: 'lease.invalid_term', field: 'body.endDate', message: 'must be on or after the start date' },
  users_email_key: { code: 'user.email_taken', field: 'body.email', message: 'an account with this e-mail already exists' },
  user_invitations_email_key: { code: 'user.email_taken', field: 'body.email', message: 'this e-mail address already has an open invitation' },
  user_invitations_tenant_key: { code: 'user.has_login', field: 'body.tenantId', message: 'this tenant already has an open invitation' },
  units_number_key: { code: 'resource.conflict', field: 'body.unitNumber', message: 'the property already has a unit with this number' },
  payments_idempotency_key: { code: 'payment.idempotency_conflict', field: 'header.idempotency-key', message: 'this idempotency key was already used' },
  deposit_dispositions_lease_key: { code: 'resource.conflict', message: 'the deposit of this lease was already disposed of' },
  organizations_name_key: { code: 'resource.conflict', field: 'body.name', message: 'an organization with this name exists' },
}

interface PgError {
  code?: string
  constraint?: string
  column?: string
  message?: string
  detail?: string
}

/** Turns a database error on a named constraint into an AppError; returns undefined for others. */
export function fromDatabaseError(error: unknown): AppError | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const e = error as PgError
  const known = e.constraint ? constraintErrors[e.constraint] : undefined
  if (known) return new AppError(known.code, known.message, known.field ? [{ field: known.field, message: known.message }] : [])
  switch (e.code) {
    case '23505':
      return new AppError('resource.conflict', 'a record with these values already exists')
    case '23503':
      // A delete blocked by rows that still point here, or an insert naming a row that is not there.
      return /still referenced|is referenced/.test(`${e.message ?? ''} ${e.detail ?? ''}`)
        ? new AppError('resource.in_use', 'the record is still referenced by other records')
        : new AppError('resource.reference_invalid', 'a referenced record does not exist')
    case '23001':
      // PostgreSQL 17 (PGlite) reports a delete blocked by ON DELETE RESTRICT as restrict_violation.
      return new AppError('resource.in_use', 'the record is still referenced by other records')
    case '23P01':
      return new AppError('resource.conflict', 'the record overlaps an existing one')
    case '23514':
    case '23502':
    case '22P02':
    case '22007':
    case '22008':
    case '22003':
      return new AppError('request.invalid', `invalid value${e.constraint ? ` (${e.constraint})` : ''}`)
    case '22021':
    case '22P05':
      // Text the database cannot store, such as a NUL character in a search or a name.
      return new AppError('request.invalid', 'text must not contain NUL or other characters that cannot be stored')
    default:
      return undefined
  }
}
