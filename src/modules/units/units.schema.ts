import { z } from 'zod'
import { decimalInt, listParam, PageQuery } from '../../lib/paging.js'
import { LeaseSummary, Property } from '../properties/properties.schema.js'

export const UnitStatus = z.enum(['available', 'unavailable', 'renovation'])
export const PetPolicy = z.enum(['none', 'cats', 'dogs', 'cats_and_dogs', 'unknown'])

const MAX_CENTS = 100_000_000_000
const timestamp = z.iso.datetime({ offset: true })
const bedroomsParam = decimalInt(0, 50).optional()

export const Unit = z
  .object({
    id: z.uuid(),
    propertyId: z.uuid(),
    unitNumber: z.string(),
    bedrooms: z.number().int().nonnegative(),
    bathrooms: z.number().nonnegative(),
    squareFeet: z.number().int().positive().nullable(),
    marketRentCents: z.number().int().nonnegative().nullable(),
    petPolicy: PetPolicy,
    status: UnitStatus,
    occupied: z.boolean().describe('has an active lease whose term contains today'),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Unit' })
export type Unit = z.infer<typeof Unit>

export const UnitInclude = z.enum(['property', 'leases'])
export type UnitInclude = z.infer<typeof UnitInclude>

// Getters: properties.schema also refers to Unit, so this side resolves lazily.
export const UnitDetail = Unit.extend({
  get property() {
    return Property.optional()
  },
  get leases() {
    return z.array(LeaseSummary).optional()
  },
}).meta({ id: 'UnitDetail' })
export type UnitDetail = z.infer<typeof UnitDetail>

export const UnitIdParams = z.object({ id: z.uuid() })
export const PropertyUnitsParams = z.object({ propertyId: z.uuid() })

export const UnitDetailQuery = z.strictObject({
  include: listParam(UnitInclude).describe('relations to load: property, leases'),
})

const unitFilters = {
  minBedrooms: bedroomsParam.describe('at least this many bedrooms'),
  maxBedrooms: bedroomsParam.describe('at most this many bedrooms'),
  search: z.string().trim().max(100).optional().describe('unit number contains this (any case)'),
}

const bedroomRange = (q: { minBedrooms?: number | undefined; maxBedrooms?: number | undefined }, ctx: z.RefinementCtx) => {
  if (q.minBedrooms !== undefined && q.maxBedrooms !== undefined && q.minBedrooms > q.maxBedrooms) {
    ctx.addIssue({ code: 'custom', path: ['minBedrooms'], message: 'must not exceed maxBedrooms' })
  }
}

export const ListUnitsQuery = z.strictObject({ ...PageQuery.shape, propertyId: z.uuid().optional(), ...unitFilters }).superRefine(bedroomRange)
export type ListUnitsQuery = z.infer<typeof ListUnitsQuery>

/** The nested list under a property takes the property from the path. */
export const ListPropertyUnitsQuery = z.strictObject({ ...PageQuery.shape, ...unitFilters }).superRefine(bedroomRange)
export type ListPropertyUnitsQuery = z.infer<typeof ListPropertyUnitsQuery>

const unitFields = {
  unitNumber: z.string().trim().min(1).max(50),
  bedrooms: z.number().int().min(0).max(50),
  bathrooms: z.number().min(0).max(50).multipleOf(0.5),
  squareFeet: z.number().int().positive().max(10_000_000).nullable(),
  marketRentCents: z.number().int().nonnegative().max(MAX_CENTS).nullable(),
  petPolicy: PetPolicy,
  status: UnitStatus,
}

export const CreateUnitBody = z.strictObject({
  propertyId: z.uuid(),
  unitNumber: unitFields.unitNumber,
  bedrooms: unitFields.bedrooms.optional(),
  bathrooms: unitFields.bathrooms.optional(),
  squareFeet: unitFields.squareFeet.optional(),
  marketRentCents: unitFields.marketRentCents.optional(),
  petPolicy: unitFields.petPolicy.optional(),
  status: unitFields.status.optional(),
})
export type CreateUnitBody = z.infer<typeof CreateUnitBody>

export const UpdateUnitBody = z
  .strictObject(unitFields)
  .partial()
  // Checked only when every field parsed, so an unknown field is not also reported as an empty body.
  .refine((b) => Object.keys(b).length > 0, { message: 'give at least one field to change', when: (payload) => payload.issues.length === 0 })
export type UpdateUnitBody = z.infer<typeof UpdateUnitBody>
