/**
 * A question before something that cannot be undone, in a modal <dialog>: focus moves to its safe
 * button when it opens, Escape or "Cancel" closes it, and focus goes back to the control that opened it.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react'
import { api, ApiError } from '../api/client'

export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  busyLabel = 'Working…',
  danger = true,
  busy = false,
  onConfirm,
  onClose,
  returnFocus,
}: {
  open: boolean
  title: string
  children: ReactNode
  confirmLabel: string
  /** What the confirm button says while the request runs. */
  busyLabel?: string
  /** A destructive choice (red); false for a plain primary one. */
  danger?: boolean
  busy?: boolean
  onConfirm: () => void
  onClose: () => void
  /** The control to focus again once the dialog closes (the button that opened it). */
  returnFocus: React.RefObject<HTMLElement | null>
}) {
  const ref = useRef<HTMLDialogElement>(null)
  const cancel = useRef<HTMLButtonElement>(null)
  const id = useId()
  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (open && !dialog.open) {
      dialog.showModal()
      cancel.current?.focus()
    } else if (!open && dialog.open) {
      dialog.close()
      returnFocus.current?.focus()
    }
  }, [open])
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      // Escape: the browser would close the dialog behind React's back; close it through the state instead.
      onCancel={(e) => {
        e.preventDefault()
        if (!busy) onClose()
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      <div id={`${id}-body`}>{children}</div>
      <div className="page-actions">
        <button type="button" className={`button ${danger ? 'button-danger' : 'button-primary'}`} disabled={busy} onClick={onConfirm}>
          {busy ? busyLabel : confirmLabel}
        </button>
        <button ref={cancel} type="button" className="button" disabled={busy} onClick={onClose}>
          Cancel
        </button>
      </div>
    </dialog>
  )
}

/** The API's detail as a sentence: "the unit has leases" → "The unit has leases." */
const sentence = (text: string): string => {
  const t = text.trim().replace(/^./, (c) => c.toUpperCase())
  return /[.!?]$/.test(t) ? t : `${t}.`
}

/** Why a delete failed, in words: a 409 says what still holds the record, the rest say what to do. */
function deleteProblem(error: unknown, what: string): string {
  if (error instanceof ApiError) {
    if (error.status === 409) return sentence(error.message)
    if (error.status === 404) return `The ${what} no longer exists.`
    if (error.status === 403) return `Your account may not delete this ${what}.`
  }
  return `The ${what} could not be deleted. Please try again.`
}

/** A Delete button that asks first; after a refusal the reason shows beside it, announced. */
export function DeleteButton({ what, label, path, question, onDeleted }: { what: string; label: string; path: string; question: ReactNode; onDeleted: () => void }) {
  const [open, setOpen] = useState(false)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string>()
  const button = useRef<HTMLButtonElement>(null)
  const confirm = async () => {
    setBusy(true)
    try {
      await api<null>(path, { method: 'DELETE' })
      setBusy(false)
      onDeleted()
    } catch (error) {
      setBusy(false)
      setProblem(deleteProblem(error, what))
      setOpen(false)
    }
  }
  return (
    <div className="delete-action">
      <button
        ref={button}
        type="button"
        className="button button-danger-outline"
        onClick={() => {
          setProblem(undefined)
          setOpen(true)
        }}
      >
        {label}
      </button>
      <div role="alert" data-testid="delete-problem">
        {problem ? <p className="notice notice-error">{problem}</p> : null}
      </div>
      <ConfirmDialog open={open} title={`${label}?`} confirmLabel={label} busyLabel="Deleting…" busy={busy} onConfirm={() => void confirm()} onClose={() => setOpen(false)} returnFocus={button}>
        {question}
      </ConfirmDialog>
    </div>
  )
}
