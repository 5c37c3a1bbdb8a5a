/**
 * NYC HPD housing-maintenance records (nycdb fixtures): buildings become properties, complaint
 * problems and violations become maintenance requests on their building and apartment.
 * Pure: parses the files into a plan; imports.service.ts writes it.
 *
 * Rules, as a property manager would want them stated:
 * - Buildings come from hpd_jurisdiction.csv, then hpd_registrations.csv for buildings not in
 *   jurisdiction. A complaint or violation on a building in neither is placed on a property made
 *   from its own address (house number, street, borough, ZIP); with no usable address it is rejected.
 * - Jurisdiction rows whose address is the "0" placeholder (inactive records) are rejected: there is
 *   nothing to place them at. An inactive row with a real address becomes an inactive property.
 * - legal_units = LegalClassA (permanent dwelling units) + LegalClassB (transient/rooming units):
 *   both are legal dwelling units; each is also kept in attributes.
 * - Property type from DoBBuildingClass (1 family → single_family, 2 family → multi_family,
 *   class A/B multiple dwelling → apartment); when the class is "NOT AVAILABLE" it follows the legal
 *   unit count (1, 2, 3+); with neither it is 'apartment'. attributes.typeSource says which.
 * - Complaint priority from Type: IMMEDIATE EMERGENCY → emergency, EMERGENCY → high,
 *   NON EMERGENCY → normal. Violation priority from Class: C → emergency, B → high, A → normal.
 * - Status: complaint problem OPEN → open, CLOSE → completed (at the problem's status date).
 *   Violations by CurrentStatus: closed → completed (at the status date), dismissed → cancelled,
 *   certified by the owner → in_progress (awaiting HPD's check), the rest of the open ones → open;
 *   an unknown CurrentStatus follows ViolationStatus (Open/Close).
 * - Blank apartment, "BLDG" or "NA", or a complaint whose Unit Type is BUILDING-WIDE or
 *   PUBLIC AREA: a building-wide request (no unit). Otherwise the apartment becomes a unit of the
 *   property (created when missing, with the schema's default room counts, which the files do not give).
 * - Dates are MM/DD/YYYY in New York time; a bad or missing required date rejects the row.
 * - The older complaints file (2014) and problems file (2017) are joined by ComplaintID. A problem
 *   with no complaint has no building; a complaint with no problem has no category or urgency:
 *   both are rejected rather than guessed.
 */
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../../lib/errors.js'
import type { MaintenancePriority, MaintenanceStatus } from '../../db/types.js'
import { field, readCsv, type CsvFile, type CsvRow } from './csv.js'
import type { ImportPlan, PropertySeed, RequestSeed, UnitSeed } from './plan.js'
import type { ImportRejection } from './imports.schema.js'

export const HPD_FILES = {
  jurisdiction: {
    name: 'hpd_jurisdiction.csv',
    columns: ['BuildingID', 'BoroID', 'Boro', 'HouseNumber', 'StreetName', 'Zip', 'Block', 'Lot', 'BIN', 'CommunityBoard',
      'CensusTract', 'ManagementProgram', 'DoBBuildingClass', 'LegalStories', 'LegalClassA', 'LegalClassB', 'RegistrationID',
      'LifeCycle', 'RecordStatus'],
  },
  registrations: {
    name: 'hpd_registrations.csv',
    columns: ['RegistrationID', 'BuildingID', 'BoroID', 'Boro', 'HouseNumber', 'StreetName', 'Zip', 'Block', 'Lot', 'BIN',
      'CommunityBoard', 'LastRegistrationDate', 'RegistrationEndDate'],
  },
  complaintsAndProblems: {
    name: 'hpd_complaints_and_problems.csv',
    columns: ['Received Date', 'Problem ID', 'Complaint ID', 'Building ID', 'Borough', 'House Number', 'Street Name',
      'Post Code', 'Block', 'Lot', 'Apartment', 'Unit Type', 'Space Type', 'Type', 'Major Category', 'Minor Category',
      'Problem Code', 'Complaint Status', 'Complaint Status Date', 'Problem Status', 'Problem Status Date',
      'Status Description', 'Unique Key', 'BIN', 'BBL'],
  },
  problems2017: {
    name: 'hpd_complaint_problems_2017.csv',
    columns: ['ProblemID', 'ComplaintID', 'UnitType', 'SpaceType', 'Type', 'MajorCategory', 'MinorCategory', 'Code',
      'Status', 'StatusDate', 'StatusDescription'],
  },
  complaints2014: {
    name: 'hpd_complaints_2014.csv',
    columns: ['ComplaintID', 'BuildingID', 'BoroughID', 'Borough', 'HouseNumber', 'StreetName', 'Zip', 'Block', 'Lot',
      'Apartment', 'ReceivedDate', 'Status', 'StatusDate'],
  },
  violations: {
    name: 'hpd_violations.csv',
    columns: ['ViolationID', 'BuildingID', 'RegistrationID', 'BoroID', 'Borough', 'HouseNumber', 'StreetName', 'Postcode',
      'Apartment', 'Story', 'Block', 'Lot', 'Class', 'InspectionDate', 'NOVID', 'NOVDescription', 'NOVIssuedDate',
      'CurrentStatus', 'CurrentStatusDate', 'ViolationStatus', 'RentImpairing', 'BIN', 'BBL'],
  },
} as const

