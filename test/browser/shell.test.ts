/** Sign-in, sign-out, session expiry, each role's navigation, and the static serving of the app. */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { NAV, type Role } from '../../web/src/nav.js'
import { axe, describeViolations, settled, signIn, skipBrowser, startBrowserApp, type BrowserApp } from './harness.js'

describe('web app shell in chromium', { skip: skipBrowser }, () => {
  let b: BrowserApp
  before(async () => {
    b = await startBrowserApp()
  })
  after(() => b?.close())

  test('serves index.html for app routes, immutable hashed assets, and problem+json for unknown API paths', async () => {
    const page = await fetch(`${b.baseUrl}/tenants/some/deep/link?x=1`)
    assert.equal(page.status, 200)
    assert.match(page.headers.get('content-type') ?? '', /text\/html/)
    assert.equal(page.headers.get('cache-control'), 'no-cache')
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/)
    const html = await page.text()
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1]
    assert.ok(script, 'index.html names its script')
    const asset = await fetch(`${b.baseUrl}${script}`)
    assert.equal(asset.status, 200)
    assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable')
    const missing = await fetch(`${b.baseUrl}/assets/nope-123.js`)
    assert.equal(missing.status, 404)
    const api = await fetch(`${b.baseUrl}/api/v1/no-such-thing`)
    assert.equal(api.status, 404)
    assert.match(api.headers.get('content-type') ?? '', /application\/problem\+json/)
    const unauthenticated = await fetch(`${b.baseUrl}/api/v1/auth/me`)
    assert.equal(unauthenticated.status, 401)
  })

  test('the sign-in page passes axe and refuses a wrong password with an announced error', async () => {
    const ctx = await b.context()
    const page = await ctx.newPage()
    await page.goto('/dashboard')
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor()
    assert.deepEqual(await axe(page), [], describeViolations('sign-in', await axe(page)))
    await page.getByRole('button', { name: 'Sign in' }).click()
    const alert = page.getByRole('alert').filter({ hasText: 'problem' })
    await alert.waitFor()
    assert.match(await alert.innerText(), /E-mail is required/)
    assert.equal(await page.getByLabel('E-mail').getAttribute('aria-invalid'), 'true')
    await page.getByLabel('E-mail').fill(b.demo.logins.admin.email)
    await page.getByLabel('Password').fill('not the password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByText('The e-mail or password is wrong.').waitFor()
    assert.deepEqual(await axe(page), [], describeViolations('sign-in with errors', await axe(page)))
    await ctx.close()
  })

  for (const role of ['admin', 'property_manager', 'owner', 'tenant', 'technician'] as const satisfies Role[]) {
    test(`the ${role} role sees exactly its navigation and cannot open other roles' pages`, async () => {
      const ctx = await b.context()
      const page = await ctx.newPage()
      const login = b.demo.logins[role]
      await signIn(page, login.email, login.password)
      const links = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allInnerTexts()
      assert.deepEqual(links, NAV[role].map((n) => n.label))
      assert.equal(new URL(page.url()).pathname, NAV[role][0]!.to)
      const foreign = ['/dashboard', '/tenants', '/portal', '/owner', '/work'].filter((path) => !NAV[role].some((n) => n.to === path))
      for (const path of foreign) {
        await page.goto(path)
        await page.getByRole('heading', { name: 'Page not found', level: 1 }).waitFor()
      }
      await settled(page)
      assert.deepEqual(await axe(page), [], describeViolations(`${role} not-found page`, await axe(page)))
      await ctx.close()
    })
  }

  test('signing out returns to sign-in with a message, and the app stays closed afterwards', async () => {
    const ctx = await b.context()
    const page = await ctx.newPage()
    await signIn(page, b.demo.logins.admin.email, b.demo.logins.admin.password)
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByTestId('session-message').getByText('You have signed out.').waitFor()
    await page.goto('/dashboard')
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor()
    assert.equal(await page.evaluate(() => localStorage.getItem('tms.session')), null)
    await ctx.close()
  })

  test('an ended session sends the user back to sign-in with an expiry message, then back to the same page', async () => {
    const ctx = await b.context()
    const page = await ctx.newPage()
    await signIn(page, b.demo.logins.property_manager.email, b.demo.logins.property_manager.password)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tenants' }).click()
    await page.getByRole('heading', { name: 'Tenants', level: 1 }).waitFor()
    // The server ends every session of this account (as expiry or revocation elsewhere would);
    // the open socket or the next API call finds out, whichever comes first.
    const user = await b.database.db.selectFrom('users').select('id').where('email', '=', b.demo.logins.property_manager.email).executeTakeFirstOrThrow()
    await b.database.db.updateTable('sessions').set({ revoked_at: new Date() }).where('user_id', '=', user.id).execute()
    await page.getByRole('button', { name: 'Next page' }).click({ timeout: 2000 }).catch(() => undefined)
    await page.getByTestId('session-message').getByText('Your session has expired. Please sign in again.').waitFor()
    assert.equal(new URL(page.url()).pathname, '/sign-in')
    assert.deepEqual(await axe(page), [], describeViolations('sign-in after expiry', await axe(page)))
    await page.getByLabel('E-mail').fill(b.demo.logins.property_manager.email)
    await page.getByLabel('Password').fill(b.demo.logins.property_manager.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'Tenants', level: 1 }).waitFor()
    assert.equal(new URL(page.url()).pathname, '/tenants')
    await ctx.close()
  })
})
