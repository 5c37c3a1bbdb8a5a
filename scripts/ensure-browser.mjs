// Before the tests: the browser suites drive Debian's chromium (never a browser download). When it is
// missing on a Debian machine where packages can be installed (root, or sudo without a password), it is
// installed with apt; otherwise the suites say they are skipped. TMS_BROWSER_INSTALL=off leaves the
// machine alone.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const CHROMIUM = '/usr/bin/chromium'

const run = (command, args) => spawnSync(command, args, { stdio: 'inherit' }).status === 0

function install() {
  const steps = [
    ['apt-get', ['update']],
    ['apt-get', ['install', '-y', '--no-install-recommends', 'chromium']],
  ]
  const asRoot = process.getuid?.() === 0
  const sudo = !asRoot && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0
  if (!asRoot && !sudo) return false
  console.log(`chromium is missing at ${CHROMIUM}: installing Debian's package for the browser tests`)
  return steps.every(([command, args]) => (asRoot ? run(command, args) : run('sudo', ['-n', command, ...args])))
}

const optOut = process.env.TMS_BROWSER_INSTALL === 'off'
if (!existsSync(CHROMIUM) && !optOut && process.platform === 'linux' && existsSync('/usr/bin/apt-get')) {
  if (!install() || !existsSync(CHROMIUM)) {
    console.warn(`chromium could not be installed at ${CHROMIUM} (run: sudo apt-get install -y chromium); the browser tests will be skipped`)
  }
}