export type HpdFiles = Record<keyof typeof HPD_FILES, CsvFile>

/** Reads the six HPD files from a directory; a missing file or column refuses the whole import. */
export async function readHpdFiles(dir: string): Promise<HpdFiles> {
  const isDirectory = await stat(dir).then((s) => s.isDirectory(), () => false)
  if (!isDirectory) {
    throw new AppError('import.invalid', `${dir}: expected the nyc-hpd directory holding ${Object.values(HPD_FILES).map((s) => s.name).join(', ')}`)
  }
  const read = await Promise.allSettled(Object.values(HPD_FILES).map((spec) => readCsv(join(dir, spec.name), spec.columns)))
  // The first problem in the files' own order is reported, whichever read finished first.
  const failed = read.find((r) => r.status === 'rejected')
  if (failed) throw failed.reason
  const keys = Object.keys(HPD_FILES)
  return Object.fromEntries(read.map((r, i) => [keys[i], (r as PromiseFulfilledResult<CsvFile>).value])) as HpdFiles
}

// ---------------------------------------------------------------------------------------------
// Pure value parsers

/** Parses a strict MM/DD/YYYY calendar date into `YYYY-MM-DD`; anything else is undefined. */
export function parseUsDate(text: string): string | undefined {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text.trim())
  if (!m) return undefined
  const [month, day, year] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (year < 1800 || year > 2200 || month < 1 || month > 12 || day < 1) return undefined
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate()
  if (day > daysInMonth) return undefined
  return `${m[3]}-${m[1]}-${m[2]}`
}

/** A calendar date as the start of that day in New York, where every HPD date is recorded. */
export const nycMidnight = (isoDate: string): string => `${isoDate} 00:00:00 America/New_York`

export type Borough = 'Manhattan' | 'Bronx' | 'Brooklyn' | 'Queens' | 'Staten Island'

const BOROUGHS: Record<string, Borough> = {
  MANHATTAN: 'Manhattan', MN: 'Manhattan', MH: 'Manhattan', 'NEW YORK': 'Manhattan', '1': 'Manhattan',
  BRONX: 'Bronx', 'THE BRONX': 'Bronx', BX: 'Bronx', '2': 'Bronx',
  BROOKLYN: 'Brooklyn', BK: 'Brooklyn', KINGS: 'Brooklyn', '3': 'Brooklyn',
  QUEENS: 'Queens', QN: 'Queens', QU: 'Queens', '4': 'Queens',
  'STATEN ISLAND': 'Staten Island', SI: 'Staten Island', RICHMOND: 'Staten Island', '5': 'Staten Island',
}
const BORO_ID: Record<Borough, string> = { Manhattan: '1', Bronx: '2', Brooklyn: '3', Queens: '4', 'Staten Island': '5' }

/** Normalizes a borough as HPD writes it (BROOKLYN, Brooklyn, BK, 3, …) to its name. */
export function normalizeBorough(text: string): Borough | undefined {
  return BOROUGHS[text.trim().replace(/\s+/g, ' ').toUpperCase()]
}

/** A lowercase snake-case code (`HEAT/HOT WATER` → `heat_hot_water`), or undefined if none results. */
export function categoryCode(text: string): string | undefined {
  const code = text.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '')
  return /^[a-z][a-z0-9_]*$/.test(code) ? code : undefined
}

/** Complaint urgency (`Type`) to priority. */
export function complaintPriority(type: string): MaintenancePriority | undefined {
  switch (type.trim().toUpperCase()) {
    case 'IMMEDIATE EMERGENCY':
      return 'emergency'
    case 'EMERGENCY':
      return 'high'
    case 'NON EMERGENCY':
      return 'normal'
    default:
      return undefined
  }
}

