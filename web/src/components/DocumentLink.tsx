/**
 * A stored file to download. The content route needs the bearer token, so a plain href cannot work:
 * the file is fetched with the session and saved from an object URL under its own name.
 */
import { useState } from 'react'
import { api, ApiError } from '../api/client'
import { count } from '../format'

/** What a listing says of a document: enough to name and fetch it. */
export interface DocumentSummary {
  id: string
  fileName: string
  sizeBytes: number
}

/** A file size as people read it: bytes, KB (rounded up) or MB. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return count(bytes, 'byte')
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

type State = { kind: 'idle' } | { kind: 'busy' } | { kind: 'failed'; message: string }

export function DocumentLink({ document: doc }: { document: DocumentSummary }) {
  const [state, setState] = useState<State>({ kind: 'idle' })
  const busy = state.kind === 'busy'
  const save = async () => {
    if (busy) return
    setState({ kind: 'busy' })
    try {
      const blob = await api<Blob>(`/documents/${doc.id}/content`, { blob: true })
      const url = URL.createObjectURL(blob)
      const a = document.createElement('a')
      a.href = url
      a.download = doc.fileName
      a.click()
      URL.revokeObjectURL(url)
      setState({ kind: 'idle' })
    } catch (error) {
      setState({ kind: 'failed', message: error instanceof ApiError ? error.message : 'the connection failed, please try again' })
    }
  }
  return (
    <span className="document-link">
      {/* A button, not a link: there is no address to follow, only a fetch with the session. */}
      {/* The name says what a click does and how big the file is; it holds the visible text, so speech control finds it. */}
      <button type="button" className="link-button" aria-label={`Download ${doc.fileName}, ${fileSize(doc.sizeBytes)}`} aria-disabled={busy} onClick={() => void save()}>
        {doc.fileName}
      </button>
      <span role="status" className="muted">
        {busy ? ' Downloading…' : ''}
      </span>
      <span role="alert" className="field-error">
        {state.kind === 'failed' ? ` Could not download ${doc.fileName}: ${state.message.replace(/\.$/, '')}.` : ''}
      </span>
    </span>
  )
}

/** Documents as a list of download buttons (a request's files). */
export function DocumentList({ documents, label }: { documents: DocumentSummary[]; label: string }) {
  return (
    <ul className="documents" aria-label={label}>
      {documents.map((d) => (
        <li key={d.id}>
          <DocumentLink document={d} />
        </li>
      ))}
    </ul>
  )
}
