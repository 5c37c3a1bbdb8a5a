// Re-runs the date and rule suites in child processes under other time zones, so a date that
// silently depends on the machine's zone fails here.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)
const files = ['./dates.test.ts', './rules.test.ts', './ledger.property.test.ts', './ledger.test.ts'].map((f) => fileURLToPath(new URL(f, import.meta.url)))

// The child is a test run of its own, not a subprocess of this runner: drop the runner's marker.
// eslint-disable-next-line no-restricted-syntax -- the child inherits this environment with only its zone changed.
const { NODE_TEST_CONTEXT: _runner, ...environment } = process.env

describe('date tests under other process time zones', () => {
  for (const zone of ['America/Sao_Paulo', 'Pacific/Kiritimati']) {
    test(`pass with TZ=${zone}`, async () => {
      const child = run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', ...files], {
        env: { ...environment, TZ: zone },
        cwd: fileURLToPath(new URL('../../..', import.meta.url)),
        maxBuffer: 16 * 1024 * 1024,
      })
      const { stdout } = await child.catch((error: { stdout?: string; stderr?: string }) => {
        const lines = (error.stdout ?? '').split('\n')
        const failures = lines.flatMap((line, i) => (/^\s*not ok/.test(line) ? lines.slice(i, i + 25) : []))
        return assert.fail(`failed under ${zone}:\n${failures.join('\n').slice(0, 8000)}\n${(error.stderr ?? '').slice(-2000)}`)
      })
      assert.match(stdout, new RegExp(`process time zone ${zone.replace('/', '\\/')}`))
      assert.match(stdout, /# fail 0/)
    })
  }
})
