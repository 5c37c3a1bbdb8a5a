/**
 * Row types of the database, one interface per table, as Kysely sees them.
 * int8 arrives as number (money stays below 2^53), date as 'YYYY-MM-DD', timestamptz as Date.
 */
import type { ColumnType, Generated, Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely'

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type Defaulted<T> = ColumnType<T, T | undefined, T>

export interface OrganizationsTable {
  id: string
  name: string
  time_zone: Defaulted<string>
  created_at: Timestamp
}

export interface OwnersTable {
  id: string
  org_id: string
  name: string
  email: string | null
  phone: string | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface NeighborhoodsTable {
  id: string
  org_id: string
  name: string
  city: string | null
  state: string | null
  score: number | null
  created_at: Timestamp
}

export type Role = 'admin' | 'property_manager' | 'owner' | 'tenant' | 'technician'

export interface UsersTable {
  id: string
  org_id: string
  email: string
  password_hash: string
  display_name: string
  role: Role
  owner_id: string | null
  tenant_id: string | null
  disabled_at: Date | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface SessionsTable {
  id: string
  org_id: string
  user_id: string
  refresh_hash: string
  expires_at: Timestamp
  revoked_at: Date | null
  created_at: Timestamp
}

export interface RetiredRefreshTokensTable {
  hash: string
  session_id: string
  retired_at: Timestamp
}

export interface UserInvitationsTable {
  id: string
  org_id: string
  email: string
  display_name: string
  role: Role
  tenant_id: string | null
  owner_id: string | null
  token_hash: string
  invited_by: string | null
  expires_at: Timestamp
  accepted_at: Date | null
  accepted_user_id: string | null
  revoked_at: Date | null
  created_at: Timestamp
}

export interface TenantsTable {
  id: string
  org_id: string
  first_name: string
  last_name: string
  email: string | null
  phone: string | null
  status: Defaulted<'applicant' | 'active' | 'notice' | 'past'>
  notes: string | null
  created_by: string | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface PropertiesTable {
  id: string
  org_id: string
  owner_id: string | null
  neighborhood_id: string | null
  name: string
  type: 'apartment' | 'single_family' | 'multi_family' | 'condo' | 'townhouse' | 'commercial' | 'mixed_use'
  status: Defaulted<'active' | 'inactive' | 'under_renovation' | 'sold'>
  address_line1: string
  address_line2: string | null
  city: string
  state: string
  zip: string | null
  country: Defaulted<string>
  market_value_cents: number | null
  year_built: number | null
  legal_units: number | null
  external_ref: string | null
  /** Basis points of collected income an owner statement deducts as the management fee. */
  management_fee_bp: Defaulted<number>
  attributes: Defaulted<Record<string, unknown>>
  created_at: Timestamp
  updated_at: Timestamp
}

export interface PropertyManagersTable {
  org_id: string
  property_id: string
  user_id: string
  created_at: Timestamp
}

export interface UnitsTable {
  id: string
  org_id: string
  property_id: string
  unit_number: string
  bedrooms: Defaulted<number>
  bathrooms: Defaulted<number>
  square_feet: number | null
  market_rent_cents: number | null
  pet_policy: Defaulted<'none' | 'cats' | 'dogs' | 'cats_and_dogs' | 'unknown'>
  status: Defaulted<'available' | 'unavailable' | 'renovation'>
  external_ref: string | null
  created_at: Timestamp
  updated_at: Timestamp
}

export type LeaseStatus = 'draft' | 'active' | 'ended' | 'terminated'

export interface LeasesTable {
  id: string
  org_id: string
  unit_id: string
  start_date: string
  end_date: string | null
  rent_cents: number
  deposit_cents: Defaulted<number>
  due_day: Defaulted<number>
  grace_days: Defaulted<number>
  late_fee_kind: Defaulted<'none' | 'flat' | 'percent'>
  late_fee_flat_cents: Defaulted<number>
  late_fee_percent_bp: Defaulted<number>
  late_fee_min_balance_cents: Defaulted<number>
  late_fee_cap_cents: number | null
  status: Defaulted<LeaseStatus>
  terminated_on: string | null
  period: ColumnType<string, never, never>
  created_at: Timestamp
  updated_at: Timestamp
}

export interface LeaseTenantsTable {
  org_id: string
  lease_id: string
  tenant_id: string
  is_primary: Defaulted<boolean>
}

export type ChargeKind = 'rent' | 'late_fee' | 'deposit' | 'utility' | 'other' | 'credit'

export interface ChargesTable {
  id: string
  org_id: string
  lease_id: string
  kind: ChargeKind
  description: Defaulted<string>
  amount_cents: number
  due_date: string
  period_start: string | null
  period_end: string | null
  proration: string | null
  reverses_charge_id: string | null
  /** Set on negative rows: what kind of adjustment of `reverses_charge_id` the row is. */
  adjustment: ChargeAdjustment | null
  /** Posted by the billing schedule: unique per lease, kind and period. */
  scheduled: Defaulted<boolean>
  /** The charge this one derives from (a late fee's overdue rent, rent billed again for a period). */
  source_charge_id: string | null
  /** Posted because the lease's last day moved: a reversal of rent after it, or rent billed again. */
  term_change: Defaulted<boolean>
  created_by: string | null
  created_at: Timestamp
}

export type ChargeAdjustment = 'reversal' | 'write_off' | 'credit' | 'deposit_applied'

export type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'refunded' | 'returned'
export type PaymentMethod = 'cash' | 'check' | 'ach' | 'card' | 'bank_transfer' | 'money_order' | 'other'

export interface PaymentsTable {
  id: string
  org_id: string
  tenant_id: string
  lease_id: string | null
  amount_cents: number
  method: PaymentMethod
  status: Defaulted<PaymentStatus>
  paid_on: string
  reference: string | null
  memo: string | null
  idempotency_key: string | null
  request_hash: string | null
  /** The day a succeeded payment was returned, refunded or failed. */
  reversed_on: string | null
  created_by: string | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface PaymentAllocationsTable {
  id: string
  org_id: string
  payment_id: string
  charge_id: string
  amount_cents: number
  /** The calendar day the allocation takes effect. */
  effective_on: string | null
  created_at: Timestamp
}

export interface DepositDispositionsTable {
  id: string
  org_id: string
  lease_id: string
  disposed_on: string
  held_cents: number
  deductions_cents: number
  applied_cents: number
  refund_cents: number
  refund_method: PaymentMethod | null
  refund_reference: string | null
  notes: string | null
  created_by: string | null
  created_at: Timestamp
}

export interface DepositDeductionsTable {
  id: string
  org_id: string
  disposition_id: string
  position: number
  description: string
  amount_cents: number
  charge_id: string
  applied_cents: number
}

/** View: each charge (not adjustment) with its adjustments, allocations and open balance. */
export interface ChargeBalancesView {
  org_id: ColumnType<string, never, never>
  charge_id: ColumnType<string, never, never>
  lease_id: ColumnType<string, never, never>
  kind: ColumnType<ChargeKind, never, never>
  due_date: ColumnType<string, never, never>
  amount_cents: ColumnType<number, never, never>
  adjusted_cents: ColumnType<number, never, never>
  allocated_cents: ColumnType<number, never, never>
  balance_cents: ColumnType<number, never, never>
}

export type MaintenancePriority = 'low' | 'normal' | 'high' | 'emergency'
export type MaintenanceStatus = 'open' | 'assigned' | 'in_progress' | 'on_hold' | 'completed' | 'cancelled'

export interface MaintenanceRequestsTable {
  id: string
  org_id: string
  property_id: string
  unit_id: string | null
  tenant_id: string | null
  title: string
  description: Defaulted<string>
  category: Defaulted<string>
  subcategory: string | null
  priority: Defaulted<MaintenancePriority>
  status: Defaulted<MaintenanceStatus>
  assignee_id: string | null
  source: Defaulted<'portal' | 'phone' | 'email' | 'inspection' | 'hpd_complaint' | 'hpd_violation' | 'import'>
  location: string | null
  external_ref: string | null
  requested_at: Timestamp
  completed_at: Date | string | null
  created_at: Timestamp
  updated_at: Timestamp
}

export type WorkOrderStatus = 'scheduled' | 'in_progress' | 'on_hold' | 'completed' | 'cancelled'

export interface WorkOrdersTable {
  id: string
  org_id: string
  request_id: string
  assignee_id: string | null
  vendor: string | null
  status: Defaulted<WorkOrderStatus>
  scheduled_for: Date | string | null
  completed_at: Date | string | null
  estimated_cost_cents: number | null
  actual_cost_cents: number | null
  notes: string | null
  external_ref: string | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface RequestCommentsTable {
  id: string
  org_id: string
  request_id: string
  author_id: string | null
  body: string
  created_at: Timestamp
}

export interface DocumentsTable {
  id: string
  org_id: string
  lease_id: string | null
  tenant_id: string | null
  property_id: string | null
  request_id: string | null
  file_name: string
  content_type: string
  size_bytes: number
  sha256: string
  content: Uint8Array
  uploaded_by: string | null
  created_at: Timestamp
}

export interface CommunicationLogsTable {
  id: string
  org_id: string
  tenant_id: string | null
  property_id: string | null
  user_id: string | null
  channel: 'email' | 'sms' | 'phone' | 'letter' | 'portal' | 'in_person'
  direction: 'inbound' | 'outbound'
  subject: string | null
  body: Defaulted<string>
  occurred_at: Timestamp
  created_at: Timestamp
}

export interface NotificationsTable {
  id: string
  org_id: string
  user_id: string
  title: string
  message: string
  type: Defaulted<'info' | 'success' | 'warning' | 'error'>
  read_at: Date | null
  created_at: Timestamp
}

export type EventTopic =
  | 'tenant' | 'property' | 'unit' | 'lease' | 'maintenance' | 'work_order' | 'payment' | 'charge'
  | 'document' | 'communication' | 'user' | 'comment'

export interface EventsTable {
  seq: Generated<number>
  id: string
  org_id: string
  topic: EventTopic
  action: 'created' | 'updated' | 'deleted'
  entity_id: string
  actor_id: string | null
  payload: Defaulted<Record<string, unknown>>
  created_at: Timestamp
  /** Place in the organization's stream, assigned after commit by the dispatcher; null until then. */
  position: ColumnType<number | null, never, number>
  dispatched_at: ColumnType<Date | null, never, Date | string>
}

/** The last position handed out in each organization's event stream. */
export interface EventStreamsTable {
  org_id: string
  last_position: Defaulted<number>
}

export interface LeaseMessagesTable {
  id: string
  org_id: string
  lease_id: string
  author_id: string | null
  body: string
  created_at: Timestamp
}

export interface SchemaMigrationsTable {
  version: number
  name: string
  applied_at: Timestamp
}

export interface InstanceSettingsTable {
  key: string
  value: string
}

export interface DB {
  instance_settings: InstanceSettingsTable
  organizations: OrganizationsTable
  owners: OwnersTable
  neighborhoods: NeighborhoodsTable
  users: UsersTable
  sessions: SessionsTable
  retired_refresh_tokens: RetiredRefreshTokensTable
  user_invitations: UserInvitationsTable
  tenants: TenantsTable
  properties: PropertiesTable
  property_managers: PropertyManagersTable
  units: UnitsTable
  leases: LeasesTable
  lease_tenants: LeaseTenantsTable
  charges: ChargesTable
  payments: PaymentsTable
  payment_allocations: PaymentAllocationsTable
  deposit_dispositions: DepositDispositionsTable
  deposit_deductions: DepositDeductionsTable
  charge_balances: ChargeBalancesView
  maintenance_requests: MaintenanceRequestsTable
  work_orders: WorkOrdersTable
  request_comments: RequestCommentsTable
  documents: DocumentsTable
  communication_logs: CommunicationLogsTable
  notifications: NotificationsTable
  events: EventsTable
  event_streams: EventStreamsTable
  lease_messages: LeaseMessagesTable
  schema_migrations: SchemaMigrationsTable
}

/** The database handle or an open transaction: services take either and pass it down. */
export type Db = Kysely<DB>
export type Trx = Transaction<DB>
export type Executor = Db | Trx

export type Row<T extends keyof DB> = Selectable<DB[T]>
export type NewRow<T extends keyof DB> = Insertable<DB[T]>
export type RowPatch<T extends keyof DB> = Updateable<DB[T]>
