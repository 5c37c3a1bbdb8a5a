/**
 * Every page of every role, on the demo portfolio: it renders its heading and data, shows no
 * error, and axe-core finds zero violations (WCAG 2.0/2.1 A and AA, plus AAA contrast).
 * Screenshots of the dashboard and the tenant portal are saved under test-results/.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { gzipSync } from 'node:zlib'
import type { Page } from 'playwright-core'
import type { Role } from '../../web/src/nav.js'
import { ARTIFACTS, axe, describeViolations, settled, signIn, skipBrowser, startBrowserApp, type BrowserApp } from './harness.js'

interface Visit {
  path: string
  heading: string | RegExp
}

// Demo rows of several shapes, read field by field.
type Rows = { data: Record<string, any>[] } // eslint-disable-line @typescript-eslint/no-explicit-any

async function apiAs(b: BrowserApp, role: Role, path: string): Promise<Rows> {
  const login = b.demo.logins[role]
  const auth = await fetch(`${b.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: login.email, password: login.password }) })
  const { accessToken } = (await auth.json()) as { accessToken: string }
  const res = await fetch(`${b.baseUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${accessToken}` } })
  assert.equal(res.status, 200, `${path}: ${res.status}`)
  return (await res.json()) as Rows
}

/** Visits a page, waits for its data, checks for problems and runs axe. */
async function check(page: Page, role: string, visit: Visit): Promise<void> {
  await page.goto(visit.path)
  await page.getByRole('heading', { level: 1, name: visit.heading }).waitFor()
  await settled(page)
  const problems = await page.locator('.notice-error').allInnerTexts()
  assert.deepEqual(problems, [], `${role} ${visit.path} shows an error`)
  const violations = await axe(page)
  assert.deepEqual(violations, [], describeViolations(`${role} ${visit.path}`, violations))
}

