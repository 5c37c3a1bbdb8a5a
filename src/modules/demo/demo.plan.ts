/**
 * The demo portfolio as plain rows, built from a seeded random source and `today` alone, so two
 * runs with the same date give the same people, amounts and statuses (only the ids differ).
 */
import type { DB, NewRow, PaymentMethod, Role } from '../../db/types.js'
import { uuidv7 } from '../../lib/ids.js'
import { formatCents } from '../../lib/money.js'
import { addDays, dayMs, dayOfMonth, firstOfMonth, instant, lastOfMonth, monthLabel, monthOf } from './demo.calendar.js'
import {
  ACCOUNTS,
  APPLICANTS,
  FIRST_NAMES,
  LAST_NAMES,
  ORGANIZATION,
  OWNERS,
  PAST_LEASES,
  PROPERTIES,
  REQUESTS,
  SHARED_LEASES,
  SPECIAL_LEASES,
  TENANT_NOTES,
  THREADS,
  type PropertyPlan,
  type RequestPlan,
  type UnitLayout,
} from './demo.data.js'
import { sha256Of, textPdf } from './demo.pdf.js'
import { createRandom, type Random } from './demo.random.js'

const SEED = 0x7e55_2026
const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS

export type AccountKey = (typeof ACCOUNTS)[number]['key']

export interface PlannedLogin {
  role: Role
  email: string
  password: string
  displayName: string
}

/** One multi-row insert; batches run in order, so every foreign key points at an earlier batch. */
export type Batch = { [T in keyof DB]: { table: T; rows: NewRow<T>[] } }[keyof DB]

export interface DemoPlan {
  orgId: string
  batches: Batch[]
  logins: PlannedLogin[]
  /** E-mail addresses of the accounts, which must not exist yet. */
  emails: string[]
}

export interface PlanInput {
  today: string
  passwordHashes: Record<AccountKey, string>
  /** The wall clock, so nothing dated today lands later than the moment of generation. */
  nowMs?: number
  /** Makes an id for a row created at `ms`; UUID v7 unless a test wants countable ids. */
  newId?: (ms: number) => string
}

type Profile = 'prompt' | 'late' | 'partial' | 'delinquent' | 'failed' | 'pending'

interface TenantDraft {
  row: NewRow<'tenants'> & { id: string; first_name: string; last_name: string }
  createdAt: Date
}

interface UnitDraft {
  id: string
  propertyIndex: number
  layout: UnitLayout
  marketRentCents: number
}

interface LeaseDraft {
  id: string
  signedAt: Date
  unit: UnitDraft
  property: PropertyPlan
  startDate: string
  endDate: string | null
  rentCents: number
  dueDay: number
  active: boolean
  tenants: TenantDraft[]
  profile: Profile
  method: PaymentMethod
}

const REFERENCE_PREFIX: Record<PaymentMethod, string> = {
  ach: 'ACH',
  card: 'CARD',
  check: 'CHK',
  cash: 'CASH',
  bank_transfer: 'WIRE',
  money_order: 'MO',
  other: 'PAY',
}

const money = (cents: number): string => `$${formatCents(cents)}`

