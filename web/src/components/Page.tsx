/** A page: sets the document title, renders the one h1, and takes focus after navigation so screen readers hear where they are. */
import { useEffect, useRef, type ReactNode } from 'react'

let firstPage = true

export function Page({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    document.title = `${title} · TMS`
  }, [title])
  useEffect(() => {
    // The first page of a visit keeps focus where the browser put it; later ones announce themselves.
    if (firstPage) firstPage = false
    else heading.current?.focus()
  }, [])
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
