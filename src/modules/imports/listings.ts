/**
 * The "Apartment for Rent Classified" listings (UCI, 10K subset): each listing becomes a unit, and
 * the listings of one city become one property, since the file has no street addresses.
 * Pure: parses rows into a plan; imports.service.ts writes it.
 *
 * Rules, as a property manager would want them stated:
 * - The literal `null` is a missing value.
 * - Rent is the numeric `price` column, cross-checked against `price_display` ("$1,390",
 *   "$1,560 Weekly"); when only one of them is usable, that one is used; when they disagree, the
 *   row is rejected.
 * - Weekly rents become monthly as weekly × 52 / 12, rounded half up to the cent.
 * - "Monthly|Weekly" says both, so the period of the amount is unknown: the row is rejected
 *   rather than guessed.
 * - A row with no usable price is rejected (a listing without its rent is not a comparable).
 * - Missing bedrooms or bathrooms reject the row: the unit record needs both counts and a default
 *   would be a guess. 0 bedrooms is a studio, which is valid.
 * - Missing city or state rejects the row: it cannot be placed in a property.
 */
import { parseMoneyToCents } from '../../lib/money.js'
import { field, type CsvFile, type CsvRow } from './csv.js'
import type { ImportPlan } from './plan.js'

export const LISTING_COLUMNS = [
  'id', 'bathrooms', 'bedrooms', 'currency', 'pets_allowed', 'price', 'price_display', 'price_type', 'square_feet',
  'cityname', 'state',
] as const

export type PetPolicy = 'none' | 'cats' | 'dogs' | 'cats_and_dogs' | 'unknown'
export type RentPeriod = 'monthly' | 'weekly'

export interface Listing {
  line: number
  listingId: string
  city: string
  state: string
  bedrooms: number
  bathrooms: number
  squareFeet: number | null
  marketRentCents: number
  petPolicy: PetPolicy
}

const MISSING = 'null'

/**
 * Parses a display price: `$1,390` (monthly), `$1,560 Weekly`, `$275 Monthly|Weekly`.
 * Returns the amount in cents and the period the text names, or undefined when it is not a price.
 */
export function parsePriceDisplay(text: string): { cents: number; period: RentPeriod | 'ambiguous' } | undefined {
  const m = /^(\$[\d,]+(?:\.\d{1,2})?)(?:\s+(Weekly|Monthly|Monthly\|Weekly))?$/.exec(text.trim())
  if (!m?.[1]) return undefined
  const cents = parseMoneyToCents(m[1])
  if (cents === undefined) return undefined
  const suffix = m[2]
  const period = suffix === 'Weekly' ? 'weekly' : suffix === 'Monthly|Weekly' ? 'ambiguous' : 'monthly'
  return { cents, period }
}

/** Weekly rent to monthly: × 52 / 12, in integer arithmetic, rounded half up to the cent. */
export function weeklyToMonthlyCents(weeklyCents: number): number {
  if (!Number.isSafeInteger(weeklyCents) || weeklyCents < 0) throw new RangeError(`not an amount of cents: ${weeklyCents}`)
  // 52/12 = 13/3: the remainder is 0, 1 or 2 thirds, so "half up" rounds 2/3 up and 1/3 down.
  const numerator = weeklyCents * 13
  const whole = (numerator - (numerator % 3)) / 3
  return numerator % 3 === 2 ? whole + 1 : whole
}

/** Maps `pets_allowed` to the unit's pet policy; `null` means the listing does not say. */
export function petPolicyOf(text: string): PetPolicy | undefined {
  switch (text) {
    case 'None':
      return 'none'
    case 'Cats':
      return 'cats'
    case 'Dogs':
      return 'dogs'
    case 'Cats,Dogs':
      return 'cats_and_dogs'
    case MISSING:
      return 'unknown'
    default:
      return undefined
  }
}

const INTEGER = /^\d+$/
const HALF_STEPS = /^\d+(?:\.\d)?$/

