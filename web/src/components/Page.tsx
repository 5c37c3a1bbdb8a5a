/** A page: sets the document title, renders the one h1, and takes focus after navigation so screen readers hear where they are. */
import { useEffect, useRef, type ReactNode } from 'react'
import { useLocation } from 'react-router'

// The route whose page last took focus; null until the first page of the visit.
let focusedPath: string | null = null

export function Page({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null)
  const { pathname } = useLocation()
  useEffect(() => {
    document.title = `${title} · TMS`
  }, [title])
  useEffect(() => {
    // The first page of a visit keeps focus where the browser put it; a new route announces itself.
    // The same route drawn again (a re-render, a refetch) takes focus only when it was lost, never from the user.
    const lost = !document.activeElement || document.activeElement === document.body
    if (focusedPath !== null && (focusedPath !== pathname || lost)) heading.current?.focus()
    focusedPath = pathname
  }, [pathname])
  return (
    <>
      <div className="page-head">
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </div>
      {children}
    </>
  )
}
