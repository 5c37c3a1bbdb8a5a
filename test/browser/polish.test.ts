/** Small things a first-time user trips over: paying twice, Back in filtered lists, filter errors in words, focus, and a flood of old toasts. */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { WebSocketRoute } from 'playwright-core'
import { axe, describeViolations, settled, signIn, skipBrowser, startBrowserApp, type BrowserApp } from './harness.js'

describe('polish in chromium', { skip: skipBrowser }, () => {
  let b: BrowserApp
  before(async () => {
    b = await startBrowserApp()
  })
  after(() => b?.close())

  const tenantPayments = async () => {
    const user = await b.database.db.selectFrom('users').select('tenant_id').where('email', '=', b.demo.logins.tenant.email).executeTakeFirstOrThrow()
    return b.database.db.selectFrom('payments').select(['id', 'amount_cents', 'status', 'reference']).where('tenant_id', '=', user.tenant_id!).execute()
  }

  test('the pay page shows pending payments, suggests what is left and asks before paying more than that', async () => {
    const ctx = await b.context()
    const page = await ctx.newPage()
    await signIn(page, b.demo.logins.tenant.email, b.demo.logins.tenant.password)
    await page.goto('/portal/pay')
    await settled(page)
    const balanceText = await page.getByTestId('pay-balance').innerText()
    const balance = /Your balance is \$([\d,.]+)\./.exec(balanceText)?.[1]
    assert.ok(balance, balanceText)
    const before = (await tenantPayments()).filter((p) => p.status === 'pending')
    assert.equal(before.length, 0, 'the demo tenant starts with nothing pending')
    assert.equal(await page.getByLabel('Amount ($)').inputValue(), balance.replace(/,/g, ''))

    // Paying the whole balance leaves it pending.
    await page.getByLabel('Reference').fill('POLISH-FULL')
    await page.getByRole('button', { name: 'Pay now' }).click()
    await page.getByTestId('payment-result').getByText(`Payment submitted: $${balance}`).waitFor()
    // Without a reload the page already counts it as pending.
    await page.getByTestId('pay-pending').getByText(`$${balance} pending since`).waitFor()

    await page.goto('/portal/pay')
    await settled(page)
    const pending = page.getByTestId('pay-pending')
    assert.match(await pending.innerText(), new RegExp(`\\$${balance.replace('.', '\\.')} pending since \\w{3} \\d{1,2}, \\d{4} — it will count when it clears\\.`))
    assert.match(await pending.innerText(), /Left to pay once they clear: \$0\.00\./)
    assert.equal(await page.getByLabel('Amount ($)').inputValue(), '', 'nothing is suggested once the balance is covered')
    assert.deepEqual(await axe(page), [], describeViolations('pay page with a pending payment', await axe(page)))

    // More than what is left: a double click only asks, it does not pay.
    const posts: string[] = []
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/v1/payments')) posts.push(r.headers()['idempotency-key'] ?? '')
    })
    await page.getByLabel('Amount ($)').fill('25.00')
    await page.getByLabel('Reference').fill('POLISH-AGAIN')
    await page.getByRole('button', { name: 'Pay now' }).click()
    const confirm = page.getByTestId('payment-confirm')
    await confirm.waitFor()
    assert.match(await confirm.innerText(), /Nothing is left to pay once your pending payments clear, so \$25\.00 would be paid in advance\. Pay \$25\.00 anyway\?/)
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'payment-confirm')
    await page.getByRole('button', { name: 'Pay now' }).dblclick()
    await page.waitForTimeout(300)
    assert.equal(posts.length, 0)
    assert.equal(await confirm.count(), 1)
    assert.deepEqual(await axe(page), [], describeViolations('pay page asking to confirm', await axe(page)))

    // "Change the amount" goes back to the field without paying.
    await confirm.getByRole('button', { name: 'Change the amount' }).click()
    await confirm.waitFor({ state: 'detached' })
    assert.equal(await page.evaluate(() => document.activeElement?.id), await page.getByLabel('Amount ($)').getAttribute('id'))
    assert.equal(posts.length, 0)

    // Confirmed, it pays once, even double-clicked.
    await page.getByRole('button', { name: 'Pay now' }).click()
    await confirm.getByRole('button', { name: 'Yes, pay $25.00' }).dblclick()
    await page.getByTestId('payment-result').getByText('Payment submitted: $25.00').waitFor()
    await settled(page)
    const again = (await tenantPayments()).filter((p) => p.reference === 'POLISH-AGAIN')
    assert.equal(again.length, 1)
    assert.ok(posts.length >= 1 && posts.every((k) => k === posts[0]), `keys: ${JSON.stringify(posts)}`)
    await ctx.close()
  })

  test('filter changes and paging are history entries: Back undoes the last one and the list follows the URL', async () => {
    const ctx = await b.context()
    const page = await ctx.newPage()
    await signIn(page, b.demo.logins.property_manager.email, b.demo.logins.property_manager.password)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Payments', exact: true }).click()
    await page.getByRole('heading', { level: 1, name: 'Payments' }).waitFor()
    await settled(page)
    const filters = page.getByRole('search', { name: 'Filters' })
    const succeeded = filters.getByRole('checkbox', { name: 'Received' })
    const search = filters.getByLabel('Search')
    const status = () => page.getByTestId('pager-status').innerText()
    const path = () => new URL(page.url()).pathname + new URL(page.url()).search

    await succeeded.check()
    await page.waitForURL(/status=succeeded/)
    await settled(page)
    await page.getByRole('button', { name: 'Next page' }).click()
    await page.waitForURL(/page=2/)
    await settled(page)
    assert.match(await status(), /page 2 of/)
    await page.getByLabel('Rows per page').selectOption('50')
    await page.waitForURL(/pageSize=50/)
    await settled(page)

    // Typing with pauses rewrites one entry; Back then undoes the whole search.
    await search.pressSequentially('Sm', { delay: 40 })
    await page.waitForURL(/search=Sm/)
    await search.pressSequentially('ith', { delay: 40 })
    await page.waitForURL(/search=Smith/)
    await settled(page)
    const depth = await page.evaluate(() => history.length)

    await page.goBack()
    await page.waitForURL((u) => !u.search.includes('search='))
    assert.equal(path(), '/payments?status=succeeded&pageSize=50')
    assert.equal(await search.inputValue(), '', 'the search box follows the URL')
    await page.goBack()
    await page.waitForURL((u) => !u.search.includes('pageSize='))
    assert.equal(path(), '/payments?status=succeeded&page=2')
    await settled(page)
    assert.match(await status(), /page 2 of/)
    await page.goBack()
    assert.equal(path(), '/payments?status=succeeded')
    await page.goBack()
    await page.waitForURL((u) => u.pathname === '/payments' && u.search === '')
    await settled(page)
    assert.equal(await succeeded.isChecked(), false, 'the checkbox follows the URL')
    await page.goBack()
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor()
    // Forward again restores the filter.
    await page.goForward()
    await page.getByRole('heading', { level: 1, name: 'Payments' }).waitFor()
    await page.goForward()
    await page.waitForURL(/status=succeeded/)
    await settled(page)
    assert.equal(await succeeded.isChecked(), true)
    assert.ok(depth >= 6, `history length ${depth}`)
    await ctx.close()
  })

  test('a filter control shows the change at once, before the router commits the new URL', async () => {
    const ctx = await b.context()
    const page = await ctx.newPage()
    await signIn(page, b.demo.logins.property_manager.email, b.demo.logins.property_manager.password)
    await page.goto('/payments')
    await page.getByRole('heading', { level: 1, name: 'Payments' }).waitFor()
    await settled(page)
    // The click and the read run in one task: the router's transition has not committed yet, so
    // only the control's own state can say it is ticked (a control showing only the URL flips back).
    const checkedAtOnce = await page.evaluate(() => {
      const box = document.querySelector<HTMLInputElement>('form[role="search"] input[type="checkbox"][value="succeeded"]')!
      box.click()
      return box.checked
    })
    assert.equal(checkedAtOnce, true)
    await page.waitForURL(/status=succeeded/)
    assert.equal(await page.getByRole('search', { name: 'Filters' }).getByRole('checkbox', { name: 'Received' }).isChecked(), true)
    const chosenAtOnce = await page.evaluate(() => {
      const select = document.querySelector<HTMLSelectElement>('nav[aria-label="Pages"] select')!
      select.value = '50'
      select.dispatchEvent(new Event('change', { bubbles: true }))
      return select.value
    })
    assert.equal(chosenAtOnce, '50')
    await page.waitForURL(/pageSize=50/)
    await settled(page)
    assert.equal(await page.getByLabel('Rows per page').inputValue(), '50')
    // Back moves the controls with the URL.
    await page.goBack()
    await page.waitForURL((u) => !u.search.includes('pageSize='))
    await settled(page)
    assert.equal(await page.getByLabel('Rows per page').inputValue(), '20')
    await page.goBack()
    await page.waitForURL((u) => u.pathname === '/payments' && u.search === '')
    await page.waitForFunction(() => !document.querySelector<HTMLInputElement>('form[role="search"] input[type="checkbox"][value="succeeded"]')?.checked)
    await ctx.close()
  })

  test('a filter the API refuses is named by its label, never as internals, NaN or "Nothing matches"', async () => {
    const ctx = await b.context()
    const page = await ctx.newPage()
    await signIn(page, b.demo.logins.property_manager.email, b.demo.logins.property_manager.password)
    const internals = /minUnits|maxUnits|status\.0|Invalid option|received|NaN|query\.|Nothing matches/

    await page.goto('/properties?minUnits=5&maxUnits=1')
    const problems = page.getByTestId('filter-problems')
    await problems.waitFor()
    await settled(page)
    assert.match(await problems.innerText(), /Units at most must be at least Units at least\./)
    assert.doesNotMatch(await page.locator('main').innerText(), internals)
    assert.match(await page.getByRole('region', { name: 'Properties' }).innerText(), /No results until the filters above are fixed\./)
    assert.equal(await page.getByLabel('Units at least').getAttribute('aria-invalid'), 'true')
    assert.deepEqual(await axe(page), [], describeViolations('properties with a refused filter', await axe(page)))

    await page.goto('/properties?status=foo')
    await problems.waitFor()
    assert.match(await problems.innerText(), /Status has a choice that does not exist \(“foo”\)\./)
    assert.doesNotMatch(await page.locator('main').innerText(), internals)
    // The way out: clear the filter, and the list loads.
    await problems.getByRole('button', { name: 'Clear Status' }).click()
    await page.waitForURL((u) => !u.search.includes('status='))
    await problems.waitFor({ state: 'detached' })
    await settled(page)
    assert.ok((await page.getByRole('region', { name: 'Properties' }).locator('tbody tr').count()) > 1)

    await page.goto('/payments?minAmount=abc')
    await problems.waitFor()
    await settled(page)
    assert.equal(await page.getByLabel('Amount at least ($)').inputValue(), 'abc', 'the field shows what the URL holds')
    assert.match(await problems.innerText(), /Amount at least must be an amount in dollars, like 1,250\.00\./)
    assert.doesNotMatch(await page.locator('main').innerText(), internals)
    // A negative amount typed in is refused the same way rather than dropped.
    await page.getByLabel('Amount at least ($)').fill('-5')
    await page.waitForURL(/minAmount=-5/)
    await problems.getByText('Amount at least must be an amount in dollars').waitFor()
    for (const field of await page.locator('main input').all()) assert.notEqual(await field.inputValue(), 'NaN')
    await page.getByLabel('Amount at least ($)').fill('12.50')
    await page.waitForURL(/minAmount=1250/)
    await problems.waitFor({ state: 'detached' })
    await ctx.close()
  })

  test('focus stays with the work: a moved board card, sign-in with Enter, and a dashboard that refetches', async () => {
    const ctx = await b.context()
    const page = await ctx.newPage()
    // Sign in from the keyboard: the new page's heading has focus.
    await page.goto('/sign-in')
    await page.getByLabel('E-mail').fill(b.demo.logins.property_manager.email)
    await page.getByLabel('Password').fill(b.demo.logins.property_manager.password)
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor()
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1')
    await settled(page)

    // Tabbing on the dashboard while its data is fetched again: focus stays where the user put it.
    const board = page.getByRole('link', { name: 'Open the maintenance board' })
    await board.focus()
    await page.getByTestId('connection-status').and(page.locator('[data-status="online"]')).waitFor()
    const refetched = page.waitForResponse((r) => r.url().endsWith('/api/v1/dashboard'))
    // Made by another manager's session on a property this manager looks after, so the dashboard hears of it.
    const other = await (await fetch(`${b.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: b.demo.logins.property_manager.email, password: b.demo.logins.property_manager.password }) })).json() as { accessToken: string }
    const auth = { authorization: `Bearer ${other.accessToken}`, 'content-type': 'application/json' }
    const property = ((await (await fetch(`${b.baseUrl}/api/v1/properties?pageSize=1`, { headers: auth })).json()) as { data: { id: string }[] }).data[0]!
    const made = await fetch(`${b.baseUrl}/api/v1/maintenance`, { method: 'POST', headers: auth, body: JSON.stringify({ propertyId: property.id, title: 'Hall light out', description: 'The hall light is out.', priority: 'emergency' }) })
    assert.equal(made.status, 201, await made.text())
    await refetched
    await settled(page)
    assert.equal(await board.evaluate((el) => el === document.activeElement), true, 'focus stayed on the link')

    // The board: a card moved from the keyboard keeps focus on its Update button in its new column.
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { level: 1, name: 'Maintenance board' }).waitFor()
    await settled(page)
    const openColumn = page.locator('section[aria-labelledby="col-open"]')
    const card = openColumn.getByTestId('board-card').filter({ hasText: 'Hall light out' })
    await card.getByLabel('Status').focus()
    await card.getByLabel('Status').selectOption('in_progress')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Update')
    await page.keyboard.press('Enter')
    const moved = page.locator('section[aria-labelledby="col-in_progress"]').getByTestId('board-card').filter({ hasText: 'Hall light out' })
    await moved.waitFor()
    await page.waitForFunction(() => document.activeElement?.textContent?.trim() === 'Update')
    assert.equal(await moved.getByRole('button', { name: 'Update' }).evaluate((el) => el === document.activeElement), true, 'focus followed the card')
    await page.getByTestId('board-status').getByText('Moved “Hall light out” to In progress.').waitFor()
    // Cancelled, it leaves the board: focus goes to the column it left, not to the page.
    await moved.getByLabel('Status').selectOption('cancelled')
    await moved.getByRole('button', { name: 'Update' }).press('Enter')
    await moved.waitFor({ state: 'detached' })
    await page.waitForFunction(() => document.activeElement?.id === 'col-in_progress')
    assert.deepEqual(await axe(page), [], describeViolations('maintenance board after moves', await axe(page)))
    await ctx.close()
  })

  test('notifications from before this sign-in are not toasted; a gap gives one summary; a toast links to its thing', async () => {
    const user = await b.database.db.selectFrom('users').select('tenant_id').where('email', '=', b.demo.logins.tenant.email).executeTakeFirstOrThrow()
    const tenantId = user.tenant_id!
    const lease = await b.database.db
      .selectFrom('lease_tenants as lt')
      .innerJoin('leases as l', 'l.id', 'lt.lease_id')
      .innerJoin('units as u', 'u.id', 'l.unit_id')
      .select(['u.id', 'u.property_id'])
      .where('lt.tenant_id', '=', tenantId)
      .where('l.status', '=', 'active')
      .executeTakeFirstOrThrow()
    const tokens = new Map<string, string>()
    const call = async <T = Record<string, unknown>>(role: 'admin' | 'tenant', method: 'POST' | 'PATCH', url: string, payload: object): Promise<T> => {
      if (!tokens.has(role)) {
        const res = await b.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: b.demo.logins[role].email, password: b.demo.logins[role].password } })
        tokens.set(role, res.json<{ accessToken: string }>().accessToken)
      }
      const res = await b.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${tokens.get(role)}` }, payload })
      assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`)
      return res.json<T>()
    }
    // The organization's today: after midnight UTC it is still yesterday in New York, and a day ahead is refused.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date())
    // Three notifications for the tenant: two payments received and a request started.
    const threeNotifications = async (tag: string) => {
      const request = await call<{ id: string }>('tenant', 'POST', '/maintenance', { propertyId: lease.property_id, unitId: lease.id, title: `Sink drips ${tag}`, description: 'Drips all night.' })
      for (const n of [1, 2]) await call('admin', 'POST', '/payments', { tenantId, amountCents: 1_000, method: 'check', paidOn: today, reference: `AWAY-${tag}-${n}`, status: 'succeeded' })
      await call('admin', 'PATCH', `/maintenance/${request.id}`, { status: 'in_progress' })
      await b.app.realtime.dispatcher.idle()
      return request
    }

    const ctx = await b.context()
    let refusing = false
    const sockets = new Set<WebSocketRoute>()
    await ctx.routeWebSocket(
      (url) => url.pathname.startsWith('/ws'),
      (ws) => {
        if (refusing) return void ws.close({ code: 1011, reason: 'refused by the test' })
        ws.connectToServer()
        sockets.add(ws)
      },
    )
    const page = await ctx.newPage()
    const toasts = page.getByRole('region', { name: 'Notifications' }).getByTestId('toast')
    const online = page.getByTestId('connection-status').and(page.locator('[data-status="online"]'))
    await signIn(page, b.demo.logins.tenant.email, b.demo.logins.tenant.password)
    await online.waitFor()
    await settled(page)

    // Signed out, then in again in the same tab: what happened meanwhile shows in the data, not as toasts.
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor()
    await threeNotifications('out')
    await page.getByLabel('E-mail').fill(b.demo.logins.tenant.email)
    await page.getByLabel('Password').fill(b.demo.logins.tenant.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await online.waitFor()
    await settled(page)
    await page.waitForTimeout(1_000)
    assert.equal(await toasts.count(), 0, `toasts: ${(await toasts.allInnerTexts()).join(' | ')}`)

    // Cut off for a while: the three notifications of the gap come back as one summary.
    refusing = true
    for (const ws of sockets) await ws.close()
    await page.getByTestId('connection-status').and(page.locator('[data-status="reconnecting"]')).waitFor({ timeout: 10_000 })
    await threeNotifications('gap')
    refusing = false
    await online.waitFor({ timeout: 30_000 })
    await toasts.filter({ hasText: '3 updates while you were away' }).waitFor({ timeout: 10_000 })
    await page.waitForTimeout(500)
    assert.equal(await toasts.count(), 1, `toasts: ${(await toasts.allInnerTexts()).join(' | ')}`)
    await toasts.getByRole('button', { name: /Dismiss/ }).click()

    // Live, one at a time, each links to what it is about.
    const request = await call<{ id: string }>('tenant', 'POST', '/maintenance', { propertyId: lease.property_id, unitId: lease.id, title: 'Door sticks', description: 'Hard to open.' })
    await call('admin', 'PATCH', `/maintenance/${request.id}`, { status: 'in_progress' })
    const started = toasts.filter({ hasText: 'Maintenance started' })
    await started.waitFor({ timeout: 15_000 })
    const link = started.getByRole('link', { name: 'Open the request' })
    assert.equal(await link.getAttribute('href'), `/portal/requests/${request.id}`)
    assert.deepEqual(await axe(page), [], describeViolations('portal with a linked toast', await axe(page)))
    await link.click()
    await page.getByRole('heading', { level: 1, name: 'Door sticks' }).waitFor()
    await started.waitFor({ state: 'detached' })
    await ctx.close()
  })
})
