/** Tenant: the documents of my leases. */
import { ProblemNotice } from '../../components/List'
import { Page } from '../../components/Page'
import { SimpleTable } from '../../components/SimpleTable'
import { dateTime } from '../../format'
import { usePortalTenant } from './usePortal'

export default function Documents() {
  const { data: t, error } = usePortalTenant()
  return (
    <Page title="Documents">
      <ProblemNotice error={error} />
      <SimpleTable
        caption="My documents"
        rows={t?.documents}
        rowKey={(d) => d.id}
        empty="No documents yet. Your lease documents appear here when your manager adds them."
        columns={[
          { header: 'File', cell: (d) => d.fileName },
          { header: 'Type', cell: (d) => d.contentType },
          { header: 'Size', cell: (d) => `${Math.ceil(d.sizeBytes / 1024)} KB`, num: true },
          { header: 'Added', cell: (d) => dateTime(d.createdAt) },
        ]}
      />
    </Page>
  )
}
