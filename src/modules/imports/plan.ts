/**
 * What an import intends to write, computed from the files alone (no database): records keyed by
 * their stable external_ref, and the rows rejected on the way. The service writes a plan in one
 * transaction; because the plan is pure, a dry run and a real run report the same.
 */
import type { MaintenancePriority, MaintenanceStatus, NewRow } from '../../db/types.js'
import type { ImportRejection } from './imports.schema.js'

export interface PropertySeed {
  ref: string
  name: string
  type: NewRow<'properties'>['type']
  status: 'active' | 'inactive'
  address_line1: string
  city: string
  state: string
  zip: string | null
  legal_units: number | null
  attributes: Record<string, unknown>
}

export interface UnitSeed {
  ref: string
  propertyRef: string
  /**
   * When true, a unit with the same number already in the property is the same unit (an HPD
   * apartment a manager may have entered by hand) and is reused instead of created.
   */
  matchByNumber: boolean
  unit_number: string
  bedrooms?: number
  bathrooms?: number
  square_feet?: number | null
  market_rent_cents?: number | null
  pet_policy?: NewRow<'units'>['pet_policy']
}

export interface RequestSeed {
  ref: string
  propertyRef: string
  /** The unit's ref, or null for a building-wide request. */
  unitRef: string | null
  title: string
  description: string
  category: string
  subcategory: string | null
  priority: MaintenancePriority
  status: MaintenanceStatus
  source: 'hpd_complaint' | 'hpd_violation'
  location: string | null
  /** A timestamptz literal, e.g. `2013-10-09 00:00:00 America/New_York`. */
  requested_at: string
  completed_at: string | null
}

export interface ImportPlan {
  properties: PropertySeed[]
  units: UnitSeed[]
  requests: RequestSeed[]
  rejected: ImportRejection[]
}