/** Violation class to priority: C immediately hazardous, B hazardous, A non-hazardous. */
export function violationPriority(cls: string): MaintenancePriority | undefined {
  switch (cls.trim().toUpperCase()) {
    case 'C':
      return 'emergency'
    case 'B':
      return 'high'
    case 'A':
      return 'normal'
    default:
      return undefined
  }
}

/** Complaint or problem status (OPEN / CLOSE) to request status. */
export function complaintStatus(status: string): 'open' | 'completed' | undefined {
  switch (status.trim().toUpperCase()) {
    case 'OPEN':
      return 'open'
    case 'CLOSE':
    case 'CLOSED':
      return 'completed'
    default:
      return undefined
  }
}

const VIOLATION_STATUSES: Record<string, MaintenanceStatus> = {
  'VIOLATION CLOSED': 'completed',
  'VIOLATION DISMISSED': 'cancelled',
  'NOV CERTIFIED ON TIME': 'in_progress',
  'NOV CERTIFIED LATE': 'in_progress',
  'NOV SENT OUT': 'open',
  'INFO NOV SENT OUT': 'open',
  'NOT COMPLIED WITH': 'open',
  'INVALID CERTIFICATION': 'open',
  'VIOLATION REOPEN': 'open',
  'VIOLATION OPEN': 'open',
  'DEFECT LETTER ISSUED': 'open',
  'CERTIFICATION POSTPONEMENT GRANTED': 'open',
  'CERTIFICATION POSTPONMENT GRANTED': 'open',
  'FIRST NO ACCESS TO RE- INSPECT VIOLATION': 'open',
  'SECOND NO ACCESS TO RE-INSPECT VIOLATION': 'open',
}

/**
 * Violation status from CurrentStatus, checked against ViolationStatus (Open/Close): the status,
 * or the reason the two cannot be reconciled.
 */
export function violationStatus(current: string, open: string): { status: MaintenanceStatus } | { reason: string } {
  const overall = open.trim().toUpperCase()
  if (overall !== 'OPEN' && overall !== 'CLOSE') return { reason: `ViolationStatus "${open}" is not Open or Close` }
  const mapped = VIOLATION_STATUSES[current.trim().replace(/\s+/g, ' ').toUpperCase()]
  // A status text not in the table still has HPD's own open/closed verdict beside it.
  if (mapped === undefined) return { status: overall === 'OPEN' ? 'open' : 'completed' }
  const closed = mapped === 'completed' || mapped === 'cancelled'
  if (closed !== (overall === 'CLOSE')) return { reason: `CurrentStatus "${current}" contradicts ViolationStatus "${open}"` }
  return { status: mapped }
}

const NO_APARTMENT = new Set(['', 'BLDG', 'BUILDING', 'NA', 'N/A', 'NONE'])

/** The apartment label as a unit number, or undefined when the row names no apartment. */
export function apartmentLabel(text: string): string | undefined {
  const label = text.trim().replace(/\s+/g, ' ').toUpperCase()
  return NO_APARTMENT.has(label) ? undefined : label
}

const PLACEHOLDER = /^0+$/
const ZIP = /^\d{5}$/
const ID = /^[1-9]\d*$/

