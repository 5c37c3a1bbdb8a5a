import { test } from 'node:test'
import assert from 'node:assert/strict'
import { uuidv7 } from './ids.js'

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

test('ids made in one millisecond, and when the clock goes back, are strictly increasing v7 UUIDs', () => {
  const at = Date.UTC(2026, 11, 3)
  const ids = [...Array.from({ length: 5000 }, () => uuidv7(at)), uuidv7(at - 60_000), uuidv7()]
  for (const id of ids) assert.match(id, UUID_V7)
  for (let i = 1; i < ids.length; i++) assert.ok(ids[i - 1]! < ids[i]!, `${ids[i - 1]} < ${ids[i]}`)
  assert.equal(new Set(ids).size, ids.length)
})

test('the first 48 bits are the millisecond it was made', () => {
  const at = Date.UTC(2030, 0, 1)
  assert.equal(parseInt(uuidv7(at + 10_000).replace(/-/g, '').slice(0, 12), 16), at + 10_000)
})
