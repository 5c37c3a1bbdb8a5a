/**
 * Allocation: money pays the oldest open charges first; what is left is a credit that pays the next
 * charges as they come. A charge never receives more than its open balance.
 */

export interface OpenCharge {
  id: string
  leaseId: string
  dueDate: string
  balanceCents: number
}

export interface Credit {
  paymentId: string
  /** Unallocated money of the payment. */
  availableCents: number
  /** The leases the payment may pay: its own lease, or every lease of the payer. */
  leaseIds: ReadonlySet<string>
}

export interface Allocation {
  paymentId: string
  chargeId: string
  amountCents: number
}

/** Oldest first: by due date, then by id (time-ordered), so the order never depends on input order. */
export const oldestFirst = (a: { dueDate: string; id: string }, b: { dueDate: string; id: string }): number =>
  a.dueDate === b.dueDate ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.dueDate < b.dueDate ? -1 : 1

/**
 * Applies each credit, in the order given (oldest payment first), to the open charges it may pay,
 * oldest first. Returns the allocations; `charges` is not changed.
 */
export function settle(charges: readonly OpenCharge[], credits: readonly Credit[]): Allocation[] {
  const open = charges.filter((c) => c.balanceCents > 0).map((c) => ({ ...c })).sort(oldestFirst)
  const out: Allocation[] = []
  for (const credit of credits) {
    let left = credit.availableCents
    for (const charge of open) {
      if (left <= 0) break
      if (charge.balanceCents <= 0 || !credit.leaseIds.has(charge.leaseId)) continue
      const amount = Math.min(left, charge.balanceCents)
      charge.balanceCents -= amount
      left -= amount
      out.push({ paymentId: credit.paymentId, chargeId: charge.id, amountCents: amount })
    }
  }
  return out
}

/**
 * The entries that undo a payment: for each charge it still pays, a negative allocation of exactly
 * that amount, so a returned payment re-opens what it paid and nothing else.
 */
export function unallocate(paymentId: string, allocations: readonly { chargeId: string; amountCents: number }[]): Allocation[] {
  const net = new Map<string, number>()
  for (const a of allocations) net.set(a.chargeId, (net.get(a.chargeId) ?? 0) + a.amountCents)
  return [...net].filter(([, cents]) => cents > 0).map(([chargeId, cents]) => ({ paymentId, chargeId, amountCents: -cents }))
}
