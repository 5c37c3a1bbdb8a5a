/** Configuration from the environment, parsed once at boot; process.env is read nowhere else. */
import { z } from 'zod'

const int = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback)

/** proxy-addr's names for address ranges, accepted alongside addresses and CIDR blocks. */
const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal'])
const proxyAddress = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()])

/**
 * TRUST_PROXY: unset = trust no proxy (the socket's address is the client's); a number = trust that
 * many hops of X-Forwarded-For; otherwise a comma-separated list of proxy addresses, CIDR blocks or ranges.
 */
const TrustProxy = z
  .string()
  .optional()
  .transform((value, ctx): false | number | string[] => {
    if (value === undefined) return false
    if (/^\d+$/.test(value)) return Number(value)
    const list = value.split(',').map((s) => s.trim()).filter(Boolean)
    const bad = list.filter((a) => !PROXY_RANGES.has(a) && !proxyAddress.safeParse(a).success)
    if (list.length === 0 || bad.length) {
      ctx.addIssue({ code: 'custom', message: `a hop count or a comma-separated list of proxy addresses or CIDR blocks${bad.length ? ` (not an address: ${bad.join(', ')})` : ''}` })
      return z.NEVER
    }
    return list
  })

const Env = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().url().optional(),
  TMS_DATA_DIR: z.string().default('./.tms'),
  REDIS_URL: z.string().url().optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ACCESS_TOKEN_TTL_SECONDS: int(900),
  REFRESH_TOKEN_TTL_SECONDS: int(60 * 60 * 24 * 30),
  DB_POOL_MAX: int(10),
  DB_POOL_MIN: int(0),
  DB_IDLE_TIMEOUT_MS: int(30_000),
  DB_CONNECT_TIMEOUT_MS: int(5_000),
  DB_STATEMENT_TIMEOUT_MS: int(15_000),
  DB_APPLICATION_NAME: z.string().default('tms'),
  CORS_ORIGINS: z.string().default(''),
  TRUST_PROXY: TrustProxy,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TMS_DEMO: z.enum(['auto', 'off']).default('auto'),
  // Fractions allowed: a test runs the timer in well under a minute.
  BILLING_INTERVAL_MINUTES: z.coerce.number().nonnegative().default(60),
})

export interface Config {
  env: 'development' | 'production' | 'test'
  host: string
  port: number
  databaseUrl: string | undefined
  dataDir: string
  redisUrl: string | undefined
  jwtSecret: string | undefined
  accessTokenTtlSeconds: number
  refreshTokenTtlSeconds: number
  pool: {
    max: number
    min: number
    idleTimeoutMs: number
    connectTimeoutMs: number
    statementTimeoutMs: number
    applicationName: string
  }
  corsOrigins: string[]
  /** Fastify's trustProxy: false, a hop count, or the proxies whose X-Forwarded-For is believed. */
  trustProxy: false | number | string[]
  logLevel: z.infer<typeof Env>['LOG_LEVEL']
  demo: 'auto' | 'off'
  /** Between two automatic billing and late-fee runs; 0: never automatically (only `tms bill`). */
  billingIntervalMinutes: number
}

export class ConfigError extends Error {}

/** Parses the environment; throws one error listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable means unset, as shells and process managers often leave them.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = Env.safeParse(present)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`)
  }
  const e = parsed.data
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.TMS_DATA_DIR,
    redisUrl: e.REDIS_URL,
    jwtSecret: e.JWT_SECRET,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL_SECONDS,
    pool: {
      max: e.DB_POOL_MAX,
      min: e.DB_POOL_MIN,
      idleTimeoutMs: e.DB_IDLE_TIMEOUT_MS,
      connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
      applicationName: e.DB_APPLICATION_NAME,
    },
    corsOrigins: e.CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean),
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    demo: e.TMS_DEMO,
    billingIntervalMinutes: e.BILLING_INTERVAL_MINUTES,
  }
}
