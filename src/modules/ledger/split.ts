/** Splitting an amount among tenants or units: largest remainder, so the parts always sum to the whole. */

/**
 * Splits `totalCents` in proportion to `weights` (all ≥ 0, at least one > 0). Each part gets its
 * floor; the cents left over go one each to the largest remainders, earlier parts first on ties.
 */
export function splitCents(totalCents: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(totalCents)) throw new RangeError('the total must be whole cents')
  if (weights.length === 0 || weights.some((w) => !Number.isSafeInteger(w) || w < 0)) throw new RangeError('weights must be whole numbers ≥ 0')
  const sum = weights.reduce((a, b) => a + b, 0)
  if (sum <= 0) throw new RangeError('at least one weight must be above 0')
  const sign = totalCents < 0 ? -1 : 1
  const total = Math.abs(totalCents)
  // Products stay exact while total × weight < 2^53; BigInt keeps very large inputs exact too.
  const big = BigInt(total)
  const bigSum = BigInt(sum)
  const parts = weights.map((w) => {
    const product = big * BigInt(w)
    return { floor: Number(product / bigSum), remainder: product % bigSum }
  })
  let left = total - parts.reduce((a, p) => a + p.floor, 0)
  const order = parts.map((_, i) => i).sort((a, b) => {
    const ra = parts[a]!.remainder
    const rb = parts[b]!.remainder
    return ra === rb ? a - b : rb > ra ? 1 : -1
  })
  const out = parts.map((p) => p.floor)
  for (const i of order) {
    if (left === 0) break
    out[i]! += 1
    left -= 1
  }
  return out.map((c) => (c === 0 ? 0 : sign * c))
}

/** `totalCents` in `n` equal parts: 100 in 3 → 34, 33, 33. */
export const splitEvenly = (totalCents: number, n: number): number[] => splitCents(totalCents, Array.from({ length: n }, () => 1))
