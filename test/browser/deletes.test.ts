/**
 * Deleting in chromium: a unit from its edit page and a draft lease from its page, each asked for in a
 * modal dialog (focus moves in, Escape cancels and focus comes back), and the API's 409 (the unit has
 * leases, the lease has charges) shown in words. Axe on the page with the dialog open and after a refusal.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { noViolations, pageAs, settled, skipBrowser, startBrowserApp, type BrowserApp } from './harness.js'

describe('deleting units and draft leases in chromium', { skip: skipBrowser }, () => {
  let b: BrowserApp
  let property: { id: string; name: string }

  before(async () => {
    b = await startBrowserApp()
    // A property of the demo manager's, so both the manager and the admin reach it.
    const managerId = (await b.database.db.selectFrom('users').select('id').where('email', '=', b.demo.logins.property_manager.email).executeTakeFirstOrThrow()).id
    property = await b.database.db
      .selectFrom('properties as p')
      .innerJoin('property_managers as pm', (j) => j.onRef('pm.org_id', '=', 'p.org_id').onRef('pm.property_id', '=', 'p.id'))
      .select(['p.id', 'p.name'])
      .where('pm.user_id', '=', managerId)
      .orderBy('p.name')
      .executeTakeFirstOrThrow()
  })
  after(() => b?.close())

  const as = (role: keyof BrowserApp['demo']['logins']) => pageAs(b, role)

  const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '')
  const focusInDialog = (page: Page) => page.evaluate(() => !!document.activeElement?.closest('dialog[open]'))

  test('a manager deletes a unit that never had a lease: Escape cancels and gives focus back, confirming deletes it', async () => {
    const unit = await b.f.unit(b.demo.orgId, property.id, { unit_number: 'DEL-1' })
    const page = await as('property_manager')
    await page.goto(`/units/${unit.id}/edit`)
    const remove = page.getByRole('button', { name: 'Delete unit' })
    await remove.click()
    const dialog = page.getByRole('dialog', { name: 'Delete unit?' })
    await dialog.waitFor()
    assert.match(await dialog.innerText(), /Unit DEL-1 .* will be deleted/)
    assert.ok(await focusInDialog(page), 'focus moves into the dialog')
    assert.equal(await focusedText(page), 'Cancel', 'the safe choice has focus')
    await noViolations(page, 'unit form with the delete dialog open')
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    assert.equal(await focusedText(page), 'Delete unit', 'focus is back on the button that opened it')
    assert.ok(await b.database.db.selectFrom('units').select('id').where('id', '=', unit.id).executeTakeFirst(), 'Escape deleted nothing')

    await remove.click()
    await dialog.getByRole('button', { name: 'Delete unit' }).click()
    await page.waitForURL(`**/properties/${property.id}`)
    assert.equal(await b.database.db.selectFrom('units').select('id').where('id', '=', unit.id).executeTakeFirst(), undefined)
    await page.context().close()
  })

  test("a unit with a lease is kept, and the page says why in words", async () => {
    const unit = await b.f.unit(b.demo.orgId, property.id, { unit_number: 'DEL-2' })
    const tenant = await b.f.tenant(b.demo.orgId)
    await b.f.lease(b.demo.orgId, unit.id, [tenant.id], { status: 'ended', start_date: '2020-01-01', end_date: '2020-12-31' })
    const page = await as('property_manager')
    await page.goto(`/units/${unit.id}/edit`)
    await page.getByRole('button', { name: 'Delete unit' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Delete unit' }).click()
    const problem = page.getByTestId('delete-problem')
    await problem.getByText('The unit has leases and cannot be deleted.').waitFor()
    assert.equal(await focusedText(page), 'Delete unit')
    assert.ok(await b.database.db.selectFrom('units').select('id').where('id', '=', unit.id).executeTakeFirst())
    await settled(page)
    await noViolations(page, 'unit form after a refused delete')
    await page.context().close()
  })

  test('an admin deletes a draft lease from its page; a draft with a charge is kept with the reason; a manager sees no Delete', async () => {
    const unit = await b.f.unit(b.demo.orgId, property.id, { unit_number: 'DEL-3' })
    const tenant = await b.f.tenant(b.demo.orgId)
    const draft = await b.f.lease(b.demo.orgId, unit.id, [tenant.id], { status: 'draft', start_date: '2030-01-01', end_date: '2030-12-31' })
    const charged = await b.f.lease(b.demo.orgId, unit.id, [tenant.id], { status: 'draft', start_date: '2031-01-01', end_date: '2031-12-31' })
    await b.f.charge(b.demo.orgId, charged.id, { due_date: '2031-01-01' })

    const manager = await as('property_manager')
    await manager.goto(`/leases/${draft.id}`)
    await settled(manager)
    assert.equal(await manager.getByRole('button', { name: 'Delete draft lease' }).count(), 0, 'only an admin may delete a lease')
    await manager.context().close()

    const page = await as('admin')
    await page.goto(`/leases/${charged.id}`)
    await page.getByRole('button', { name: 'Delete draft lease' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Delete draft lease' }).click()
    await page.getByTestId('delete-problem').getByText(/The lease has charges or payments/).waitFor()
    await settled(page)
    await noViolations(page, 'lease page after a refused delete')

    await page.goto(`/leases/${draft.id}`)
    await page.getByRole('button', { name: 'Delete draft lease' }).click()
    const dialog = page.getByRole('dialog', { name: 'Delete draft lease?' })
    await dialog.waitFor()
    await noViolations(page, 'lease page with the delete dialog open')
    await dialog.getByRole('button', { name: 'Delete draft lease' }).click()
    await page.waitForURL('**/leases')
    assert.equal(await b.database.db.selectFrom('leases').select('id').where('id', '=', draft.id).executeTakeFirst(), undefined)
    assert.ok(await b.database.db.selectFrom('leases').select('id').where('id', '=', charged.id).executeTakeFirst())
    await page.context().close()
  })
})
