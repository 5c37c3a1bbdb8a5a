/** Presence and typing in a request's conversation, no stale page after a reconnect, and toasts by type, between real browsers. */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Page, WebSocketRoute } from 'playwright-core'
import { axe, describeViolations, settled, signIn, skipBrowser, startBrowserApp, type BrowserApp } from './harness.js'

type Role = keyof BrowserApp['demo']['logins']

describe('presence, reconnects and toasts in chromium', { skip: skipBrowser }, () => {
  let b: BrowserApp
  let tenantId: string
  let unit: { id: string; propertyId: string }
  const tokens = new Map<Role, string>()

  before(async () => {
    b = await startBrowserApp()
    const user = await b.database.db.selectFrom('users').select('tenant_id').where('email', '=', b.demo.logins.tenant.email).executeTakeFirstOrThrow()
    tenantId = user.tenant_id!
    const lease = await b.database.db
      .selectFrom('lease_tenants as lt')
      .innerJoin('leases as l', 'l.id', 'lt.lease_id')
      .innerJoin('units as u', 'u.id', 'l.unit_id')
      .select(['u.id', 'u.property_id'])
      .where('lt.tenant_id', '=', tenantId)
      .where('l.status', '=', 'active')
      .executeTakeFirstOrThrow()
    unit = { id: lease.id, propertyId: lease.property_id }
  })
  after(() => b?.close())

  /** The API as a demo user, the way another person's browser would use it. */
  async function call<T = Record<string, unknown>>(role: Role, method: 'POST' | 'PATCH', url: string, payload: object): Promise<T> {
    let token = tokens.get(role)
    if (!token) {
      const login = b.demo.logins[role]
      const res = await b.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: login.email, password: login.password } })
      assert.equal(res.statusCode, 200, res.body)
      token = res.json<{ accessToken: string }>().accessToken
      tokens.set(role, token)
    }
    const res = await b.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` }, payload })
    assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`)
    return res.json<T>()
  }

  const newRequest = (title: string) => call<{ id: string }>('tenant', 'POST', '/maintenance', { propertyId: unit.propertyId, unitId: unit.id, title, description: 'Reported for the live tests.' })

  async function open(role: Role, path: string): Promise<Page> {
    const ctx = await b.context()
    const page = await ctx.newPage()
    await signIn(page, b.demo.logins[role].email, b.demo.logins[role].password)
    await page.goto(path)
    await settled(page)
    await page.locator('[data-testid="connection-status"][data-status="online"]').waitFor()
    // Set in this document: still there at the end means the page was never reloaded.
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true))
    return page
  }
  const sameDocument = (page: Page) => page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true)

  test('manager and tenant see each other in the conversation, the typing, and the message without a reload', async () => {
    const request = await newRequest('Hallway light flickers')
    const manager = await open('property_manager', `/maintenance/${request.id}`)
    const tenant = await open('tenant', `/portal/requests/${request.id}`)
    const managerName = b.demo.logins.property_manager.displayName
    const tenantName = b.demo.logins.tenant.displayName

    await tenant.getByTestId('presence').getByText(managerName).waitFor({ timeout: 10_000 })
    await manager.getByTestId('presence').getByText(tenantName).waitFor({ timeout: 10_000 })
    assert.match(await manager.getByTestId('presence').innerText(), /Tenant/)
    assert.match(await tenant.getByTestId('presence').innerText(), /Property manager/)
    assert.equal(await manager.getByTestId('presence').getAttribute('aria-live'), 'polite')
    assert.equal(await manager.getByTestId('typing').getAttribute('role'), 'status')
    assert.equal(await manager.getByTestId('typing').innerText(), '')

    const composer = manager.getByLabel('Message')
    const before = await composer.boundingBox()
    // Typed slowly enough to still be typing while axe runs on the manager's page.
    const body = 'The light in the hallway flickers every evening, and now it buzzes as well.'
    const typing = tenant.getByLabel('Message').pressSequentially(body, { delay: 70 })
    const indicator = manager.getByTestId('typing').getByText(`${tenantName} is typing…`)
    await indicator.waitFor({ timeout: 10_000 })
    const during = await composer.boundingBox()
    assert.deepEqual(during, before, 'the typing line appeared without moving the page')
    const violations = await axe(manager)
    assert.ok(await indicator.isVisible(), 'axe ran while the typing indicator was shown')
    assert.deepEqual(violations, [], describeViolations('request page with presence and typing (manager)', violations))
    await typing

    await tenant.getByRole('button', { name: 'Send message' }).click()
    await tenant.getByTestId('thread').getByText(body).waitFor()
    await manager.getByTestId('thread').getByText(body).waitFor({ timeout: 10_000 })
    await manager.getByTestId('typing').getByText(`New message from ${tenantName}.`).waitFor()
    assert.equal(await sameDocument(manager), true, 'the manager page was not reloaded')
    const tenantViolations = await axe(tenant)
    assert.deepEqual(tenantViolations, [], describeViolations('request page with presence (tenant)', tenantViolations))

    // The tenant leaves: the manager sees nobody else.
    await tenant.context().close()
    await manager.getByTestId('presence').getByText('No one else is online in this conversation.').waitFor({ timeout: 10_000 })
    await manager.context().close()
  })

  test('a typist who goes quiet stops showing as typing', async () => {
    const request = await newRequest('Window latch loose')
    const manager = await open('property_manager', `/maintenance/${request.id}`)
    const tenant = await open('tenant', `/portal/requests/${request.id}`)
    await manager.getByTestId('presence').getByText(b.demo.logins.tenant.displayName).waitFor({ timeout: 10_000 })
    await tenant.getByLabel('Message').pressSequentially('The latch', { delay: 30 })
    const line = manager.getByTestId('typing')
    await line.getByText(/is typing…/).waitFor({ timeout: 10_000 })
    // No key for a few seconds: the indicator clears on its own, and the message was never sent.
    await line.getByText(/is typing…/).waitFor({ state: 'detached', timeout: 10_000 })
    assert.equal(await line.innerText(), '')
    assert.equal(await manager.getByTestId('thread').count(), 0)
    await tenant.context().close()
    await manager.context().close()
  })

  test('after the socket was cut, the page shows what changed meanwhile, without a reload, and the status went reconnecting → online', async () => {
    const request = await newRequest('Radiator cold')
    const ctx = await b.context()
    // The manager's websocket passes through here, so it can be cut and refused for a moment.
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
    const manager = await ctx.newPage()
    await signIn(manager, b.demo.logins.property_manager.email, b.demo.logins.property_manager.password)
    await manager.goto(`/maintenance/${request.id}`)
    await settled(manager)
    const status = manager.getByTestId('connection-status')
    await status.and(manager.locator('[data-status="online"]')).waitFor()
    await manager.evaluate(() => {
      const w = window as unknown as { __sameDocument: boolean; __statuses: string[] }
      w.__sameDocument = true
      w.__statuses = []
      const el = document.querySelector('[data-testid="connection-status"]')!
      new MutationObserver(() => w.__statuses.push(el.getAttribute('data-status') ?? '')).observe(el, { attributes: true, attributeFilter: ['data-status'] })
    })
    const facts = manager.locator('section[aria-labelledby="r-facts"]')
    await facts.locator('.badge-open').waitFor()

    refusing = true
    for (const ws of sockets) await ws.close()
    await status.and(manager.locator('[data-status="reconnecting"]')).waitFor({ timeout: 10_000 })
    // While it is away: an admin puts the request on hold, and the tenant writes in its thread.
    await call('admin', 'PATCH', `/maintenance/${request.id}`, { status: 'on_hold' })
    await call('tenant', 'POST', `/maintenance/${request.id}/comments`, { body: 'Still cold this morning.' })
    await b.app.realtime.dispatcher.idle()
    await manager.waitForTimeout(300)
    assert.equal(await facts.locator('.badge-on_hold').count(), 0, 'nothing reached the page while it was offline')
    assert.equal(await manager.getByText('Still cold this morning.').count(), 0)

    refusing = false
    await status.and(manager.locator('[data-status="online"]')).waitFor({ timeout: 30_000 })
    await facts.locator('.badge-on_hold').waitFor({ timeout: 10_000 })
    await manager.getByTestId('thread').getByText('Still cold this morning.').waitFor({ timeout: 10_000 })
    assert.equal(await sameDocument(manager), true, 'the page was not reloaded')
    const seen = await manager.evaluate(() => (window as unknown as { __statuses: string[] }).__statuses)
    assert.equal(seen[0], 'reconnecting', `statuses: ${seen.join(' → ')}`)
    assert.equal(seen.at(-1), 'online', `statuses: ${seen.join(' → ')}`)
    assert.ok(seen.every((s) => s === 'reconnecting' || s === 'online'), `statuses: ${seen.join(' → ')}`)
    await ctx.close()
  })

  test('toasts of each type: problems as alerts, news as status, distinctly styled, dismissed from the keyboard', async () => {
    const request = await newRequest('Dishwasher leaks')
    const tenant = await open('tenant', '/portal')
    // A payment is dated no later than today in the demo organization's zone.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date())
    const payment = { tenantId, amountCents: 5_000, method: 'check', paidOn: today }

    await call('admin', 'POST', '/payments', { ...payment, reference: 'TOAST-OK', status: 'succeeded' })
    const pending = await call<{ id: string }>('admin', 'POST', '/payments', { ...payment, reference: 'TOAST-FAIL' })
    await call('admin', 'PATCH', `/payments/${pending.id}`, { status: 'failed' })
    await call('property_manager', 'PATCH', `/maintenance/${request.id}`, { status: 'in_progress' })

    const region = tenant.getByRole('region', { name: 'Notifications' })
    const received = region.getByRole('status').getByTestId('toast').filter({ hasText: 'Payment received' })
    const failed = region.getByRole('alert').getByTestId('toast').filter({ hasText: 'Payment failed' })
    const started = region.getByRole('status').getByTestId('toast').filter({ hasText: 'Maintenance started' })
    for (const t of [received, failed, started]) await t.waitFor({ timeout: 15_000 })
    assert.equal(await region.getByRole('alert').getByTestId('toast').filter({ hasText: 'Payment received' }).count(), 0)
    assert.equal(await region.getByRole('status').getByTestId('toast').filter({ hasText: 'Payment failed' }).count(), 0)

    // Each type its own class and colours; the type is also in words for screen readers.
    const look = (t: typeof received) => t.evaluate((el) => ({ className: el.className, border: getComputedStyle(el).borderLeftColor, background: getComputedStyle(el).backgroundColor }))
    const [ok, bad, info] = [await look(received), await look(failed), await look(started)]
    assert.match(ok.className, /\btoast-success\b/)
    assert.match(bad.className, /\btoast-error\b/)
    assert.match(info.className, /\btoast-info\b/)
    assert.equal(new Set([ok.border, bad.border, info.border]).size, 3, JSON.stringify([ok, bad, info]))
    assert.equal(new Set([ok.background, bad.background, info.background]).size, 3, JSON.stringify([ok, bad, info]))
    assert.match(await failed.innerText(), /error/)

    // From the keyboard (toasts last ten seconds, so this comes first): Tab reaches each dismiss button; Enter and Space both dismiss.
    await tabTo(tenant, failed.getByRole('button', { name: 'Dismiss: Payment failed' }))
    await tenant.keyboard.press('Enter')
    await failed.waitFor({ state: 'detached' })
    await tabTo(tenant, received.getByRole('button', { name: 'Dismiss: Payment received' }))
    await tenant.keyboard.press(' ')
    await received.waitFor({ state: 'detached' })
    assert.equal(await started.count(), 1, 'the other toast stays')
    const violations = await axe(tenant)
    assert.deepEqual(violations, [], describeViolations('portal with a toast', violations))
    await tenant.context().close()
  })
})

/** Presses Tab until `target` has focus (it must be reachable from the keyboard at all). */
async function tabTo(page: Page, target: ReturnType<Page['locator']>): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab')
    if (await target.evaluate((el) => el === document.activeElement)) return
  }
  assert.fail('the control is not reachable with Tab')
}