/** Builds every row of the demo organization; pure apart from the ids. */
export function buildDemoPlan(input: PlanInput): DemoPlan {
  const today = input.today
  const nowMs = input.nowMs ?? Date.now()
  const rnd = createRandom(SEED)
  const currentMonth = monthOf(today)
  const todayMs = dayMs(today)

  // Nothing that already happened may lie after today, nor after now when today is the real date.
  const ceilingMs = Math.max(todayMs, Math.min(nowMs, todayMs + DAY_MS - 1))
  const stamp = (date: string, hour: number, minute = 0): Date => new Date(Math.min(instant(date, hour, minute).getTime(), ceilingMs))
  const later = (at: Date, hours: number): Date => new Date(Math.min(at.getTime() + hours * HOUR_MS, ceilingMs))
  const newId = input.newId ?? uuidv7
  const idAt = (at: Date): string => newId(at.getTime())

  const orgId = newId(nowMs)
  const onBooksSince = stamp(addDays(today, -1100), 15)

  // Organization, owners, neighborhoods.
  const organizations: NewRow<'organizations'>[] = [{ id: orgId, name: ORGANIZATION.name, time_zone: ORGANIZATION.timeZone, created_at: onBooksSince }]
  const owners = OWNERS.map((o) => ({ id: idAt(onBooksSince), org_id: orgId, name: o.name, email: o.email, phone: o.phone, created_at: onBooksSince }))
  const neighborhoods = PROPERTIES.map((p) => ({
    id: idAt(onBooksSince),
    org_id: orgId,
    name: p.neighborhood.name,
    city: p.city,
    state: p.state,
    score: p.neighborhood.score,
    created_at: onBooksSince,
  }))

  // Staff accounts; the tenant account follows its tenant record.
  const account = (key: AccountKey) => ACCOUNTS.find((a) => a.key === key)!
  const userIds: Record<AccountKey, string> = { admin: newId(nowMs), manager: newId(nowMs), owner: newId(nowMs), tenant: newId(nowMs), tech: newId(nowMs) }
  const userRow = (key: AccountKey, extra: Partial<NewRow<'users'>> = {}): NewRow<'users'> => {
    const a = account(key)
    return {
      id: userIds[key],
      org_id: orgId,
      email: a.email,
      password_hash: input.passwordHashes[key],
      display_name: a.displayName,
      role: a.role,
      ...extra,
    }
  }
  const staffUsers = [userRow('admin'), userRow('manager'), userRow('owner', { owner_id: owners[0]!.id }), userRow('tech')]
  const staffFor = (p: PropertyPlan): string => (p.managed ? userIds.manager : userIds.admin)

  // Properties and units.
  const properties = PROPERTIES.map((p, i) => ({
    id: idAt(onBooksSince),
    org_id: orgId,
    owner_id: owners[p.ownerIndex]!.id,
    neighborhood_id: neighborhoods[i]!.id,
    name: p.name,
    type: p.type,
    address_line1: p.address,
    city: p.city,
    state: p.state,
    zip: p.zip,
    market_value_cents: p.marketValueCents,
    year_built: p.yearBuilt,
    legal_units: p.units.length,
    created_at: onBooksSince,
    updated_at: onBooksSince,
  }))
  const propertyManagers = PROPERTIES.flatMap((p, i) =>
    p.managed ? [{ org_id: orgId, property_id: properties[i]!.id, user_id: userIds.manager, created_at: onBooksSince }] : [],
  )

  const unitDrafts: UnitDraft[] = []
  const units = PROPERTIES.flatMap((p, propertyIndex) =>
    p.units.map((layout) => {
      const rentDollars = layout.rentDollars + p.floorPremiumDollars * (layout.floor - 1) + rnd.int(0, 3) * 5
      const draft: UnitDraft = { id: idAt(onBooksSince), propertyIndex, layout, marketRentCents: rentDollars * 100 }
      unitDrafts.push(draft)
      return {
        id: draft.id,
        org_id: orgId,
        property_id: properties[propertyIndex]!.id,
        unit_number: layout.number,
        bedrooms: layout.bedrooms,
        bathrooms: layout.bathrooms,
        square_feet: rnd.int(layout.squareFeet[0], layout.squareFeet[1]),
        market_rent_cents: draft.marketRentCents,
        pet_policy: p.petPolicy,
        status: p.vacant[layout.number] ?? ('available' as const),
        created_at: onBooksSince,
        updated_at: onBooksSince,
      }
    }),
  )
  const unitAt = (propertyIndex: number, number: string): UnitDraft =>
    unitDrafts.find((u) => u.propertyIndex === propertyIndex && u.layout.number === number)!

  // People: unique names, e-mails at example.com and fictional 555-01xx numbers.
  const usedNames = new Set<string>()
  const phoneSuffixes = rnd.shuffle(Array.from({ length: 90 }, (_, i) => i))
  let nextPhone = 0
  const drawTenant = (propertyIndex: number, status: 'active' | 'notice' | 'past' | 'applicant', surname?: string): TenantDraft => {
    let first: string
    let last: string
    do {
      first = rnd.pick(FIRST_NAMES)
      last = surname ?? rnd.pick(LAST_NAMES)
    } while (usedNames.has(emailLocal(first, last)))
    usedNames.add(emailLocal(first, last))
    const p = PROPERTIES[propertyIndex]!
    const suffix = phoneSuffixes[nextPhone++]!
    return {
      createdAt: onBooksSince,
      row: {
        id: '',
        org_id: orgId,
        first_name: first,
        last_name: last,
        email: `${emailLocal(first, last)}@example.com`,
        phone: `${p.areaCode}-555-01${String(suffix).padStart(2, '0')}`,
        status,
        notes: rnd.chance(0.2) ? rnd.pick(TENANT_NOTES) : null,
        created_by: staffFor(p),
      },
    }
  }

  const rentFor = (unit: UnitDraft, monthsAgo: number): number => Math.round((unit.marketRentCents * (1 - 0.004 * monthsAgo)) / 500) * 500

  // Active leases on every unit that is not vacant; a few stories are fixed.
  const leases: LeaseDraft[] = []
  const special = Object.values(SPECIAL_LEASES) as readonly { property: number; unit: string; monthsAgo: number }[]
  for (const unit of unitDrafts) {
    const p = PROPERTIES[unit.propertyIndex]!
    if (p.vacant[unit.layout.number]) continue
    const fixed = special.find((s) => s.property === unit.propertyIndex && s.unit === unit.layout.number)
    const monthsAgo = fixed?.monthsAgo ?? rnd.int(6, 30)
    const startMonth = currentMonth - monthsAgo
    let endDate: string | null
    if (monthsAgo < 12) endDate = lastOfMonth(startMonth + 11)
    else if (rnd.chance(0.55)) endDate = null
    else endDate = lastOfMonth(startMonth + 12 * (Math.floor(monthsAgo / 12) + 1) - 1)
    const isNotice = unit.propertyIndex === SPECIAL_LEASES.notice.property && unit.layout.number === SPECIAL_LEASES.notice.unit
    const status = isNotice ? 'notice' : 'active'
    const primary = drawTenant(unit.propertyIndex, status)
    const shared = SHARED_LEASES.find((s) => s.property === unit.propertyIndex && s.unit === unit.layout.number)
    const tenants = shared ? [primary, drawTenant(unit.propertyIndex, status, shared.sameFamily ? primary.row.last_name : undefined)] : [primary]
    leases.push({
      id: '',
      signedAt: onBooksSince,
      unit,
      property: p,
      startDate: firstOfMonth(startMonth),
      endDate,
      rentCents: rentFor(unit, monthsAgo),
      dueDay: 1,
      active: true,
      tenants,
      profile: 'prompt',
      method: 'ach',
    })
  }
  const leaseOn = (s: { property: number; unit: string }): LeaseDraft =>
    leases.find((l) => l.active && l.unit.propertyIndex === s.property && l.unit.layout.number === s.unit)!
  const demoLease = leaseOn(SPECIAL_LEASES.demo)
  const noticeLease = leaseOn(SPECIAL_LEASES.notice)
  const reletLease = leaseOn(SPECIAL_LEASES.relet)

  // Payment habits: most pay on time; a few stories make the ledger worth looking at.
  const candidates = rnd.shuffle(leases.filter((l) => l !== demoLease && l !== noticeLease))
  const stories: Profile[] = ['delinquent', 'delinquent', 'late', 'late', 'late', 'partial', 'failed', 'pending', 'pending']
  candidates.forEach((l, i) => {
    l.profile = stories[i] ?? 'prompt'
  })
  for (const l of leases) {
    const roll = rnd.next()
    l.method = l.profile === 'pending' || l.profile === 'failed' || l === demoLease ? 'ach' : roll < 0.55 ? 'ach' : roll < 0.75 ? 'card' : 'check'
  }

  for (const past of PAST_LEASES) {
    const unit = unitAt(past.property, past.unit)
    const tenant = drawTenant(past.property, 'past')
    tenant.row.notes = past.note
    leases.push({
      id: '',
      signedAt: onBooksSince,
      unit,
      property: PROPERTIES[past.property]!,
      startDate: firstOfMonth(currentMonth - past.startAgo),
      endDate: lastOfMonth(currentMonth - past.endAgo),
      rentCents: rentFor(unit, past.startAgo),
      dueDay: 1,
      active: false,
      tenants: [tenant],
      profile: 'prompt',
      method: rnd.chance(0.5) ? 'ach' : 'check',
    })
  }

  const applicants = APPLICANTS.map((a) => {
    const t = drawTenant(a.property, 'applicant')
    t.row.notes = a.note
    t.row.created_by = userIds.manager
    t.createdAt = stamp(addDays(today, -rnd.int(3, 9)), 16)
    t.row.id = idAt(t.createdAt)
    return t
  })

  // Ids follow each record's own time, so their order matches the history.
  for (const l of leases) {
    l.signedAt = stamp(addDays(l.startDate, -14), 17)
    l.id = idAt(l.signedAt)
    for (const t of l.tenants) {
      t.createdAt = stamp(addDays(l.startDate, -20), 16)
      t.row.id = idAt(t.createdAt)
    }
  }

  const allTenants = [...leases.flatMap((l) => l.tenants), ...applicants]
  const tenantRows = allTenants.map((t) => ({ ...t.row, created_at: t.createdAt, updated_at: t.createdAt }))
  const demoTenant = demoLease.tenants[0]!
  const tenantUser = { ...userRow('tenant', { tenant_id: demoTenant.row.id }), display_name: fullName(demoTenant) }

  const leaseRows = leases.map((l) => ({
    id: l.id,
    org_id: orgId,
    unit_id: l.unit.id,
    start_date: l.startDate,
    end_date: l.endDate,
    rent_cents: l.rentCents,
    deposit_cents: l.rentCents,
    due_day: l.dueDay,
    grace_days: l.property.lateFee.graceDays,
    late_fee_kind: l.property.lateFee.kind,
    late_fee_flat_cents: l.property.lateFee.flatCents,
    late_fee_percent_bp: l.property.lateFee.percentBp,
    late_fee_min_balance_cents: l.property.lateFee.minBalanceCents,
    late_fee_cap_cents: l.property.lateFee.capCents,
    status: l.active ? ('active' as const) : ('ended' as const),
    created_at: l.signedAt,
    updated_at: l.signedAt,
  }))
  const leaseTenants = leases.flatMap((l) => l.tenants.map((t, i) => ({ org_id: orgId, lease_id: l.id, tenant_id: t.row.id, is_primary: i === 0 })))
  // Each lease's signed copy, filed by its manager on the day it was signed.
  const leaseDocuments = leases.map((l): NewRow<'documents'> => {
    const content = leasePdf(l)
    return {
      id: idAt(l.signedAt),
      org_id: orgId,
      lease_id: l.id,
      file_name: `Lease ${l.property.name} ${l.unit.layout.number} ${l.startDate}.pdf`,
      content_type: 'application/pdf',
      size_bytes: content.length,
      sha256: sha256Of(content),
      content,
      uploaded_by: staffFor(l.property),
      created_at: l.signedAt,
    }
  })

  // The ledger: deposits at move-in, rent for every month of every lease, and what each household paid.
  const ledger = planLedger({ today, currentMonth, orgId, rnd, stamp, idAt, leases, staffFor })

  // Maintenance: a year of requests, work orders for the technician, and a few threads.
  const maintenance = planMaintenance({ today, orgId, rnd, stamp, later, idAt, leases, demoLease, properties, userIds, staffFor })

  // Communication logs and notifications retell the stories above.
  const byProfile = (profile: Profile): LeaseDraft[] => leases.filter((l) => l.active && l.profile === profile)
  const [late1, late2] = byProfile('delinquent')
  const failed = byProfile('failed')[0]!
  const where = (l: LeaseDraft): string => `${l.property.name} ${l.unit.layout.number}`
  const feeDate = (l: LeaseDraft, month: number): string => addDays(dayOfMonth(month, l.dueDay), l.property.lateFee.graceDays + 1)
  const lastMonth = currentMonth - 1
  const primaryOf = (l: LeaseDraft): string => l.tenants[0]!.row.id
  const log = (tenantId: string | null, propertyIndex: number, entry: Omit<NewRow<'communication_logs'>, 'id' | 'org_id' | 'tenant_id' | 'property_id' | 'user_id'> & { occurred_at: Date }) => ({
    id: idAt(entry.occurred_at),
    org_id: orgId,
    tenant_id: tenantId,
    property_id: properties[propertyIndex]!.id,
    user_id: staffFor(PROPERTIES[propertyIndex]!),
    created_at: entry.occurred_at,
    ...entry,
  })
  const communications: NewRow<'communication_logs'>[] = [
    log(primaryOf(late1!), late1!.unit.propertyIndex, {
      channel: 'email',
      direction: 'outbound',
      subject: 'Past-due rent reminder',
      body: `Hi ${late1!.tenants[0]!.row.first_name}, our records show rent for ${monthLabel(lastMonth)} (${money(late1!.rentCents)}) is past due and a late fee was added. Please pay through the portal or call the office to set up a plan.`,
      occurred_at: stamp(addDays(feeDate(late1!, lastMonth), 1), 14, 20),
    }),
    log(primaryOf(late2!), late2!.unit.propertyIndex, {
      channel: 'phone',
      direction: 'outbound',
      subject: 'Call about past-due balance',
      body: `Left a voicemail about the unpaid rent for ${monthLabel(lastMonth)}; asked for a call back.`,
      occurred_at: stamp(addDays(feeDate(late2!, lastMonth), 1), 15, 5),
    }),
    log(primaryOf(late2!), late2!.unit.propertyIndex, {
      channel: 'phone',
      direction: 'inbound',
      subject: 'Payment arrangement',
      body: 'Returned our call: hours were cut last month; expects to pay the full balance with the next two paychecks.',
      occurred_at: stamp(addDays(feeDate(late2!, lastMonth), 3), 21, 40),
    }),
    log(primaryOf(failed), failed.unit.propertyIndex, {
      channel: 'email',
      direction: 'outbound',
      subject: 'Your ACH payment was returned',
      body: `The ACH payment for ${monthLabel(currentMonth - 3)} was returned by the bank (insufficient funds). Please pay by card or bank account in the portal.`,
      occurred_at: stamp(addDays(dayOfMonth(currentMonth - 3, failed.dueDay), 2), 14, 10),
    }),
    log(primaryOf(noticeLease), noticeLease.unit.propertyIndex, {
      channel: 'letter',
      direction: 'outbound',
      subject: 'Notice of lease expiration',
      body: `Your lease at ${where(noticeLease)} ends on ${noticeLease.endDate}. Please let us know whether you plan to renew.`,
      occurred_at: stamp(addDays(noticeLease.endDate!, -75), 13),
    }),
    log(primaryOf(noticeLease), noticeLease.unit.propertyIndex, {
      channel: 'email',
      direction: 'inbound',
      subject: 'Moving out at the end of the lease',
      body: 'Thanks for the notice. We will not renew; we are moving out at the end of the lease and will schedule the walk-through.',
      occurred_at: stamp(addDays(noticeLease.endDate!, -70), 23, 15),
    }),
    log(primaryOf(reletLease), reletLease.unit.propertyIndex, {
      channel: 'in_person',
      direction: 'outbound',
      subject: 'Move-in walk-through',
      body: 'Walked the unit together, noted a scuff on the bedroom door, handed over two keys and a mailbox key.',
      occurred_at: stamp(reletLease.startDate, 16),
    }),
    log(primaryOf(demoLease), demoLease.unit.propertyIndex, {
      channel: 'sms',
      direction: 'outbound',
      subject: 'Technician visit',
      body: 'Marcus from maintenance will stop by in the next few days about the kitchen faucet.',
      occurred_at: stamp(addDays(today, -2), 15, 30),
    }),
    ...applicants.map((a, i) =>
      log(a.row.id, APPLICANTS[i]!.property, {
        channel: i === 0 ? 'portal' : 'phone',
        direction: 'inbound',
        subject: i === 0 ? 'Rental application received' : 'Inquiry about a two-bedroom',
        body: a.row.notes ?? '',
        occurred_at: a.createdAt,
      }),
    ),
    log(null, 0, {
      channel: 'letter',
      direction: 'outbound',
      subject: 'Annual smoke detector inspection',
      body: 'Notice to all residents: smoke and CO detectors will be tested in every unit next week between 9 am and 3 pm.',
      occurred_at: stamp(addDays(today, -21), 14),
    }),
    log(null, 1, {
      channel: 'email',
      direction: 'outbound',
      subject: 'Water shut-off Thursday 9–11 am',
      body: 'The water will be off in the whole building on Thursday from 9 to 11 am while the main valve is replaced.',
      occurred_at: stamp(addDays(today, -10), 18),
    }),
  ]

  const openDemo = maintenance.demoOpen
  const overdueCount = byProfile('delinquent').length + byProfile('partial').length
  const notify = (user: AccountKey, title: string, message: string, type: 'info' | 'success' | 'warning' | 'error', at: Date, read: boolean) => ({
    id: idAt(at),
    org_id: orgId,
    user_id: userIds[user],
    title,
    message,
    type,
    read_at: read ? later(at, 3) : null,
    created_at: at,
  })
  const lastDemoPayment = ledger.lastPaymentOf(demoTenant.row.id)
  const notifications: NewRow<'notifications'>[] = [
    notify('manager', 'New maintenance request', `${openDemo.title} — ${where(demoLease)}`, 'info', openDemo.at, false),
    notify('manager', 'Lease ending soon', `${fullName(noticeLease.tenants[0]!)}'s lease at ${where(noticeLease)} ends on ${noticeLease.endDate}.`, 'warning', stamp(addDays(today, -5), 13), false),
    notify('admin', 'Rent overdue', `${overdueCount} leases have rent for ${monthLabel(lastMonth)} still unpaid.`, 'error', stamp(addDays(feeDate(late1!, lastMonth), 1), 12), false),
    notify(failed.property.managed ? 'manager' : 'admin', 'Payment failed', `An ACH payment from ${fullName(failed.tenants[0]!)} (${where(failed)}) was returned.`, 'warning', stamp(addDays(dayOfMonth(currentMonth - 3, failed.dueDay), 2), 13), true),
    notify('tenant', 'Maintenance update', `Marcus Rivera will visit about "${openDemo.title}".`, 'info', later(openDemo.at, 4), false),
    ...maintenance.assigned.map((w) => notify('tech', 'Work order assigned', `${w.title} — ${w.place}`, 'info', w.at, false)),
    notify('owner', 'Monthly statement ready', `Your statement for ${monthLabel(lastMonth)} is ready.`, 'info', stamp(firstOfMonth(currentMonth), 13), false),
  ]
  if (lastDemoPayment) {
    const at = stamp(lastDemoPayment.paidOn, 20)
    notifications.push(
      notify('tenant', 'Payment received', `Thank you: ${money(lastDemoPayment.amountCents)} received on ${lastDemoPayment.paidOn}.`, 'success', at, true),
      notify('manager', 'Payment received', `${money(lastDemoPayment.amountCents)} from ${fullName(demoTenant)} (${where(demoLease)}).`, 'success', at, true),
    )
  }

  const logins: PlannedLogin[] = ACCOUNTS.map((a) => ({
    role: a.role,
    email: a.email,
    password: a.password,
    displayName: a.key === 'tenant' ? fullName(demoTenant) : a.displayName,
  }))

  const batches: Batch[] = [
    { table: 'organizations', rows: organizations },
    { table: 'owners', rows: owners },
    { table: 'neighborhoods', rows: neighborhoods },
    { table: 'users', rows: staffUsers },
    { table: 'tenants', rows: tenantRows },
    { table: 'users', rows: [tenantUser] },
    { table: 'properties', rows: properties },
    { table: 'property_managers', rows: propertyManagers },
    { table: 'units', rows: units },
    { table: 'leases', rows: leaseRows },
    { table: 'lease_tenants', rows: leaseTenants },
    { table: 'documents', rows: leaseDocuments },
    { table: 'charges', rows: ledger.charges },
    { table: 'payments', rows: ledger.payments },
    { table: 'payment_allocations', rows: ledger.allocations },
    { table: 'maintenance_requests', rows: maintenance.requests },
    { table: 'work_orders', rows: maintenance.workOrders },
    { table: 'request_comments', rows: maintenance.comments },
    { table: 'communication_logs', rows: communications },
    { table: 'notifications', rows: notifications },
  ]
  return { orgId, batches, logins, emails: ACCOUNTS.map((a) => a.email) }
}

