import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { targets } from '../../../test/support/db.js'
import type { Db } from '../../db/types.js'
import { AppError } from '../../lib/errors.js'
import { uuidv7 } from '../../lib/ids.js'
import { parseCsv } from './csv.js'
import {
  apartmentLabel, categoryCode, complaintPriority, complaintStatus, normalizeBorough, parseUsDate, planHpd, propertyTypeOf,
  readHpdFiles, violationPriority, violationStatus,
} from './hpd.js'
import { formatReport, runImport, type ImportReport } from './imports.service.js'
import { parsePriceDisplay, petPolicyOf, planListings, weeklyToMonthlyCents } from './listings.js'

// The real public data lives beside the repository (never copied into it): ../shared/data.
const DATA = fileURLToPath(new URL('../../../../shared/data/', import.meta.url))
const LISTINGS = join(DATA, 'us-apartment-rentals/apartments_for_rent_classified_10K.csv')
const HPD = join(DATA, 'nyc-hpd')
const noData = !existsSync(LISTINGS) || !existsSync(HPD) ? `real data not found under ${DATA}` : false

const LISTING_HEADER = '"","id","bathrooms","bedrooms","currency","fee","has_photo","pets_allowed","price","price_display","price_type","square_feet","cityname","state"'

async function newOrg(db: Db): Promise<string> {
  const id = uuidv7()
  await db.insertInto('organizations').values({ id, name: `Import test ${id}` }).execute()
  return id
}

async function tableCounts(db: Db): Promise<Record<string, number>> {
  const count = async (table: 'properties' | 'units' | 'maintenance_requests' | 'events') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
  return {
    properties: await count('properties'),
    units: await count('units'),
    maintenance_requests: await count('maintenance_requests'),
    events: await count('events'),
  }
}

function reasonCounts(report: ImportReport): Record<string, number> {
  const out: Record<string, number> = {}
  for (const r of report.rejected) out[r.reason] = (out[r.reason] ?? 0) + 1
  return out
}

function fileCounts(report: ImportReport): Record<string, number> {
  const out: Record<string, number> = {}
  for (const r of report.rejected) out[r.file] = (out[r.file] ?? 0) + 1
  return out
}

// ---------------------------------------------------------------------------------------------
// Pure parsers

describe('listing price parsing', () => {
  test('reads display prices strictly, with their period', () => {
    assert.deepEqual(parsePriceDisplay('$1,390'), { cents: 139000, period: 'monthly' })
    assert.deepEqual(parsePriceDisplay('$790'), { cents: 79000, period: 'monthly' })
    assert.deepEqual(parsePriceDisplay('$1,560 Weekly'), { cents: 156000, period: 'weekly' })
    assert.deepEqual(parsePriceDisplay('$275 Monthly|Weekly'), { cents: 27500, period: 'ambiguous' })
    assert.deepEqual(parsePriceDisplay('$1,390.5'), { cents: 139050, period: 'monthly' })
    for (const bad of ['', '1,39', '$1 390', '$-5', '$1,39', '$12.345', 'null', '$1,390 Daily', 'USD 1390']) {
      assert.equal(parsePriceDisplay(bad), undefined, bad)
    }
  })

  test('converts weekly rent to monthly as × 52 / 12, rounded half up to the cent', () => {
    assert.equal(weeklyToMonthlyCents(156000), 676000) // $1,560 a week = $6,760.00 a month
    assert.equal(weeklyToMonthlyCents(100), 433) // 433.33…
    assert.equal(weeklyToMonthlyCents(200), 867) // 866.67…
    assert.equal(weeklyToMonthlyCents(0), 0)
    assert.throws(() => weeklyToMonthlyCents(-1), RangeError)
    assert.throws(() => weeklyToMonthlyCents(1.5), RangeError)
  })

  test('maps pets_allowed to the pet policy, null to unknown', () => {
    assert.equal(petPolicyOf('Cats,Dogs'), 'cats_and_dogs')
    assert.equal(petPolicyOf('None'), 'none')
    assert.equal(petPolicyOf('Cats'), 'cats')
    assert.equal(petPolicyOf('Dogs'), 'dogs')
    assert.equal(petPolicyOf('null'), 'unknown')
    assert.equal(petPolicyOf('Birds'), undefined)
  })
})

