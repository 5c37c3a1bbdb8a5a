/**
 * UUID v7 (RFC 9562): a 48-bit millisecond timestamp, a 12-bit counter, then random bits. Ids made
 * by one process are strictly increasing, also within a millisecond (RFC 9562 §6.2, method 1), so
 * rows written one after another sort in the order they were written.
 */
import { randomBytes } from 'node:crypto'

let lastMs = 0
let counter = 0

export function uuidv7(now: number = Date.now()): string {
  if (now > lastMs) {
    lastMs = now
    // A random start in the lower half leaves room to count up within the millisecond.
    counter = randomBytes(2).readUInt16BE(0) & 0x7ff
  } else if (++counter > 0xfff) {
    // 4,096 ids in one millisecond (or a clock that went back): borrow the next millisecond.
    lastMs += 1
    counter = 0
  }
  const bytes = randomBytes(16)
  bytes.writeUIntBE(lastMs, 0, 6)
  bytes[6] = 0x70 | (counter >> 8)
  bytes[7] = counter & 0xff
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f)
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
