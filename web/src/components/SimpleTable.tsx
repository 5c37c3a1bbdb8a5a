/** A table of rows already loaded (a detail page's relation), with placeholder rows until they arrive. */
import type { ReactNode } from 'react'
import { Table, type Column } from './List'

export function SimpleTable<T>({ caption, rows, rowKey, columns, empty, testId }: { caption: string; rows: T[] | undefined; rowKey: (row: T) => string; columns: Column<T>[]; empty: string; testId?: string }): ReactNode {
  return (
    <div data-testid={testId}>
      <Table caption={caption} rows={rows} rowKey={rowKey} columns={columns} busy={rows === undefined} skeletonRows={2} empty={empty} />
    </div>
  )
}
