#!/usr/bin/env node
// Builds the web app into dist/web when it is missing or older than its sources (web/ and the shared schemas).
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const built = join(root, 'dist/web/index.html')

/** Newest modification time under `dir` (files only), skipping build output and dependencies. */
function newest(dir) {
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue
    const path = join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }
  return latest
}

let builtAt = 0
try {
  builtAt = statSync(built).mtimeMs
} catch {
  // Not built yet.
}
// The web app imports the API's Zod schemas, a few shared helpers and the real-time client from src/.
const sources = Math.max(newest(join(root, 'web')), newest(join(root, 'src/modules')), newest(join(root, 'src/lib')), newest(join(root, 'src/realtime')), statSync(join(root, 'package-lock.json')).mtimeMs)
if (builtAt > sources && process.argv[2] !== '--force') process.exit(0)

console.log(builtAt ? 'web app sources changed: rebuilding dist/web' : 'building the web app into dist/web')
const result = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(root, 'web/vite.config.ts'), '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
})
process.exit(result.status ?? 1)
