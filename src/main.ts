/**
 * The command line: `serve` (the default of npm start), `migrate`, `user add`, `import`, `demo`.
 * Each command opens the configured database (PostgreSQL when DATABASE_URL is set, embedded
 * PGlite in TMS_DATA_DIR otherwise) and applies pending migrations first.
 */
import { parseArgs } from 'node:util'
import { resolve } from 'node:path'
import { ConfigError, loadConfig, type Config } from './config.js'
import { openDatabase, type Database } from './db/index.js'
import { migrate } from './db/migrate.js'
import { AppError } from './lib/errors.js'
import { ROLES } from './lib/access.js'
import { addUser } from './modules/users/users.cli.js'
import { serve } from './server.js'

const USAGE = `usage: npm run tms -- <command>
  serve                                  start the API and web app (npm start)
  migrate                                apply pending migrations and exit
  user add --email E --password P --role R [--org NAME] [--name NAME]
                                         create a user (and the organization if new); roles: ${ROLES.join(', ')}
  import listings|hpd PATH [--org NAME] [--dry-run]
                                         import real data files (see README)
  demo                                   generate the demo organization now
  bill --through DATE [--org NAME]       post every charge due on or before DATE (YYYY-MM-DD), once
  late-fees [--on DATE] [--org NAME]     assess late fees as of DATE (default: each organization's today)`

async function open(config: Config): Promise<Database> {
  const database = await openDatabase(
    config.databaseUrl
      ? { kind: 'postgres', url: config.databaseUrl, pool: config.pool }
      : { kind: 'pglite', dataDir: resolve(config.dataDir) },
  )
  await migrate(database.db)
  return database
}

async function main(argv: string[]): Promise<number> {
  const config = loadConfig()
  const [command = 'serve', ...rest] = argv
  if (command === 'serve') {
    await serve(config, await open(config))
    return -1
  }
  if (command === 'help' || command === '--help') {
    console.log(USAGE)
    return 0
  }
  const database = await open(config)
  try {
    switch (command) {
      case 'migrate':
        console.log('migrations are up to date')
        return 0
      case 'user': {
        const [sub, ...args] = rest
        if (sub !== 'add') break
        const { values } = parseArgs({
          args,
          options: { email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' }, org: { type: 'string' }, name: { type: 'string' } },
        })
        const user = await addUser(database.db, values)
        console.log(`created ${user.role} ${user.email} in organization "${user.orgName}"`)
        return 0
      }
      case 'import': {
        const { runImport, formatReport } = await import('./modules/imports/imports.service.js')
        const { resolveOrganization } = await import('./modules/users/users.cli.js')
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: { org: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
        })
        const [kind, path] = positionals
        if ((kind !== 'listings' && kind !== 'hpd') || !path) break
        const org = await resolveOrganization(database.db, values.org)
        const report = await runImport(database.db, { orgId: org.id, kind, path: resolve(path), dryRun: values['dry-run'] })
        console.log(formatReport(report))
        return 0
      }
      case 'bill':
      case 'late-fees': {
        const billing = await import('./jobs/billing.js')
        const { resolveOrganization } = await import('./modules/users/users.cli.js')
        const { values } = parseArgs({ args: rest, options: { through: { type: 'string' }, on: { type: 'string' }, org: { type: 'string' } } })
        const orgId = values.org ? (await resolveOrganization(database.db, values.org)).id : undefined
        if (command === 'late-fees') {
          console.log(billing.formatLateFeeReport(await billing.runLateFees(database.db, { orgId, on: values.on })))
          return 0
        }
        if (!values.through) break
        console.log(billing.formatBillingReport(await billing.runBilling(database.db, { orgId, through: values.through })))
        return 0
      }
      case 'demo': {
        const { generateDemo } = await import('./modules/demo/demo.js')
        const { printLogins } = await import('./server.js')
        const demo = await generateDemo(database.db)
        printLogins(demo.logins)
        return 0
      }
    }
    console.error(USAGE)
    return 2
  } finally {
    await database.close()
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code)
  },
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof AppError) {
      console.error(`error: ${error.message}`)
      for (const e of error instanceof AppError ? error.errors : []) console.error(`  ${e.field}: ${e.message}`)
    } else {
      console.error(error)
    }
    process.exit(1)
  },
)
