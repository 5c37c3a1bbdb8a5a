/** Staff add a file (a lease PDF, a signed form) to a lease or a tenant, within the limits the documents API enforces. */
import { useRef, useState } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { z } from 'zod'
import { DOCUMENT_TYPES, MAX_DOCUMENT_BYTES, TYPE_NAMES, type DocumentDto } from '../../../src/modules/documents/documents.schema.js'
import { api, ApiError } from '../api/client'
import { ErrorSummary, Field, useForm, useFormId } from './Form'

const ACCEPTED: readonly string[] = DOCUMENT_TYPES
const names = Object.values(TYPE_NAMES)
const KINDS = `${names.slice(0, -1).join(', ')} or ${names.at(-1) ?? ''}`
const LIMIT = `${MAX_DOCUMENT_BYTES / 1024} KB`

/** The chosen file against the API's own limits, before anything is read or sent. */
const Choice = z.object({
  file: z
    .instanceof(File, { error: 'choose a file to add' })
    .refine((f) => ACCEPTED.includes(f.type), `must be a ${KINDS} file`)
    .refine((f) => f.size > 0, 'the file is empty')
    .refine((f) => f.size <= MAX_DOCUMENT_BYTES, `at most ${LIMIT}`),
})

const base64Of = (file: File): Promise<string> =>
  new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result.replace(/^data:[^,]*,/, '') : '')
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'))
    reader.readAsDataURL(file)
  })

/** The server names the body's fields (type, content, subject); all of them are about the one file chosen here. */
const onFileField = (error: unknown): unknown =>
  error instanceof ApiError ? new ApiError(error.status, error.code, error.message, error.errors.map((e) => ({ ...e, field: e.field.startsWith('body.') ? 'body.file' : e.field }))) : error

export function DocumentUpload({ subject }: { subject: { leaseId: string } | { tenantId: string } }) {
  const client = useQueryClient()
  const fid = useFormId('document')
  const form = useForm<{ file: File | null }>({ file: null })
  const input = useRef<HTMLInputElement>(null)
  const [busy, setBusy] = useState(false)
  const [added, setAdded] = useState<string>()

  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    setAdded(undefined)
    const choice = form.check(Choice, { file: form.values.file })
    if (!choice || busy) return
    setBusy(true)
    try {
      const { file } = choice
      const doc = await api<DocumentDto>('/documents', { method: 'POST', body: { ...subject, fileName: file.name, contentType: file.type, contentBase64: await base64Of(file) } })
      form.setAll({ file: null })
      if (input.current) input.current.value = ''
      setAdded(doc.fileName)
      // A lease's files show on the lease and on each of its tenants.
      await Promise.all([client.invalidateQueries({ queryKey: ['leases'] }), client.invalidateQueries({ queryKey: ['tenants'] })])
    } catch (error) {
      form.fail(onFileField(error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${fid}-title`}>
      <h3 id={`${fid}-title`}>Add document</h3>
      <ErrorSummary form={form} labels={{ file: 'File' }} idPrefix={fid} />
      <Field idPrefix={fid} name="file" label="File" hint={`${KINDS}, up to ${LIMIT}.`} required error={form.errors.file}>
        {(a) => (
          <input
            {...a}
            ref={input}
            type="file"
            name="file"
            accept={DOCUMENT_TYPES.join(',')}
            onChange={(e) => {
              setAdded(undefined)
              form.set('file', e.target.files?.[0] ?? null)
            }}
          />
        )}
      </Field>
      <div className="page-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add document'}
        </button>
        <span role="status">{added ? `Added ${added}.` : ''}</span>
      </div>
    </form>
  )
}
