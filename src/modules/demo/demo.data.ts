/** The fixed material of the demo portfolio: places, buildings, people's names and maintenance stories. */
import type { MaintenancePriority, MaintenanceStatus, Role, WorkOrderStatus } from '../../db/types.js'

export const ORGANIZATION = { name: 'Demo Property Co.', timeZone: 'America/New_York' } as const

/** The demo accounts and their fixed passwords, printed at start; they exist only in the demo. */
export const ACCOUNTS: readonly { key: 'admin' | 'manager' | 'owner' | 'tenant' | 'tech'; role: Role; email: string; password: string; displayName: string }[] = [
  { key: 'admin', role: 'admin', email: 'admin@demo.tms.dev', password: 'demo-admin-2026', displayName: 'Dana Whitfield' },
  { key: 'manager', role: 'property_manager', email: 'manager@demo.tms.dev', password: 'demo-manager-2026', displayName: 'Priya Natarajan' },
  { key: 'owner', role: 'owner', email: 'owner@demo.tms.dev', password: 'demo-owner-2026', displayName: 'Robert Hale' },
  // The tenant account takes the name of the tenant record it is linked to.
  { key: 'tenant', role: 'tenant', email: 'tenant@demo.tms.dev', password: 'demo-tenant-2026', displayName: '' },
  { key: 'tech', role: 'technician', email: 'tech@demo.tms.dev', password: 'demo-tech-2026', displayName: 'Marcus Rivera' },
]

export const OWNERS = [
  { name: 'Hale Family Properties LLC', email: 'robert.hale@example.com', phone: '217-555-0190' },
  { name: 'Osei Lakeshore Investments LLC', email: 'margaret.osei@example.com', phone: '217-555-0191' },
] as const

export type PropertyType = 'apartment' | 'multi_family' | 'single_family' | 'condo'
export type PetPolicy = 'none' | 'cats' | 'dogs' | 'cats_and_dogs'

export interface UnitLayout {
  number: string
  floor: number
  bedrooms: number
  bathrooms: number
  squareFeet: [number, number]
  /** Market rent in whole dollars before the floor premium and the jitter. */
  rentDollars: number
}

export interface LateFeePolicy {
  kind: 'flat' | 'percent'
  flatCents: number
  percentBp: number
  graceDays: number
  minBalanceCents: number
  capCents: number | null
}

export interface PropertyPlan {
  name: string
  type: PropertyType
  ownerIndex: number
  managed: boolean
  address: string
  city: string
  state: string
  zip: string
  areaCode: string
  yearBuilt: number
  marketValueCents: number
  neighborhood: { name: string; score: number }
  petPolicy: PetPolicy
  lateFee: LateFeePolicy
  floorPremiumDollars: number
  units: UnitLayout[]
  /** Units without an active lease today; the value is the unit's status. */
  vacant: Record<string, 'available' | 'renovation'>
  vendor: { pest: string; appliance: string }
}

const layout = (floor: number, number: string, bedrooms: number, bathrooms: number, squareFeet: [number, number], rentDollars: number): UnitLayout => ({
  number,
  floor,
  bedrooms,
  bathrooms,
  squareFeet,
  rentDollars,
})

/** Maple Court: three floors of six, a studio to a three-bedroom on each. */
const mapleCourtUnits = [1, 2, 3].flatMap((floor) => [
  layout(floor, `${floor}01`, 0, 1, [450, 520], 695),
  layout(floor, `${floor}02`, 1, 1, [640, 700], 825),
  layout(floor, `${floor}03`, 1, 1, [650, 710], 835),
  layout(floor, `${floor}04`, 2, 1, [860, 920], 1025),
  layout(floor, `${floor}05`, 2, 1.5, [900, 960], 1065),
  layout(floor, `${floor}06`, 3, 2, [1150, 1220], 1295),
])