interface LedgerInput {
  today: string
  currentMonth: number
  orgId: string
  rnd: Random
  stamp: (date: string, hour: number, minute?: number) => Date
  idAt: (at: Date) => string
  leases: LeaseDraft[]
  staffFor: (p: PropertyPlan) => string
}

/** One payment a household makes for a month: `rest` pays whatever of the month is open then. */
interface PlannedPayment {
  on: string
  amount: number | 'rest'
  status?: 'succeeded' | 'pending' | 'failed'
  method?: PaymentMethod
  memo: string
}

/**
 * The ledger the billing and late-fee runs would have written, plus what each household paid:
 * every rent period since the lease began (posted as the schedule posts it, so a later billing
 * run finds nothing missing), the deposit, a late fee wherever rent was still open after the
 * grace days, and payments allocated oldest charge first.
 */
function planLedger({ today, currentMonth, orgId, rnd, stamp, idAt, leases, staffFor }: LedgerInput) {
  const charges: NewRow<'charges'>[] = []
  const payments: NewRow<'payments'>[] = []
  const allocations: NewRow<'payment_allocations'>[] = []
  const lastPayment = new Map<string, { paidOn: string; amountCents: number }>()
  let sequence = 1000

  interface Open {
    id: string
    dueDate: string
    balance: number
  }
  const charge = (lease: LeaseDraft, row: Omit<NewRow<'charges'>, 'id' | 'org_id' | 'lease_id'> & { created_at: Date }): Open => {
    const id = idAt(row.created_at)
    charges.push({ id, org_id: orgId, lease_id: lease.id, scheduled: true, ...row })
    return { id, dueDate: row.due_date, balance: row.amount_cents }
  }

  /** Records a payment unless it would lie after today; a succeeded one pays `open` oldest first. */
  const pay = (lease: LeaseDraft, open: Open[], plan: PlannedPayment): void => {
    if (plan.on > today) return
    const owed = open.reduce((sum, c) => sum + c.balance, 0)
    const amount = plan.amount === 'rest' ? owed : Math.min(plan.amount, owed)
    if (amount <= 0) return
    const method = plan.method ?? lease.method
    const status = plan.status ?? 'succeeded'
    const at = stamp(plan.on, rnd.int(12, 23), rnd.int(0, 59))
    const id = idAt(at)
    const tenantId = lease.tenants[0]!.row.id
    payments.push({
      id,
      org_id: orgId,
      tenant_id: tenantId,
      lease_id: lease.id,
      amount_cents: amount,
      method,
      status,
      paid_on: plan.on,
      reference: `${REFERENCE_PREFIX[method]}-${plan.on.slice(0, 4)}-${plan.on.slice(5, 7)}${plan.on.slice(8, 10)}-${String(sequence++).padStart(4, '0')}`,
      memo: plan.memo,
      created_by: method === 'check' ? staffFor(lease.property) : null,
      created_at: at,
      updated_at: at,
    })
    if (status !== 'succeeded') return
    let left = amount
    for (const c of [...open].sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0))) {
      const take = Math.min(left, c.balance)
      if (take <= 0) continue
      // Money paid ahead takes effect when the charge falls due.
      allocations.push({ id: idAt(at), org_id: orgId, payment_id: id, charge_id: c.id, amount_cents: take, effective_on: plan.on > c.dueDate ? plan.on : c.dueDate, created_at: at })
      c.balance -= take
      left -= take
    }
    const prev = lastPayment.get(tenantId)
    if (!prev || prev.paidOn <= plan.on) lastPayment.set(tenantId, { paidOn: plan.on, amountCents: amount })
  }

  /** The fee the lease's policy charges on an overdue balance, as the late-fee run computes it. */
  const lateFeeCents = (lease: LeaseDraft, balance: number): number => {
    const policy = lease.property.lateFee
    if (balance <= 0 || balance < policy.minBalanceCents) return 0
    const fee = policy.kind === 'flat' ? policy.flatCents : Math.floor((2 * balance * policy.percentBp + 10_000) / 20_000)
    return policy.capCents === null ? fee : Math.min(fee, policy.capCents)
  }

  const prompt = (due: string, month: number): PlannedPayment[] => [{ on: addDays(due, rnd.int(-2, 4)), amount: 'rest', memo: `Rent ${monthLabel(month)}` }]
  const late = (lease: LeaseDraft, due: string, month: number): PlannedPayment[] => {
    const grace = lease.property.lateFee.graceDays
    return [{ on: addDays(due, rnd.int(grace + 2, grace + 12)), amount: 'rest', memo: `Rent ${monthLabel(month)} + late fee` }]
  }
  const paymentsFor = (lease: LeaseDraft, month: number, due: string): PlannedPayment[] => {
    const age = currentMonth - month
    const label = monthLabel(month)
    const part = Math.round((lease.rentCents * 0.6) / 100) * 100
    switch (lease.profile) {
      case 'prompt':
        return prompt(due, month)
      case 'late':
        return rnd.chance(0.3) ? late(lease, due, month) : prompt(due, month)
      case 'delinquent':
        // The last two months stay unpaid.
        if (age <= 1) return []
        return rnd.chance(0.3) ? late(lease, due, month) : prompt(due, month)
      case 'partial':
        // Last month only partly paid, nothing yet this month.
        if (age === 1) return [{ on: addDays(due, rnd.int(0, 3)), amount: part, memo: `Partial rent ${label}` }]
        if (age === 0) return []
        if (!rnd.chance(0.4)) return prompt(due, month)
        return [
          { on: addDays(due, rnd.int(0, 3)), amount: part, memo: `Partial rent ${label}` },
          { on: addDays(due, rnd.int(10, 18)), amount: 'rest', memo: `Rest of rent ${label}` },
        ]
      case 'failed':
        if (age !== 3) return prompt(due, month)
        return [
          { on: addDays(due, 1), amount: 'rest', status: 'failed', memo: `Rent ${label}: returned, insufficient funds (R01)` },
          { on: addDays(due, 3), amount: 'rest', method: 'card', memo: `Rent ${label} (after returned ACH)` },
        ]
      case 'pending': {
        if (age !== 0) return prompt(due, month)
        const prior = addDays(today, -1)
        return [{ on: prior > due ? prior : due, amount: 'rest', status: 'pending', memo: `Rent ${label}` }]
      }
    }
  }

  for (const lease of leases) {
    const deposit = charge(lease, {
      kind: 'deposit',
      description: 'Security deposit',
      amount_cents: lease.rentCents,
      due_date: lease.startDate,
      period_start: lease.startDate,
      created_at: stamp(addDays(lease.startDate, -14), 17),
    })
    pay(lease, [deposit], { on: addDays(lease.startDate, -rnd.int(3, 10)), amount: 'rest', method: 'check', memo: 'Security deposit' })

    const last = lease.endDate === null ? currentMonth : Math.min(currentMonth, monthOf(lease.endDate))
    for (let month = monthOf(lease.startDate); month <= last; month++) {
      const due = dayOfMonth(month, lease.dueDay)
      const rent = charge(lease, {
        kind: 'rent',
        description: `Rent ${monthLabel(month)}`,
        amount_cents: lease.rentCents,
        due_date: due,
        period_start: firstOfMonth(month),
        period_end: lastOfMonth(month),
        created_at: stamp(firstOfMonth(month), 11),
      })
      const open = [rent]
      const planned = paymentsFor(lease, month, due)
      // The late-fee run assesses on the first day after the grace days what is still open then.
      const assessOn = addDays(due, lease.property.lateFee.graceDays + 1)
      const onTime = planned.filter((p) => p.on < assessOn)
      for (const p of onTime) pay(lease, open, p)
      const fee = assessOn <= today ? lateFeeCents(lease, rent.balance) : 0
      if (fee > 0) {
        const id = idAt(stamp(assessOn, 11))
        charges.push({
          id,
          org_id: orgId,
          lease_id: lease.id,
          kind: 'late_fee',
          description: `Late fee for rent due ${due}`,
          amount_cents: fee,
          due_date: assessOn,
          source_charge_id: rent.id,
          scheduled: true,
          created_at: stamp(assessOn, 11),
        })
        open.push({ id, dueDate: assessOn, balance: fee })
      }
      for (const p of planned) if (!onTime.includes(p)) pay(lease, open, p)
    }
  }
  return {
    charges,
    payments,
    allocations,
    lastPaymentOf: (tenantId: string) => lastPayment.get(tenantId),
  }
}

