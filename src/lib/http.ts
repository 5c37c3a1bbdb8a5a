/**
 * HTTP plumbing shared by every route module: the app type, the problem+json schema and error
 * handler, the query-string parser, and the signed-in principal of a request.
 */
import type { FastifyBaseLogger, FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifySchemaCompiler, RawServerDefault, RouteOptions } from 'fastify'
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError, validatorCompiler as zodValidatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Principal } from './access.js'
import { AppError, fromDatabaseError, type FieldError } from './errors.js'
import { StorableText } from './input.js'

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null
  }
  interface FastifyContextConfig {
    /** Routes reachable without a token: health, login, docs. */
    public?: boolean
  }
}

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' })

/** Error responses every authenticated route may give, for its OpenAPI contract. */
export const problems = {
  400: Problem,
  401: Problem,
  403: Problem,
  404: Problem,
  409: Problem,
} as const

/** The caller, or 401. Routes that are not public always have one after the auth hook. */
export function principal(req: FastifyRequest): Principal {
  if (!req.principal) throw new AppError('auth.unauthenticated', 'sign in first')
  return req.principal
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
}

export function sendProblem(reply: FastifyReply, req: FastifyRequest, error: AppError): FastifyReply {
  const body: z.infer<typeof Problem> = {
    type: `https://tms.dev/problems/${error.code.replace(/[._]/g, '-')}`,
    title: titles[error.status] ?? 'Error',
    status: error.status,
    detail: error.message,
    instance: req.url.split('?')[0],
    code: error.code,
    ...(error.errors.length ? { errors: error.errors } : {}),
  }
  if (error.status === 401) void reply.header('www-authenticate', 'Bearer')
  return reply.code(error.status).type('application/problem+json').send(body)
}

const part = (ctx: string | undefined): string => {
  if (ctx === 'querystring') return 'query'
  if (ctx === 'params') return 'path'
  if (ctx === 'headers') return 'header'
  return ctx ?? 'body'
}

/**
 * Turns a Zod validation failure into one FieldError per bad field, with unknown keys named.
 * A field that fails several checks (format, then a refinement) is reported once, by its first.
 */
function fieldErrors(error: FastifyError): FieldError[] {
  if (!hasZodFastifySchemaValidationErrors(error)) return []
  const where = part(error.validationContext)
  const seen = new Set<string>()
  return error.validation.flatMap((v): FieldError[] => {
    const path = v.instancePath.split('/').filter(Boolean).join('.')
    const keys = (v.params as { keys?: unknown } | undefined)?.keys
    if (v.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
      return keys.map((key) => ({ field: [where, path, String(key)].filter(Boolean).join('.'), message: 'unknown field' }))
    }
    return [{ field: [where, path].filter(Boolean).join('.'), message: v.message ?? 'invalid' }]
  }).filter((e) => !seen.has(e.field) && Boolean(seen.add(e.field)))
}

export function errorHandler(this: FastifyInstance, error: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) return sendProblem(reply, req, error)
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = fieldErrors(error)
    const unknown = errors.some((e) => e.message === 'unknown field')
    const detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ')
    return sendProblem(reply, req, new AppError(unknown ? 'request.unknown_field' : 'request.invalid', detail, errors))
  }
  const fromDb = fromDatabaseError(error)
  if (fromDb) return sendProblem(reply, req, fromDb)
  if (isResponseSerializationError(error)) {
    req.log.error({ err: error, cause: error.cause }, 'response did not match its schema')
    return sendProblem(reply, req, new AppError('internal', 'internal error'))
  }
  const status = error.statusCode ?? 500
  if (status >= 400 && status < 500) {
    // Fastify's own client errors: malformed JSON, body too large, wrong content type.
    const code = status === 415 ? 'request.unsupported_media_type' : status === 429 ? 'rate_limited' : 'request.invalid'
    const appError = new AppError(code, error.message)
    return sendProblem(reply.code(status), req, Object.assign(appError, { status }))
  }
  req.log.error({ err: error }, 'unhandled error')
  return sendProblem(reply, req, new AppError('internal', 'internal error'))
}

/** The query of an API route that declares none: every parameter is unknown there. */
const NoQuery = z.strictObject({})

/**
 * onRoute hook: an API route without a query schema refuses any query parameter with a 400 naming
 * it, as routes with a (strict) query schema do, so no route silently ignores a misspelt filter.
 */
export function refuseUndeclaredQuery(route: RouteOptions): void {
  if (!route.url.startsWith('/api/v1/') || route.schema?.querystring) return
  route.schema = { ...route.schema, querystring: NoQuery }
}

/**
 * Parses `a=1&a=2&b[]=3&c=x,y` into { a: ['1','2'], b: ['3'], c: 'x,y' }: repeated keys and
 * `[]` suffixes become arrays; list params split commas themselves.
 */
export function parseQueryString(qs: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [rawKey, value] of new URLSearchParams(qs)) {
    const key = rawKey.endsWith('[]') ? rawKey.slice(0, -2) : rawKey
    const existing = out[key]
    if (existing === undefined) out[key] = rawKey.endsWith('[]') ? [value] : value
    else out[key] = Array.isArray(existing) ? [...existing, value] : [existing, value]
  }
  return out
}

/**
 * The Zod validator compiler with the shared text rule in front of every route's schema: a body,
 * query or path holding a NUL or a lone surrogate answers 400 naming the field.
 */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> = (route) => zodValidatorCompiler({ ...route, schema: StorableText.pipe(route.schema) })

/**
 * Fastify's clientErrorHandler: requests Node's parser refuses before any route runs (headers or URL
 * too large, malformed HTTP, a timeout) answer problem+json like every other error, then close.
 */
export function clientErrorHandler(this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400
  const detail = status === 408 ? 'the request took too long to arrive' : status === 431 ? 'the URL or headers are too large' : 'the request is not valid HTTP'
  const title = STATUS_CODES[status] ?? 'Bad Request'
  const body = JSON.stringify({ type: 'https://tms.dev/problems/request-invalid', title, status, detail, code: 'request.invalid' } satisfies z.infer<typeof Problem>)
  this.log.trace({ err: error }, 'client error')
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${title}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/problem+json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`)
  }
  socket.destroy(error)
}