/** Hawthorne Flats: a 1926 walk-up, four floors of three. */
const hawthorneUnits = [1, 2, 3, 4].flatMap((floor) => [
  layout(floor, `${floor}A`, 2, floor >= 3 ? 2 : 1, [880, 940], floor >= 3 ? 1950 : 1850),
  layout(floor, `${floor}B`, 1, 1, [610, 660], 1450),
  floor <= 2 ? layout(floor, `${floor}C`, 0, 1, [410, 470], 1195) : layout(floor, `${floor}C`, 1, 1, [590, 640], 1425),
])

const lakeshoreUnits = [1, 2, 3].flatMap((floor) => [
  layout(floor, `${floor}01`, 2, 2, [1080, 1160], 1395),
  layout(floor, `${floor}02`, 1, 1, [720, 780], 1075),
  layout(floor, `${floor}03`, 1, 1.5, [790, 840], 1125),
])

export const PROPERTIES: readonly PropertyPlan[] = [
  {
    name: 'Maple Court Apartments',
    type: 'apartment',
    ownerIndex: 0,
    managed: true,
    address: '1420 N Walnut St',
    city: 'Springfield',
    state: 'IL',
    zip: '62702',
    areaCode: '217',
    yearBuilt: 1974,
    marketValueCents: 285_000_000,
    neighborhood: { name: 'Enos Park', score: 64 },
    petPolicy: 'cats',
    lateFee: { kind: 'flat', flatCents: 5_000, percentBp: 0, graceDays: 5, minBalanceCents: 0, capCents: null },
    floorPremiumDollars: 15,
    units: mapleCourtUnits,
    vacant: { '204': 'available', '305': 'renovation' },
    vendor: { pest: 'Prairie State Pest Control', appliance: 'Capital City Appliance Repair' },
  },
  {
    name: 'Hawthorne Flats',
    type: 'multi_family',
    ownerIndex: 0,
    managed: true,
    address: '3316 SE Hawthorne Blvd',
    city: 'Portland',
    state: 'OR',
    zip: '97214',
    areaCode: '503',
    yearBuilt: 1926,
    marketValueCents: 415_000_000,
    neighborhood: { name: 'Hawthorne', score: 82 },
    petPolicy: 'cats_and_dogs',
    lateFee: { kind: 'percent', flatCents: 0, percentBp: 500, graceDays: 4, minBalanceCents: 0, capCents: 10_000 },
    floorPremiumDollars: 25,
    units: hawthorneUnits,
    vacant: { '3C': 'available', '4A': 'available' },
    vendor: { pest: 'Rose City Pest Solutions', appliance: 'Rose City Appliance Repair' },
  },
  {
    name: 'Sellwood Bungalow',
    type: 'single_family',
    ownerIndex: 0,
    managed: true,
    address: '7819 SE 15th Ave',
    city: 'Portland',
    state: 'OR',
    zip: '97202',
    areaCode: '503',
    yearBuilt: 1948,
    marketValueCents: 68_500_000,
    neighborhood: { name: 'Sellwood-Moreland', score: 86 },
    petPolicy: 'dogs',
    lateFee: { kind: 'flat', flatCents: 7_500, percentBp: 0, graceDays: 5, minBalanceCents: 0, capCents: null },
    floorPremiumDollars: 0,
    units: [layout(1, 'House', 3, 2, [1600, 1680], 2795)],
    vacant: {},
    vendor: { pest: 'Rose City Pest Solutions', appliance: 'Rose City Appliance Repair' },
  },
  {
    name: 'Lakeshore Condominiums',
    type: 'condo',
    ownerIndex: 1,
    managed: false,
    address: '2900 E Lake Shore Dr',
    city: 'Springfield',
    state: 'IL',
    zip: '62712',
    areaCode: '217',
    yearBuilt: 2006,
    marketValueCents: 162_000_000,
    neighborhood: { name: 'Lake Springfield', score: 73 },
    petPolicy: 'none',
    lateFee: { kind: 'flat', flatCents: 5_000, percentBp: 0, graceDays: 5, minBalanceCents: 10_000, capCents: null },
    floorPremiumDollars: 20,
    units: lakeshoreUnits,
    vacant: { '202': 'available', '301': 'available' },
    vendor: { pest: 'Prairie State Pest Control', appliance: 'Capital City Appliance Repair' },
  },
]