/** Shortens a text for a title, at a word boundary. */
export function shorten(text: string, max = 100): string {
  const clean = text.replace(/\s+/g, ' ').trim()
  if (clean.length <= max) return clean
  const cut = clean.slice(0, max - 1)
  const space = cut.lastIndexOf(' ')
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`
}

// ---------------------------------------------------------------------------------------------
// Buildings

export const buildingRef = (buildingId: string): string => `hpd:building:${buildingId}`
export const unitRef = (buildingId: string, label: string): string => `hpd:unit:${buildingId}:${label}`

interface AddressFields {
  buildingId: string
  borough: string
  boroId?: string
  house: string
  street: string
  zip: string
  block: string
  lot: string
  bin: string
  bbl?: string
}

/** Builds a property from an address, or gives the reason the address is not usable. */
function propertyFromAddress(a: AddressFields, attributes: Record<string, unknown>): PropertySeed | string {
  const problems: string[] = []
  const borough = normalizeBorough(a.borough)
  if (!borough) problems.push(`borough "${a.borough}" is not one of the five boroughs`)
  if (borough && a.boroId && normalizeBorough(a.boroId) !== borough) problems.push(`borough "${a.borough}" disagrees with borough id ${a.boroId}`)
  if (a.house === '' || PLACEHOLDER.test(a.house)) problems.push(`house number "${a.house}" is a placeholder`)
  if (a.street === '' || PLACEHOLDER.test(a.street)) problems.push(`street "${a.street}" is a placeholder`)
  if (a.zip !== '' && !ZIP.test(a.zip)) problems.push(`ZIP "${a.zip}" is not five digits`)
  if (problems.length > 0 || !borough) return problems.join('; ')
  const street = a.street.replace(/\s+/g, ' ')
  const line1 = `${a.house} ${street}`
  return {
    ref: buildingRef(a.buildingId),
    name: `${line1}, ${borough}`,
    type: 'apartment',
    status: 'active',
    address_line1: line1,
    city: borough,
    state: 'NY',
    zip: a.zip === '' ? null : a.zip,
    legal_units: null,
    attributes: compact({
      source: 'hpd',
      buildingId: a.buildingId,
      bin: a.bin === '' || PLACEHOLDER.test(a.bin) ? null : a.bin,
      bbl: bblOf(a, borough),
      block: a.block || null,
      lot: a.lot || null,
      typeSource: 'default',
      ...attributes,
    }),
  }
}

/** Borough-block-lot: 1 + 5 + 4 digits, given or made from its parts. */
function bblOf(a: AddressFields, borough: Borough): string | null {
  if (a.bbl && /^\d{10}$/.test(a.bbl)) return a.bbl
  if (!/^\d{1,5}$/.test(a.block) || !/^\d{1,4}$/.test(a.lot) || PLACEHOLDER.test(a.block) || PLACEHOLDER.test(a.lot)) return null
  return `${BORO_ID[borough]}${a.block.padStart(5, '0')}${a.lot.padStart(4, '0')}`
}

function compact(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== null && v !== undefined && v !== ''))
}

/** Property type from the DOB building class, else from the legal unit count. */
export function propertyTypeOf(dobClass: string, legalUnits: number | null): { type: PropertySeed['type']; typeSource: string } {
  const c = dobClass.trim().toUpperCase()
  if (/^(1|ONE) FAMILY/.test(c)) return { type: 'single_family', typeSource: 'dob_class' }
  if (/^(2|TWO) FAMILY/.test(c)) return { type: 'multi_family', typeSource: 'dob_class' }
  if (/CONDO/.test(c)) return { type: 'condo', typeSource: 'dob_class' }
  if (/CLASS [AB]|MULTIPLE DWELLING|TENEMENT|APARTMENT|ROOMING|SRO/.test(c)) return { type: 'apartment', typeSource: 'dob_class' }
  if (legalUnits !== null && legalUnits > 0) {
    return { type: legalUnits === 1 ? 'single_family' : legalUnits === 2 ? 'multi_family' : 'apartment', typeSource: 'legal_units' }
  }
  return { type: 'apartment', typeSource: 'default' }
}

function optionalCount(text: string, name: string, problems: string[]): number | null {
  if (text === '') return null
  if (!/^\d+$/.test(text) || Number(text) > 100_000) {
    problems.push(`${name} "${text}" is not a unit count`)
    return null
  }
  return Number(text)
}

function jurisdictionBuilding(row: CsvRow): PropertySeed | string {
  const f = (name: string) => field(row, name)
  const problems: string[] = []
  const buildingId = f('BuildingID')
  if (!ID.test(buildingId)) return `BuildingID "${buildingId}" is not an id`
  const recordStatus = f('RecordStatus')
  if (recordStatus !== 'Active' && recordStatus !== 'Inactive') problems.push(`RecordStatus "${recordStatus}" is not Active or Inactive`)
  const classA = optionalCount(f('LegalClassA'), 'LegalClassA', problems)
  const classB = optionalCount(f('LegalClassB'), 'LegalClassB', problems)
  const legalUnits = classA === null && classB === null ? null : (classA ?? 0) + (classB ?? 0)
  const dobClass = f('DoBBuildingClass')
  const { type, typeSource } = propertyTypeOf(dobClass, legalUnits)
  const registrationId = f('RegistrationID')
  const seed = propertyFromAddress(
    { buildingId, borough: f('Boro'), boroId: f('BoroID'), house: f('HouseNumber'), street: f('StreetName'), zip: f('Zip'),
      block: f('Block'), lot: f('Lot'), bin: f('BIN') },
    {
      source: HPD_FILES.jurisdiction.name,
      communityBoard: f('CommunityBoard'),
      censusTract: f('CensusTract'),
      managementProgram: f('ManagementProgram'),
      dobBuildingClass: dobClass,
      legalStories: f('LegalStories'),
      legalClassA: classA,
      legalClassB: classB,
      registrationId: PLACEHOLDER.test(registrationId) ? null : registrationId,
      lifeCycle: f('LifeCycle'),
      recordStatus,
      typeSource,
    },
  )
  if (typeof seed === 'string') {
    const why = recordStatus === 'Inactive' ? `inactive building record with no usable address (${seed})` : `no usable address (${seed})`
    problems.unshift(why)
  }
  if (problems.length > 0 || typeof seed === 'string') return problems.join('; ')
  return { ...seed, type, status: recordStatus === 'Inactive' ? 'inactive' : 'active', legal_units: legalUnits }
}

function registrationBuilding(row: CsvRow): { seed: PropertySeed; registration: Record<string, unknown> } | string {
  const f = (name: string) => field(row, name)
  const buildingId = f('BuildingID')
  if (!ID.test(buildingId)) return `BuildingID "${buildingId}" is not an id`
  const problems: string[] = []
  const registrationId = f('RegistrationID')
  if (!ID.test(registrationId)) problems.push(`RegistrationID "${registrationId}" is not an id`)
  const dates: Record<string, string | null> = {}
  for (const name of ['LastRegistrationDate', 'RegistrationEndDate']) {
    const text = f(name)
    const iso = text === '' ? null : parseUsDate(text)
    if (iso === undefined) problems.push(`${name} "${text}" is not a MM/DD/YYYY date`)
    dates[name] = iso ?? null
  }
  const registration = compact({
    registrationId,
    lastRegistrationDate: dates.LastRegistrationDate,
    registrationEndDate: dates.RegistrationEndDate,
  })
  const seed = propertyFromAddress(
    { buildingId, borough: f('Boro'), boroId: f('BoroID'), house: f('HouseNumber'), street: f('StreetName'), zip: f('Zip'),
      block: f('Block'), lot: f('Lot'), bin: f('BIN') },
    { source: HPD_FILES.registrations.name, communityBoard: f('CommunityBoard'), ...registration },
  )
  if (typeof seed === 'string') problems.unshift(`no usable address (${seed})`)
  if (problems.length > 0 || typeof seed === 'string') return problems.join('; ')
  return { seed, registration }
}

// ---------------------------------------------------------------------------------------------
// The plan

/** Collects the plan while rows are read: buildings by BuildingID, units by ref, rejections. */
class HpdPlanner {
  readonly buildings = new Map<string, PropertySeed>()
  readonly units = new Map<string, UnitSeed>()
  readonly requests = new Map<string, RequestSeed>()
  readonly requestLines = new Map<string, string>()
  readonly rejected: ImportRejection[] = []

  reject(file: string, line: number, reason: string): void {
    this.rejected.push({ file, line, reason })
  }

  /**
   * The property of a request row: a known building, else one made from the row's own address.
   * Nothing is stored until `accept`, so a row rejected for another reason leaves no property behind.
   */
  resolveBuilding(address: AddressFields, file: string, extra: Record<string, unknown>): PropertySeed | string {
    if (!ID.test(address.buildingId)) return `BuildingID "${address.buildingId}" is not an id`
    const known = this.buildings.get(address.buildingId)
    if (known) return known
    const seed = propertyFromAddress(address, { source: file, ...extra })
    if (typeof seed === 'string') {
      return `building ${address.buildingId} is not in ${HPD_FILES.jurisdiction.name} or ${HPD_FILES.registrations.name}, and the row's address cannot make one: ${seed}`
    }
    return seed
  }

  accept(file: string, line: number, building: PropertySeed, buildingId: string, label: string | undefined, request: Omit<RequestSeed, 'propertyRef' | 'unitRef'>): void {
    const earlier = this.requestLines.get(request.ref)
    if (earlier !== undefined) {
      this.reject(file, line, `the same record (${request.ref}) appears again (first at ${earlier})`)
      return
    }
    if (!this.buildings.has(buildingId)) this.buildings.set(buildingId, building)
    let ref: string | null = null
    if (label !== undefined) {
      ref = unitRef(buildingId, label)
      if (!this.units.has(ref)) this.units.set(ref, { ref, propertyRef: building.ref, matchByNumber: true, unit_number: label })
    }
    this.requestLines.set(request.ref, `${file}:${line}`)
    this.requests.set(request.ref, { ...request, propertyRef: building.ref, unitRef: ref })
  }
}