describe('listing rows', () => {
  const plan = (lines: string[]) => planListings(parseCsv([LISTING_HEADER, ...lines].join('\n'), 'x.csv'))

  test('uses the display when the numeric price is null, and converts a weekly listing', () => {
    const p = plan([
      '"1",900000001,"1.5","0","USD","No","Yes","None",null,"$950","Monthly",null,"Austin","TX"',
      '"2",900000002,"2","3","USD","No","Yes","Cats",500,"$500 Weekly","Weekly",1200,"Austin","TX"',
    ])
    assert.deepEqual(p.rejected, [])
    assert.equal(p.properties.length, 1)
    assert.deepEqual(p.properties[0], {
      ref: 'listings:city:TX:Austin',
      name: 'Austin, TX listings',
      type: 'apartment',
      status: 'active',
      address_line1: 'Listings in Austin',
      city: 'Austin',
      state: 'TX',
      zip: null,
      legal_units: null,
      attributes: { source: 'us-apartment-rentals', addressKnown: false },
    })
    assert.deepEqual(p.units.map((u) => [u.ref, u.bedrooms, u.bathrooms, u.square_feet, u.market_rent_cents, u.pet_policy]), [
      ['listings:900000001', 0, 1.5, null, 95000, 'none'],
      ['listings:900000002', 3, 2, 1200, 216667, 'cats'], // 50,000 × 13 / 3 = 216,666.67
    ])
  })

  test('rejects each unusable row with its line and every reason', () => {
    const p = plan([
      '"1",900000001,"1","1","USD","No","Yes","None",1000,"$1,100","Monthly",500,"Austin","TX"',
      '"2",900000002,"1","1","USD","No","Yes","None",500,"$500","Weekly",500,"Austin","TX"',
      '"3",900000003,"1.25","1","USD","No","Yes","Birds",500,"$500","Monthly",500,"Austin","Texas"',
      '"4",900000004,"1","1","USD","No","Yes","None",null,null,"Monthly",500,"Austin","TX"',
      '"5",900000005,"1","1","USD","No","Yes","None",700,"$700","Monthly",500,"Boston","MA"',
      '"6",900000005,"1","1","USD","No","Yes","None",700,"$700","Monthly",500,"Boston","MA"',
      '"7",900000007,"1","1","USD","No","Yes","None",700,"$700","Monthly",500,"Boston"',
      '"8",900000008,"1","1","EUR","No","Yes","None",700,"$700","Monthly",0,null,"MA"',
    ])
    assert.deepEqual(p.rejected, [
      { file: 'x.csv', line: 2, reason: 'price 1000 disagrees with price_display "$1,100"' },
      { file: 'x.csv', line: 3, reason: 'price_type "Weekly" disagrees with price_display "$500"' },
      {
        file: 'x.csv',
        line: 4,
        reason: 'state "Texas" is not a two-letter code; bathrooms "1.25" is not a number from 0 to 50 with at most one decimal; pets_allowed "Birds" is not one of None, Cats, Dogs, "Cats,Dogs", null',
      },
      { file: 'x.csv', line: 5, reason: 'no usable price (price is missing, price_display is missing)' },
      { file: 'x.csv', line: 7, reason: 'listing id 900000005 appears again (first on line 6)' },
      { file: 'x.csv', line: 8, reason: 'the row has 13 fields but the header has 14' },
      {
        file: 'x.csv',
        line: 9,
        reason: 'city is missing, so the listing cannot be placed in a property; square_feet "0" is not a whole number from 1 to 1,000,000; currency "EUR" is not USD',
      },
    ])
    assert.deepEqual(p.units.map((u) => u.ref), ['listings:900000005'])
  })
})

