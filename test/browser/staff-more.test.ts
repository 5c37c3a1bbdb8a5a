/**
 * More staff and technician pages in chromium over the demo portfolio: a manager opens a maintenance request
 * (from the list and from a unit on the property page), sets a property's owner, a technician's job list and
 * picker, the wording of payments and plurals, occupancy of units, and the demo tenant's lease document.
 * Every page state is checked with axe.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { noViolations, pageAs, settled, skipBrowser, startBrowserApp, type BrowserApp } from './harness.js'

describe('more staff pages in chromium', { skip: skipBrowser }, () => {
  let b: BrowserApp
  let token: string

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
  })
  after(() => b?.close())

  const as = (role: keyof BrowserApp['demo']['logins']) => pageAs(b, role)

  /** Waits until a field shows `value` (forms fill in after their data arrives). */
  async function showsValue(page: Page, fieldLabel: string, value: string, exact = false): Promise<void> {
    const field = page.getByLabel(fieldLabel, { exact })
    for (let i = 0; i < 100 && (await field.inputValue()) !== value; i++) await page.waitForTimeout(50)
    assert.equal(await field.inputValue(), value, `${fieldLabel} shows ${value}`)
  }

  test('a manager opens a maintenance request from the list: schema errors first, then it is saved', async () => {
    const page = await as('property_manager')
    const property = (await asManager<{ data: { id: string; name: string }[] }>('/properties?pageSize=1')).data[0]!
    let posts = 0
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/maintenance') posts++
    })
    await page.goto('/maintenance')
    await settled(page)
    await page.getByRole('link', { name: 'New request' }).click()
    await page.getByRole('heading', { level: 1, name: 'New maintenance request' }).waitFor()
    await settled(page)
    await noViolations(page, 'new request')

    await page.getByRole('button', { name: 'Create request' }).click()
    const summary = page.getByRole('alert').filter({ hasText: 'problems' })
    await summary.waitFor()
    const text = await summary.innerText()
    for (const part of ['Property is required', 'Title is required']) assert.ok(text.includes(part), `${part} in ${text}`)
    assert.equal(await page.getByLabel('Property').getAttribute('aria-invalid'), 'true')
    assert.equal(posts, 0, 'nothing was sent')
    await noViolations(page, 'new request with errors')

    await page.getByLabel('Property').selectOption(property.id)
    const tenants = (await asManager<{ data: { id: string }[] }>(`/tenants?propertyId=${property.id}&pageSize=1`)).data
    await page.locator(`select[name="tenantId"] option[value="${tenants[0]!.id}"]`).waitFor({ state: 'attached' })
    await page.getByLabel('Reported by tenant').selectOption(tenants[0]!.id)
    await page.getByLabel('Title').fill('Hallway light flickers')
    await page.getByLabel('Description').fill('The light outside the elevator flickers all evening.')
    await page.getByLabel('Category').selectOption('electrical')
    await page.getByLabel('Priority').selectOption('high')
    await page.getByRole('button', { name: 'Create request' }).click()
    await page.getByRole('heading', { level: 1, name: 'Hallway light flickers' }).waitFor()
    const saved = await b.database.db.selectFrom('maintenance_requests').selectAll().where('title', '=', 'Hallway light flickers').executeTakeFirstOrThrow()
    assert.deepEqual(
      [saved.property_id, saved.unit_id, saved.tenant_id, saved.category, saved.priority, saved.description],
      [property.id, null, tenants[0]!.id, 'electrical', 'high', 'The light outside the elevator flickers all evening.'],
    )
    await page.context().close()
  })

  test('from a unit on the property page the request is prefilled; a server refusal shows beside its field', async () => {
    const page = await as('property_manager')
    const [property, other] = (await asManager<{ data: { id: string; name: string }[] }>('/properties?pageSize=2')).data
    const unit = (await asManager<{ data: { id: string; unitNumber: string }[] }>(`/properties/${property!.id}/units?pageSize=1`)).data[0]!
    const foreign = (await asManager<{ data: { id: string }[] }>(`/properties/${other!.id}/units?pageSize=1`)).data[0]!
    await page.goto(`/properties/${property!.id}`)
    await settled(page)
    await page.getByRole('link', { name: `New request for unit ${unit.unitNumber}`, exact: true }).click()
    await page.getByRole('heading', { level: 1, name: 'New maintenance request' }).waitFor()
    await showsValue(page, 'Property', property!.id)
    await showsValue(page, 'Unit', unit.id, true)
    await settled(page)
    await noViolations(page, 'new request for a unit')

    // The server is the last word on the unit: one of another property is refused by field.
    await page.route('**/api/v1/maintenance', async (route) => {
      const body = route.request().postDataJSON() as Record<string, unknown>
      await route.continue({ postData: JSON.stringify({ ...body, unitId: foreign.id }) })
    })
    await page.getByLabel('Title').fill('Door sticks')
    await page.getByRole('button', { name: 'Create request' }).click()
    await page.getByRole('alert').getByText('Unit is not a unit of the property').waitFor()
    assert.equal(await page.getByLabel('Unit', { exact: true }).getAttribute('aria-invalid'), 'true')
    await noViolations(page, 'new request with a server error')
    await page.unroute('**/api/v1/maintenance')

    await page.getByRole('button', { name: 'Create request' }).click()
    await page.getByRole('heading', { level: 1, name: 'Door sticks' }).waitFor()
    const saved = await b.database.db.selectFrom('maintenance_requests').select(['property_id', 'unit_id']).where('title', '=', 'Door sticks').executeTakeFirstOrThrow()
    assert.deepEqual(saved, { property_id: property!.id, unit_id: unit.id })
    await page.context().close()
  })
  test("staff set a property's owner on the property form, and the edit form shows it", async () => {
    const page = await as('property_manager')
    const property = (await asManager<{ data: { id: string; name: string; ownerId: string | null }[] }>('/properties?pageSize=1')).data[0]!
    const owners = (await asManager<{ data: { id: string; name: string }[] }>('/owners?pageSize=100')).data
    const other = owners.find((o) => o.id !== property.ownerId)!
    await page.goto(`/properties/${property.id}/edit`)
    await page.getByRole('heading', { level: 1, name: 'Edit property' }).waitFor()
    await settled(page)
    await showsValue(page, 'Owner', property.ownerId ?? '')
    await noViolations(page, 'edit property with its owner')
    await page.getByLabel('Owner').selectOption(other.id)
    await page.getByRole('button', { name: 'Save changes' }).click()
    await page.getByRole('heading', { level: 1, name: property.name }).waitFor()
    const saved = await b.database.db.selectFrom('properties').select('owner_id').where('id', '=', property.id).executeTakeFirstOrThrow()
    assert.equal(saved.owner_id, other.id)

    await page.goto(`/properties/${property.id}/edit`)
    await showsValue(page, 'Owner', other.id)
    await page.getByLabel('Owner').selectOption('')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await page.getByRole('heading', { level: 1, name: property.name }).waitFor()
    const cleared = await b.database.db.selectFrom('properties').select('owner_id').where('id', '=', property.id).executeTakeFirstOrThrow()
    assert.equal(cleared.owner_id, null)
    await page.context().close()
  })
  test('a technician sees jobs to do first, soonest scheduled on top, and finished jobs on asking', async () => {
    const tech = b.demo.logins.technician
    const auth = await fetch(`${b.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: tech.email, password: tech.password }) })
    const techToken = ((await auth.json()) as { accessToken: string }).accessToken
    type Job = { id: string; status: string; scheduledFor: string | null; completedAt: string | null; updatedAt: string }
    const all = ((await (await fetch(`${b.baseUrl}/api/v1/work-orders?pageSize=100`, { headers: { authorization: `Bearer ${techToken}` } })).json()) as { data: Job[] }).data
    const active = all.filter((j) => ['scheduled', 'in_progress', 'on_hold'].includes(j.status))
    const done = all.filter((j) => ['completed', 'cancelled'].includes(j.status))
    assert.ok(active.length >= 2 && done.length >= 1, `the demo technician has open and finished jobs: ${all.map((j) => j.status).join(', ')}`)
    const at = (j: Job) => (j.scheduledFor ? Date.parse(j.scheduledFor) : Infinity)
    for (let i = 1; i < active.length; i++) assert.ok(at(active[i - 1]!) <= at(active[i]!), 'the API lists active jobs soonest first')

    const page = await as('technician')
    await page.goto('/work')
    await settled(page)
    const shown = async () => page.getByRole('region', { name: 'My work orders' }).locator('a[href^="/work/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!.slice('/work/'.length)))
    assert.deepEqual(await shown(), active.map((j) => j.id), 'jobs to do, soonest first, and nothing finished')
    await noViolations(page, 'work orders to do')

    await page.getByLabel('Show').selectOption('done')
    await page.waitForURL(/show=done/)
    await page.getByRole('columnheader', { name: 'Completed' }).waitFor()
    await settled(page)
    const finished = [...done].sort((a, b) => Date.parse(b.completedAt ?? b.updatedAt) - Date.parse(a.completedAt ?? a.updatedAt) || (a.id < b.id ? 1 : -1))
    assert.deepEqual(await shown(), finished.map((j) => j.id), 'finished jobs, latest first')
    await noViolations(page, 'finished work orders')
    await page.context().close()
  })
  test('the technician picker of a new work order lists technicians only; the request assignee picker keeps managers', async () => {
    const page = await as('property_manager')
    const request = (await asManager<{ data: { id: string; title: string }[] }>('/maintenance?pageSize=1&status=open')).data[0]!
    const staff = (await asManager<{ data: { id: string; displayName: string; role: string; disabled: boolean }[] }>('/users?role=technician&role=property_manager&pageSize=100')).data.filter((u) => !u.disabled)
    const techs = staff.filter((u) => u.role === 'technician')
    assert.ok(techs.length >= 1 && staff.length > techs.length, 'the demo has technicians and managers')
    await page.goto(`/maintenance/${request.id}`)
    await page.getByRole('heading', { level: 1, name: request.title }).waitFor()
    await settled(page)
    const form = page.getByRole('form', { name: 'Create work order' })
    const picker = form.getByLabel('Technician')
    await picker.locator(`option[value="${techs[0]!.id}"]`).waitFor({ state: 'attached' })
    const offered = await picker.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter(Boolean))
    assert.deepEqual(offered.sort(), techs.map((u) => u.id).sort())
    const assignable = await page.getByLabel('Assigned to').locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter(Boolean))
    assert.deepEqual(assignable.sort(), staff.map((u) => u.id).sort())
    await noViolations(page, 'request with the work order form')
    await page.context().close()
  })
  test('payments read ACH and Received everywhere, counts agree with their nouns, and a leased unit shows as occupied', async () => {
    // A property of one unit, let today to a tenant who has paid once by ACH.
    const property = await asManager<{ id: string; name: string }>('/properties', { method: 'POST', body: { name: 'Wording Court', type: 'apartment', addressLine1: '1 Wording Way', city: 'Albany', state: 'NY' } })
    const unit = await asManager<{ id: string; unitNumber: string }>('/units', { method: 'POST', body: { propertyId: property.id, unitNumber: 'W-1', bedrooms: 1 } })
    const tenant = await asManager<{ id: string }>('/tenants', { method: 'POST', body: { firstName: 'Ada', lastName: 'Wordsworth', status: 'active' } })
    const lease = await asManager<{ id: string }>('/leases', { method: 'POST', body: { unitId: unit.id, tenantIds: [tenant.id], startDate: '2025-01-01', endDate: '2030-12-31', rentCents: 100_000 } })
    await asManager('/payments', { method: 'POST', body: { tenantId: tenant.id, leaseId: lease.id, amountCents: 100_000, method: 'ach', paidOn: '2025-01-01', reference: 'R-1', status: 'succeeded' } })
    const stored = await b.database.db.selectFrom('units').select('status').where('id', '=', unit.id).executeTakeFirstOrThrow()
    assert.equal(stored.status, 'available', 'the stored listing status stays as it was')

    const page = await as('property_manager')
    await page.goto(`/properties/${property.id}`)
    await settled(page)
    await page.getByText('1 of 1 unit occupied; 0 open requests', { exact: true }).waitFor()
    const unitRow = page.getByRole('region', { name: 'Units' }).getByRole('row').filter({ hasText: 'W-1' })
    assert.equal(await unitRow.getByText('Occupied', { exact: true }).count(), 1, 'the property page shows the unit occupied')
    assert.equal(await unitRow.getByText('Available', { exact: true }).count(), 0)

    await page.goto(`/units?propertyId=${property.id}`)
    await settled(page)
    const listed = page.getByRole('region', { name: 'Units' }).getByRole('row').filter({ hasText: 'W-1' })
    await listed.getByText('Occupied', { exact: true }).waitFor()
    assert.equal(await listed.getByText('Available', { exact: true }).count(), 0)

    await page.goto(`/tenants/${tenant.id}`)
    await settled(page)
    await page.getByText(/^paid in 1 payment; last/).waitFor()
    await page.getByText('Payment (ACH R-1)', { exact: true }).first().waitFor()
    const history = page.getByRole('region', { name: 'Payments', exact: true }).getByRole('row').filter({ hasText: 'R-1' })
    await history.getByText('Received', { exact: true }).waitFor()
    await history.getByText('ACH', { exact: true }).waitFor()
    await noViolations(page, 'tenant with one payment')

    await page.goto(`/payments?search=Wordsworth`)
    await settled(page)
    const body = await page.locator('main').innerText()
    assert.ok(!/\bAch\b|\(ach\b|Succeeded/.test(body), `no "Ach" or "Succeeded" on the payments page:\n${body}`)
    assert.ok(body.includes('ACH') && body.includes('Received'), 'the payments page says ACH and Received')
    for (const path of ['/dashboard', `/properties/${property.id}`, `/tenants/${tenant.id}`, `/leases/${lease.id}`]) {
      await page.goto(path)
      await settled(page)
      const text = await page.locator('main').innerText()
      const wrong = /(?<![\d.,])1 (units|leases|charges|payments|properties|open requests|grace days|days)\b/.exec(text)
      assert.equal(wrong, null, `${path} says "${wrong?.[0]}"`)
    }
    await page.context().close()
  })
  test('the demo tenant finds their lease document on first start and downloads it byte for byte', async () => {
    const db = b.database.db
    const tenantId = (await db.selectFrom('users').select('tenant_id').where('email', '=', b.demo.logins.tenant.email).executeTakeFirstOrThrow()).tenant_id!
    const docs = await db
      .selectFrom('documents as d')
      .innerJoin('lease_tenants as lt', 'lt.lease_id', 'd.lease_id')
      .innerJoin('leases as l', 'l.id', 'd.lease_id')
      .select(['d.file_name', 'd.content'])
      .where('lt.tenant_id', '=', tenantId)
      .orderBy('l.start_date', 'desc')
      .execute()
    assert.ok(docs.length >= 1, 'the demo files a lease document for the demo tenant')
    const page = await as('tenant')
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Documents' }).click()
    await page.getByRole('heading', { level: 1, name: 'Documents' }).waitFor()
    await settled(page)
    const table = page.getByRole('table', { name: 'My documents' })
    assert.equal(await table.getByText(/No documents yet/).count(), 0)
    const link = table.getByRole('button', { name: `Download ${docs[0]!.file_name},` })
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
    assert.equal(download.suggestedFilename(), docs[0]!.file_name)
    assert.deepEqual(await readFile(await download.path()), Buffer.from(docs[0]!.content))
    await noViolations(page, 'tenant documents from the demo')
    await page.context().close()
  })
})