/** Parses one listing row: the listing, or every reason it cannot be imported. */
export function parseListing(row: CsvRow): { ok: true; listing: Listing } | { ok: false; reason: string } {
  const problems: string[] = []
  const value = (name: (typeof LISTING_COLUMNS)[number]): string | undefined => {
    const v = field(row, name)
    return v === MISSING || v === '' ? undefined : v
  }

  const listingId = value('id')
  if (listingId === undefined) problems.push('the listing id is missing')
  else if (!INTEGER.test(listingId)) problems.push(`the listing id "${listingId}" is not a number`)

  const city = value('cityname')
  const state = value('state')
  if (city === undefined && state === undefined) problems.push('city and state are missing, so the listing cannot be placed in a property')
  else if (city === undefined) problems.push('city is missing, so the listing cannot be placed in a property')
  else if (state === undefined) problems.push('state is missing, so the listing cannot be placed in a property')
  if (state !== undefined && !/^[A-Z]{2}$/.test(state)) problems.push(`state "${state}" is not a two-letter code`)

  const bedroomsText = value('bedrooms')
  let bedrooms = 0
  if (bedroomsText === undefined) problems.push('bedrooms is missing')
  else if (!INTEGER.test(bedroomsText) || Number(bedroomsText) > 50) problems.push(`bedrooms "${bedroomsText}" is not a whole number from 0 to 50`)
  else bedrooms = Number(bedroomsText)

  const bathroomsText = value('bathrooms')
  let bathrooms = 0
  if (bathroomsText === undefined) problems.push('bathrooms is missing')
  else if (!HALF_STEPS.test(bathroomsText) || Number(bathroomsText) > 50) problems.push(`bathrooms "${bathroomsText}" is not a number from 0 to 50 with at most one decimal`)
  else bathrooms = Number(bathroomsText)

  const squareFeetText = value('square_feet')
  let squareFeet: number | null = null
  if (squareFeetText !== undefined) {
    if (!INTEGER.test(squareFeetText) || Number(squareFeetText) < 1 || Number(squareFeetText) > 1_000_000) {
      problems.push(`square_feet "${squareFeetText}" is not a whole number from 1 to 1,000,000`)
    } else squareFeet = Number(squareFeetText)
  }

  const pets = field(row, 'pets_allowed')
  const petPolicy = petPolicyOf(pets)
  if (petPolicy === undefined) problems.push(`pets_allowed "${pets}" is not one of None, Cats, Dogs, "Cats,Dogs", null`)

  const currency = value('currency')
  if (currency !== undefined && currency !== 'USD') problems.push(`currency "${currency}" is not USD`)

  const rent = rentOf(value('price'), value('price_display'), value('price_type'))
  if (typeof rent === 'string') problems.push(rent)

  if (problems.length > 0 || typeof rent === 'string' || !listingId || !city || !state || !petPolicy) {
    return { ok: false, reason: problems.join('; ') }
  }
  return {
    ok: true,
    listing: { line: row.line, listingId, city, state, bedrooms, bathrooms, squareFeet, marketRentCents: rent, petPolicy },
  }
}

/** The monthly rent in cents, or the reason there is none. */
function rentOf(price: string | undefined, display: string | undefined, type: string | undefined): number | string {
  const numeric = price === undefined ? undefined : parseMoneyToCents(price)
  const shown = display === undefined ? undefined : parsePriceDisplay(display)
  if (numeric === undefined && shown === undefined) {
    const what = [price === undefined ? 'price is missing' : `price "${price}" is not an amount`,
      display === undefined ? 'price_display is missing' : `price_display "${display}" is not an amount`]
    return `no usable price (${what.join(', ')})`
  }
  if (numeric !== undefined && shown !== undefined && numeric !== shown.cents) {
    return `price ${price} disagrees with price_display "${display}"`
  }
  let period: RentPeriod
  switch (type) {
    case 'Monthly':
      period = 'monthly'
      break
    case 'Weekly':
      period = 'weekly'
      break
    case 'Monthly|Weekly':
      return `price_type "Monthly|Weekly" is ambiguous: it cannot be told whether ${display ?? price} is per month or per week`
    case undefined:
      return 'price_type is missing, so it cannot be told whether the price is per month or per week'
    default:
      return `price_type "${type}" is not Monthly or Weekly`
  }
  if (shown !== undefined && shown.period !== period) {
    return `price_type "${type}" disagrees with price_display "${display}"`
  }
  const cents = numeric ?? shown?.cents
  if (cents === undefined) return 'no usable price'
  return period === 'weekly' ? weeklyToMonthlyCents(cents) : cents
}

/** The stable reference of a listing's city property, e.g. `listings:city:TX:Austin`. */
export const cityRef = (state: string, city: string): string => `listings:city:${state}:${city}`
/** The stable reference of a listing's unit, e.g. `listings:5668626895`. */
export const listingRef = (listingId: string): string => `listings:${listingId}`

/** Turns the listings file into properties (one per city and state) and units (one per listing). */
export function planListings(csv: CsvFile): ImportPlan {
  const plan: ImportPlan = { properties: [], units: [], requests: [], rejected: [...csv.rejected] }
  const cities = new Set<string>()
  const firstLineOf = new Map<string, number>()
  for (const row of csv.rows) {
    const parsed = parseListing(row)
    if (!parsed.ok) {
      plan.rejected.push({ file: csv.file, line: row.line, reason: parsed.reason })
      continue
    }
    const l = parsed.listing
    const ref = listingRef(l.listingId)
    const first = firstLineOf.get(ref)
    if (first !== undefined) {
      plan.rejected.push({ file: csv.file, line: row.line, reason: `listing id ${l.listingId} appears again (first on line ${first})` })
      continue
    }
    firstLineOf.set(ref, row.line)
    const propertyRef = cityRef(l.state, l.city)
    if (!cities.has(propertyRef)) {
      cities.add(propertyRef)
      plan.properties.push({
        ref: propertyRef,
        name: `${l.city}, ${l.state} listings`,
        type: 'apartment',
        status: 'active',
        // The file has no street address: the line says so rather than inventing one.
        address_line1: `Listings in ${l.city}`,
        city: l.city,
        state: l.state,
        zip: null,
        legal_units: null,
        attributes: { source: 'us-apartment-rentals', addressKnown: false },
      })
    }
    plan.units.push({
      ref,
      propertyRef,
      matchByNumber: false,
      unit_number: l.listingId,
      bedrooms: l.bedrooms,
      bathrooms: l.bathrooms,
      square_feet: l.squareFeet,
      market_rent_cents: l.marketRentCents,
      pet_policy: l.petPolicy,
    })
  }
  plan.rejected.sort((a, b) => a.line - b.line)
  return plan
}
