/**
 * The day a payment is dated: the pay form's default is the organization's today (never the browser's,
 * which may be a day ahead) and is accepted, and a day not yet come is refused on its field.
 */
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

  test("a browser in UTC+14 defaults Paid on to the organization's today, not its own, and the payment is accepted", async () => {
    const dayIn = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date())
    const { time_zone: zone } = await b.database.db.selectFrom('organizations').select('time_zone').where('id', '=', b.demo.orgId).executeTakeFirstOrThrow()
    // New York and Kiritimati share a calendar day for a few hours each night; then the organization moves to UTC-11, 25 hours behind.
    const orgZone = dayIn(zone) === dayIn('Pacific/Kiritimati') ? 'Pacific/Pago_Pago' : zone
    if (orgZone !== zone) await b.database.db.updateTable('organizations').set({ time_zone: orgZone }).where('id', '=', b.demo.orgId).execute()
    const ctx = await b.context({ timezoneId: 'Pacific/Kiritimati' })
    try {
      const page = await ctx.newPage()
      await signIn(page, b.demo.logins.tenant.email, b.demo.logins.tenant.password)
      await page.goto('/portal/pay')
      const orgToday = dayIn(orgZone)
      const browserToday = await page.evaluate(() => new Intl.DateTimeFormat('en-CA').format(new Date()))
      assert.notEqual(browserToday, orgToday, 'the browser is on another calendar day than the organization')
      assert.equal(await page.getByLabel('Paid on').inputValue(), orgToday)
      await page.getByLabel('Amount ($)').fill('7.00')
      await page.getByLabel('Reference').fill('KIRITIMATI')
      await page.getByRole('button', { name: 'Pay now' }).click()
      await page.getByTestId('payment-result').getByText('Payment submitted: $7.00').waitFor()
      const [row] = await b.database.db.selectFrom('payments').select(['paid_on']).where('reference', '=', 'KIRITIMATI').execute()
      assert.equal(row?.paid_on, orgToday)
      assert.deepEqual(await axe(page), [], describeViolations('payment form in a browser a day ahead', await axe(page)))
    } finally {
      await ctx.close()
      if (orgZone !== zone) await b.database.db.updateTable('organizations').set({ time_zone: zone }).where('id', '=', b.demo.orgId).execute()
    }
  })
})
