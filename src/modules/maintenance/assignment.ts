/** How a request's status follows its assignment: open while nobody is on it, assigned once someone is. */
import type { MaintenanceStatus, Trx } from '../../db/types.js'
import { appendEvent } from '../../lib/events.js'
import { createMaintenanceQueries } from './maintenance.queries.js'

/** The status a request moves to when whether anyone is on it changes; null: it stays (only open and assigned move). */
export function statusForAssignment(status: MaintenanceStatus, staffed: boolean): MaintenanceStatus | null {
  if (status === 'open' && staffed) return 'assigned'
  if (status === 'assigned' && !staffed) return 'open'
  return null
}

/**
 * In the caller's transaction, after a work order of the request was assigned, unassigned,
 * cancelled or removed: moves the request between open and assigned, with its event. Someone is
 * on it when it has an assignee or a work order that is not cancelled has a technician.
 */
export async function followAssignment(trx: Trx, orgId: string, requestId: string, actorId: string | null): Promise<void> {
  const q = createMaintenanceQueries(trx)
  const r = await q.assignment(orgId, requestId)
  if (!r) return
  const next = statusForAssignment(r.status, r.assignee_id !== null || Boolean(r.has_assigned_work))
  if (!next) return
  await q.update(orgId, requestId, { status: next })
  await appendEvent(trx, {
    orgId,
    topic: 'maintenance',
    action: 'updated',
    entityId: requestId,
    actorId,
    payload: { propertyId: r.property_id, unitId: r.unit_id, tenantId: r.tenant_id, status: next, previousStatus: r.status },
  })
}