interface MaintenanceInput {
  today: string
  orgId: string
  rnd: Random
  stamp: (date: string, hour: number, minute?: number) => Date
  later: (at: Date, hours: number) => Date
  idAt: (at: Date) => string
  leases: LeaseDraft[]
  demoLease: LeaseDraft
  properties: { id: string }[]
  userIds: Record<AccountKey, string>
  staffFor: (p: PropertyPlan) => string
}

function planMaintenance({ today, orgId, rnd, stamp, later, idAt, leases, demoLease, properties, userIds, staffFor }: MaintenanceInput) {
  const requests: NewRow<'maintenance_requests'>[] = []
  const workOrders: NewRow<'work_orders'>[] = []
  const comments: NewRow<'request_comments'>[] = []
  let demoOpen: { title: string; at: Date } | undefined
  const assigned: { title: string; place: string; at: Date }[] = []

  for (const plan of REQUESTS) {
    const date = addDays(today, -plan.daysAgo)
    const at = stamp(date, rnd.int(12, 23), rnd.int(0, 59))
    const { lease, propertyIndex } = pickSubject(plan, date, leases, demoLease, rnd)
    const story = isSummer(date) && plan.summer ? { ...plan, ...plan.summer } : plan
    const id = idAt(at)
    const vendor = plan.workOrder?.vendor
    const byTechnician = plan.workOrder !== undefined && vendor === undefined && plan.status !== 'open' && plan.status !== 'cancelled'
    const completedAt = plan.status === 'completed' ? later(at, (plan.resolveDays ?? 1) * 24 + rnd.int(2, 6)) : null
    requests.push({
      id,
      org_id: orgId,
      property_id: properties[propertyIndex]!.id,
      unit_id: lease?.unit.id ?? null,
      tenant_id: lease?.tenants[0]!.row.id ?? null,
      title: story.title,
      description: story.description,
      category: plan.category,
      subcategory: story.subcategory,
      priority: plan.priority,
      status: plan.status,
      assignee_id: byTechnician ? userIds.tech : null,
      source: plan.source,
      location: plan.location,
      requested_at: at,
      completed_at: completedAt,
      created_at: at,
      updated_at: completedAt ?? (plan.status === 'cancelled' ? later(at, 20) : at),
    })
    if (plan.target.kind === 'demo' && plan.status === 'open') demoOpen = { title: story.title, at }

    const wo = plan.workOrder
    if (wo) {
      const created = later(at, 2)
      const scheduledFor =
        wo.status === 'scheduled'
          ? instant(addDays(today, rnd.int(1, 3)), 14)
          : wo.status === 'completed'
            ? new Date(completedAt!.getTime() - 2 * HOUR_MS)
            : later(at, plan.priority === 'emergency' ? 2 : 24)
      const p = PROPERTIES[propertyIndex]!
      if (wo.status === 'scheduled' && !vendor) assigned.push({ title: story.title, place: `${p.name}${lease ? ` ${lease.unit.layout.number}` : ''}`, at: created })
      workOrders.push({
        id: idAt(created),
        org_id: orgId,
        request_id: id,
        assignee_id: vendor ? null : userIds.tech,
        vendor: vendor ? p.vendor[vendor] : null,
        status: wo.status,
        scheduled_for: scheduledFor,
        completed_at: wo.status === 'completed' ? completedAt : null,
        estimated_cost_cents: wo.estimatedCents,
        actual_cost_cents: wo.actualCents ?? null,
        notes: wo.notes ?? null,
        created_at: created,
        updated_at: completedAt ?? created,
      })
    }

    if (plan.thread) {
      const first = lease?.tenants[0]!.row.first_name ?? ''
      const authors = { tenant: userIds.tenant, manager: staffFor(PROPERTIES[propertyIndex]!), tech: userIds.tech }
      for (const c of THREADS[plan.thread]) {
        const when = later(at, c.afterHours)
        comments.push({ id: idAt(when), org_id: orgId, request_id: id, author_id: authors[c.author], body: c.body.replaceAll('{first}', first), created_at: when })
      }
    }
  }
  if (!demoOpen) throw new Error('the demo catalog needs an open request for the demo tenant')
  return { requests, workOrders, comments, demoOpen, assigned }
}