describe('CSV reading', () => {
  test('numbers rows by the line they start on, across quoted line breaks and blank lines', () => {
    const csv = parseCsv('a,b\n1,"two\nlines"\n\n3,4\n', 'f.csv')
    assert.deepEqual(csv.rows, [
      { line: 2, values: { a: '1', b: 'two\nlines' } },
      { line: 5, values: { a: '3', b: '4' } },
    ])
  })

  test('refuses a file without a required column or with an unclosed quote', () => {
    assert.throws(() => parseCsv('a,b\n1,2\n', 'f.csv', ['a', 'c']), (e: unknown) => e instanceof AppError && e.code === 'import.invalid' && /f\.csv:1: .*"c"/.test(e.message))
    assert.throws(() => parseCsv('a,b\n1,2\n3,"4\n', 'f.csv'), (e: unknown) => e instanceof AppError && /^f\.csv:3: the file is not valid CSV/.test(e.message))
  })
})

describe('HPD value parsing', () => {
  test('parses MM/DD/YYYY dates strictly', () => {
    assert.equal(parseUsDate('10/09/2013'), '2013-10-09')
    assert.equal(parseUsDate('02/29/2016'), '2016-02-29')
    for (const bad of ['02/29/2017', '13/01/2014', '00/10/2014', '04/31/2014', '2013-10-09', '1/9/2013', '08/20/2009 12:00:00 AM', '', '10/09/13']) {
      assert.equal(parseUsDate(bad), undefined, bad)
    }
  })

  test('normalizes boroughs however HPD spells them', () => {
    for (const text of ['BROOKLYN', 'Brooklyn', 'BK', ' bk ', '3', 'KINGS']) assert.equal(normalizeBorough(text), 'Brooklyn', text)
    assert.equal(normalizeBorough('STATEN ISLAND'), 'Staten Island')
    assert.equal(normalizeBorough('Staten  Island'), 'Staten Island')
    assert.equal(normalizeBorough('BX'), 'Bronx')
    assert.equal(normalizeBorough('MANHATTAN'), 'Manhattan')
    assert.equal(normalizeBorough('Queens'), 'Queens')
    assert.equal(normalizeBorough('Jersey City'), undefined)
    assert.equal(normalizeBorough('0'), undefined)
  })

  test('maps categories, priorities and statuses', () => {
    assert.equal(categoryCode('HEAT/HOT WATER'), 'heat_hot_water')
    assert.equal(categoryCode('UNSANITARY CONDITION'), 'unsanitary_condition')
    assert.equal(categoryCode('PLUMBING'), 'plumbing')
    assert.equal(categoryCode(' DOOR/WINDOW '), 'door_window')
    assert.equal(categoryCode('24/7'), undefined)
    assert.equal(categoryCode(''), undefined)
    assert.equal(complaintPriority('IMMEDIATE EMERGENCY'), 'emergency')
    assert.equal(complaintPriority('EMERGENCY'), 'high')
    assert.equal(complaintPriority('NON EMERGENCY'), 'normal')
    assert.equal(complaintPriority('URGENT'), undefined)
    assert.equal(violationPriority('C'), 'emergency')
    assert.equal(violationPriority('B'), 'high')
    assert.equal(violationPriority('A'), 'normal')
    assert.equal(violationPriority('I'), undefined)
    assert.equal(complaintStatus('CLOSE'), 'completed')
    assert.equal(complaintStatus('OPEN'), 'open')
    assert.equal(complaintStatus('PENDING'), undefined)
    assert.deepEqual(violationStatus('VIOLATION CLOSED', 'Close'), { status: 'completed' })
    assert.deepEqual(violationStatus('VIOLATION DISMISSED', 'Close'), { status: 'cancelled' })
    assert.deepEqual(violationStatus('NOV SENT OUT', 'Open'), { status: 'open' })
    assert.deepEqual(violationStatus('NOV CERTIFIED LATE', 'Open'), { status: 'in_progress' })
    assert.deepEqual(violationStatus('SOMETHING NEW', 'Close'), { status: 'completed' })
    assert.deepEqual(violationStatus('VIOLATION CLOSED', 'Open'), { reason: 'CurrentStatus "VIOLATION CLOSED" contradicts ViolationStatus "Open"' })
    assert.deepEqual(violationStatus('NOV SENT OUT', 'Maybe'), { reason: 'ViolationStatus "Maybe" is not Open or Close' })
  })

  test('tells apartments from building-wide labels, and building types from classes', () => {
    assert.equal(apartmentLabel(' 3l '), '3L')
    assert.equal(apartmentLabel(''), undefined)
    assert.equal(apartmentLabel('BLDG'), undefined)
    assert.equal(apartmentLabel('NA'), undefined)
    assert.deepEqual(propertyTypeOf('2 FAMILY HOUSE', 2), { type: 'multi_family', typeSource: 'dob_class' })
    assert.deepEqual(propertyTypeOf('1 FAMILY HOUSE', 1), { type: 'single_family', typeSource: 'dob_class' })
    assert.deepEqual(propertyTypeOf('HEREAFTER ERECTED CLASS A', 4), { type: 'apartment', typeSource: 'dob_class' })
    assert.deepEqual(propertyTypeOf('NOT AVAILABLE', 2), { type: 'multi_family', typeSource: 'legal_units' })
    assert.deepEqual(propertyTypeOf('NOT AVAILABLE', 1), { type: 'single_family', typeSource: 'legal_units' })
    assert.deepEqual(propertyTypeOf('', null), { type: 'apartment', typeSource: 'default' })
  })
})