interface ProblemFields {
  type: string
  major: string
  minor: string
  code: string
  unitType: string
  spaceType: string
  status: string
  statusDate: string
  statusDescription: string
}

/** The request fields of one complaint problem, or every reason it cannot be imported. */
function problemRequest(
  p: ProblemFields,
  received: string,
  apartment: string,
  ids: { complaintId: string; problemId: string; uniqueKey?: string },
): { request: Omit<RequestSeed, 'propertyRef' | 'unitRef'>; label: string | undefined } | string {
  const problems: string[] = []
  if (!ID.test(ids.complaintId)) problems.push(`ComplaintID "${ids.complaintId}" is not an id`)
  if (!ID.test(ids.problemId)) problems.push(`ProblemID "${ids.problemId}" is not an id`)
  const requestedOn = parseUsDate(received)
  if (!requestedOn) problems.push(`received date "${received}" is not a MM/DD/YYYY date`)
  const priority = complaintPriority(p.type)
  if (!priority) problems.push(`Type "${p.type}" is not IMMEDIATE EMERGENCY, EMERGENCY or NON EMERGENCY`)
  const category = categoryCode(p.major)
  if (!category) problems.push(`major category "${p.major}" gives no category code`)
  const status = complaintStatus(p.status)
  if (!status) problems.push(`problem status "${p.status}" is not OPEN or CLOSE`)
  const statusOn = p.statusDate === '' ? undefined : parseUsDate(p.statusDate)
  if (p.statusDate !== '' && !statusOn) problems.push(`status date "${p.statusDate}" is not a MM/DD/YYYY date`)
  if (status === 'completed' && p.statusDate === '') problems.push('the problem is closed but has no status date')
  if (requestedOn && statusOn && statusOn < requestedOn) problems.push(`status date ${p.statusDate} is before the received date ${received}`)
  if (problems.length > 0 || !requestedOn || !priority || !category || !status) return problems.join('; ')

  const unitType = p.unitType.trim().toUpperCase()
  const buildingWide = unitType === 'BUILDING-WIDE' || unitType === 'PUBLIC AREA'
  const apt = apartmentLabel(apartment)
  const label = buildingWide ? undefined : apt
  const minorCode = categoryCode(p.minor)
  const problemCode = categoryCode(p.code)
  const what = [p.minor, p.code].filter((t) => t !== '' && t !== p.major)
  const unique = [...new Set(what)]
  const description = [
    p.statusDescription,
    `Where: ${[p.spaceType, p.unitType].filter(Boolean).join(', ')}${apt && buildingWide ? `; reported for apartment ${apt}` : ''}${!apt && apartment.trim() !== '' ? `; apartment given as "${apartment.trim()}"` : ''}.`,
    `HPD status: ${p.status}${p.statusDate ? ` on ${p.statusDate}` : ''}. Urgency: ${p.type}.`,
    `HPD complaint ${ids.complaintId}, problem ${ids.problemId}${ids.uniqueKey ? `, 311 request ${ids.uniqueKey}` : ''}.`,
  ].filter((t) => t.trim() !== '')
  return {
    label,
    request: {
      ref: `hpd:complaint:${ids.complaintId}:${ids.problemId}`,
      title: shorten(`${p.major}${unique.length > 0 ? `: ${unique.join(', ')}` : ''}`),
      description: description.join('\n'),
      category,
      subcategory: [minorCode, problemCode].filter(Boolean).join('/') || null,
      priority,
      status,
      source: 'hpd_complaint',
      location: p.spaceType || null,
      requested_at: nycMidnight(requestedOn),
      completed_at: status === 'completed' && statusOn ? nycMidnight(statusOn) : null,
    },
  }
}

