/** A horizontal bar chart whose every bar carries its number in text, so nothing depends on colour alone. */
export interface Bar {
  label: string
  value: number
  text: string
  tone?: 'alt' | 'warn' | 'bad'
}

export function Bars({ bars, label, max }: { bars: Bar[]; label: string; max?: number }) {
  const top = Math.max(max ?? 0, ...bars.map((b) => b.value), 1)
  return (
    <ul className="bars" aria-label={label}>
      {bars.map((b) => (
        <li key={b.label} className="bar-row">
          <span>{b.label}</span>
          <span className="bar-track" aria-hidden="true">
            <span className={`bar-fill${b.tone ? ` bar-fill-${b.tone}` : ''}`} style={{ width: `${Math.round((b.value / top) * 100)}%`, display: 'block' }} />
          </span>
          <span className="bar-value">{b.text}</span>
        </li>
      ))}
    </ul>
  )
}
