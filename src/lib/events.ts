/** The outbox: a write appends its domain event in its own transaction; delivery happens after commit. */
import type { EventTopic, Trx } from '../db/types.js'
import { uuidv7 } from './ids.js'

export interface DomainEvent {
  orgId: string
  topic: EventTopic
  action: 'created' | 'updated' | 'deleted'
  entityId: string
  actorId?: string | null
  /** Thin: ids and scope keys (propertyId, tenantId, leaseId…) only; clients re-fetch the rest. */
  payload?: Record<string, unknown>
}

/** Appends an event; takes a transaction (not the bare db) so it commits or rolls back with the write. */
export async function appendEvent(trx: Trx, event: DomainEvent): Promise<void> {
  await trx
    .insertInto('events')
    .values({
      id: uuidv7(),
      org_id: event.orgId,
      topic: event.topic,
      action: event.action,
      entity_id: event.entityId,
      actor_id: event.actorId ?? null,
      payload: JSON.stringify(event.payload ?? {}) as unknown as Record<string, unknown>,
    })
    .execute()
}