describe('every page in chromium passes axe with zero violations', { skip: skipBrowser }, () => {
  let b: BrowserApp
  const visits: Record<Role, Visit[]> = { admin: [], property_manager: [], owner: [], tenant: [], technician: [] }

  before(async () => {
    b = await startBrowserApp()
    const property = (await apiAs(b, 'property_manager', '/properties?pageSize=1')).data[0]!
    const tenant = (await apiAs(b, 'property_manager', '/tenants?pageSize=1&status=active')).data[0]!
    const lease = (await apiAs(b, 'property_manager', '/leases?pageSize=1&status=active')).data[0]!
    const unit = (await apiAs(b, 'property_manager', '/units?pageSize=1')).data[0]!
    const request = (await apiAs(b, 'property_manager', '/maintenance?pageSize=1')).data[0]!
    const ownRequest = (await apiAs(b, 'tenant', '/maintenance?pageSize=1')).data[0]
    const ownerRequest = (await apiAs(b, 'owner', '/maintenance?pageSize=1')).data[0]
    const workOrder = (await apiAs(b, 'technician', '/work-orders?pageSize=1')).data[0]
    const staff: Visit[] = [
      { path: '/dashboard', heading: 'Dashboard' },
      { path: '/properties', heading: 'Properties' },
      { path: '/properties?status=active&type=apartment&minUnits=1&search=a', heading: 'Properties' },
      { path: `/properties/${property.id}`, heading: property.name },
      { path: '/properties/new', heading: 'New property' },
      { path: `/properties/${property.id}/edit`, heading: 'Edit property' },
      { path: '/units', heading: 'Units' },
      { path: '/units/new', heading: 'New unit' },
      { path: `/units/${unit.id}/edit`, heading: 'Edit unit' },
      { path: '/tenants', heading: 'Tenants' },
      { path: '/tenants?status=active&hasMaintenanceIssues=true', heading: 'Tenants' },
      { path: `/tenants/${tenant.id}`, heading: `${tenant.firstName} ${tenant.lastName}` },
      { path: '/tenants/new', heading: 'New tenant' },
      { path: `/tenants/${tenant.id}/edit`, heading: 'Edit tenant' },
      { path: '/leases', heading: 'Leases' },
      { path: `/leases/${lease.id}`, heading: /^Lease/ },
      { path: '/leases/new', heading: 'New lease' },
      { path: `/leases/new?unitId=${unit.id}&tenantId=${tenant.id}`, heading: 'New lease' },
      { path: `/leases/${lease.id}/edit`, heading: 'Edit lease' },
      { path: '/maintenance', heading: 'Maintenance' },
      { path: '/maintenance/board', heading: 'Maintenance board' },
      { path: `/maintenance/${request.id}`, heading: request.title },
      { path: '/payments', heading: 'Payments' },
      { path: '/payments/new', heading: 'Record a payment' },
      { path: `/payments/new?tenantId=${tenant.id}`, heading: 'Record a payment' },
    ]
    visits.admin = staff
    visits.property_manager = staff
    visits.tenant = [
      { path: '/portal', heading: /^Welcome/ },
      { path: '/portal/pay', heading: 'Make a payment' },
      { path: '/portal/requests', heading: 'Maintenance' },
      { path: '/portal/requests/new', heading: 'Report a problem' },
      ...(ownRequest ? [{ path: `/portal/requests/${ownRequest.id}`, heading: ownRequest.title }] : []),
      { path: '/portal/documents', heading: 'Documents' },
    ]
    visits.owner = [
      { path: '/owner', heading: 'My properties' },
      { path: '/owner/statements', heading: 'Statements' },
      ...(ownerRequest ? [{ path: `/maintenance/${ownerRequest.id}`, heading: ownerRequest.title }] : []),
    ]
    visits.technician = [{ path: '/work', heading: 'Work orders' }, ...(workOrder ? [{ path: `/work/${workOrder.id}`, heading: workOrder.request.title }] : [])]
  })
  after(() => b?.close())

  for (const role of ['property_manager', 'admin', 'tenant', 'owner', 'technician'] as const) {
    test(`${role}: every page renders its data and has zero axe violations`, async () => {
      const ctx = await b.context()
      const page = await ctx.newPage()
      const login = b.demo.logins[role]
      await signIn(page, login.email, login.password)
      assert.ok(visits[role].length > 0)
      for (const visit of visits[role]) await check(page, role, visit)
      await ctx.close()
    })
  }

  test('the first view loads under 200 KB of JavaScript (gzip) and the dashboard does not shift when data arrives', async () => {
    const ctx = await b.context()
    const page = await ctx.newPage()
    const scripts = new Map<string, number>()
    page.on('response', (res) => {
      if (res.request().resourceType() === 'script') void res.body().then((body) => scripts.set(res.url(), gzipSync(body).length))
    })
    await page.goto('/sign-in')
    await settled(page)
    const signInBytes = [...scripts.values()].reduce((a, b) => a + b, 0)
    await page.evaluate(() => {
      const w = window as unknown as { __shift: number }
      w.__shift = 0
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) if (!e.hadRecentInput) w.__shift += e.value
      }).observe({ type: 'layout-shift', buffered: false })
    })
    const login = b.demo.logins.property_manager
    await page.getByLabel('E-mail').fill(login.email)
    await page.getByLabel('Password').fill(login.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor()
    await settled(page)
    const dashboardBytes = [...scripts.values()].reduce((a, b) => a + b, 0)
    const shift = await page.evaluate(() => (window as unknown as { __shift: number }).__shift)
    console.log(`first view JavaScript (gzip): sign-in ${signInBytes} bytes, sign-in + dashboard ${dashboardBytes} bytes; dashboard layout shift ${shift.toFixed(4)}`)
    assert.ok(signInBytes > 0 && dashboardBytes < 200 * 1024, `dashboard first view loads ${dashboardBytes} bytes of gzipped JavaScript`)
    assert.ok(shift < 0.1, `cumulative layout shift ${shift}`)
    await page.screenshot({ path: `${ARTIFACTS}dashboard.png`, fullPage: true })
    await ctx.close()
  })

  test('screenshots of the tenant portal are saved as test artifacts', async () => {
    const ctx = await b.context()
    const page = await ctx.newPage()
    const login = b.demo.logins.tenant
    await signIn(page, login.email, login.password)
    await settled(page)
    await page.screenshot({ path: `${ARTIFACTS}tenant-portal.png`, fullPage: true })
    await page.goto('/portal/pay')
    await settled(page)
    await page.screenshot({ path: `${ARTIFACTS}tenant-pay.png`, fullPage: true })
    await ctx.close()
  })

  test('every action is reachable from the keyboard with a visible focus indicator', async () => {
    const ctx = await b.context()
    const page = await ctx.newPage()
    const login = b.demo.logins.property_manager
    await signIn(page, login.email, login.password)
    await page.goto('/tenants')
    await settled(page)
    // The skip link comes first and moves focus to the main content.
    await page.keyboard.press('Tab')
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content')
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)
    assert.notEqual(outline, 'none')
    await page.keyboard.press('Enter')
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main')
    // Tabbing onward reaches the search field; typing filters the list after a pause (debounced), and the URL keeps it.
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab')
      if (await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type === 'search')) break
    }
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLInputElement).type), 'search')
    await page.keyboard.type('zzzz-nobody')
    await page.waitForURL(/search=zzzz-nobody/)
    await page.getByText('Nothing matches these filters.').waitFor()
    await ctx.close()
  })
})
