/**
 * Forms validated with the API's own Zod schemas: the same rules before sending, and the server's
 * field errors (`body.rentCents`) shown next to the same fields. Errors are announced in a summary.
 */
import { useId, useRef, useState, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react'
import type { z } from 'zod'
import { parseMoneyToCents } from '../../../src/lib/money.js'
import { ApiError, fieldErrorsOf } from '../api/client'
import { inWords, problemText } from '../words'

export type Errors = Record<string, string>

/** Plainer words than Zod's defaults for the two commonest slips: a field left empty, and text where a number goes. */
const plainWords: z.core.$ZodErrorMap = (issue) =>
  issue.input === undefined || issue.input === '' ? 'required' : issue.code === 'invalid_type' && issue.expected === 'number' ? 'enter a number' : undefined

export interface FormState<V extends Record<string, unknown>> {
  values: V
  errors: Errors
  formError: string | undefined
  // Method syntax: a form of any field shape can be handed to the shared field components.
  set<K extends keyof V>(key: K, value: V[K]): void
  setAll(values: V): void
  /** Validates `body` with `schema`; the parsed value, or undefined with the errors shown. */
  check<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> | undefined
  /** Shows a failed call: field errors beside their fields, anything else on top. */
  fail(error: unknown): void
  clear(): void
  summary: React.RefObject<HTMLDivElement | null>
}

export function useForm<V extends Record<string, unknown>>(initial: V): FormState<V> {
  const [values, setValues] = useState(initial)
  const [errors, setErrors] = useState<Errors>({})
  const [formError, setFormError] = useState<string>()
  const summary = useRef<HTMLDivElement>(null)
  const focusSummary = () => window.setTimeout(() => summary.current?.focus(), 0)
  return {
    values,
    errors,
    formError,
    summary,
    set: (key, value) => setValues((v) => ({ ...v, [key]: value })),
    setAll: setValues,
    check(schema, body) {
      const parsed = schema.safeParse(body, { error: plainWords })
      if (parsed.success) {
        setErrors({})
        setFormError(undefined)
        return parsed.data
      }
      const next: Errors = {}
      for (const issue of parsed.error.issues) next[issue.path.join('.') || '_'] ??= issue.message
      setErrors(next)
      setFormError(next._)
      focusSummary()
      return undefined
    },
    fail(error) {
      const fields = fieldErrorsOf(error)
      setErrors(fields)
      const message = error instanceof ApiError ? error.message : 'Something went wrong. Please try again.'
      setFormError(Object.keys(fields).length ? undefined : message)
      focusSummary()
    },
    clear() {
      setErrors({})
      setFormError(undefined)
    },
  }
}

/** The list of problems at the top of a form, focused after a failed submit; each links to its field. */
export function ErrorSummary({ form, labels, idPrefix }: { form: FormState<Record<string, unknown>>; labels: Record<string, string>; idPrefix: string }) {
  const entries = Object.entries(form.errors).filter(([k]) => k !== '_')
  const has = entries.length > 0 || !!form.formError
  return (
    <div ref={form.summary} tabIndex={-1} className={has ? 'error-summary' : 'error-summary-empty'} role="alert" aria-labelledby={has ? `${idPrefix}-errors` : undefined}>
      {has ? (
        <>
          <h2 id={`${idPrefix}-errors`} className="error-summary-title">
            {entries.length > 1 ? `There are ${entries.length} problems` : 'There is a problem'}
          </h2>
          {form.formError ? <p>{inWords(form.formError, labels)}</p> : null}
          {entries.length ? (
            <ul>
              {entries.map(([field, message]) => (
                <li key={field}>
                  <a href={`#${idPrefix}-${field.replace(/\./g, '-')}`}>{problemText(field, message, labels)}</a>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
    </div>
  )
}

interface FieldProps {
  idPrefix: string
  name: string
  label: string
  error?: string
  hint?: string
  required?: boolean
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined; required: boolean | undefined }) => ReactNode
}

/** A labelled field with its hint and error tied to it by aria-describedby. */
export function Field({ idPrefix, name, label, error, hint, required, children }: FieldProps) {
  const id = `${idPrefix}-${name.replace(/\./g, '-')}`
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          <span className="visually-hidden">Error: </span>
          {inWords(error)}
        </p>
      ) : null}
      {children({ id, 'aria-invalid': !!error, 'aria-describedby': described, required })}
    </div>
  )
}

/** The text an input shows for a form value. */
const textOf = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '')

type Common = { form: FormState<Record<string, unknown>>; idPrefix: string; name: string; label: string; hint?: string; required?: boolean }

export function TextField({ form, idPrefix, name, label, hint, required, ...rest }: Common & Omit<InputHTMLAttributes<HTMLInputElement>, 'form' | 'name'>) {
  return (
    <Field idPrefix={idPrefix} name={name} label={label} hint={hint} required={required} error={form.errors[name]}>
      {(a) => (
        <input
          {...rest}
          {...a}
          name={name}
          value={textOf(form.values[name])}
          onChange={(e) => form.set(name, e.target.value)}
        />
      )}
    </Field>
  )
}

export function TextAreaField({ form, idPrefix, name, label, hint, required, ...rest }: Common & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'form' | 'name'>) {
  return (
    <Field idPrefix={idPrefix} name={name} label={label} hint={hint} required={required} error={form.errors[name]}>
      {(a) => <textarea {...rest} {...a} name={name} value={textOf(form.values[name])} onChange={(e) => form.set(name, e.target.value)} />}
    </Field>
  )
}

export function SelectField({
  form,
  idPrefix,
  name,
  label,
  hint,
  required,
  options,
  ...rest
}: Common & { options: readonly { value: string; label: string }[] } & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'form' | 'name'>) {
  return (
    <Field idPrefix={idPrefix} name={name} label={label} hint={hint} required={required} error={form.errors[name]}>
      {(a) => (
        <select {...rest} {...a} name={name} value={textOf(form.values[name])} onChange={(e) => form.set(name, e.target.value)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  )
}

/** A stable id prefix for one form's fields. */
export const useFormId = (name: string): string => `${name}-${useId().replace(/:/g, '')}`

/** Optional text: empty → undefined, so optional schema fields stay absent. */
export const optional = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined)
/** Optional nullable text for edits: empty → null (clears the field). */
export const nullable = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null)
/** A number typed as text; anything else stays text, so the schema names the mistake ('' reads as required). */
export const numeric = (v: string): number | string => (/^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v.trim())
/** Dollars typed as text (`1,250.00`) in cents; anything else stays text, so the schema names the mistake. */
export const centsOf = (v: string): number | string => parseMoneyToCents(v) ?? v.trim()
