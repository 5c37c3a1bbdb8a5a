/**
 * A small, valid one-page PDF of plain text lines, built in code with correct cross-reference offsets:
 * the demo gives each lease a readable lease document without shipping binary files.
 */
import { createHash } from 'node:crypto'

export interface PdfLine {
  text: string
  /** Point size; body text is 11. */
  size?: number
}

/** Text as a PDF literal string: printable ASCII only (the standard Helvetica font), with \, ( and ) escaped. */
const literal = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[^\x20-\x7e]/g, (c) => (/\p{M}/u.test(c) ? '' : '?'))
    .replace(/[\\()]/g, (c) => `\\${c}`)

/** One US Letter page with `lines` top to bottom at the left margin; the same lines always give the same bytes. */
export function textPdf(title: string, lines: readonly PdfLine[]): Uint8Array {
  let y = 740
  const shown = lines.map((line) => {
    const size = line.size ?? 11
    y -= Math.round(size * 1.6)
    return `BT /F1 ${size} Tf 72 ${y} Td (${literal(line.text)}) Tj ET`
  })
  const stream = shown.join('\n')
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Title (${literal(title)}) /Producer (TMS) >>`,
  ]
  let out = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((body, i) => {
    offsets.push(out.length)
    out += `${i + 1} 0 obj\n${body}\nendobj\n`
  })
  const xref = out.length
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  // A plain Uint8Array (not a Buffer), so the demo's batched insert can write it as bytea.
  return new Uint8Array(Buffer.from(out, 'latin1'))
}

/** The hex SHA-256 of `content`, as documents store it. */
export const sha256Of = (content: Uint8Array): string => createHash('sha256').update(content).digest('hex')