/** Builds the whole HPD plan from the six files. */
export function planHpd(files: HpdFiles): ImportPlan {
  const planner = new HpdPlanner()
  for (const csv of Object.values(files)) planner.rejected.push(...csv.rejected)

  // 1. Buildings from jurisdiction.
  const jurisdiction = files.jurisdiction
  const buildingLine = new Map<string, number>()
  for (const row of jurisdiction.rows) {
    const id = field(row, 'BuildingID')
    const first = buildingLine.get(id)
    if (first !== undefined) {
      planner.reject(jurisdiction.file, row.line, `BuildingID ${id} appears again (first on line ${first})`)
      continue
    }
    const seed = jurisdictionBuilding(row)
    if (typeof seed === 'string') {
      planner.reject(jurisdiction.file, row.line, seed)
      continue
    }
    buildingLine.set(id, row.line)
    planner.buildings.set(id, seed)
  }

  // 2. Registrations: new buildings, or registration details of a building already known.
  const registrations = files.registrations
  const registrationLine = new Map<string, number>()
  for (const row of registrations.rows) {
    const id = field(row, 'BuildingID')
    const first = registrationLine.get(id)
    if (first !== undefined) {
      planner.reject(registrations.file, row.line, `BuildingID ${id} appears again (first on line ${first})`)
      continue
    }
    const parsed = registrationBuilding(row)
    if (typeof parsed === 'string') {
      planner.reject(registrations.file, row.line, parsed)
      continue
    }
    registrationLine.set(id, row.line)
    const known = planner.buildings.get(id)
    if (known) known.attributes = { ...known.attributes, registration: parsed.registration }
    else planner.buildings.set(id, parsed.seed)
  }

  // 3. Complaints with their problems, current combined schema: one request per problem.
  const cp = files.complaintsAndProblems
  for (const row of cp.rows) {
    const f = (name: string) => field(row, name)
    const parsed = problemRequest(
      { type: f('Type'), major: f('Major Category'), minor: f('Minor Category'), code: f('Problem Code'), unitType: f('Unit Type'),
        spaceType: f('Space Type'), status: f('Problem Status'), statusDate: f('Problem Status Date'),
        statusDescription: f('Status Description') },
      f('Received Date'),
      f('Apartment'),
      { complaintId: f('Complaint ID'), problemId: f('Problem ID'), uniqueKey: f('Unique Key') },
    )
    if (typeof parsed === 'string') {
      planner.reject(cp.file, row.line, parsed)
      continue
    }
    const buildingId = f('Building ID')
    const building = planner.resolveBuilding(
      { buildingId, borough: f('Borough'), house: f('House Number'), street: f('Street Name'), zip: f('Post Code'),
        block: f('Block'), lot: f('Lot'), bin: f('BIN'), bbl: f('BBL') },
      cp.file,
      {},
    )
    if (typeof building === 'string') {
      planner.reject(cp.file, row.line, building)
      continue
    }
    planner.accept(cp.file, row.line, building, buildingId, parsed.label, parsed.request)
  }

  // 4. The older pair: problems (2017) joined to their complaint headers (2014) by ComplaintID.
  const complaints = files.complaints2014
  const headers = new Map<string, { row: CsvRow; problems: number }>()
  for (const row of complaints.rows) {
    const id = field(row, 'ComplaintID')
    const first = headers.get(id)
    if (first) {
      planner.reject(complaints.file, row.line, `ComplaintID ${id} appears again (first on line ${first.row.line})`)
      continue
    }
    headers.set(id, { row, problems: 0 })
  }
  const problems = files.problems2017
  for (const row of problems.rows) {
    const f = (name: string) => field(row, name)
    const complaintId = f('ComplaintID')
    const header = headers.get(complaintId)
    if (!header) {
      planner.reject(problems.file, row.line, `ComplaintID ${complaintId} is not in ${complaints.file}, so the problem has no building or apartment`)
      continue
    }
    header.problems++
    const h = (name: string) => field(header.row, name)
    const parsed = problemRequest(
      { type: f('Type'), major: f('MajorCategory'), minor: f('MinorCategory'), code: f('Code'), unitType: f('UnitType'),
        spaceType: f('SpaceType'), status: f('Status'), statusDate: f('StatusDate'), statusDescription: f('StatusDescription') },
      h('ReceivedDate'),
      h('Apartment'),
      { complaintId, problemId: f('ProblemID') },
    )
    if (typeof parsed === 'string') {
      planner.reject(problems.file, row.line, parsed)
      continue
    }
    const buildingId = h('BuildingID')
    const building = planner.resolveBuilding(
      { buildingId, borough: h('Borough'), boroId: h('BoroughID'), house: h('HouseNumber'), street: h('StreetName'), zip: h('Zip'),
        block: h('Block'), lot: h('Lot'), bin: '' },
      complaints.file,
      {},
    )
    if (typeof building === 'string') {
      planner.reject(problems.file, row.line, `${building} (from its complaint on line ${header.row.line} of ${complaints.file})`)
      continue
    }
    planner.accept(problems.file, row.line, building, buildingId, parsed.label, parsed.request)
  }
  for (const [id, header] of headers) {
    if (header.problems === 0) {
      planner.reject(
        complaints.file,
        header.row.line,
        `complaint ${id} has no problem rows in ${problems.file}, so its category and urgency are unknown`,
      )
    }
  }

  // 5. Violations.
  const violations = files.violations
  for (const row of violations.rows) {
    const f = (name: string) => field(row, name)
    const parsed = violationRequest(row)
    if (typeof parsed === 'string') {
      planner.reject(violations.file, row.line, parsed)
      continue
    }
    const buildingId = f('BuildingID')
    const registrationId = f('RegistrationID')
    const building = planner.resolveBuilding(
      { buildingId, borough: f('Borough'), boroId: f('BoroID'), house: f('HouseNumber'), street: f('StreetName'),
        zip: f('Postcode'), block: f('Block'), lot: f('Lot'), bin: f('BIN'), bbl: f('BBL') },
      violations.file,
      { registrationId: ID.test(registrationId) ? registrationId : null },
    )
    if (typeof building === 'string') {
      planner.reject(violations.file, row.line, building)
      continue
    }
    planner.accept(violations.file, row.line, building, buildingId, parsed.label, parsed.request)
  }

  const order = Object.values(HPD_FILES).map((spec) => spec.name as string)
  planner.rejected.sort((a, b) => order.indexOf(a.file) - order.indexOf(b.file) || a.line - b.line)
  return {
    properties: [...planner.buildings.values()],
    units: [...planner.units.values()],
    requests: [...planner.requests.values()],
    rejected: planner.rejected,
  }
}

