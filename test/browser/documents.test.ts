/**
 * Files and work orders across roles, on the demo portfolio: a manager gives a tenant their lease PDF,
 * the tenant downloads the same bytes and nobody else can; a manager creates a work order for the
 * technician, who then sees it. Each changed page, with its form errors shown, passes axe.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { TEST_PASSWORD } from '../support/factories.js'
import { tinyPdf } from '../support/pdf.js'
import { noViolations, settled, signIn, skipBrowser, startBrowserApp, type BrowserApp } from './harness.js'

const PDF = tinyPdf('Residential lease, unit 1', 1800)
const PDF_NAME = 'lease-2026.pdf'
const PDF_LABEL = `Download ${PDF_NAME}, ${Math.ceil(PDF.length / 1024)} KB`

async function tokenOf(b: BrowserApp, email: string, password: string): Promise<string> {
  const res = await fetch(`${b.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })
  assert.equal(res.status, 200)
  return ((await res.json()) as { accessToken: string }).accessToken
}

describe('documents and work orders in chromium', { skip: skipBrowser }, () => {
  let b: BrowserApp
  let tenantId: string
  let leaseId: string
  before(async () => {
    b = await startBrowserApp()
    const db = b.database.db
    tenantId = (await db.selectFrom('users').select('tenant_id').where('email', '=', b.demo.logins.tenant.email).executeTakeFirstOrThrow()).tenant_id!
    leaseId = (
      await db
        .selectFrom('lease_tenants as lt')
        .innerJoin('leases as l', 'l.id', 'lt.lease_id')
        .select('l.id')
        .where('lt.tenant_id', '=', tenantId)
        .where('l.status', '=', 'active')
        .executeTakeFirstOrThrow()
    ).id
  })
  after(() => b?.close())

  test("a manager adds a PDF to a tenant's lease, after the file's problems are shown beside the field", async () => {
    const ctx = await b.context()
    const page = await ctx.newPage()
    await signIn(page, b.demo.logins.property_manager.email, b.demo.logins.property_manager.password)
    await page.goto(`/leases/${leaseId}`)
    await page.getByRole('heading', { level: 1, name: /^Lease/ }).waitFor()
    await settled(page)
    const form = page.getByRole('form', { name: 'Add document' })
    const file = form.getByLabel('File')
    assert.match((await file.getAttribute('aria-describedby')) ?? '', /hint/)
    await form.getByText('PDF, JPEG, PNG, WebP or GIF, up to 700 KB.').waitFor()

    // Refused in the browser, by the API's own list of types.
    await file.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a lease') })
    await form.getByRole('button', { name: 'Add document' }).click()
    await form.getByRole('alert').getByRole('link', { name: 'File must be a PDF, JPEG, PNG, WebP or GIF file' }).waitFor()
    assert.equal(await file.getAttribute('aria-invalid'), 'true')
    await noViolations(page, 'lease detail, file of the wrong type')

    // Refused by the server: named as a PDF, but not one.
    await file.setInputFiles({ name: 'fake.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html>not a pdf</html>') })
    await form.getByRole('button', { name: 'Add document' }).click()
    await form.locator('.field-error').getByText('the file is not a valid PDF file').waitFor()
    await noViolations(page, 'lease detail, server error on the file')

    await file.setInputFiles({ name: PDF_NAME, mimeType: 'application/pdf', buffer: PDF })
    await form.getByRole('button', { name: 'Add document' }).click()
    await form.getByRole('status').getByText(`Added ${PDF_NAME}.`).waitFor()
    await page.getByRole('table', { name: 'Documents' }).getByRole('button', { name: PDF_LABEL }).waitFor()
    assert.equal(await form.getByRole('alert').innerText(), '')
    const row = await b.database.db.selectFrom('documents').select(['lease_id', 'content_type', 'size_bytes']).where('file_name', '=', PDF_NAME).executeTakeFirstOrThrow()
    assert.deepEqual(row, { lease_id: leaseId, content_type: 'application/pdf', size_bytes: PDF.length })
    await settled(page)
    await noViolations(page, 'lease detail with the new document')

    // The lease's file is on its tenant's record too, with an upload of their own.
    await page.goto(`/tenants/${tenantId}`)
    await settled(page)
    await page.getByRole('table', { name: 'Documents' }).getByRole('button', { name: PDF_LABEL }).waitFor()
    await page.getByRole('form', { name: 'Add document' }).getByLabel('File').waitFor()
    await noViolations(page, 'tenant detail')
    await ctx.close()
  })

  test('the tenant downloads their lease PDF from their documents, byte for byte; a failed download says so', async () => {
    const ctx = await b.context()
    const page = await ctx.newPage()
    await signIn(page, b.demo.logins.tenant.email, b.demo.logins.tenant.password)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Documents' }).click()
    await page.getByRole('heading', { level: 1, name: 'Documents' }).waitFor()
    await settled(page)
    const link = page.getByRole('table', { name: 'My documents' }).getByRole('button', { name: PDF_LABEL })
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
    assert.equal(download.suggestedFilename(), PDF_NAME)
    assert.deepEqual(await readFile(await download.path()), PDF)
    await noViolations(page, 'tenant documents')

    // The same control, when the server fails: busy while it waits, then the reason, announced.
    let release: () => void = () => undefined
    const held = new Promise<void>((resolve) => (release = resolve))
    await page.route('**/api/v1/documents/*/content', async (route) => {
      await held
      await route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ title: 'Service Unavailable', status: 503, detail: 'the file store is unavailable' }) })
    })
    await link.click()
    await page.getByRole('status').getByText('Downloading…').waitFor()
    assert.equal(await link.getAttribute('aria-disabled'), 'true')
    release()
    await page.getByRole('alert').getByText(`Could not download ${PDF_NAME}: the file store is unavailable.`).waitFor()
    assert.equal(await link.getAttribute('aria-disabled'), 'false')
    await noViolations(page, 'tenant documents, failed download')
    await ctx.close()
  })

  test("another tenant cannot fetch the lease's PDF (404), nor see it", async () => {
    const db = b.database.db
    const doc = await db.selectFrom('documents').select('id').where('file_name', '=', PDF_NAME).executeTakeFirstOrThrow()
    const other = await db
      .selectFrom('lease_tenants')
      .select('tenant_id')
      .where('tenant_id', '!=', tenantId)
      .where('lease_id', '!=', leaseId)
      .executeTakeFirstOrThrow()
    const user = await b.f.user(b.demo.orgId, 'tenant', { tenant_id: other.tenant_id })
    const token = await tokenOf(b, user.email, TEST_PASSWORD)
    const content = await fetch(`${b.baseUrl}/api/v1/documents/${doc.id}/content`, { headers: { authorization: `Bearer ${token}` } })
    assert.equal(content.status, 404)
    const own = await fetch(`${b.baseUrl}/api/v1/tenants/${other.tenant_id}?include=documents`, { headers: { authorization: `Bearer ${token}` } })
    assert.deepEqual(((await own.json()) as { documents: { id: string }[] }).documents.map((d) => d.id).includes(doc.id), false)
  })

  test('a manager creates a work order for the technician, who then sees it at /work', async () => {
    const db = b.database.db
    const manager = await db.selectFrom('users').select('id').where('email', '=', b.demo.logins.property_manager.email).executeTakeFirstOrThrow()
    const tech = await db.selectFrom('users').select(['id', 'display_name']).where('email', '=', b.demo.logins.technician.email).executeTakeFirstOrThrow()
    // The demo tenant's own request on a managed property, so the tenant's view can be checked too.
    const request = await db
      .selectFrom('maintenance_requests as mr')
      .innerJoin('property_managers as pm', (j) => j.onRef('pm.property_id', '=', 'mr.property_id').on('pm.user_id', '=', manager.id))
      .select(['mr.id', 'mr.title'])
      .where('mr.tenant_id', '=', tenantId)
      .orderBy((eb) => eb.case().when('mr.status', 'in', ['completed', 'cancelled']).then(1).else(0).end())
      .orderBy('mr.requested_at', 'desc')
      .executeTakeFirstOrThrow()

    const ctx = await b.context()
    const page = await ctx.newPage()
    await signIn(page, b.demo.logins.property_manager.email, b.demo.logins.property_manager.password)
    await page.goto(`/maintenance/${request.id}`)
    await page.getByRole('heading', { level: 1, name: request.title }).waitFor()
    await settled(page)
    const form = page.getByRole('form', { name: 'Create work order' })
    const technician = form.getByLabel('Technician')
    // The assignable users arrive after the page: wait for the technician's option.
    await technician.locator('option', { hasText: tech.display_name }).waitFor({ state: 'attached' })

    await form.getByLabel('Cost estimate ($)').fill('-40')
    await form.getByRole('button', { name: 'Create work order' }).click()
    await form.getByRole('alert').getByRole('link', { name: /^Cost estimate[: ]/ }).waitFor()
    assert.equal(await form.getByLabel('Cost estimate ($)').getAttribute('aria-invalid'), 'true')
    await noViolations(page, 'request detail, work order form with an error')

    await technician.selectOption({ label: tech.display_name })
    await form.getByLabel('Scheduled for').fill('2026-12-01T09:30')
    await form.getByLabel('Cost estimate ($)').fill('180.50')
    await form.getByLabel('Notes').fill('Bring a 3/8" compression valve.')
    await form.getByRole('button', { name: 'Create work order' }).click()
    await form.getByRole('status').getByText('Work order created.').waitFor()
    const table = page.getByTestId('work-orders')
    await table.getByRole('row').filter({ hasText: tech.display_name }).filter({ hasText: '$180.50' }).waitFor()
    const created = await db
      .selectFrom('work_orders')
      .select(['id', 'status', 'estimated_cost_cents', 'notes'])
      .where('request_id', '=', request.id)
      .where('assignee_id', '=', tech.id)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow()
    const { id: _id, ...fields } = created
    assert.deepEqual(fields, { status: 'scheduled', estimated_cost_cents: 18050, notes: 'Bring a 3/8" compression valve.' })
    await settled(page)
    await noViolations(page, 'request detail with the new work order')
    await ctx.close()

    // The technician: their scheduled work includes it, and it opens.
    const techCtx = await b.context()
    const techPage = await techCtx.newPage()
    await signIn(techPage, b.demo.logins.technician.email, b.demo.logins.technician.password)
    await techPage.goto('/work?status=scheduled')
    await settled(techPage)
    const job = techPage.getByRole('region', { name: 'My work orders' }).getByRole('row').filter({ has: techPage.locator(`a[href="/work/${created.id}"]`) })
    assert.equal(await job.count(), 1)
    assert.match(await job.innerText(), /Scheduled/)
    await job.getByRole('link', { name: request.title }).click()
    await techPage.getByRole('heading', { level: 1, name: request.title }).waitFor()
    await settled(techPage)
    assert.equal(await techPage.getByLabel('Notes').inputValue(), 'Bring a 3/8" compression valve.')
    await techCtx.close()

    // The reporting tenant sees that a visit is scheduled, but not the costs or the form.
    const tenantCtx = await b.context()
    const tenantPage = await tenantCtx.newPage()
    await signIn(tenantPage, b.demo.logins.tenant.email, b.demo.logins.tenant.password)
    await tenantPage.goto(`/portal/requests/${request.id}`)
    await tenantPage.getByRole('heading', { level: 1, name: request.title }).waitFor()
    await settled(tenantPage)
    const tenantTable = tenantPage.getByTestId('work-orders')
    assert.deepEqual(await tenantTable.getByRole('columnheader').allInnerTexts(), ['Status', 'Scheduled'])
    assert.equal(await tenantPage.getByRole('form', { name: 'Create work order' }).count(), 0)
    await noViolations(tenantPage, 'tenant request with work orders')
    await tenantCtx.close()
  })
})
