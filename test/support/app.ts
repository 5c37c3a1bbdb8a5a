/** A running app on a fresh test database, with factories and sign-in helpers. */
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import type { Database } from '../../src/db/index.js'
import type { Row } from '../../src/db/types.js'
import type { App } from '../../src/lib/http.js'
import type { TestTarget } from './db.js'
import { factories, TEST_PASSWORD, type Factories } from './factories.js'

export interface TestApp {
  app: App
  database: Database
  db: Database['db']
  f: Factories
  /** Signs `user` in and returns an access token. */
  tokenFor(user: Row<'users'>): Promise<string>
  /** app.inject with a bearer token. */
  as(token: string, options: InjectOptions): Promise<LightMyRequestResponse>
  close(): Promise<void>
}

export async function startTestApp(target: TestTarget, env: Record<string, string> = {}): Promise<TestApp> {
  const database = await target.open()
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', JWT_SECRET: 'test-secret-test-secret-test-secret-0123', ...env })
  const app = await buildApp({ config, db: database.db })
  await app.ready()
  return {
    app,
    database,
    db: database.db,
    f: factories(database.db),
    async tokenFor(user) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: TEST_PASSWORD } })
      if (res.statusCode !== 200) throw new Error(`login failed for ${user.email}: ${res.statusCode} ${res.body}`)
      return res.json<{ accessToken: string }>().accessToken
    },
    as(token, options) {
      return app.inject({ ...options, headers: { ...options.headers, authorization: `Bearer ${token}` } })
    },
    async close() {
      await app.close()
      await database.close()
    },
  }
}
