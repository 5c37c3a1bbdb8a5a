/**
 * Problems in words in chromium: form summaries, field errors and notices name fields by the page's
 * labels and dates as people read them, never by the API's names ("endDate", "body.paidOn") or ISO
 * days; the unit form's status is the listing status, with its choices in words. Axe on each state.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { noViolations, pageAs, settled, skipBrowser, startBrowserApp, type BrowserApp } from './harness.js'

/** Text that still speaks the API's language: a camelCase name, a dotted field path or an ISO day. */
const RAW = /\b[a-z]+[A-Z][a-zA-Z]*\b|\b(body|query|header|path)\.|\b\d{4}-\d{2}-\d{2}\b/

describe('problems in words in chromium', { skip: skipBrowser }, () => {
  let b: BrowserApp

  before(async () => {
    b = await startBrowserApp()
  })
  after(() => b?.close())

  const as = (role: keyof BrowserApp['demo']['logins']) => pageAs(b, role)

  test('the lease form says "End date must be on or after the start date", in the summary and beside the field', async () => {
    const page = await as('property_manager')
    await page.goto('/leases/new')
    await settled(page)
    await page.getByLabel('Start date').fill('2031-01-01')
    await page.getByLabel('End date').fill('2030-12-31')
    await page.getByRole('button', { name: 'Create lease' }).click()
    const summary = page.getByRole('alert').filter({ hasText: 'problems' })
    await summary.waitFor()
    const text = await summary.innerText()
    assert.ok(text.includes('End date must be on or after the start date'), text)
    assert.ok(text.includes('Monthly rent is required'), text)
    assert.doesNotMatch(text, RAW)
    const beside = page.locator('.field-error').filter({ hasText: 'on or after' })
    assert.equal(await beside.textContent(), 'Error: must be on or after the start date')
    await noViolations(page, 'lease form with date errors')
    await page.context().close()
  })

  test("a tenant's payment dated after today is refused as \"Paid on must be at most today (…)\" with the day in words", async () => {
    const page = await as('tenant')
    await page.goto('/portal/pay')
    await page.getByLabel('Amount ($)').fill('5.00')
    await page.getByLabel('Paid on').fill('2099-01-01')
    await page.getByRole('button', { name: 'Pay now' }).click()
    const link = page.getByRole('alert').getByRole('link', { name: /^Paid on must be at most today/ })
    await link.waitFor()
    assert.match(await link.innerText(), /^Paid on must be at most today \([A-Z][a-z]{2} \d{1,2}, \d{4}\)$/)
    const beside = page.locator('.field-error')
    assert.match((await beside.textContent()) ?? '', /^Error: at most today \([A-Z][a-z]{2} \d{1,2}, \d{4}\)$/)
    await noViolations(page, 'payment refused for its day')
    await page.context().close()
  })

  test('the unit form calls its status the listing status, with its choices in words', async () => {
    const page = await as('property_manager')
    await page.goto('/units/new')
    await settled(page)
    const status = page.getByLabel('Listing status')
    assert.deepEqual(await status.locator('option').allInnerTexts(), ['Available to rent', 'Not available to rent', 'Under renovation'])
    assert.equal(await page.getByLabel('Status', { exact: true }).count(), 0)
    await page.getByRole('button', { name: 'Create unit' }).click()
    const summary = page.getByRole('alert').filter({ hasText: 'problem' })
    await summary.waitFor()
    assert.doesNotMatch(await summary.innerText(), RAW)
    await noViolations(page, 'unit form with errors')
    await page.context().close()
  })

  test('an owner statement for a period that ends before it starts says so with the filter labels', async () => {
    const page = await as('owner')
    await page.goto('/owner/statements?from=2026-05-01&to=2026-04-01')
    const notice = page.getByRole('alert').filter({ hasText: 'must be on or before' })
    await notice.waitFor()
    assert.equal(await notice.innerText(), 'From date must be on or before to date')
    await settled(page)
    await noViolations(page, 'statement with an inverted period')
    await page.context().close()
  })
})
