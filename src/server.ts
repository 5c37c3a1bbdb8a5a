/** Serves the app: demo data on first start, listening, and a clean shutdown on SIGTERM/SIGINT. */
import type { Config } from './config.js'
import type { Database } from './db/index.js'
import { buildApp } from './app.js'
import type { Role } from './db/types.js'

export interface Login {
  role: Role
  email: string
  password: string
}

export function printLogins(logins: Login[]): void {
  console.log('\nDemo logins (role  e-mail  password):')
  for (const l of logins) console.log(`  ${l.role.padEnd(17)} ${l.email.padEnd(26)} ${l.password}`)
  console.log('')
}

export async function serve(config: Config, database: Database): Promise<void> {
  const started = performance.now()
  if (config.demo === 'auto') {
    const { generateDemo, hasAnyOrganization } = await import('./modules/demo/demo.js')
    if (!(await hasAnyOrganization(database.db))) printLogins((await generateDemo(database.db)).logins)
  }
  const app = await buildApp({ config, db: database.db, ...(database.pglite ? { pglite: database.pglite } : {}) })
  await app.listen({ host: config.host, port: config.port })
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PostgreSQL in ${config.dataDir}`
  app.log.info({ ms: Math.round(performance.now() - started) }, 'ready')
  console.log(`TMS is serving http://localhost:${config.port}/ (API /api/v1, docs /docs) on ${where}`)

  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down')
    // Stop accepting, let in-flight requests finish, then release the database.
    await app.close()
    await database.close()
    process.exit(0)
  }
  process.once('SIGTERM', () => void shutdown('SIGTERM'))
  process.once('SIGINT', () => void shutdown('SIGINT'))
}