/** Leases with a fixed story; every other occupied unit gets a lease of random age. */
export const SPECIAL_LEASES = {
  /** The tenant behind tenant@demo.tms.dev. */
  demo: { property: 0, unit: '302', monthsAgo: 14 },
  /** On notice: the lease ends at the end of next month. */
  notice: { property: 1, unit: '1C', monthsAgo: 10 },
  /** Let again the month after its previous tenant moved out. */
  relet: { property: 1, unit: '2B', monthsAgo: 6 },
  house: { property: 2, unit: 'House', monthsAgo: 22 },
} as const

/** Units shared by two adults on one lease; `sameFamily` gives the co-tenant the primary's surname. */
export const SHARED_LEASES: readonly { property: number; unit: string; sameFamily: boolean }[] = [
  { property: 2, unit: 'House', sameFamily: true },
  { property: 1, unit: '2A', sameFamily: false },
  { property: 0, unit: '106', sameFamily: true },
]

/** Ended leases, in months before the current one; their units are vacant or let again now. */
export const PAST_LEASES: readonly { property: number; unit: string; startAgo: number; endAgo: number; note: string }[] = [
  { property: 0, unit: '204', startAgo: 13, endAgo: 2, note: 'Moved out at the end of the lease; relocated for work.' },
  { property: 1, unit: '2B', startAgo: 18, endAgo: 7, note: 'Bought a house; left the unit in good condition.' },
  { property: 0, unit: '305', startAgo: 28, endAgo: 4, note: 'Gave 30 days notice on month-to-month.' },
]

export const APPLICANTS: readonly { property: number; note: string }[] = [
  { property: 0, note: 'Applied for unit 204 at Maple Court; screening in progress.' },
  { property: 1, note: 'Asked about a two-bedroom at Hawthorne Flats; tour requested.' },
]

export const TENANT_NOTES: readonly string[] = [
  'Prefers text messages.',
  'Registered cat: Miso.',
  'Works nights; schedule visits after 1 pm.',
  'Has a service dog (documented).',
  'Requested paperless statements.',
  'Car parked in space 12.',
]

export const FIRST_NAMES: readonly string[] = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Elijah', 'Sophia', 'James', 'Isabella', 'Benjamin',
  'Mia', 'Lucas', 'Amelia', 'Mateo', 'Harper', 'Ethan', 'Evelyn', 'Daniel', 'Abigail', 'Henry',
  'Emily', 'Jackson', 'Sofia', 'Sebastian', 'Camila', 'Aiden', 'Aria', 'Samuel', 'Scarlett', 'David',
  'Grace', 'Joseph', 'Chloe', 'Carter', 'Layla', 'Owen', 'Zoe', 'Wyatt', 'Nora', 'John',
  'Lily', 'Julian', 'Hannah', 'Isaiah', 'Leah', 'Gabriel', 'Maya', 'Anthony', 'Naomi', 'Dylan',
  'Priscilla', 'Terrence', 'Keisha', 'Andre', 'Mei', 'Rafael', 'Fatima', 'Kwame', 'Ingrid', 'Tomás',
]

export const LAST_NAMES: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts',
  'Okafor', 'Kowalski', 'Chen', 'Patel', 'Yamamoto', 'Lindqvist', 'Haddad', 'Mensah', "O'Brien", 'Novak',
]

export type RequestTarget =
  | { kind: 'demo' }
  /** A unit with a lease on the request's date, optionally on one property. */
  | { kind: 'unit'; property?: number }
  /** A common area: no unit, no tenant. */
  | { kind: 'common'; property: number }

export interface WorkOrderPlan {
  status: WorkOrderStatus
  estimatedCents: number
  actualCents?: number
  /** An outside vendor instead of the technician. */
  vendor?: 'pest' | 'appliance'
  notes?: string
}

