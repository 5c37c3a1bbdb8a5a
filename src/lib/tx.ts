/** Transactions: explicit, passed down, retried when the database reports a serialization conflict. */
import type { IsolationLevel } from 'kysely'
import type { Executor, Trx } from '../db/types.js'

const RETRYABLE = new Set(['40001', '40P01'])

export interface TxOptions {
  isolation?: IsolationLevel
  retries?: number
}

/**
 * Runs `fn` in a transaction. Inside an open transaction it joins it; otherwise it opens one and
 * retries on serialization failures and deadlocks, which are the database asking to try again.
 */
export async function inTransaction<T>(db: Executor, fn: (trx: Trx) => Promise<T>, options: TxOptions = {}): Promise<T> {
  if (db.isTransaction) return fn(db as Trx)
  const retries = options.retries ?? 3
  for (let attempt = 0; ; attempt++) {
    try {
      const builder = db.transaction()
      return await (options.isolation ? builder.setIsolationLevel(options.isolation) : builder).execute(fn)
    } catch (error) {
      const code = (error as { code?: string }).code
      if (attempt >= retries || !code || !RETRYABLE.has(code)) throw error
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * (attempt + 1)))
    }
  }
}
