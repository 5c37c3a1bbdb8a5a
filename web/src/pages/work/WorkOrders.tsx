/** Technician: the work orders assigned to me. */
import { Link } from 'react-router'
import { WORK_ORDER_STATUSES, type WorkOrderItem } from '../../../../src/modules/work-orders/work-orders.schema.js'
import { Badge, ListView, type FilterDef } from '../../components/List'
import { Page } from '../../components/Page'
import { dateTime } from '../../format'

const FILTERS: FilterDef[] = [{ kind: 'multi', name: 'status', label: 'Status', options: WORK_ORDER_STATUSES }]

export default function WorkOrders() {
  return (
    <Page title="Work orders">
      <ListView<WorkOrderItem>
        root="work-orders"
        path="/work-orders"
        filters={FILTERS}
        idPrefix="work-orders"
        caption="My work orders"
        rowKey={(w) => w.id}
        columns={[
          { header: 'Job', cell: (w) => <Link to={`/work/${w.id}`}>{w.request.title}</Link> },
          { header: 'Priority', cell: (w) => <Badge value={w.request.priority} /> },
          { header: 'Status', cell: (w) => <Badge value={w.status} /> },
          { header: 'Scheduled', cell: (w) => dateTime(w.scheduledFor) },
        ]}
      />
    </Page>
  )
}
