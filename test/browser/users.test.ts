/** User administration in chromium: a manager invites a tenant, the tenant accepts the link in another browser; the admin's Users page. */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import type { Page } from 'playwright-core'
import { axe, describeViolations, settled, signIn, skipBrowser, startBrowserApp, type BrowserApp } from './harness.js'

const PASSWORD = 'my new portal password'

describe('users and invitations in chromium', { skip: skipBrowser }, () => {
  let b: BrowserApp
  before(async () => {
    b = await startBrowserApp()
  })
  after(() => b?.close())

  const clean = async (page: Page, where: string) => {
    await settled(page)
    const violations = await axe(page)
    assert.deepEqual(violations, [], describeViolations(where, violations))
  }

  /** A demo tenant leasing on one of the demo manager's properties who has no login; made with the factories when the demo has none. */
  async function tenantWithoutLogin(managerId: string) {
    const db = b.database.db
    const found = await db
      .selectFrom('tenants as t')
      .innerJoin('lease_tenants as lt', (j) => j.onRef('lt.org_id', '=', 't.org_id').onRef('lt.tenant_id', '=', 't.id'))
      .innerJoin('leases as l', (j) => j.onRef('l.org_id', '=', 'lt.org_id').onRef('l.id', '=', 'lt.lease_id'))
      .innerJoin('units as u', (j) => j.onRef('u.org_id', '=', 'l.org_id').onRef('u.id', '=', 'l.unit_id'))
      .innerJoin('property_managers as pm', (j) => j.onRef('pm.org_id', '=', 'u.org_id').onRef('pm.property_id', '=', 'u.property_id'))
      .select(['t.id', 't.first_name', 't.last_name', 't.email'])
      .where('pm.user_id', '=', managerId)
      .where('l.status', '=', 'active')
      .where('t.email', 'is not', null)
      .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM users x WHERE x.org_id = t.org_id AND x.tenant_id = t.id)`)
      .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM users x WHERE lower(x.email) = lower(t.email))`)
      .orderBy('t.last_name')
      .orderBy('t.id')
      .executeTakeFirst()
    if (found) return found
    const property = await db.selectFrom('property_managers').select('property_id').where('user_id', '=', managerId).executeTakeFirstOrThrow()
    const unit = await b.f.unit(b.demo.orgId, property.property_id)
    const tenant = await b.f.tenant(b.demo.orgId, { first_name: 'Nadia', last_name: 'Newcomer', email: 'nadia.newcomer@example.test' })
    await b.f.lease(b.demo.orgId, unit.id, [tenant.id], { status: 'active', start_date: '2025-01-01', end_date: null })
    return tenant
  }

  test('a manager invites a tenant from their page; in another browser the tenant sets a password and lands on the portal with their balance', async () => {
    const manager = await b.database.db.selectFrom('users').select('id').where('email', '=', b.demo.logins.property_manager.email).executeTakeFirstOrThrow()
    const tenant = await tenantWithoutLogin(manager.id)
    const staff = await b.context()
    const page = await staff.newPage()
    await signIn(page, b.demo.logins.property_manager.email, b.demo.logins.property_manager.password)
    await page.goto(`/tenants/${tenant.id}`)
    const section = page.getByRole('region', { name: 'Portal access' })
    await section.getByText('No portal login yet.').waitFor()
    await clean(page, 'tenant page, portal access')
    await section.getByRole('button', { name: 'Invite to the portal' }).click()
    assert.equal(await section.getByLabel('Name').inputValue(), `${tenant.first_name} ${tenant.last_name}`)
    assert.equal(await section.getByLabel('E-mail').inputValue(), tenant.email)
    await clean(page, 'tenant page, invitation form')
    await section.getByRole('button', { name: 'Create the invitation' }).click()
    const shown = section.getByTestId('invitation-link')
    await shown.waitFor()
    await shown.getByText('works once, within 7 days').waitFor()
    const link = await shown.getByLabel('Invitation link').inputValue()
    assert.match(link, /\/invite\/[A-Za-z0-9_-]{43}$/)
    await section.getByTestId('portal-invited').waitFor()
    await clean(page, 'tenant page, invitation link')
    await staff.close()

    const invitee = await b.context()
    const portal = await invitee.newPage()
    await portal.goto(link)
    const who = portal.getByTestId('invite-who')
    await who.waitFor()
    const org = await b.database.db.selectFrom('organizations').select('name').where('id', '=', b.demo.orgId).executeTakeFirstOrThrow()
    assert.match(await who.innerText(), new RegExp(`invited to ${org.name}`))
    await clean(portal, 'invitation page')
    await portal.getByLabel(/^Password( \*)?$/).fill(PASSWORD)
    await portal.getByLabel('Password again').fill('not the same password')
    await portal.getByRole('button', { name: 'Set password and sign in' }).click()
    await portal.getByRole('alert').getByText('Password again: does not match the password').waitFor()
    assert.equal(await portal.getByLabel('Password again').getAttribute('aria-invalid'), 'true')
    await clean(portal, 'invitation page with a field error')
    await portal.getByLabel('Password again').fill(PASSWORD)
    await portal.getByRole('button', { name: 'Set password and sign in' }).click()
    await portal.waitForURL((url) => url.pathname === '/portal')
    await settled(portal)
    const balance = await portal.getByTestId('portal-balance').innerText()
    assert.match(balance, /\$\d/, balance)
    const user = await b.database.db.selectFrom('users').select(['role', 'tenant_id']).where('tenant_id', '=', tenant.id).executeTakeFirstOrThrow()
    assert.deepEqual(user, { role: 'tenant', tenant_id: tenant.id })

    // The link worked once.
    const again = await invitee.newPage()
    await again.goto(link)
    await again.getByTestId('invite-unusable').getByText('expired or was already used').waitFor()
    await again.getByRole('link', { name: 'Go to sign-in' }).waitFor()
    await clean(again, 'invitation page, used link')
    await invitee.close()
  })

  test('the admin invites a technician, sees the link once, revokes the invitation, and disables and enables an account', async () => {
    const ctx = await b.context()
    const page = await ctx.newPage()
    await signIn(page, b.demo.logins.admin.email, b.demo.logins.admin.password)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click()
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor()
    await clean(page, 'users page')
    const form = page.getByRole('form', { name: 'Invite someone' })
    await form.getByLabel('Role').selectOption('technician')
    await form.getByLabel('Name').fill('Terry Tools')
    await form.getByLabel('E-mail').fill('not an address')
    await form.getByRole('button', { name: 'Send invitation' }).click()
    await form.getByRole('alert').getByText('E-mail must be an e-mail address').waitFor()
    await form.getByLabel('E-mail').fill(b.demo.logins.technician.email)
    await form.getByRole('button', { name: 'Send invitation' }).click()
    // The server's refusal shows on the field.
    await page.locator('.field-invalid').getByText('an account with this e-mail already exists').waitFor()
    await clean(page, 'users page with a server field error')
    await form.getByLabel('E-mail').fill('terry.tools@example.test')
    await form.getByRole('button', { name: 'Send invitation' }).click()
    await page.getByTestId('invitation-link').waitFor()
    const pending = page.getByTestId('pending-invitations')
    await pending.getByRole('row').filter({ hasText: 'terry.tools@example.test' }).waitFor()
    await clean(page, 'users page with an invitation link')
    await pending.getByRole('button', { name: 'Revoke the invitation for Terry Tools' }).click()
    await pending.getByRole('row').filter({ hasText: 'terry.tools@example.test' }).waitFor({ state: 'detached' })
    assert.equal(await page.getByTestId('invitation-link').count(), 0, 'the revoked link is no longer shown')

    const tech = await b.database.db.selectFrom('users').select(['id', 'display_name']).where('email', '=', b.demo.logins.technician.email).executeTakeFirstOrThrow()
    const accounts = page.getByRole('region', { name: 'Accounts' })
    await accounts.getByRole('button', { name: `Disable ${tech.display_name}` }).click()
    await accounts.getByRole('button', { name: `Enable ${tech.display_name}` }).waitFor()
    const off = await b.database.db.selectFrom('users').select('disabled_at').where('id', '=', tech.id).executeTakeFirstOrThrow()
    assert.ok(off.disabled_at)
    await accounts.getByRole('button', { name: `Enable ${tech.display_name}` }).click()
    await accounts.getByRole('button', { name: `Disable ${tech.display_name}` }).waitFor()
    await clean(page, 'users page after enabling')
    await ctx.close()
  })
})