/** The unit and tenant a request is about: a lease in force on its date, or a common area. */
function pickSubject(plan: RequestPlan, date: string, leases: LeaseDraft[], demoLease: LeaseDraft, rnd: Random): { lease: LeaseDraft | null; propertyIndex: number } {
  const target = plan.target
  if (target.kind === 'demo') return { lease: demoLease, propertyIndex: demoLease.unit.propertyIndex }
  if (target.kind === 'common') return { lease: null, propertyIndex: target.property }
  const inForce = leases.filter(
    (l) =>
      l !== demoLease &&
      l.startDate <= date &&
      (l.endDate === null || l.endDate >= date) &&
      (target.property === undefined || l.unit.propertyIndex === target.property),
  )
  const lease = rnd.pick(inForce)
  return { lease, propertyIndex: lease.unit.propertyIndex }
}

/** April to October: the heating complaint becomes a hot-water one. */
const isSummer = (date: string): boolean => {
  const month = Number(date.slice(5, 7))
  return month >= 4 && month <= 10
}

const fullName = (t: TenantDraft): string => `${t.row.first_name} ${t.row.last_name}`

/** The late-fee clause of a property's leases in words. */
function lateFeeWords(f: PropertyPlan['lateFee']): string {
  const grace = `after ${f.graceDays} grace day${f.graceDays === 1 ? '' : 's'}`
  if (f.kind === 'flat') return `${money(f.flatCents)} ${grace}`
  if (f.kind === 'percent') return `${f.percentBp / 100}% of the overdue rent ${grace}${f.capCents === null ? '' : `, at most ${money(f.capCents)}`}`
  return 'none'
}

