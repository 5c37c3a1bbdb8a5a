/**
 * A lease's charges in chromium after its last day moved: the rent taken back shows against the
 * month it reduces, and rent billed again when the day moves back shows as its own charge, so
 * the page never reads as the same month billed twice.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { axe, describeViolations, settled, signIn, skipBrowser, startBrowserApp, type BrowserApp } from './harness.js'
import { addDays, addMonths, todayIn } from '../../src/modules/ledger/dates.js'

describe('lease charges in chromium', { skip: skipBrowser }, () => {
  let b: BrowserApp
  before(async () => {
    b = await startBrowserApp()
  })
  after(() => b?.close())

  test('a month reversed by an earlier last day shows what was taken back; moved back, the rent billed again is listed', async () => {
    const login = await b.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: b.demo.logins.admin.email, password: b.demo.logins.admin.password } })
    const token = login.json<{ accessToken: string }>().accessToken
    const call = async <T,>(method: 'POST' | 'PATCH', url: string, payload: object): Promise<T> => {
      const res = await b.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` }, payload })
      assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`)
      return res.json<T>()
    }
    const today = todayIn('America/New_York')
    const start = addMonths(`${today.slice(0, 7)}-01`, -1)
    const property = await call<{ id: string }>('POST', '/properties', { name: 'Moving Day Court', type: 'apartment', addressLine1: '2 Moving Way', city: 'Albany', state: 'NY' })
    const unit = await call<{ id: string }>('POST', '/units', { propertyId: property.id, unitNumber: 'M-1', bedrooms: 1 })
    const tenant = await call<{ id: string }>('POST', '/tenants', { firstName: 'Mo', lastName: 'Ving', status: 'active' })
    const lease = await call<{ id: string }>('POST', '/leases', { unitId: unit.id, tenantIds: [tenant.id], startDate: start, endDate: addDays(addMonths(start, 12), -1), rentCents: 120_000, depositCents: 0 })
    await call('POST', '/billing/runs', { through: today })

    // The last day moves to the end of last month: this month's rent is taken back in full.
    await call('PATCH', `/leases/${lease.id}`, { endDate: addDays(addMonths(start, 1), -1) })
    const page = await (await b.context()).newPage()
    await signIn(page, b.demo.logins.admin.email, b.demo.logins.admin.password)
    await page.goto(`/leases/${lease.id}`)
    await settled(page)
    const charges = page.getByRole('table', { name: 'Charges' })
    const thisMonth = charges.getByRole('row').filter({ hasText: 'Rent' }).nth(1)
    assert.match(await thisMonth.innerText(), /\$1,200\.00\s+-\$1,200\.00\s+\$0\.00\s+\$0\.00/)
    assert.deepEqual(await axe(page), [], describeViolations('lease with a reversed month', await axe(page)))

    // Back to the whole term: the month is billed again, listed as such.
    await call('PATCH', `/leases/${lease.id}`, { endDate: addDays(addMonths(start, 12), -1) })
    await page.reload()
    await settled(page)
    const again = charges.getByRole('row').filter({ hasText: 'More rent for' })
    await again.waitFor()
    assert.match(await again.innerText(), /\$1,200\.00\s+—\s+\$0\.00\s+\$1,200\.00/)
    await page.context().close()
  })
})
