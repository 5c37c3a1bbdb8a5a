/**
 * The real-time protocol: every message either side sends on /ws, as Zod schemas, plus the typed
 * event maps Socket.IO is parameterised with. The server and the client module share this file.
 */
import { z } from 'zod'
import { pageOf, PageQuery } from '../lib/paging.js'

const Instant = z.iso.datetime({ offset: true })
const Role = z.enum(['admin', 'property_manager', 'owner', 'tenant', 'technician'])

export const ROOM_KINDS = ['user', 'role', 'property', 'tenant', 'lease', 'request'] as const
export type RoomKind = (typeof ROOM_KINDS)[number]

/** A room as clients name it, e.g. `property:<uuid>` or `role:admin`. */
export const RoomName = z.string().min(3).max(100)

export const ENTITIES = ['tenant', 'property', 'unit', 'lease', 'maintenance', 'work_order', 'payment', 'charge', 'document', 'communication', 'user', 'comment'] as const
export const UPDATE_EVENTS = ['tenant:update', 'property:update', 'maintenance:update', 'payment:update', 'lease:update'] as const
export type UpdateEventName = (typeof UPDATE_EVENTS)[number]

// Client → server.

/** What a client may put in the handshake's `auth`: the token, where it left off, rooms to rejoin. */
export const Handshake = z.object({
  token: z.string().min(1).max(4096).optional(),
  lastSeq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
  rooms: z.array(RoomName).max(100).optional(),
})
export type Handshake = z.infer<typeof Handshake>

export const SubscribeBody = z.strictObject({ rooms: z.array(RoomName).min(1).max(100) })
export type SubscribeBody = z.infer<typeof SubscribeBody>

export const MessageBody = z.strictObject({
  room: RoomName,
  body: z.string().trim().min(1).max(5000),
  /** Chosen by the client so a message re-sent after a reconnect is stored once. */
  clientId: z.string().min(8).max(64).optional(),
})
export type MessageBody = z.infer<typeof MessageBody>

export const TypingBody = z.strictObject({ room: RoomName, isTyping: z.boolean() })
export type TypingBody = z.infer<typeof TypingBody>

export const AuthBody = z.strictObject({ token: z.string().min(1).max(4096) })
export type AuthBody = z.infer<typeof AuthBody>

export const PresenceQuery = z.strictObject({ room: RoomName })

// Server → client.

/** A domain change, thin: ids, scope keys and a status; the client re-fetches through the API. */
export const UpdateEvent = z.object({
  seq: z.number().int().positive().describe("position in the organization's stream; resume from the last one seen"),
  event: z.enum(['created', 'updated', 'deleted']),
  entity: z.enum(ENTITIES),
  id: z.uuid(),
  at: Instant,
  propertyId: z.uuid().nullable().optional(),
  unitId: z.uuid().nullable().optional(),
  tenantId: z.uuid().nullable().optional(),
  leaseId: z.uuid().nullable().optional(),
  requestId: z.uuid().nullable().optional(),
  status: z.string().nullable().optional(),
})
export type UpdateEvent = z.infer<typeof UpdateEvent>

export const Notification = z.object({
  id: z.string(),
  seq: z.number().int().positive(),
  title: z.string(),
  message: z.string(),
  type: z.enum(['info', 'success', 'warning', 'error']),
  entity: z.enum(ENTITIES),
  entityId: z.uuid(),
  at: Instant,
})
export type Notification = z.infer<typeof Notification>

/** One message of a request's or a lease's conversation. */
export const ChatMessage = z.object({
  seq: z.number().int().positive(),
  room: z.string(),
  id: z.uuid(),
  authorId: z.uuid().nullable(),
  authorName: z.string().nullable(),
  authorRole: Role.nullable(),
  body: z.string(),
  createdAt: Instant,
})
export type ChatMessage = z.infer<typeof ChatMessage>
/** A stored message before it has a place in the stream. */
export const PostedMessage = ChatMessage.omit({ seq: true, room: true })
export type PostedMessage = z.infer<typeof PostedMessage>

export const Typing = z.object({ room: z.string(), userId: z.uuid(), displayName: z.string(), isTyping: z.boolean() })
export type Typing = z.infer<typeof Typing>

export const PresenceUser = z.object({ userId: z.uuid(), displayName: z.string(), role: Role })
export const Presence = PresenceUser.extend({ status: z.enum(['online', 'offline']), at: Instant })
export type Presence = z.infer<typeof Presence>
export const PresenceState = z.object({ room: z.string(), users: z.array(PresenceUser) })
export type PresenceState = z.infer<typeof PresenceState>

export const LeaseSummary = z.object({
  id: z.uuid(),
  unitId: z.uuid(),
  propertyId: z.uuid(),
  status: z.string(),
  startDate: z.iso.date(),
  endDate: z.iso.date().nullable(),
  rentCents: z.number().int(),
  balanceCents: z.number().int().describe('charges less adjustments less allocated payments'),
})
export const RequestSummary = z.object({ id: z.uuid(), title: z.string(), status: z.string(), priority: z.string(), requestedAt: Instant })