export type ThreadKey = 'demoOpen' | 'demoDone' | 'partOnOrder' | 'snakedDrain'

export interface RequestPlan {
  daysAgo: number
  status: MaintenanceStatus
  priority: MaintenancePriority
  category: string
  subcategory: string
  title: string
  description: string
  location: string | null
  source: 'portal' | 'phone' | 'email' | 'inspection'
  target: RequestTarget
  /** Days from the report to completion (completed requests). */
  resolveDays?: number
  workOrder?: WorkOrderPlan
  thread?: ThreadKey
  /** Replaces title, description and subcategory when the request falls in April–October. */
  summer?: { title: string; description: string; subcategory: string }
}

const unit = (property?: number): RequestTarget => (property === undefined ? { kind: 'unit' } : { kind: 'unit', property })
const common = (property: number): RequestTarget => ({ kind: 'common', property })

/** A year of maintenance, newest first: every status and priority, tied to units and their tenants. */
export const REQUESTS: readonly RequestPlan[] = [
  { daysAgo: 1, status: 'open', priority: 'high', category: 'plumbing', subcategory: 'leak', title: 'Water stain spreading on bathroom ceiling', description: 'There is a brown stain on the bathroom ceiling that has doubled in size since yesterday. It feels damp to the touch.', location: 'Bathroom', source: 'portal', target: unit() },
  { daysAgo: 2, status: 'open', priority: 'low', category: 'door_window', subcategory: 'screen', title: 'Torn window screen in bedroom', description: 'The screen on the left bedroom window has a tear in the corner and bugs are getting in.', location: 'Bedroom', source: 'portal', target: unit() },
  { daysAgo: 2, status: 'in_progress', priority: 'emergency', category: 'heat_hot_water', subcategory: 'no_heat', title: 'No heat in apartment', description: 'The radiators are cold and the thermostat reads 58°F. It has been like this since last night.', location: 'Whole unit', source: 'phone', target: unit(), workOrder: { status: 'in_progress', estimatedCents: 35_000 }, summer: { title: 'No hot water', description: 'No hot water in the kitchen or the bathroom since this morning.', subcategory: 'no_hot_water' } },
  { daysAgo: 3, status: 'open', priority: 'normal', category: 'plumbing', subcategory: 'faucet', title: 'Kitchen faucet dripping', description: 'The kitchen faucet keeps dripping even with the handle fully closed. It started over the weekend and is getting worse.', location: 'Kitchen', source: 'portal', target: { kind: 'demo' }, thread: 'demoOpen' },
  { daysAgo: 4, status: 'assigned', priority: 'high', category: 'appliance', subcategory: 'refrigerator', title: 'Refrigerator not keeping food cold', description: 'The fridge is at about 50°F by my thermometer; the freezer still works.', location: 'Kitchen', source: 'phone', target: unit(), workOrder: { status: 'scheduled', estimatedCents: 18_000 } },
  { daysAgo: 5, status: 'open', priority: 'low', category: 'general', subcategory: 'cabinet', title: 'Loose cabinet door in kitchen', description: 'The hinge on the cabinet above the stove is loose and the door hangs crooked.', location: 'Kitchen', source: 'portal', target: unit() },
  { daysAgo: 6, status: 'assigned', priority: 'normal', category: 'electrical', subcategory: 'outlet', title: 'Bedroom outlets not working', description: 'Two outlets on the bedroom wall stopped working. I checked the breaker panel and nothing is tripped.', location: 'Bedroom', source: 'portal', target: unit(), workOrder: { status: 'scheduled', estimatedCents: 9_500 } },
  { daysAgo: 8, status: 'assigned', priority: 'normal', category: 'pest', subcategory: 'rodents', title: 'Mouse droppings in basement storage', description: 'Droppings found along the wall by the storage cages during the monthly walk-through.', location: 'Basement storage', source: 'inspection', target: common(0), workOrder: { status: 'scheduled', estimatedCents: 22_000 } },
  { daysAgo: 9, status: 'in_progress', priority: 'high', category: 'plumbing', subcategory: 'drain', title: 'Bathtub drains very slowly', description: 'Water stands in the tub for twenty minutes after a shower.', location: 'Bathroom', source: 'portal', target: unit(), workOrder: { status: 'in_progress', estimatedCents: 12_000 }, thread: 'snakedDrain' },
  { daysAgo: 12, status: 'in_progress', priority: 'normal', category: 'door_window', subcategory: 'lock', title: 'Front door deadbolt sticks', description: 'I have to jiggle the key for a minute before the deadbolt will turn.', location: 'Entry', source: 'portal', target: unit(), workOrder: { status: 'in_progress', estimatedCents: 8_500 } },
  { daysAgo: 15, status: 'on_hold', priority: 'normal', category: 'appliance', subcategory: 'dishwasher', title: 'Dishwasher leaves standing water', description: 'The dishwasher does not drain at the end of the cycle; about an inch of water is left in the bottom.', location: 'Kitchen', source: 'portal', target: unit(), workOrder: { status: 'on_hold', estimatedCents: 24_000, notes: 'Drain pump failed; replacement part ordered, 7–10 days.' }, thread: 'partOnOrder' },
  { daysAgo: 20, status: 'completed', priority: 'high', category: 'plumbing', subcategory: 'toilet', title: 'Toilet overflowing', description: 'The toilet overflowed twice this morning; plunging does not help.', location: 'Bathroom', source: 'phone', target: unit(), resolveDays: 1, workOrder: { status: 'completed', estimatedCents: 15_000, actualCents: 12_850, notes: 'Cleared blockage with an auger; replaced the flapper.' } },
  { daysAgo: 24, status: 'on_hold', priority: 'low', category: 'general', subcategory: 'flooring', title: 'Replace worn hallway carpet', description: 'The carpet runner in the second-floor hallway is fraying at the seams and will soon be a trip hazard.', location: '2nd floor hallway', source: 'inspection', target: common(1), workOrder: { status: 'on_hold', estimatedCents: 145_000, notes: 'Waiting for the owner to approve the flooring quote.' } },
  { daysAgo: 35, status: 'completed', priority: 'normal', category: 'appliance', subcategory: 'refrigerator', title: 'Refrigerator making a loud buzzing noise', description: 'The fridge buzzes loudly every few minutes, worst at night.', location: 'Kitchen', source: 'portal', target: { kind: 'demo' }, resolveDays: 3, workOrder: { status: 'completed', estimatedCents: 20_000, actualCents: 16_475, notes: 'Replaced the condenser fan motor.' }, thread: 'demoDone' },
  { daysAgo: 40, status: 'cancelled', priority: 'normal', category: 'electrical', subcategory: 'breaker', title: 'Breaker keeps tripping in kitchen', description: 'The kitchen breaker trips whenever the microwave runs. Update: it was the kettle and microwave on one circuit; no fault.', location: 'Kitchen', source: 'portal', target: unit() },
  { daysAgo: 48, status: 'completed', priority: 'emergency', category: 'plumbing', subcategory: 'leak', title: 'Water leaking through kitchen ceiling', description: 'Water is dripping from the kitchen light fixture; it seems to come from the unit above.', location: 'Kitchen', source: 'phone', target: unit(0), resolveDays: 0, workOrder: { status: 'completed', estimatedCents: 40_000, actualCents: 52_300, notes: 'Supply line burst in the unit above; replaced the line and dried the ceiling.' } },
  { daysAgo: 62, status: 'completed', priority: 'normal', category: 'electrical', subcategory: 'fan', title: 'Bathroom exhaust fan stopped working', description: 'The bathroom fan hums but does not spin.', location: 'Bathroom', source: 'portal', target: unit(), resolveDays: 4, workOrder: { status: 'completed', estimatedCents: 11_000, actualCents: 9_875 } },
  { daysAgo: 75, status: 'completed', priority: 'low', category: 'door_window', subcategory: 'window', title: 'Bedroom window hard to open', description: 'The bedroom window sticks and takes both hands to open.', location: 'Bedroom', source: 'portal', target: unit(), resolveDays: 6, workOrder: { status: 'completed', estimatedCents: 6_000, actualCents: 4_500, notes: 'Cleaned and lubricated the tracks.' } },
  { daysAgo: 90, status: 'completed', priority: 'normal', category: 'pest', subcategory: 'ants', title: 'Ants in the kitchen', description: 'A trail of small ants runs along the counter near the sink.', location: 'Kitchen', source: 'portal', target: unit(0), resolveDays: 5, workOrder: { status: 'completed', estimatedCents: 15_000, actualCents: 15_000, vendor: 'pest' } },
  { daysAgo: 100, status: 'cancelled', priority: 'low', category: 'pest', subcategory: 'spiders', title: 'Spider webs on the balcony', description: 'Lots of webs on the balcony railing. Update: cleaned them myself, no need to come.', location: 'Balcony', source: 'portal', target: unit(3) },
  { daysAgo: 110, status: 'completed', priority: 'high', category: 'heat_hot_water', subcategory: 'water_heater', title: 'Water heater leaking', description: 'There is a puddle under the water heater in the utility closet.', location: 'Utility closet', source: 'phone', target: unit(), resolveDays: 2, workOrder: { status: 'completed', estimatedCents: 145_000, actualCents: 138_900, notes: 'Replaced the 40-gallon water heater.' } },
  { daysAgo: 130, status: 'completed', priority: 'normal', category: 'appliance', subcategory: 'disposal', title: 'Garbage disposal jammed', description: 'The disposal hums but will not turn.', location: 'Kitchen', source: 'portal', target: unit(), resolveDays: 2, workOrder: { status: 'completed', estimatedCents: 7_500, actualCents: 6_500 } },
  { daysAgo: 150, status: 'completed', priority: 'emergency', category: 'electrical', subcategory: 'outlet', title: 'Sparking outlet in living room', description: 'The outlet behind the couch sparked and smells burnt. I turned off the breaker.', location: 'Living room', source: 'phone', target: unit(), resolveDays: 0, workOrder: { status: 'completed', estimatedCents: 25_000, actualCents: 21_000, notes: 'Replaced a scorched receptacle and the damaged wiring.' } },
  { daysAgo: 170, status: 'completed', priority: 'low', category: 'general', subcategory: 'smoke_detector', title: 'Smoke detector chirping', description: 'The hallway smoke detector chirps every minute.', location: 'Hallway', source: 'portal', target: unit(), resolveDays: 1, workOrder: { status: 'completed', estimatedCents: 2_500, actualCents: 1_200, notes: 'Replaced the battery and tested the alarm.' } },
  { daysAgo: 185, status: 'cancelled', priority: 'high', category: 'appliance', subcategory: 'oven', title: 'Oven will not heat', description: 'The oven will not heat past 200°F. Duplicate of a request already being handled.', location: 'Kitchen', source: 'email', target: unit() },
  { daysAgo: 200, status: 'completed', priority: 'normal', category: 'heat_hot_water', subcategory: 'thermostat', title: 'Thermostat not responding', description: 'The thermostat screen is blank even with new batteries.', location: 'Living room', source: 'portal', target: unit(), resolveDays: 3, workOrder: { status: 'completed', estimatedCents: 9_000, actualCents: 14_500, notes: 'Replaced the thermostat.' } },
  { daysAgo: 230, status: 'completed', priority: 'normal', category: 'appliance', subcategory: 'laundry', title: 'Washer in laundry room out of order', description: 'The second washer in the shared laundry room stops mid-cycle with an error code.', location: 'Laundry room', source: 'email', target: common(1), resolveDays: 7, workOrder: { status: 'completed', estimatedCents: 30_000, actualCents: 27_800, vendor: 'appliance' } },
  { daysAgo: 260, status: 'completed', priority: 'high', category: 'door_window', subcategory: 'door', title: 'Sliding patio door off its track', description: 'The sliding door came off its track and will not close or lock.', location: 'Living room', source: 'phone', target: unit(), resolveDays: 3, workOrder: { status: 'completed', estimatedCents: 18_000, actualCents: 19_500, notes: 'Replaced the rollers and realigned the door.' } },
  { daysAgo: 290, status: 'completed', priority: 'low', category: 'general', subcategory: 'exterior', title: 'Gutters overflowing at the back of the house', description: 'Water pours over the back gutter when it rains and splashes against the foundation.', location: 'Exterior', source: 'portal', target: unit(2), resolveDays: 10, workOrder: { status: 'completed', estimatedCents: 20_000, actualCents: 17_500, notes: 'Cleaned gutters and re-hung the downspout.' } },
  { daysAgo: 320, status: 'completed', priority: 'normal', category: 'plumbing', subcategory: 'pressure', title: 'Low water pressure in shower', description: 'The shower has had weak pressure for a week; the sinks are fine.', location: 'Bathroom', source: 'portal', target: unit(), resolveDays: 5, workOrder: { status: 'completed', estimatedCents: 8_000, actualCents: 3_500, notes: 'Descaled the shower head and the cartridge.' } },
  { daysAgo: 345, status: 'completed', priority: 'normal', category: 'electrical', subcategory: 'lighting', title: 'Hallway light out on 3rd floor', description: 'Two ceiling fixtures in the third-floor hallway are out; the stairwell is dark at night.', location: '3rd floor hallway', source: 'inspection', target: common(0), resolveDays: 2, workOrder: { status: 'completed', estimatedCents: 5_000, actualCents: 3_800 } },
]