/** The request fields of one violation, or every reason it cannot be imported. */
function violationRequest(row: CsvRow): { request: Omit<RequestSeed, 'propertyRef' | 'unitRef'>; label: string | undefined } | string {
  const f = (name: string) => field(row, name)
  const problems: string[] = []
  const violationId = f('ViolationID')
  if (!ID.test(violationId)) problems.push(`ViolationID "${violationId}" is not an id`)
  const cls = f('Class')
  const priority = violationPriority(cls)
  if (!priority) problems.push(`Class "${cls}" is not A, B or C`)
  const inspected = parseUsDate(f('InspectionDate'))
  if (!inspected) problems.push(`InspectionDate "${f('InspectionDate')}" is not a MM/DD/YYYY date`)
  const verdict = violationStatus(f('CurrentStatus'), f('ViolationStatus'))
  const known = 'status' in verdict ? verdict.status : undefined
  if ('reason' in verdict) problems.push(verdict.reason)
  const statusDateText = f('CurrentStatusDate')
  const statusOn = statusDateText === '' ? undefined : parseUsDate(statusDateText)
  if (statusDateText !== '' && !statusOn) problems.push(`CurrentStatusDate "${statusDateText}" is not a MM/DD/YYYY date`)
  if (known === 'completed' && statusDateText === '') problems.push('the violation is closed but has no CurrentStatusDate')
  if (inspected && statusOn && statusOn < inspected) problems.push(`CurrentStatusDate ${statusDateText} is before the InspectionDate ${f('InspectionDate')}`)
  const issuedText = f('NOVIssuedDate')
  if (issuedText !== '' && !parseUsDate(issuedText)) problems.push(`NOVIssuedDate "${issuedText}" is not a MM/DD/YYYY date`)
  const text = f('NOVDescription').replace(/\s+/g, ' ')
  if (text === '') problems.push('NOVDescription is empty')
  if (problems.length > 0 || !priority || !inspected || !known) return problems.join('; ')

  const section = /^SECTION\s+(\d+-\d+(?:\.\d+)?)/i.exec(text)?.[1]
  const summary = text.replace(/^SECTION\s+[\d.-]+,?\s*(ADM CODE)?\s*/i, '')
  const apartment = f('Apartment')
  const label = apartmentLabel(apartment)
  const story = f('Story')
  const classMeaning = { C: 'immediately hazardous', B: 'hazardous', A: 'non-hazardous' }[cls.toUpperCase()] ?? ''
  const location = [story === '' ? '' : /^\d+$/.test(story) ? `Story ${story}` : story,
    !label && apartment !== '' ? `apartment not recorded ("${apartment}")` : ''].filter(Boolean).join(', ')
  const description = [
    text,
    `HPD status: ${f('CurrentStatus')}${statusDateText ? ` on ${statusDateText}` : ''} (${f('ViolationStatus')}).`,
    `Class ${cls.toUpperCase()} (${classMeaning}). Rent impairing: ${f('RentImpairing') === 'Y' ? 'yes' : 'no'}.`,
    `HPD violation ${violationId}${f('NOVID') ? `, notice ${f('NOVID')}` : ''}${issuedText ? ` issued ${issuedText}` : ''}.`,
  ]
  return {
    label,
    request: {
      ref: `hpd:violation:${violationId}`,
      title: shorten(`Class ${cls.toUpperCase()} violation: ${summary === '' ? text : summary}`),
      description: description.join('\n'),
      category: 'code_violation',
      subcategory: section ? `adm_code_${section.replace(/[-.]/g, '_')}` : null,
      priority,
      status: known,
      source: 'hpd_violation',
      location: location || null,
      requested_at: nycMidnight(inspected),
      completed_at: known === 'completed' && statusOn ? nycMidnight(statusOn) : null,
    },
  }
}