/** A lease's one-page document: the parties, the premises and the money terms, from the lease alone. */
function leasePdf(l: LeaseDraft): Uint8Array {
  const p = l.property
  const names = l.tenants.map(fullName)
  return textPdf(`Residential lease, ${p.name} ${l.unit.layout.number}`, [
    { text: 'Residential Lease Agreement', size: 18 },
    { text: `${ORGANIZATION.name}, as agent for the owner ("Landlord")` },
    { text: `Tenant${names.length > 1 ? 's' : ''}: ${names.join(' and ')}` },
    { text: `Premises: ${p.address}, unit ${l.unit.layout.number}, ${p.city}, ${p.state} ${p.zip}` },
    { text: `Term: ${l.startDate} to ${l.endDate ?? 'month-to-month, until either party gives notice'}` },
    { text: `Monthly rent: ${money(l.rentCents)}, due on day ${l.dueDay} of each month` },
    { text: `Security deposit: ${money(l.rentCents)}` },
    { text: `Late fee: ${lateFeeWords(p.lateFee)}` },
    { text: `Signed ${l.signedAt.toISOString().slice(0, 10)} by Landlord and ${names.length > 1 ? 'each Tenant' : 'Tenant'}.` },
  ])
}

/** `first.last` in plain ASCII letters, as an e-mail's local part. */
function emailLocal(first: string, last: string): string {
  const ascii = (s: string): string =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z]/g, '')
  return `${ascii(first)}.${ascii(last)}`
}