export interface CommentPlan {
  author: 'tenant' | 'manager' | 'tech'
  /** Hours after the request was made. */
  afterHours: number
  /** `{first}` is the reporting tenant's first name. */
  body: string
}

export const THREADS: Record<ThreadKey, readonly CommentPlan[]> = {
  demoOpen: [
    { author: 'tenant', afterHours: 1, body: 'It is the single-handle faucet by the window. The drip is loud enough to hear from the bedroom at night.' },
    { author: 'manager', afterHours: 4, body: 'Thanks, {first}. I have asked Marcus to take a look this week. Is it all right if he lets himself in when you are not home?' },
    { author: 'tenant', afterHours: 6, body: 'Yes, that is fine. Please make sure the cat does not slip out!' },
  ],
  demoDone: [
    { author: 'tenant', afterHours: 2, body: 'It is louder at night and seems to come from the back of the fridge.' },
    { author: 'tech', afterHours: 22, body: 'Checked it this morning: the condenser fan motor is failing. I have one on the truck and will swap it tomorrow at 10.' },
    { author: 'tech', afterHours: 47, body: 'Replaced the condenser fan motor. It is running quietly and holding 37°F.' },
    { author: 'tenant', afterHours: 50, body: 'Thank you, it is so much quieter now!' },
    { author: 'manager', afterHours: 52, body: 'Glad it is sorted, {first}. Closing this one out.' },
  ],
  partOnOrder: [
    { author: 'tech', afterHours: 26, body: 'The drain pump is seized. I ordered a replacement; the supplier says 7 to 10 days.' },
    { author: 'manager', afterHours: 28, body: 'Thanks. I will let the resident know; please book the install as soon as the part arrives.' },
  ],
  snakedDrain: [
    { author: 'manager', afterHours: 2, body: 'The resident says it has been getting worse for a few weeks. Please snake the line before we call a plumber.' },
    { author: 'tech', afterHours: 27, body: 'Snaked it and pulled out a lot of hair; it drains better but is still slow. Going back with the camera to check the branch line.' },
    { author: 'manager', afterHours: 30, body: 'Sounds good. Let me know if we need the plumber after the camera run.' },
  ],
}
