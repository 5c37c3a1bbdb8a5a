/**
 * Browser tests: the real app (buildApp + listen on a free port) over a fresh PGlite database with
 * the demo portfolio, driven by Debian's chromium through playwright-core, with axe-core on hand.
 * Build the web app first (`npm test` does: pretest runs scripts/build-web-if-stale.mjs).
 */
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import type { Database } from '../../src/db/index.js'
import type { App } from '../../src/lib/http.js'
import { ORGANIZATION } from '../../src/modules/demo/demo.data.js'
import { generateDemo, type DemoLogin } from '../../src/modules/demo/demo.js'
import { DEFAULT_WEB_ROOT } from '../../src/modules/web/web.routes.js'
import { targets } from '../support/db.js'
import { factories, TEST_PASSWORD, type Factories } from '../support/factories.js'

export const CHROMIUM = '/usr/bin/chromium'
/** Why browser tests cannot run here, or false when they can. */
export const skipBrowser: string | false = existsSync(CHROMIUM)
  ? existsSync(`${DEFAULT_WEB_ROOT}index.html`)
    ? false
    : 'the web app is not built (run npm run build:web; npm test builds it first)'
  : `Debian's chromium is not installed at ${CHROMIUM} (apt-get install -y chromium); browser tests skipped`

export const ARTIFACTS = fileURLToPath(new URL('../../test-results/', import.meta.url))

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

export interface BrowserApp {
  app: App
  database: Database
  f: Factories
  baseUrl: string
  browser: Browser
  demo: { orgId: string; logins: Record<DemoLogin['role'], DemoLogin> }
  /** A fresh, isolated browser profile (its own storage); `options` override the defaults (a time zone, say). */
  context(options?: BrowserContextOptions): Promise<BrowserContext>
  close(): Promise<void>
}

export async function startBrowserApp(): Promise<BrowserApp> {
  const database = await targets[0]!.open()
  const generated = await generateDemo(database.db)
  const logins = Object.fromEntries(generated.logins.map((l) => [l.role, l])) as BrowserApp['demo']['logins']
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', TMS_DEMO: 'off', JWT_SECRET: 'browser-secret-browser-secret-0123456789' })
  const app = await buildApp({ config, db: database.db })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  if (!address || typeof address === 'string') throw new Error('the app did not listen on a TCP port')
  const baseUrl = `http://127.0.0.1:${address.port}`
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  mkdirSync(ARTIFACTS, { recursive: true })
  return {
    app,
    database,
    f: factories(database.db),
    baseUrl,
    browser,
    demo: { orgId: generated.orgId, logins },
    // bypassCSP: the page's CSP forbids inline scripts, and axe is injected as one. The browser sits in
    // the demo organization's zone, as its staff and tenants do, so "today" is the same day on both sides.
    context: (options = {}) =>
      browser.newContext({ baseURL: baseUrl, bypassCSP: true, viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce', timezoneId: ORGANIZATION.timeZone, ...options }),
    async close() {
      await browser.close()
      await app.close()
      await database.close()
    },
  }
}

/** Signs in through the form and waits for the role's home page. */
export async function signIn(page: Page, email: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto('/sign-in')
  await page.getByLabel('E-mail').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('navigation', { name: 'Main' }).waitFor()
}

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string[]; failureSummary?: string }[]
}

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

/** Runs axe-core with the WCAG 2.0/2.1 A and AA tags plus the AAA contrast rule; the violations. */
export async function axe(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource })
  return page.evaluate(async (tags) => {
    const run = (window as unknown as { axe: { run: (ctx: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe.run
    const result = await run(document, { runOnly: { type: 'tag', values: tags }, rules: { 'color-contrast-enhanced': { enabled: true } }, resultTypes: ['violations'] })
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }))
  }, AXE_TAGS)
}

/** A readable report of violations for an assertion message. */
export const describeViolations = (where: string, violations: AxeViolation[]): string =>
  `${where}: ${violations.length} axe violation(s)\n` +
  violations.map((v) => `  ${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join('\n')}`).join('\n')

/**
 * Waits until the app has rendered the address in the address bar (a navigation renders in a
 * transition after the URL changes) and nothing on the page says it is loading (skeletons, busy
 * regions).
 */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.documentElement.dataset.location === location.pathname + location.search)
  await page.waitForLoadState('networkidle')
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], .skeleton, .loading'))
}

/** Fails with a readable report when axe finds any violation on the page. */
export async function noViolations(page: Page, where: string): Promise<void> {
  const violations = await axe(page)
  assert.deepEqual(violations, [], describeViolations(where, violations))
}

/** A page in a new browser context, signed in with the demo login of `role`. */
export async function pageAs(b: BrowserApp, role: DemoLogin['role']): Promise<Page> {
  const page = await (await b.context()).newPage()
  await signIn(page, b.demo.logins[role].email, b.demo.logins[role].password)
  return page
}
