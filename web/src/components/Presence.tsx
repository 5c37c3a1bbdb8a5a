/**
 * The live side of a conversation: who else is online in its room, who is typing, and messages as
 * they arrive. Both lines keep their height, so nothing moves when they fill or empty.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { ChatMessage, PresenceState } from '../../../src/realtime/realtime.schema.js'
import { useLive, useRoom } from '../api/live'
import { ROLE_LABEL } from '../nav'

/** While keys keep coming, "typing" is re-sent at most this often. */
const TYPING_RESEND_MS = 2_000
/** No key for this long: the writer has stopped. */
const TYPING_IDLE_MS = 3_000
/** A typist not heard from for this long is dropped, in case their "stopped" was lost. */
const TYPING_EXPIRY_MS = 6_000
/** Presence changes this close together are asked about once. */
const PRESENCE_COALESCE_MS = 250
/** How long "New message from …" stays after a message from someone else. */
const ARRIVAL_MS = 6_000

export type Person = PresenceState['users'][number]

export interface Conversation {
  /** Others in the room now; null while that is not known (connecting, offline). */
  others: Person[] | null
  /** Display names of those typing now, in the order they started. */
  typists: string[]
  /** The author of the latest message from someone else, for a short while after it came. */
  arrival: string | null
  /** Call on every edit of the draft: tells the room, throttled; an empty draft counts as stopped. */
  typed: (draft: string) => void
  /** Call when the draft is sent or left: tells the room at once. */
  stopped: () => void
}

/** Joins `room` while mounted and follows its presence, typing and messages; `onMessage` sees each new message. */
export function useConversation(room: string, onMessage: (message: ChatMessage) => void): Conversation {
  const live = useLive()
  const client = live?.client ?? null
  const me = live?.ready?.userId
  const joined = useRoom(room)
  const [others, setOthers] = useState<Person[] | null>(null)
  const [typing, setTyping] = useState<{ userId: string; name: string }[]>([])
  const [arrival, setArrival] = useState<string | null>(null)
  const handler = useRef(onMessage)
  useEffect(() => {
    handler.current = onMessage
  }, [onMessage])

  // Presence: asked once joined (again after every reconnect) and whenever someone comes or goes.
  useEffect(() => {
    if (!client || !joined) {
      setOthers(null)
      return
    }
    const ask = () => void client.socket.emit('presence', { room })
    let soon: number | undefined
    const offState = client.on('presence:state', (state) => {
      if (state.room === room) setOthers(state.users.filter((u) => u.userId !== me))
    })
    // A presence event does not name its rooms (admins hear the whole organization's), so this room is asked again, once per burst.
    const offPresence = client.on('presence', () => {
      window.clearTimeout(soon)
      soon = window.setTimeout(ask, PRESENCE_COALESCE_MS)
    })
    ask()
    return () => {
      window.clearTimeout(soon)
      offState()
      offPresence()
    }
  }, [client, joined, room, me])

  // Typing and messages of others; listened to while offline too, so replayed messages count.
  const timers = useRef(new Map<string, number>())
  const arrivalTimer = useRef<number | undefined>(undefined)
  const drop = useCallback((userId: string) => {
    window.clearTimeout(timers.current.get(userId))
    timers.current.delete(userId)
    setTyping((current) => (current.some((t) => t.userId === userId) ? current.filter((t) => t.userId !== userId) : current))
  }, [])
  useEffect(() => {
    if (!client) return
    const pending = timers.current
    const offTyping = client.on('typing', (t) => {
      if (t.room !== room || t.userId === me) return
      if (!t.isTyping) return drop(t.userId)
      window.clearTimeout(pending.get(t.userId))
      pending.set(t.userId, window.setTimeout(() => drop(t.userId), TYPING_EXPIRY_MS))
      setTyping((current) => (current.some((c) => c.userId === t.userId) ? current : [...current, { userId: t.userId, name: t.displayName }]))
    })
    const offMessage = client.on('message', (m) => {
      if (m.room !== room) return
      handler.current(m)
      if (!m.authorId || m.authorId === me) return
      drop(m.authorId)
      setArrival(m.authorName ?? 'someone')
      window.clearTimeout(arrivalTimer.current)
      arrivalTimer.current = window.setTimeout(() => setArrival(null), ARRIVAL_MS)
    })
    return () => {
      offTyping()
      offMessage()
      for (const timer of pending.values()) window.clearTimeout(timer)
      pending.clear()
      window.clearTimeout(arrivalTimer.current)
      setTyping([])
    }
  }, [client, room, me, drop])
  // Out of the room, nobody's typing reaches us: forget what was shown.
  useEffect(() => {
    if (!joined) setTyping([])
  }, [joined])

  // Our own typing, throttled.
  const mine = useRef<{ sentAt: number; idle: number | undefined }>({ sentAt: 0, idle: undefined })
  const stopped = useCallback(() => {
    const s = mine.current
    window.clearTimeout(s.idle)
    s.idle = undefined
    if (s.sentAt && client) client.typing(room, false)
    s.sentAt = 0
  }, [client, room])
  const typed = useCallback(
    (draft: string) => {
      if (!client || !joined) return
      if (!draft.trim()) return stopped()
      const s = mine.current
      const now = Date.now()
      if (now - s.sentAt >= TYPING_RESEND_MS) {
        client.typing(room, true)
        s.sentAt = now
      }
      window.clearTimeout(s.idle)
      s.idle = window.setTimeout(stopped, TYPING_IDLE_MS)
    },
    [client, joined, room, stopped],
  )
  useEffect(() => stopped, [stopped])

  return { others, typists: typing.map((t) => t.name), arrival, typed, stopped }
}

/** Who else is online in the conversation; read out politely when it changes. */
export function PresenceLine({ conversation }: { conversation: Conversation }) {
  const { others } = conversation
  return (
    <div className="presence" aria-live="polite" aria-atomic="true" data-testid="presence">
      {others === null ? (
        '\u00a0'
      ) : others.length === 0 ? (
        <span className="muted">No one else is online in this conversation.</span>
      ) : (
        <>
          <span>Also online in this conversation:</span>
          <ul className="presence-list">
            {others.map((u) => (
              <li key={u.userId} data-user-id={u.userId}>
                <span className="presence-dot" aria-hidden="true" />
                {u.displayName} <span className="muted">({ROLE_LABEL[u.role]})</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  )
}

/** The sentence for who is typing, or for the message that just came. */
export function typingText(typists: string[], arrival: string | null): string {
  if (typists.length === 1) return `${typists[0]} is typing…`
  if (typists.length === 2) return `${typists[0]} and ${typists[1]} are typing…`
  if (typists.length > 2) return 'Several people are typing…'
  return arrival ? `New message from ${arrival}.` : ''
}

/** "Dana is typing…", then "New message from Dana."; a polite status that always keeps its line. */
export function TypingLine({ conversation }: { conversation: Conversation }) {
  return (
    <p className="typing" role="status" data-testid="typing">
      {typingText(conversation.typists, conversation.arrival)}
    </p>
  )
}
