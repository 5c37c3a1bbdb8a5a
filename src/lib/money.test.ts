import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { formatBpAsPercent, parsePercentToBp } from './money.js'

describe('percent strings', () => {
  test('a percentage with up to two decimals is whole basis points', () => {
    assert.equal(parsePercentToBp('8'), 800)
    assert.equal(parsePercentToBp(' 8.5 '), 850)
    assert.equal(parsePercentToBp('8.25%'), 825)
    assert.equal(parsePercentToBp('0.01'), 1)
    assert.equal(parsePercentToBp('100'), 10_000)
    assert.equal(parsePercentToBp('150'), 15_000, 'the range is the schema’s to refuse, with its message')
  })

  test('anything else is refused rather than guessed', () => {
    for (const text of ['', '-1', '8.555', '8,5', '.5', 'eight', '8 %%', '1e2']) assert.equal(parsePercentToBp(text), undefined, text)
  })

  test('basis points read back as the percentage typed', () => {
    assert.deepEqual([850, 800, 825, 0, 1, 10_000, 1_000].map(formatBpAsPercent), ['8.5', '8', '8.25', '0', '0.01', '100', '10'])
    for (const bp of [0, 7, 85, 850, 999, 10_000]) assert.equal(parsePercentToBp(formatBpAsPercent(bp)), bp)
  })
})
