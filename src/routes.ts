/** Every /api/v1 route module, registered in one place. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Db } from './db/types.js'
// route-imports (one line per module)
import { documentsRoutes } from './modules/documents/documents.routes.js'
import { usersRoutes } from './modules/users/users.routes.js'
import { reportsRoutes } from './modules/reports/reports.routes.js'
import { realtimeRoutes } from './realtime/realtime.routes.js'
import { ledgerRoutes } from './modules/ledger/ledger.routes.js'
import { dashboardRoutes } from './modules/dashboard/dashboard.routes.js'
import { maintenanceRoutes } from './modules/maintenance/maintenance.routes.js'
import { workOrdersRoutes } from './modules/work-orders/work-orders.routes.js'
import { paymentsRoutes } from './modules/payments/payments.routes.js'
import { tenantsRoutes } from './modules/tenants/tenants.routes.js'
import { leasesRoutes } from './modules/leases/leases.routes.js'
import { propertiesRoutes } from './modules/properties/properties.routes.js'
import { unitsRoutes } from './modules/units/units.routes.js'

export const apiRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  // route-registrations (one line per module)
  await app.register(documentsRoutes, { db })
  await app.register(usersRoutes, { db })
  await app.register(reportsRoutes, { db })
  await app.register(realtimeRoutes, { db })
  await app.register(ledgerRoutes, { db })
  await app.register(dashboardRoutes, { db })
  await app.register(maintenanceRoutes, { db })
  await app.register(workOrdersRoutes, { db })
  await app.register(paymentsRoutes, { db })
  await app.register(tenantsRoutes, { db })
  await app.register(leasesRoutes, { db })
  await app.register(propertiesRoutes, { db })
  await app.register(unitsRoutes, { db })
}