describe('HPD plan from the real files', { skip: noData }, () => {
  test('joins buildings, complaints and violations without a database', async () => {
    const plan = planHpd(await readHpdFiles(HPD))
    // 98 jurisdiction rows (100 less 2 placeholders) + 100 registrations (none in jurisdiction)
    // + 6 complaint buildings + 55 violation buildings, all absent from both building files.
    assert.equal(plan.properties.length, 259)
    assert.equal(plan.units.length, 26)
    assert.equal(plan.requests.length, 110)
    const heat = plan.requests.find((r) => r.ref === 'hpd:complaint:8618037:17774396')
    assert.equal(heat?.category, 'heat_hot_water')
    assert.equal(heat?.unitRef, null) // BUILDING-WIDE, apartment "BLDG"
  })
})

// ---------------------------------------------------------------------------------------------
// Imports into a real database

for (const target of targets) {
  describe(`import on ${target.name}`, { skip: noData }, () => {
    test('imports the 10K listings once: exact counts, real values, dry run equal, second run skipped', async () => {
      const database = await target.open()
      try {
        const db = database.db
        const orgId = await newOrg(db)

        const dry = await runImport(db, { orgId, kind: 'listings', path: LISTINGS, dryRun: true })
        assert.deepEqual(await tableCounts(db), { properties: 0, units: 0, maintenance_requests: 0, events: 0 })

        const real = await runImport(db, { orgId, kind: 'listings', path: LISTINGS, dryRun: false })
        assert.deepEqual({ ...dry, dryRun: false }, real)
        assert.equal(dry.dryRun, true)
        // 10,000 rows: 77 have city and state "null", 33 more only bathrooms "null", 6 only bedrooms
        // "null", and line 237 has null bedrooms and bathrooms and price_type "Monthly|Weekly":
        // 117 rejected, 9,883 units in 1,767 distinct (state, city) pairs (python csv check).
        assert.deepEqual(real.created, { properties: 1767, units: 9883 })
        assert.deepEqual(real.skipped, { properties: 0, units: 0 })
        assert.equal(real.rejected.length, 117)
        assert.deepEqual(reasonCounts(real), {
          'city and state are missing, so the listing cannot be placed in a property': 77,
          'bathrooms is missing': 33,
          'bedrooms is missing': 6,
          'bedrooms is missing; bathrooms is missing; price_type "Monthly|Weekly" is ambiguous: it cannot be told whether $275 Monthly|Weekly is per month or per week': 1,
        })
        assert.deepEqual(real.rejected.slice(0, 2), [
          { file: 'apartments_for_rent_classified_10K.csv', line: 2, reason: 'bathrooms is missing' },
          { file: 'apartments_for_rent_classified_10K.csv', line: 3, reason: 'bathrooms is missing' },
        ])
        assert.equal(real.rejected.find((r) => r.reason.startsWith('city'))?.line, 24)
        assert.deepEqual(await tableCounts(db), { properties: 1767, units: 9883, maintenance_requests: 0, events: 1767 + 9883 })

        const unit = (ref: string) =>
          db.selectFrom('units').innerJoin('properties', 'properties.id', 'units.property_id')
            .select(['units.unit_number', 'units.bedrooms', 'units.bathrooms', 'units.square_feet', 'units.market_rent_cents', 'units.pet_policy', 'properties.name', 'properties.city', 'properties.state'])
            .where('units.external_ref', '=', ref).executeTakeFirstOrThrow()
        // Line 4: a studio in Arlington, VA at "$1,390".
        assert.deepEqual(await unit('listings:5668626833'), {
          unit_number: '5668626833', bedrooms: 0, bathrooms: 1, square_feet: 107, market_rent_cents: 139000, pet_policy: 'none',
          name: 'Arlington, VA listings', city: 'Arlington', state: 'VA',
        })
        // Line 17: "$1,560 Weekly" → 1,560 × 52 / 12 = $6,760.00 a month.
        assert.deepEqual(await unit('listings:5659276240'), {
          unit_number: '5659276240', bedrooms: 1, bathrooms: 1, square_feet: 200, market_rent_cents: 676000, pet_policy: 'cats_and_dogs',
          name: 'New Bern, NC listings', city: 'New Bern', state: 'NC',
        })
        // Line 459: 1.5 baths, 0 bedrooms, "$750", pets_allowed "null".
        assert.deepEqual(await unit('listings:5649365290'), {
          unit_number: '5649365290', bedrooms: 0, bathrooms: 1.5, square_feet: 400, market_rent_cents: 75000, pet_policy: 'unknown',
          name: 'Las Vegas, NV listings', city: 'Las Vegas', state: 'NV',
        })
        // Totals over the 9,883 imported rows, summed independently from the file.
        const totals = await db.selectFrom('units')
          .select((eb) => [
            eb.fn.sum<string>('market_rent_cents').as('rent'),
            eb.fn.sum<string>(eb('bathrooms', '*', 10)).as('baths10'),
            eb.fn.count<string>('id').filterWhere('bedrooms', '=', 0).as('studios'),
            eb.fn.count<string>('id').filterWhere('pet_policy', '=', 'unknown').as('unknownPets'),
          ])
          .executeTakeFirstOrThrow()
        assert.deepEqual(
          { rent: Number(totals.rent), baths10: Number(totals.baths10), studios: Number(totals.studios), unknownPets: Number(totals.unknownPets) },
          { rent: 1_470_077_300, baths10: 136_440, studios: 184, unknownPets: 1744 },
        )
        const austin = await db.selectFrom('units').innerJoin('properties', 'properties.id', 'units.property_id')
          .select((eb) => eb.fn.countAll<string>().as('n')).where('properties.external_ref', '=', 'listings:city:TX:Austin').executeTakeFirstOrThrow()
        assert.equal(Number(austin.n), 522)

        const again = await runImport(db, { orgId, kind: 'listings', path: LISTINGS, dryRun: false })
        assert.deepEqual(again.created, { properties: 0, units: 0 })
        assert.deepEqual(again.skipped, { properties: 1767, units: 9883 })
        assert.deepEqual(again.rejected, real.rejected)
        assert.deepEqual(await tableCounts(db), { properties: 1767, units: 9883, maintenance_requests: 0, events: 1767 + 9883 })

        const text = formatReport(real)
        assert.match(text, /^Import listings\n {2}created: properties 1767, units 9883\n/)
        assert.match(text, /\n {4}apartments_for_rent_classified_10K\.csv:237: bedrooms is missing; bathrooms is missing; price_type "Monthly\|Weekly"/)
        assert.equal(text.split('\n').length, 4 + 117)
        assert.match(formatReport(dry), /^Import listings \(dry run: checked and rolled back, nothing was written\)/)
      } finally {
        await database.close()
      }
    })

    test('imports the HPD directory once: buildings, units, complaints and violations', async () => {
      const database = await target.open()
      try {
        const db = database.db
        const orgId = await newOrg(db)

        const dry = await runImport(db, { orgId, kind: 'hpd', path: HPD, dryRun: true })
        assert.deepEqual(await tableCounts(db), { properties: 0, units: 0, maintenance_requests: 0, events: 0 })
        const real = await runImport(db, { orgId, kind: 'hpd', path: HPD, dryRun: false })
        assert.deepEqual({ ...dry, dryRun: false }, real)

        // Properties: 98 of 100 jurisdiction rows (2 have "0"/"00" placeholder addresses), all 100
        // registrations (no BuildingID in jurisdiction), 6 buildings of the 10 complaint problems and
        // 55 of the 100 violations, none in either building file, made from their own addresses.
        // Units: 22 distinct (building, apartment) in violations (39 blank and one "NA" left out) and
        // 4 in complaints (a BUILDING-WIDE "BLDG" row and a PUBLIC AREA row are building-wide).
        // Requests: 10 problems + 100 violations. Rejected: 2 jurisdiction rows, all 9 problems of
        // 2017 (their ComplaintIDs are not among the 100 complaints of 2014), and so all 100
        // complaints of 2014 (none has a problem row).
        assert.deepEqual(real.created, { properties: 259, units: 26, maintenance_requests: 110 })
        assert.deepEqual(real.skipped, { properties: 0, units: 0, maintenance_requests: 0 })
        assert.deepEqual(fileCounts(real), { 'hpd_jurisdiction.csv': 2, 'hpd_complaint_problems_2017.csv': 9, 'hpd_complaints_2014.csv': 100 })
        assert.deepEqual(real.rejected[0], {
          file: 'hpd_jurisdiction.csv',
          line: 2,
          reason: 'inactive building record with no usable address (house number "0" is a placeholder; street "0" is a placeholder)',
        })
        assert.deepEqual(real.rejected.find((r) => r.file === 'hpd_complaint_problems_2017.csv'), {
          file: 'hpd_complaint_problems_2017.csv',
          line: 2,
          reason: 'ComplaintID 8412850 is not in hpd_complaints_2014.csv, so the problem has no building or apartment',
        })
        assert.deepEqual(real.rejected.at(-1), {
          file: 'hpd_complaints_2014.csv',
          line: 101,
          reason: `complaint ${real.rejected.at(-1)?.reason.split(' ')[1]} has no problem rows in hpd_complaint_problems_2017.csv, so its category and urgency are unknown`,
        })
        assert.deepEqual(await tableCounts(db), { properties: 259, units: 26, maintenance_requests: 110, events: 259 + 26 + 110 })

        const request = (ref: string) =>
          db.selectFrom('maintenance_requests')
            .leftJoin('units', 'units.id', 'maintenance_requests.unit_id')
            .innerJoin('properties', 'properties.id', 'maintenance_requests.property_id')
            .select(['maintenance_requests.category', 'maintenance_requests.subcategory', 'maintenance_requests.priority',
              'maintenance_requests.status', 'maintenance_requests.source', 'maintenance_requests.requested_at',
              'maintenance_requests.completed_at', 'maintenance_requests.title', 'maintenance_requests.location',
              'units.unit_number', 'properties.name', 'properties.city', 'properties.zip'])
            .where('maintenance_requests.external_ref', '=', ref).executeTakeFirstOrThrow()
        // Violation 10000054: class C, VIOLATION CLOSED on 10/28/2013, inspected 10/08/2013, apartment "NA".
        const v54 = await request('hpd:violation:10000054')
        assert.equal(v54.priority, 'emergency')
        assert.equal(v54.status, 'completed')
        assert.equal(v54.source, 'hpd_violation')
        assert.equal(v54.category, 'code_violation')
        assert.equal(v54.subcategory, 'adm_code_27_2031')
        assert.equal(new Date(v54.requested_at).toISOString(), '2013-10-08T04:00:00.000Z') // midnight in New York (EDT)
        assert.equal(new Date(v54.completed_at!).toISOString(), '2013-10-28T04:00:00.000Z')
        assert.equal(v54.unit_number, null)
        assert.equal(v54.location, 'Story 4, apartment not recorded ("NA")')
        assert.equal(v54.name, '213 SCHENECTADY AVENUE, Brooklyn')
        // Violation 10000001: class B, VIOLATION DISMISSED, apartment 3L of 751 Gerard Avenue, Bronx.
        const v01 = await request('hpd:violation:10000001')
        assert.deepEqual([v01.priority, v01.status, v01.completed_at, v01.unit_number, v01.name, v01.city, v01.zip],
          ['high', 'cancelled', null, '3L', '751 GERARD AVENUE, Bronx', 'Bronx', '10451'])
        assert.equal(v01.title, 'Class B violation: PROPERLY REPAIR WITH SIMILAR MATERIAL THE BROKEN OR DEFECTIVE CERAMIC FLOOR…')
        // Complaint 8618037 problem 17774396: HEAT/HOT WATER, EMERGENCY, building-wide, closed 09/06/2017.
        const heat = await request('hpd:complaint:8618037:17774396')
        assert.deepEqual([heat.category, heat.subcategory, heat.priority, heat.status, heat.source, heat.unit_number, heat.title],
          ['heat_hot_water', 'entire_building/no_hot_water', 'high', 'completed', 'hpd_complaint', null, 'HEAT/HOT WATER: ENTIRE BUILDING, NO HOT WATER'])
        assert.equal(new Date(heat.completed_at!).toISOString(), '2017-09-06T04:00:00.000Z')
        // Complaint 8591909: ELECTRIC, IMMEDIATE EMERGENCY, apartment 2C.
        const power = await request('hpd:complaint:8591909:17704039')
        assert.deepEqual([power.category, power.priority, power.unit_number], ['electric', 'emergency', '2C'])

        const byStatus = await db.selectFrom('maintenance_requests').select(['source', 'status', 'priority'])
          .select((eb) => eb.fn.countAll<string>().as('n')).groupBy(['source', 'status', 'priority']).execute()
        const tally = (source: string, key: 'status' | 'priority') => {
          const out: Record<string, number> = {}
          for (const r of byStatus.filter((x) => x.source === source)) out[r[key]] = (out[r[key]] ?? 0) + Number(r.n)
          return out
        }
        // Violations: 44 VIOLATION CLOSED, 29 DISMISSED, 27 open (24 NOV SENT OUT, 2 INVALID
        // CERTIFICATION, 1 NOT COMPLIED WITH); classes C 9, B 65, A 26.
        assert.deepEqual(tally('hpd_violation', 'status'), { completed: 44, cancelled: 29, open: 27 })
        assert.deepEqual(tally('hpd_violation', 'priority'), { emergency: 9, high: 65, normal: 26 })
        assert.deepEqual(tally('hpd_complaint', 'status'), { completed: 10 })

        const property = (ref: string) =>
          db.selectFrom('properties').select(['name', 'type', 'status', 'city', 'state', 'zip', 'legal_units', 'attributes'])
            .where('external_ref', '=', ref).executeTakeFirstOrThrow()
        const twoFamily = await property('hpd:building:833505') // "2 FAMILY HOUSE", LegalClassA 2
        assert.deepEqual([twoFamily.name, twoFamily.type, twoFamily.status, twoFamily.city, twoFamily.state, twoFamily.zip, twoFamily.legal_units],
          ['218-50 100 AVENUE, Queens', 'multi_family', 'active', 'Queens', 'NY', '11429', 2])
        assert.equal(twoFamily.attributes.bin, '4456931')
        assert.equal(twoFamily.attributes.bbl, '4107670028')
        assert.equal(twoFamily.attributes.managementProgram, 'PVT')
        const inactive = await property('hpd:building:966420') // Inactive, real address, no class
        assert.deepEqual([inactive.type, inactive.status, inactive.legal_units], ['apartment', 'inactive', null])
        const registered = await property('hpd:building:168059') // only in hpd_registrations.csv
        assert.deepEqual([registered.name, registered.attributes.registrationId, registered.attributes.lastRegistrationDate],
          ['1162 71 STREET, Brooklyn', '336228', '2017-08-07'])
        const legal = await db.selectFrom('properties').select((eb) => eb.fn.sum<string>('legal_units').as('n')).executeTakeFirstOrThrow()
        assert.equal(Number(legal.n), 144) // LegalClassA + LegalClassB over jurisdiction; others have none

        const again = await runImport(db, { orgId, kind: 'hpd', path: HPD, dryRun: false })
        assert.deepEqual(again.created, { properties: 0, units: 0, maintenance_requests: 0 })
        assert.deepEqual(again.skipped, { properties: 259, units: 26, maintenance_requests: 110 })
        assert.deepEqual(again.rejected, real.rejected)
        assert.deepEqual(await tableCounts(db), { properties: 259, units: 26, maintenance_requests: 110, events: 259 + 26 + 110 })
      } finally {
        await database.close()
      }
    })

    test('a failure in the middle of an import writes nothing', async () => {
      const database = await target.open()
      const dir = await mkdtemp(join(tmpdir(), 'tms-import-'))
      try {
        const db = database.db
        const orgId = await newOrg(db)
        // A manager already has unit 900000002 in the Austin listings property, entered by hand.
        const austin = uuidv7()
        await db.insertInto('properties').values({
          id: austin, org_id: orgId, name: 'Austin, TX listings', type: 'apartment', address_line1: 'Listings in Austin',
          city: 'Austin', state: 'TX', external_ref: 'listings:city:TX:Austin', owner_id: null, neighborhood_id: null,
        }).execute()
        await db.insertInto('units').values({ id: uuidv7(), org_id: orgId, property_id: austin, unit_number: '900000002', external_ref: null }).execute()
        const before = await tableCounts(db)
        const file = join(dir, 'listings.csv')
        await writeFile(file, [
          LISTING_HEADER,
          '"1",900000001,"1","1","USD","No","Yes","None",1000,"$1,000","Monthly",500,"Boston","MA"',
          '"2",900000002,"1","1","USD","No","Yes","None",1200,"$1,200","Monthly",600,"Austin","TX"',
        ].join('\n'))
        // The Boston property is inserted first; the unit number clash then fails the transaction.
        for (const dryRun of [false, true]) {
          await assert.rejects(runImport(db, { orgId, kind: 'listings', path: file, dryRun }), (e: unknown) => (e as { code?: string }).code === '23505')
          assert.deepEqual(await tableCounts(db), before)
        }
        assert.equal(await db.selectFrom('properties').select('id').where('city', '=', 'Boston').executeTakeFirst(), undefined)

        // A malformed file is refused before anything is written, naming the line.
        const broken = join(dir, 'broken.csv')
        await writeFile(broken, [LISTING_HEADER, '"1",900000003,"1","1","USD","No","Yes","None",1000,"$1,000","Monthly",500,"Boston,"MA"'].join('\n'))
        await assert.rejects(runImport(db, { orgId, kind: 'listings', path: broken, dryRun: false }),
          (e: unknown) => e instanceof AppError && e.code === 'import.invalid' && /^broken\.csv:2: the file is not valid CSV/.test(e.message))
        // A directory without the HPD files, or a file given as the HPD directory, is refused.
        await assert.rejects(runImport(db, { orgId, kind: 'hpd', path: dir, dryRun: false }),
          (e: unknown) => e instanceof AppError && e.code === 'import.invalid' && /hpd_jurisdiction\.csv: no such file/.test(e.message))
        await assert.rejects(runImport(db, { orgId, kind: 'hpd', path: file, dryRun: false }),
          (e: unknown) => e instanceof AppError && /expected the nyc-hpd directory/.test(e.message))
        // An organization that does not exist: nothing is written either.
        await assert.rejects(runImport(db, { orgId: uuidv7(), kind: 'hpd', path: HPD, dryRun: false }),
          (e: unknown) => e instanceof AppError && e.code === 'resource.not_found')
        assert.deepEqual(await tableCounts(db), before)
      } finally {
        await rm(dir, { recursive: true, force: true })
        await database.close()
      }
    })
  })
}
