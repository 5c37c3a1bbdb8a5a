/** Tenant: the documents of my leases. */
import { ProblemNotice } from '../../components/List'
import { Page } from '../../components/Page'
import { SimpleTable } from '../../components/SimpleTable'
import { DocumentLink, fileSize } from '../../components/DocumentLink'
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
          { header: 'File', cell: (d) => <DocumentLink document={d} /> },
          { header: 'Type', cell: (d) => d.contentType },
          { header: 'Size', cell: (d) => fileSize(d.sizeBytes), num: true },
          { header: 'Added', cell: (d) => dateTime(d.createdAt) },
        ]}
      />
    </Page>
  )
}
