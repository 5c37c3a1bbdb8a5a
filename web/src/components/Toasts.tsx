/** The toast region: polite for news, assertive for problems; each toast can be dismissed and pauses while hovered or focused. */
import { useEffect, useRef, useState, useSyncExternalStore } from 'react'
import { Link } from 'react-router'
import { dismissToast, getToasts, subscribeToasts, type Toast } from './toast-store'

const LIFETIME_MS = 10_000

function ToastItem({ t }: { t: Toast }) {
  const [paused, setPaused] = useState(false)
  const timer = useRef<number | undefined>(undefined)
  useEffect(() => {
    if (paused) return
    timer.current = window.setTimeout(() => dismissToast(t.id), LIFETIME_MS)
    return () => window.clearTimeout(timer.current)
  }, [paused, t.id])
  return (
    <li
      className={`toast toast-${t.type}`}
      data-testid="toast"
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
    >
      <div>
        <strong className="toast-title">
          <span className="visually-hidden">{t.type}: </span>
          {t.title}
        </strong>
        {t.message ? <p className="toast-message">{t.message}</p> : null}
        {t.link ? (
          <p className="toast-message">
            <Link to={t.link.to} onClick={() => dismissToast(t.id)}>
              {t.link.label}
            </Link>
          </p>
        ) : null}
      </div>
      <button type="button" className="toast-close" onClick={() => dismissToast(t.id)} aria-label={`Dismiss: ${t.title}`}>
        ×
      </button>
    </li>
  )
}

export function Toasts() {
  const all = useSyncExternalStore(subscribeToasts, getToasts)
  const urgent = all.filter((t) => t.type === 'error' || t.type === 'warning')
  const news = all.filter((t) => t.type !== 'error' && t.type !== 'warning')
  return (
    <section className="toasts" aria-label="Notifications">
      <div role="alert">
        <ul className="toast-list">
          {urgent.map((t) => (
            <ToastItem key={t.id} t={t} />
          ))}
        </ul>
      </div>
      <div role="status">
        <ul className="toast-list">
          {news.map((t) => (
            <ToastItem key={t.id} t={t} />
          ))}
        </ul>
      </div>
    </section>
  )
}
