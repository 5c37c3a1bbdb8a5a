/**
 * How long `npm start` takes, on an empty data directory, to serve its first request: spawns the
 * server (migrations, demo generation, listen), polls /health, then signs in and lists properties.
 * Run: `npx tsx bench/first-request.ts [runs]`.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })

async function once(): Promise<{ health: number; firstApi: number }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tms-bench-'))
  const port = await freePort()
  const started = performance.now()
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
    env: { ...process.env, TMS_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  try {
    const base = `http://127.0.0.1:${port}`
    let health = 0
    for (let i = 0; i < 1200 && !health; i++) {
      try {
        if ((await fetch(`${base}/health`)).ok) health = performance.now() - started
      } catch {
        await new Promise((r) => setTimeout(r, 25))
      }
    }
    if (!health) throw new Error(`server did not answer:\n${output}`)
    const password = /admin@demo\.tms\.dev\s+(\S+)/.exec(output)?.[1]
    if (!password) throw new Error(`no admin login printed:\n${output}`)
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@demo.tms.dev', password }),
    })
    const { accessToken } = (await login.json()) as { accessToken: string }
    const list = await fetch(`${base}/api/v1/properties`, { headers: { authorization: `Bearer ${accessToken}` } })
    if (!list.ok) throw new Error(`properties list answered ${list.status}`)
    return { health, firstApi: performance.now() - started }
  } finally {
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
    await rm(dataDir, { recursive: true, force: true })
  }
}

const runs = Number(process.argv[2] ?? 3)
const results: { health: number; firstApi: number }[] = []
for (let i = 0; i < runs; i++) results.push(await once())
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0
console.log(
  JSON.stringify({
    runs,
    firstHealthMs: { median: Math.round(median(results.map((r) => r.health))), all: results.map((r) => Math.round(r.health)) },
    firstApiMs: { median: Math.round(median(results.map((r) => r.firstApi))), all: results.map((r) => Math.round(r.firstApi)) },
  }),
)
