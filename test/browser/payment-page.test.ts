/**
 * The page of one payment in chromium: opened from the payments list, from the tenant's ledger and from a
 * live "Payment received" toast; it shows the payment's lease, property and allocations, and marks a pending
 * payment received after asking. A tenant's token never reaches another tenant's payment (404). Axe throughout.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { noViolations, pageAs, settled, skipBrowser, startBrowserApp, type BrowserApp } from './harness.js'

describe('the payment page in chromium', { skip: skipBrowser }, () => {
  let b: BrowserApp
  let today: string
  let place: { leaseId: string; tenantId: string; unitNumber: string; propertyId: string; propertyName: string }

  async function tokenOf(role: keyof BrowserApp['demo']['logins']): Promise<string> {
    const login = b.demo.logins[role]
    const res = await fetch(`${b.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: login.email, password: login.password }) })
    return ((await res.json()) as { accessToken: string }).accessToken
  }

  async function call<T>(role: keyof BrowserApp['demo']['logins'], method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${b.baseUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${await tokenOf(role)}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${await res.clone().text()}`)
    return (await res.json()) as T
  }

  before(async () => {
    b = await startBrowserApp()
    today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date())
    // An active lease on a property of the demo manager's, whose tenant is not the demo tenant.
    const managerId = (await b.database.db.selectFrom('users').select('id').where('email', '=', b.demo.logins.property_manager.email).executeTakeFirstOrThrow()).id
    const demoTenantId = (await b.database.db.selectFrom('users').select('tenant_id').where('email', '=', b.demo.logins.tenant.email).executeTakeFirstOrThrow()).tenant_id
    const row = await b.database.db
      .selectFrom('leases as l')
      .innerJoin('lease_tenants as lt', (j) => j.onRef('lt.org_id', '=', 'l.org_id').onRef('lt.lease_id', '=', 'l.id'))
      .innerJoin('units as u', (j) => j.onRef('u.org_id', '=', 'l.org_id').onRef('u.id', '=', 'l.unit_id'))
      .innerJoin('properties as p', (j) => j.onRef('p.org_id', '=', 'u.org_id').onRef('p.id', '=', 'u.property_id'))
      .innerJoin('property_managers as pm', (j) => j.onRef('pm.org_id', '=', 'p.org_id').onRef('pm.property_id', '=', 'p.id'))
      .select(['l.id as leaseId', 'lt.tenant_id as tenantId', 'u.unit_number as unitNumber', 'p.id as propertyId', 'p.name as propertyName'])
      .where('pm.user_id', '=', managerId)
      .where('l.status', '=', 'active')
      .where('lt.is_primary', '=', true)
      .where('lt.tenant_id', '!=', demoTenantId!)
      .orderBy('l.id')
      .executeTakeFirstOrThrow()
    place = row
  })
  after(() => b?.close())

  const as = (role: keyof BrowserApp['demo']['logins']) => pageAs(b, role)

  test('a manager opens a pending payment from the list, sees its lease and property, and marks it received after confirming', async () => {
    // A charge of its own, so the payment has something to be applied to.
    const charge = await b.f.charge(b.demo.orgId, place.leaseId, { kind: 'utility', amount_cents: 4_321, due_date: today, description: 'Water, page test' })
    const payment = await call<{ id: string }>('property_manager', 'POST', '/payments', { tenantId: place.tenantId, leaseId: place.leaseId, amountCents: 4_321, method: 'check', paidOn: today, reference: 'PAGE-ONE', status: 'pending' })
    const page = await as('property_manager')
    await page.goto('/payments?search=PAGE-ONE')
    await settled(page)
    await page.getByRole('link', { name: /^\$43\.21 from / }).click()
    await page.waitForURL(`**/payments/${payment.id}`)
    await page.getByRole('heading', { level: 1, name: /^Payment of \$43\.21 from / }).waitFor()
    await settled(page)
    assert.equal(await page.getByTestId('payment-status').innerText(), 'Pending')
    assert.equal(await page.getByRole('link', { name: place.propertyName }).getAttribute('href'), `/properties/${place.propertyId}`)
    assert.equal(await page.getByRole('link', { name: new RegExp(`^Unit ${place.unitNumber},`) }).getAttribute('href'), `/leases/${place.leaseId}`)
    assert.match(await page.getByTestId('payment-allocations').innerText(), /Nothing yet/)
    assert.equal(await page.getByRole('button', { name: 'Delete payment' }).count(), 0, 'only an admin deletes a payment')
    await noViolations(page, 'a pending payment')

    const received = page.getByRole('button', { name: 'Mark received' })
    await received.click()
    const dialog = page.getByRole('dialog', { name: 'Mark received?' })
    await dialog.waitFor()
    assert.equal(await page.evaluate(() => !!document.activeElement?.closest('dialog[open]')), true, 'focus moves into the dialog')
    await noViolations(page, 'the payment page asking to mark it received')
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Mark received')

    await received.click()
    await dialog.getByRole('button', { name: 'Mark received' }).click()
    await page.getByTestId('payment-changed').getByText('The payment is now received.').waitFor()
    assert.equal(await page.getByTestId('payment-status').innerText(), 'Received')
    await page.getByTestId('payment-allocations').getByText('Water, page test').waitFor()
    assert.deepEqual(await page.getByRole('button', { name: /^Mark / }).allInnerTexts(), ['Mark returned', 'Mark refunded'])
    await settled(page)
    await noViolations(page, 'a received payment with its allocation')
    const [allocation] = await b.database.db.selectFrom('payment_allocations').select(['charge_id', 'amount_cents']).where('payment_id', '=', payment.id).execute()
    assert.deepEqual(allocation, { charge_id: charge.id, amount_cents: 4_321 })
    await page.context().close()
  })

  test("the tenant page's payment history and ledger link to the payment's page", async () => {
    const payment = await call<{ id: string }>('admin', 'POST', '/payments', { tenantId: place.tenantId, leaseId: place.leaseId, amountCents: 1_234, method: 'cash', paidOn: today, reference: 'PAGE-TWO', status: 'succeeded' })
    const page = await as('property_manager')
    await page.goto(`/tenants/${place.tenantId}`)
    await settled(page)
    const inHistory = page.getByTestId('tenant-payments').getByRole('link', { name: new RegExp(`^\\$12\\.34 paid on`) })
    assert.equal(await inHistory.first().getAttribute('href'), `/payments/${payment.id}`)
    const inLedger = page.locator(`section[aria-labelledby="ledger-heading"] a[href="/payments/${payment.id}"]`)
    assert.equal(await inLedger.count(), 1, 'the ledger entry of the payment links to it')
    await noViolations(page, 'tenant page with payment links')
    await inLedger.click()
    await page.getByRole('heading', { level: 1, name: /^Payment of \$12\.34 from / }).waitFor()
    await page.context().close()
  })

  test('a "Payment received" toast opens the payment for staff', async () => {
    const payment = await call<{ id: string }>('admin', 'POST', '/payments', { tenantId: place.tenantId, leaseId: place.leaseId, amountCents: 2_222, method: 'ach', paidOn: today, reference: 'PAGE-TOAST', status: 'pending' })
    const page = await as('property_manager')
    await page.getByTestId('connection-status').and(page.locator('[data-status="online"]')).waitFor()
    await settled(page)
    await call('admin', 'PATCH', `/payments/${payment.id}`, { status: 'succeeded' })
    const toast = page.getByRole('region', { name: 'Notifications' }).getByTestId('toast').filter({ hasText: 'Payment received' })
    await toast.waitFor({ timeout: 15_000 })
    const link = toast.getByRole('link', { name: 'Open the payment' })
    assert.equal(await link.getAttribute('href'), `/payments/${payment.id}`)
    await noViolations(page, 'a payment toast with its link')
    await link.click()
    await page.getByRole('heading', { level: 1, name: /^Payment of \$22\.22 from / }).waitFor()
    await page.context().close()
  })

  test("a tenant never reaches another tenant's payment: the API answers 404 and the staff page is not theirs", async () => {
    const other = await call<{ id: string }>('admin', 'POST', '/payments', { tenantId: place.tenantId, leaseId: place.leaseId, amountCents: 3_333, method: 'check', paidOn: today, reference: 'NOT-YOURS', status: 'succeeded' })
    const page = await as('tenant')
    const status = await page.evaluate(async (id) => {
      const session = JSON.parse(localStorage.getItem('tms.session') ?? '{}') as { accessToken?: string }
      return (await fetch(`/api/v1/payments/${id}?include=lease,allocations`, { headers: { authorization: `Bearer ${session.accessToken}` } })).status
    }, other.id)
    assert.equal(status, 404)
    await page.goto(`/payments/${other.id}`)
    await page.getByRole('heading', { level: 1, name: /not found/i }).waitFor()
    assert.equal(await page.getByText('NOT-YOURS').count(), 0)
    await noViolations(page, "a tenant at another tenant's payment")
    await page.context().close()
  })
})
