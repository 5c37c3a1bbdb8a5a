/** Late fees from a lease's policy: after the grace days, flat or a share of the overdue rent, capped. */
import { daysBetween } from './dates.js'

export interface LateFeePolicy {
  kind: 'none' | 'flat' | 'percent'
  flatCents: number
  /** Basis points of the overdue rent: 500 = 5 %. */
  percentBp: number
  /** No fee while the overdue balance is below this. */
  minBalanceCents: number
  capCents: number | null
  graceDays: number
}

export interface OverdueCharge {
  dueDate: string
  balanceCents: number
}

/** Whether a charge due on `dueDate` is overdue on `today`: past the due date plus the grace days. */
export const isOverdue = (dueDate: string, graceDays: number, today: string): boolean => daysBetween(dueDate, today) > graceDays

/**
 * The fee a rent charge owes on `today`, or 0. Charged once per charge: the caller records it
 * against the charge, and the ledger's unique key refuses a second.
 */
export function lateFee(policy: LateFeePolicy, charge: OverdueCharge, today: string): number {
  if (policy.kind === 'none' || charge.balanceCents <= 0) return 0
  if (!isOverdue(charge.dueDate, policy.graceDays, today)) return 0
  if (charge.balanceCents < policy.minBalanceCents) return 0
  const fee =
    policy.kind === 'flat'
      ? policy.flatCents
      : Math.floor((2 * charge.balanceCents * policy.percentBp + 10_000) / 20_000)
  return Math.max(0, policy.capCents === null ? fee : Math.min(fee, policy.capCents))
}
