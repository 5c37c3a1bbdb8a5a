/** Toasts as a tiny store, so the socket layer can raise one without React context. */
export type ToastType = 'info' | 'success' | 'warning' | 'error'
export interface Toast {
  id: number
  type: ToastType
  title: string
  message?: string
  /** Where the thing the toast is about can be opened. */
  link?: { to: string; label: string }
}

let toasts: Toast[] = []
let nextId = 1
const listeners = new Set<() => void>()
const emit = () => {
  for (const l of listeners) l()
}

export const getToasts = (): Toast[] => toasts
export function subscribeToasts(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Shows a toast; at most five stay on screen, the oldest leaving first. */
export function toast(t: Omit<Toast, 'id'>): number {
  const id = nextId++
  toasts = [...toasts.slice(-4), { ...t, id }]
  emit()
  return id
}

export function dismissToast(id: number): void {
  toasts = toasts.filter((t) => t.id !== id)
  emit()
}
