/** The day a payment is dated: the pay form's default is accepted, and a day not yet come is refused on its field. */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { axe, describeViolations, signIn, skipBrowser, startBrowserApp, type BrowserApp } from './harness.js'

describe('the day a payment is dated, in chromium', { skip: skipBrowser }, () => {
  let b: BrowserApp
  before(async () => {
    b = await startBrowserApp()
  })
  after(() => b?.close())

  test("a tenant's payment dated after today shows the server's error on Paid on, announced and axe-clean; today's date is accepted", async () => {
    const ctx = await b.context()
    const page = await ctx.newPage()
    await signIn(page, b.demo.logins.tenant.email, b.demo.logins.tenant.password)
    await page.goto('/portal/pay')
    await page.getByLabel('Amount ($)').fill('9.00')
    await page.getByLabel('Reference').fill('FUTURE-DAY')
    await page.getByLabel('Paid on').fill('2099-01-01')
    await page.getByRole('button', { name: 'Pay now' }).click()
    const summary = page.getByRole('alert').filter({ hasText: 'problem' })
    await summary.waitFor()
    assert.match(await summary.innerText(), /Paid on/)
    assert.equal(await page.getByLabel('Paid on').getAttribute('aria-invalid'), 'true')
    assert.deepEqual(await axe(page), [], describeViolations('payment form with a future day', await axe(page)))
    const none = await b.database.db.selectFrom('payments').select('id').where('reference', '=', 'FUTURE-DAY').execute()
    assert.equal(none.length, 0)

    // The demo organization's today, which the form's default matches when the browser is in its zone.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date())
    await page.getByLabel('Paid on').fill(today)
    await page.getByRole('button', { name: 'Pay now' }).click()
    await page.getByTestId('payment-result').getByText('Payment submitted: $9.00').waitFor()
    await ctx.close()
  })
})
