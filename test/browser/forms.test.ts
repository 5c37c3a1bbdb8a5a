/**
 * The unit and lease forms in chromium, as the demo manager: created and edited through the pages that
 * lead to them, checked in the database; the schema's errors shown before any request, the server's
 * (a duplicate unit number, an overlapping term) beside their fields; axe on every state; Enter submits.
 * Screenshots of the lease form and of both forms with errors are saved under test-results/.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { ARTIFACTS, noViolations, settled, signIn, skipBrowser, startBrowserApp, type BrowserApp } from './harness.js'

interface Named {
  id: string
  firstName: string
  lastName: string
}

describe('unit and lease forms in chromium', { skip: skipBrowser }, () => {
  let b: BrowserApp
  let token: string
  let property: { id: string; name: string }
  let vacant: { id: string; unitNumber: string }
  let tenants: [Named, Named]
  let leaseId: string

  /** Calls the API as the demo manager. */
  async function asManager<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const res = await fetch(`${b.baseUrl}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
      body: init.body ? JSON.stringify(init.body) : undefined,
    })
    assert.ok(res.ok, `${path}: ${res.status} ${await res.clone().text()}`)
    return (await res.json()) as T
  }

  before(async () => {
    b = await startBrowserApp()
    const login = b.demo.logins.property_manager
    const auth = await fetch(`${b.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: login.email, password: login.password }) })
    token = ((await auth.json()) as { accessToken: string }).accessToken
    property = (await asManager<{ data: { id: string; name: string }[] }>('/properties?pageSize=1')).data[0]!
    // A unit of our own, so "vacant" does not depend on the demo's dates.
    vacant = await asManager('/units', { method: 'POST', body: { propertyId: property.id, unitNumber: 'V-100', bedrooms: 2, marketRentCents: 123_400 } })
    const found = (await asManager<{ data: Named[] }>(`/tenants?pageSize=2&status=active&propertyId=${property.id}`)).data
    assert.equal(found.length, 2, 'the demo manager sees two active tenants')
    tenants = [found[0]!, found[1]!]
  })
  after(() => b?.close())

  async function manager(): Promise<Page> {
    const page = await (await b.context()).newPage()
    await signIn(page, b.demo.logins.property_manager.email, b.demo.logins.property_manager.password)
    return page
  }

  /** Waits until a field shows `value` (forms fill in after their data arrives). */
  async function showsValue(page: Page, fieldLabel: string, value: string): Promise<void> {
    const field = page.getByLabel(fieldLabel)
    for (let i = 0; i < 100 && (await field.inputValue()) !== value; i++) await page.waitForTimeout(50)
    assert.equal(await field.inputValue(), value, `${fieldLabel} shows ${value}`)
  }

  /** Counts the API writes the page sends to `path`. */
  function writesTo(page: Page, method: string, path: RegExp): { count: number } {
    const seen = { count: 0 }
    page.on('request', (r) => {
      if (r.method() === method && path.test(new URL(r.url()).pathname)) seen.count++
    })
    return seen
  }

  const leasesOfUnit = (unitId: string) => b.database.db.selectFrom('leases').select(['id', 'rent_cents', 'status', 'start_date', 'end_date', 'deposit_cents', 'due_day']).where('unit_id', '=', unitId).execute()

  test('a manager adds a unit from the property page, sees it there, and edits it', async () => {
    const page = await manager()
    await page.goto(`/properties/${property.id}`)
    await settled(page)
    await page.getByRole('link', { name: 'Add unit' }).click()
    await page.getByRole('heading', { level: 1, name: 'New unit' }).waitFor()
    await settled(page)
    await showsValue(page, 'Property', property.id)
    await noViolations(page, 'new unit')

    await page.getByLabel('Unit number').fill('Z-901')
    await page.getByLabel('Bedrooms').fill('2')
    await page.getByLabel('Bathrooms').fill('1.5')
    await page.getByLabel('Square feet').fill('850')
    await page.getByLabel('Pet policy').selectOption('cats')
    await page.getByLabel('Market rent ($)').fill('1,450.00')
    await page.getByLabel('Market rent ($)').press('Enter')
    await page.getByRole('heading', { level: 1, name: property.name }).waitFor()
    const row = page.getByRole('row').filter({ hasText: 'Z-901' })
    await row.getByText('$1,450.00').waitFor()
    const saved = await b.database.db.selectFrom('units').selectAll().where('unit_number', '=', 'Z-901').executeTakeFirstOrThrow()
    assert.equal(saved.property_id, property.id)
    assert.deepEqual([saved.bedrooms, Number(saved.bathrooms), saved.square_feet, saved.market_rent_cents, saved.pet_policy], [2, 1.5, 850, 145_000, 'cats'])

    await row.getByRole('link', { name: 'Edit unit Z-901' }).click()
    await page.getByRole('heading', { level: 1, name: 'Edit unit' }).waitFor()
    await showsValue(page, 'Unit number', 'Z-901')
    await settled(page)
    await noViolations(page, 'edit unit')
    await page.getByLabel('Bedrooms').fill('3')
    await page.getByLabel('Market rent ($)').fill('1500')
    await page.getByLabel('Bedrooms').press('Enter')
    await page.getByRole('heading', { level: 1, name: property.name }).waitFor()
    await page.getByRole('row').filter({ hasText: 'Z-901' }).getByText('$1,500.00').waitFor()
    const edited = await b.database.db.selectFrom('units').select(['bedrooms', 'market_rent_cents', 'square_feet']).where('id', '=', saved.id).executeTakeFirstOrThrow()
    assert.deepEqual(edited, { bedrooms: 3, market_rent_cents: 150_000, square_feet: 850 })
    await page.context().close()
  })

  test('the unit form shows the schema errors without a request, and the server refusing a duplicate number beside the field', async () => {
    const page = await manager()
    const posts = writesTo(page, 'POST', /^\/api\/v1\/units$/)
    await page.goto('/units')
    await settled(page)
    await page.getByRole('link', { name: 'New unit' }).click()
    await page.getByRole('heading', { level: 1, name: 'New unit' }).waitFor()
    await settled(page)
    await page.getByLabel('Bathrooms').fill('1.25')
    await page.getByLabel('Market rent ($)').fill('12,34')
    await page.getByRole('button', { name: 'Create unit' }).click()
    const summary = page.getByRole('alert').filter({ hasText: 'problems' })
    await summary.waitFor()
    const text = await summary.innerText()
    for (const field of ['Property is required', 'Unit number is required', 'Bathrooms', 'Market rent: enter a number']) assert.ok(text.includes(field), `${field} in ${text}`)
    for (const field of ['Property', 'Unit number', 'Bathrooms', 'Market rent ($)']) assert.equal(await page.getByLabel(field).getAttribute('aria-invalid'), 'true', field)
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')), 'alert', 'the summary takes focus')
    assert.equal(posts.count, 0, 'nothing was sent')
    await noViolations(page, 'new unit with errors')
    await page.screenshot({ path: `${ARTIFACTS}unit-form-errors.png`, fullPage: true })

    await page.getByLabel('Property').selectOption(property.id)
    await page.getByLabel('Unit number').fill('V-100')
    await page.getByLabel('Bathrooms').fill('1')
    await page.getByLabel('Market rent ($)').fill('')
    await page.getByLabel('Unit number').press('Enter')
    await page.getByRole('alert').getByText('Unit number: the property already has a unit with this number').waitFor()
    assert.equal(await page.getByLabel('Unit number').getAttribute('aria-invalid'), 'true')
    assert.equal(await page.getByLabel('Property').getAttribute('aria-invalid'), 'false')
    assert.equal(posts.count, 1)
    const units = await b.database.db.selectFrom('units').select('id').where('property_id', '=', property.id).where('unit_number', '=', 'V-100').execute()
    assert.equal(units.length, 1, 'no second V-100')
    await noViolations(page, 'new unit with a server error')
    await page.context().close()
  })

  test('a manager starts a lease on a vacant unit for two demo tenants; it shows on the lease page and in the database', async () => {
    const page = await manager()
    const posts = writesTo(page, 'POST', /^\/api\/v1\/leases$/)
    await page.goto(`/properties/${property.id}`)
    await settled(page)
    await page.getByRole('link', { name: `Start a lease on unit ${vacant.unitNumber}` }).click()
    await page.getByRole('heading', { level: 1, name: 'New lease' }).waitFor()
    await showsValue(page, 'Unit', vacant.id)
    await showsValue(page, 'Property', property.id)
    await showsValue(page, 'Monthly rent ($)', '1234.00')
    await settled(page)
    await noViolations(page, 'new lease')

    // Without tenants, with the end before the start and no rent: the schema says so, and nothing is sent.
    await page.getByLabel('Start date').fill('2031-01-01')
    await page.getByLabel('End date').fill('2030-12-31')
    await page.getByLabel('Monthly rent ($)').fill('')
    await page.getByRole('button', { name: 'Create lease' }).click()
    const summary = page.getByRole('alert').filter({ hasText: 'problems' })
    await summary.waitFor()
    const text = await summary.innerText()
    for (const part of ['Tenants: give at least one tenant', 'End date must be on or after the start date', 'Monthly rent is required']) assert.ok(text.includes(part), `${part} in ${text}`)
    assert.equal(await page.getByLabel('End date').getAttribute('aria-invalid'), 'true')
    assert.equal(await page.getByLabel('Monthly rent ($)').getAttribute('aria-invalid'), 'true')
    assert.equal(await page.getByLabel('Find a tenant').getAttribute('aria-invalid'), 'true')
    assert.equal(posts.count, 0, 'nothing was sent')
    await noViolations(page, 'new lease with errors')

    // Tenants are found by typing and added from the list; the second is then made primary.
    const [first, second] = tenants
    const search = page.getByLabel('Find a tenant')
    await search.fill(first.lastName)
    await page.getByRole('button', { name: `Add ${first.firstName} ${first.lastName}` }).click()
    await page.getByRole('radio', { name: `${first.firstName} ${first.lastName}` }).waitFor()
    assert.equal(await search.evaluate((el) => el === document.activeElement), true, 'focus returns to the search field')
    await search.fill(second.lastName)
    await page.getByRole('button', { name: `Add ${second.firstName} ${second.lastName}` }).click()
    await page.getByRole('radio', { name: `${second.firstName} ${second.lastName}` }).check()
    await settled(page)
    await noViolations(page, 'new lease with tenants chosen')
    await page.screenshot({ path: `${ARTIFACTS}lease-form.png`, fullPage: true })

    await page.getByLabel('End date').fill('2031-12-31')
    await page.getByLabel('Deposit ($)').fill('1,000')
    await page.getByLabel('Rent due on day').fill('3')
    await page.getByLabel('Kind of late fee').selectOption('flat')
    await page.getByLabel('Late fee amount ($)').fill('50')
    await page.getByLabel('Monthly rent ($)').fill('1,234.00')
    await page.getByLabel('Monthly rent ($)').press('Enter')
    await page.getByRole('heading', { level: 1, name: `Lease: ${property.name} unit ${vacant.unitNumber}` }).waitFor()
    await page.getByText('$1,234.00, due day 3, 5 grace days').waitFor()
    await page.getByText(`${second.firstName} ${second.lastName}`).waitFor()
    assert.equal(posts.count, 1)

    const leases = await leasesOfUnit(vacant.id)
    assert.equal(leases.length, 1)
    const lease = leases[0]!
    leaseId = lease.id
    assert.equal(page.url(), `${b.baseUrl}/leases/${leaseId}`)
    assert.deepEqual([lease.rent_cents, lease.deposit_cents, lease.due_day, lease.status, lease.start_date, lease.end_date], [123_400, 100_000, 3, 'active', '2031-01-01', '2031-12-31'])
    const people = await b.database.db.selectFrom('lease_tenants').select(['tenant_id', 'is_primary']).where('lease_id', '=', leaseId).orderBy('is_primary', 'desc').execute()
    assert.deepEqual(people, [
      { tenant_id: second.id, is_primary: true },
      { tenant_id: first.id, is_primary: false },
    ])
    const fee = await b.database.db.selectFrom('leases').select(['late_fee_kind', 'late_fee_flat_cents']).where('id', '=', leaseId).executeTakeFirstOrThrow()
    assert.deepEqual(fee, { late_fee_kind: 'flat', late_fee_flat_cents: 5000 })
    await page.context().close()
  })

  test('an overlapping lease is refused with the problem announced on its dates, and nothing is written', async () => {
    const page = await manager()
    const posts = writesTo(page, 'POST', /^\/api\/v1\/leases$/)
    await page.goto(`/leases/new?unitId=${vacant.id}&tenantId=${tenants[0].id}`)
    await page.getByRole('heading', { level: 1, name: 'New lease' }).waitFor()
    await page.getByRole('radio', { name: `${tenants[0].firstName} ${tenants[0].lastName}` }).waitFor()
    await showsValue(page, 'Unit', vacant.id)
    await page.getByLabel('Start date').fill('2031-06-01')
    await page.getByLabel('End date').fill('2032-05-31')
    await page.getByLabel('Start date').press('Enter')
    const summary = page.getByRole('alert').filter({ hasText: 'overlaps' })
    await summary.waitFor()
    assert.match(await summary.innerText(), /Start date: this term overlaps the active lease of Jan 1, 2031 – Dec 31, 2031 on this unit; choose dates outside it, or save this lease as a draft/)
    assert.equal(await page.getByLabel('Start date').getAttribute('aria-invalid'), 'true')
    assert.equal(await page.getByLabel('End date').getAttribute('aria-invalid'), 'true')
    assert.equal(await page.getByLabel('Monthly rent ($)').getAttribute('aria-invalid'), 'false')
    assert.equal(posts.count, 1)
    assert.equal((await leasesOfUnit(vacant.id)).length, 1, 'no second lease')
    assert.equal(page.url(), `${b.baseUrl}/leases/new?unitId=${vacant.id}&tenantId=${tenants[0].id}`, 'the form stays, with what was typed')
    await noViolations(page, 'new lease refused for overlapping')
    await page.screenshot({ path: `${ARTIFACTS}lease-form-overlap.png`, fullPage: true })
    await page.context().close()
  })

  test("a manager edits a lease's rent from the lease page", async () => {
    const page = await manager()
    await page.goto(`/leases/${leaseId}`)
    await page.getByRole('link', { name: 'Edit lease' }).click()
    await page.getByRole('heading', { level: 1, name: 'Edit lease' }).waitFor()
    await showsValue(page, 'Monthly rent ($)', '1234.00')
    await showsValue(page, 'Late fee amount ($)', '50.00')
    await settled(page)
    await page.getByText(`${tenants[1].firstName} ${tenants[1].lastName} (primary)`).waitFor()
    await noViolations(page, 'edit lease')
    assert.deepEqual(await page.getByLabel('Status').locator('option').allInnerTexts(), ['Active', 'Ended', 'Terminated'])

    await page.getByLabel('Monthly rent ($)').fill('')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await page.getByRole('alert').getByText('Monthly rent is required').waitFor()
    await noViolations(page, 'edit lease with errors')

    await page.getByLabel('Monthly rent ($)').fill('1,300.50')
    await page.getByLabel('Monthly rent ($)').press('Enter')
    await page.getByRole('heading', { level: 1, name: /^Lease:/ }).waitFor()
    await page.getByText('$1,300.50, due day 3, 5 grace days').waitFor()
    const [lease] = await leasesOfUnit(vacant.id)
    assert.deepEqual([lease!.rent_cents, lease!.deposit_cents, lease!.start_date, lease!.end_date, lease!.status], [130_050, 100_000, '2031-01-01', '2031-12-31', 'active'])
    const fee = await b.database.db.selectFrom('leases').select(['late_fee_kind', 'late_fee_flat_cents']).where('id', '=', leaseId).executeTakeFirstOrThrow()
    assert.deepEqual(fee, { late_fee_kind: 'flat', late_fee_flat_cents: 5000 }, 'the late fee is kept')
    await page.context().close()
  })

  test('the lease form is reached from the leases list and from a tenant, who is then already chosen', async () => {
    const page = await manager()
    await page.goto('/leases')
    await settled(page)
    await page.getByRole('link', { name: 'New lease' }).click()
    await page.getByRole('heading', { level: 1, name: 'New lease' }).waitFor()
    assert.equal(await page.getByLabel('Unit').inputValue(), '')
    const [first] = tenants
    await page.goto(`/tenants/${first.id}`)
    await settled(page)
    await page.getByRole('link', { name: 'New lease' }).click()
    await page.getByRole('heading', { level: 1, name: 'New lease' }).waitFor()
    const radio = page.getByRole('radio', { name: `${first.firstName} ${first.lastName}` })
    await radio.waitFor()
    assert.equal(await radio.isChecked(), true, 'the tenant is the primary tenant')
    await settled(page)
    await noViolations(page, 'new lease for a tenant')
    await page.context().close()
  })

  test('the tenant role cannot open the unit and lease forms', async () => {
    const page = await (await b.context()).newPage()
    await signIn(page, b.demo.logins.tenant.email, b.demo.logins.tenant.password)
    for (const path of ['/units/new', `/units/${vacant.id}/edit`, '/leases/new', `/leases/new?unitId=${vacant.id}`, `/leases/${leaseId}/edit`]) {
      await page.goto(path)
      await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor()
      assert.equal(await page.getByRole('button', { name: /Create|Save/ }).count(), 0, path)
    }
    await page.context().close()
  })
})