/** Sent once on connect: counts for staff and owners, own leases, balance and open requests for a tenant. */
export const InitialState = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('portfolio'),
    counts: z.object({
      properties: z.number().int(),
      units: z.number().int(),
      occupiedUnits: z.number().int(),
      tenants: z.number().int(),
      activeLeases: z.number().int(),
      openRequests: z.number().int(),
      pendingPayments: z.number().int(),
    }),
    at: Instant,
  }),
  z.object({
    kind: z.literal('tenant'),
    tenantId: z.uuid(),
    leases: z.array(LeaseSummary),
    balanceCents: z.number().int(),
    openRequests: z.array(RequestSummary),
    at: Instant,
  }),
  z.object({ kind: z.literal('technician'), openWorkOrders: z.number().int(), openRequests: z.array(RequestSummary), at: Instant }),
])
export type InitialState = z.infer<typeof InitialState>

/** Sent after the initial state and any replay: the socket is live from `seq` on. */
export const Ready = z.object({
  seq: z.number().int().nonnegative(),
  replayed: z.number().int().nonnegative(),
  /** More was missed than one replay carries: re-fetch instead of trusting the stream. */
  truncated: z.boolean(),
  rooms: z.array(z.string()),
  userId: z.uuid(),
  role: Role,
})
export type Ready = z.infer<typeof Ready>

export const SOCKET_ERROR_CODES = [
  'request.invalid',
  'room.forbidden',
  'room.not_member',
  'auth.unauthenticated',
  'auth.token_expired',
  'auth.forbidden',
  'resource.not_found',
  'rate_limited',
  'server.restarting',
  'internal',
] as const
export const SocketError = z.object({
  code: z.enum(SOCKET_ERROR_CODES),
  message: z.string(),
  rooms: z.array(z.string()).optional(),
})
export type SocketError = z.infer<typeof SocketError>

export const SubscribeResult = z.object({ joined: z.array(z.string()), rejected: z.array(z.string()) })
export type SubscribeResult = z.infer<typeof SubscribeResult>

/** Acknowledgement of a client message: the stored message, or why not. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: SocketError }

export const ServerRestarting = z.object({ reconnectAfterMs: z.number().int().nonnegative() })
export type ServerRestarting = z.infer<typeof ServerRestarting>

export interface ServerToClientEvents {
  'initial:state': (state: InitialState) => void
  ready: (ready: Ready) => void
  'tenant:update': (update: UpdateEvent) => void
  'property:update': (update: UpdateEvent) => void
  'maintenance:update': (update: UpdateEvent) => void
  'payment:update': (update: UpdateEvent) => void
  'lease:update': (update: UpdateEvent) => void
  notification: (notification: Notification) => void
  message: (message: ChatMessage) => void
  typing: (typing: Typing) => void
  presence: (presence: Presence) => void
  'presence:state': (state: PresenceState) => void
  subscribed: (result: SubscribeResult) => void
  unsubscribed: (result: SubscribeResult) => void
  error: (error: SocketError) => void
  'session:expired': (info: { at: string }) => void
  'server:restarting': (info: ServerRestarting) => void
}

export interface ClientToServerEvents {
  subscribe: (body: SubscribeBody, ack?: (result: Ack<SubscribeResult>) => void) => void
  unsubscribe: (body: SubscribeBody, ack?: (result: Ack<SubscribeResult>) => void) => void
  message: (body: MessageBody, ack?: (result: Ack<PostedMessage & { room: string }>) => void) => void
  typing: (body: TypingBody) => void
  presence: (body: z.infer<typeof PresenceQuery>, ack?: (result: Ack<PresenceState>) => void) => void
  auth: (body: AuthBody, ack?: (result: Ack<{ expiresAt: string }>) => void) => void
}

// REST: the lease conversation (a request's is /api/v1/maintenance/:id/comments).

export const LeaseMessageParams = z.object({ id: z.uuid() })
export const LeaseMessage = z
  .object({
    id: z.uuid(),
    leaseId: z.uuid(),
    authorId: z.uuid().nullable(),
    authorName: z.string().nullable(),
    authorRole: Role.nullable(),
    body: z.string(),
    createdAt: Instant,
  })
  .meta({ id: 'LeaseMessage' })
export type LeaseMessage = z.infer<typeof LeaseMessage>
export const LeaseMessagePage = pageOf(LeaseMessage)
export const LeaseMessageListQuery = z.strictObject({ ...PageQuery.shape })
export const CreateLeaseMessageBody = z.strictObject({ body: z.string().trim().min(1).max(5000) })
export type CreateLeaseMessageBody = z.infer<typeof CreateLeaseMessageBody>
