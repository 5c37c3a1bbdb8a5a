/** Photos for a maintenance request: chosen from files or the camera, shrunk in the browser, sent to the documents API. */
import { useEffect, useState } from 'react'
import { api, getSession } from '../api/client'

export interface Photo {
  name: string
  file: File
  url: string
}

const MAX_PHOTOS = 6
const MAX_EDGE = 1600

export function PhotoPicker({ id, photos, onChange }: { id: string; photos: Photo[]; onChange: (p: Photo[]) => void }) {
  useEffect(() => () => photos.forEach((p) => URL.revokeObjectURL(p.url)), [photos])
  return (
    <div className="field">
      <label htmlFor={id}>Photos</label>
      <p id={`${id}-hint`} className="hint">
        Up to {MAX_PHOTOS} pictures of the problem (optional).
      </p>
      <input
        id={id}
        type="file"
        accept="image/*"
        multiple
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []).filter((f) => f.type.startsWith('image/'))
          onChange([...photos, ...files.map((file) => ({ name: file.name, file, url: URL.createObjectURL(file) }))].slice(0, MAX_PHOTOS))
          e.target.value = ''
        }}
      />
      {photos.length ? (
        <ul className="photos" aria-label="Chosen photos">
          {photos.map((p, i) => (
            <li key={p.url}>
              <img src={p.url} alt={`Photo ${i + 1}: ${p.name}`} />
              <button type="button" className="link-button" onClick={() => onChange(photos.filter((x) => x !== p))}>
                Remove {p.name}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

/** Downscales to at most MAX_EDGE pixels on the long side as JPEG, so uploads stay small. */
async function shrink(file: File): Promise<{ contentType: string; base64: string }> {
  const bitmap = await createImageBitmap(file).catch(() => undefined)
  let blob: Blob = file
  if (bitmap) {
    const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height))
    const canvas = document.createElement('canvas')
    canvas.width = Math.round(bitmap.width * scale)
    canvas.height = Math.round(bitmap.height * scale)
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height)
    blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b ?? file), 'image/jpeg', 0.82))
  }
  const bytes = new Uint8Array(await blob.arrayBuffer())
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return { contentType: blob.type || 'image/jpeg', base64: btoa(binary) }
}

export async function uploadPhotos(requestId: string, photos: Photo[]): Promise<void> {
  for (const p of photos) {
    const { contentType, base64 } = await shrink(p.file)
    const fileName = p.name.replace(/\.[^.]+$/, '') + (contentType === 'image/jpeg' ? '.jpg' : '')
    await api('/documents', { method: 'POST', body: { requestId, fileName, contentType, contentBase64: base64 } })
  }
}

/** An image from the documents API (which needs the bearer token, so it is fetched, then shown from a blob URL). */
export function DocumentImage({ id, alt }: { id: string; alt: string }) {
  const [url, setUrl] = useState<string>()
  useEffect(() => {
    let revoked = false
    let made: string | undefined
    void fetch(`/api/v1/documents/${id}/content`, { headers: { authorization: `Bearer ${getSession()?.accessToken ?? ''}` } })
      .then((r) => (r.ok ? r.blob() : undefined))
      .then((b) => {
        if (!b || revoked) return
        made = URL.createObjectURL(b)
        setUrl(made)
      })
    return () => {
      revoked = true
      if (made) URL.revokeObjectURL(made)
    }
  }, [id])
  return url ? <img src={url} alt={alt} /> : <span className="skeleton" style={{ width: '8rem', height: '6rem' }} aria-hidden="true" />
}
