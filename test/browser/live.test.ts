/** Live updates between browsers, payments that happen once, and a tenant's request with photos and its thread. */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { deflateSync } from 'node:zlib'
import { axe, describeViolations, settled, signIn, skipBrowser, startBrowserApp, type BrowserApp } from './harness.js'

/** A small valid PNG of one colour, made here so the test ships no binary. */
function png(width: number, height: number): Buffer {
  const crc = (buf: Buffer) => {
    let c = ~0
    for (const byte of buf) {
      c ^= byte
      for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1))
    }
    return ~c >>> 0
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data])
    const out = Buffer.alloc(12 + data.length)
    out.writeUInt32BE(data.length, 0)
    body.copy(out, 4)
    out.writeUInt32BE(crc(body), 8 + data.length)
    return out
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8)
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x5a)])
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)))
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))])
}

describe('live updates and payments in chromium', { skip: skipBrowser }, () => {
  let b: BrowserApp
  let tenantId: string
  before(async () => {
    b = await startBrowserApp()
    const user = await b.database.db.selectFrom('users').select('tenant_id').where('email', '=', b.demo.logins.tenant.email).executeTakeFirstOrThrow()
    tenantId = user.tenant_id!
  })
  after(() => b?.close())

  const paymentsWith = async (reference: string) =>
    b.database.db.selectFrom('payments').select(['id', 'amount_cents', 'status']).where('reference', '=', reference).execute()

  test("a manager's tenant page shows a payment recorded in another browser, without reload, with a toast", async () => {
    const managerCtx = await b.context()
    const manager = await managerCtx.newPage()
    await signIn(manager, b.demo.logins.property_manager.email, b.demo.logins.property_manager.password)
    await manager.goto(`/tenants/${tenantId}`)
    await settled(manager)
    await manager.getByTestId('connection-status').and(manager.locator('[data-status="online"]')).waitFor()
    await manager.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true))
    assert.equal(await manager.getByTestId('tenant-payments').getByText('LIVE-0001').count(), 0)

    const adminCtx = await b.context()
    const admin = await adminCtx.newPage()
    await signIn(admin, b.demo.logins.admin.email, b.demo.logins.admin.password)
    await admin.goto(`/payments/new?tenantId=${tenantId}`)
    await admin.getByLabel('Amount ($)').fill('123.45')
    await admin.getByLabel('Reference').fill('LIVE-0001')
    await admin.getByRole('button', { name: 'Record payment' }).click()
    await admin.getByTestId('payment-result').getByText('Payment recorded: $123.45').waitFor()

    await manager.getByTestId('tenant-payments').getByText('LIVE-0001').waitFor({ timeout: 15_000 })
    const toast = manager.getByTestId('toast').filter({ hasText: 'Payment received' })
    await toast.waitFor({ timeout: 15_000 })
    assert.equal(await manager.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument), true, 'the page was not reloaded')
    assert.deepEqual(await axe(manager), [], describeViolations('tenant page with a toast', await axe(manager)))
    // The toast is dismissed from the keyboard.
    await toast.getByRole('button', { name: /Dismiss/ }).focus()
    await manager.keyboard.press('Enter')
    await toast.waitFor({ state: 'detached' })
    assert.deepEqual(
      (await paymentsWith('LIVE-0001')).map((p) => [p.amount_cents, p.status]),
      [[12_345, 'succeeded']],
    )
    await adminCtx.close()
    await managerCtx.close()
  })

  test("the tenant's double-clicked payment creates one payment", async () => {
    const ctx = await b.context()
    const page = await ctx.newPage()
    await signIn(page, b.demo.logins.tenant.email, b.demo.logins.tenant.password)
    await page.goto('/portal/pay')
    await page.getByLabel('Amount ($)').fill('10.00')
    await page.getByLabel('Reference').fill('DOUBLE-0001')
    const requests: string[] = []
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/v1/payments')) requests.push(r.headers()['idempotency-key'] ?? '')
    })
    await page.getByRole('button', { name: 'Pay now' }).dblclick()
    await page.getByTestId('payment-result').getByText('Payment submitted: $10.00').waitFor()
    await settled(page)
    const rows = await paymentsWith('DOUBLE-0001')
    assert.equal(rows.length, 1, `${rows.length} payments were created`)
    assert.equal(rows[0]!.amount_cents, 1000)
    assert.ok(requests.length >= 1 && requests.every((k) => k === requests[0] && k.length >= 32), `idempotency keys sent: ${JSON.stringify(requests)}`)
    // A second, deliberate payment gets a new key and is a new payment.
    await page.getByLabel('Amount ($)').fill('11.00')
    await page.getByLabel('Reference').fill('DOUBLE-0002')
    await page.getByRole('button', { name: 'Pay now' }).click()
    await page.getByTestId('payment-result').getByText('Payment submitted: $11.00').waitFor()
    assert.equal((await paymentsWith('DOUBLE-0002')).length, 1)
    assert.notEqual(requests.at(-1), requests[0])
    await ctx.close()
  })

  test('a payment form shows the field errors of the schema and is announced', async () => {
    const ctx = await b.context()
    const page = await ctx.newPage()
    await signIn(page, b.demo.logins.tenant.email, b.demo.logins.tenant.password)
    await page.goto('/portal/pay')
    await page.getByLabel('Amount ($)').fill('12,34')
    await page.getByRole('button', { name: 'Pay now' }).click()
    const summary = page.getByRole('alert').filter({ hasText: 'problem' })
    await summary.waitFor()
    assert.match(await summary.innerText(), /Amount/)
    assert.equal(await page.getByLabel('Amount ($)').getAttribute('aria-invalid'), 'true')
    assert.deepEqual(await axe(page), [], describeViolations('payment form with errors', await axe(page)))
    await ctx.close()
  })

  test('a tenant reports a problem with a photo, and the manager and tenant share its conversation live', async () => {
    const tenantCtx = await b.context()
    const tenant = await tenantCtx.newPage()
    await signIn(tenant, b.demo.logins.tenant.email, b.demo.logins.tenant.password)
    await tenant.goto('/portal/requests/new')
    await tenant.getByLabel('What is the problem?').fill('Bathroom fan rattles')
    await tenant.getByLabel('Details').fill('Loud rattle when switched on.')
    await tenant.getByLabel('Photos').setInputFiles({ name: 'fan.png', mimeType: 'image/png', buffer: png(64, 48) })
    await tenant.getByRole('img', { name: /fan\.png/ }).waitFor()
    await tenant.getByRole('button', { name: 'Send request' }).click()
    await tenant.getByRole('heading', { level: 1, name: 'Bathroom fan rattles' }).waitFor()
    await tenant.getByRole('img', { name: /Photo 1 of the request/ }).waitFor()
    const request = await b.database.db.selectFrom('maintenance_requests').select(['id', 'tenant_id']).where('title', '=', 'Bathroom fan rattles').executeTakeFirstOrThrow()
    assert.equal(request.tenant_id, tenantId)
    const docs = await b.database.db.selectFrom('documents').select(['content_type', 'size_bytes']).where('request_id', '=', request.id).execute()
    assert.equal(docs.length, 1)
    assert.equal(docs[0]!.content_type, 'image/jpeg')

    const managerCtx = await b.context()
    const manager = await managerCtx.newPage()
    await signIn(manager, b.demo.logins.property_manager.email, b.demo.logins.property_manager.password)
    await manager.goto(`/maintenance/${request.id}`)
    await manager.getByRole('heading', { level: 1, name: 'Bathroom fan rattles' }).waitFor()
    await manager.getByRole('img', { name: /Photo 1 of the request/ }).waitFor()
    await manager.getByLabel('Message').fill('A technician will come on Tuesday.')
    await manager.getByRole('button', { name: 'Send message' }).click()
    await manager.getByTestId('thread').getByText('A technician will come on Tuesday.').waitFor()
    await settled(manager)
    assert.deepEqual(await axe(manager), [], describeViolations('request detail (manager)', await axe(manager)))

    // The tenant's open page shows the reply and the new status without a reload.
    await manager.getByLabel('Status', { exact: true }).selectOption('in_progress')
    await manager.getByRole('button', { name: 'Save' }).click()
    await tenant.getByTestId('thread').getByText('A technician will come on Tuesday.').waitFor({ timeout: 15_000 })
    await tenant.locator('.badge-in_progress').first().waitFor({ timeout: 15_000 })
    await tenantCtx.close()
    await managerCtx.close()
  })
})
