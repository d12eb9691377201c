import type { District } from './district.js';
import { isDistrictCode } from './fields.js';

/**
 * Parses data/districts.csv (header `kemendagri_code,bps_code,kind,name,population,area_km2,
 * leading_commodities`; commodities separated by `;`) into districts. Loader-free: the caller
 * reads the file. Throws on the first malformed row, naming its line, because reference data
 * with a hole in it must not be half-loaded.
 */
const HEADER = [
  'kemendagri_code',
  'bps_code',
  'kind',
  'name',
  'population',
  'area_km2',
  'leading_commodities',
];

export function parseDistrictsCsv(text: string): District[] {
  const rows = parseCsvRows(text.replace(/^\uFEFF/, ''));
  const [header, ...records] = rows;
  if (!header || header.join(',') !== HEADER.join(',')) {
    throw new Error(`districts CSV: the header must be ${HEADER.join(',')}`);
  }
  const districts: District[] = [];
  const seen = new Set<string>();
  for (const { line, fields } of records.map((fields, index) => ({ line: index + 2, fields }))) {
    if (fields.length === 1 && fields[0] === '') continue;
    const [code, bpsCode, kind, name, population, area, commodities] = fields;
    if (fields.length !== HEADER.length || commodities === undefined)
      fail(line, `expected ${HEADER.length} fields`);
    if (!code || !isDistrictCode(code)) fail(line, `Kemendagri code "${code}" is not 73.xx`);
    if (!bpsCode || !/^73\d{2}$/.test(bpsCode)) fail(line, `BPS code "${bpsCode}" is not 73xx`);
    if (kind !== 'kabupaten' && kind !== 'kota') fail(line, `kind "${kind}" is neither kabupaten nor kota`);
    if (!name?.trim()) fail(line, 'name is empty');
    const populationCount = Number(population);
    if (!population || !Number.isSafeInteger(populationCount) || populationCount < 0)
      fail(line, `population "${population}"`);
    const areaKm2 = Number(area);
    if (!Number.isFinite(areaKm2) || areaKm2 <= 0) fail(line, `area "${area}"`);
    if (seen.has(code)) fail(line, `code ${code} appears twice`);
    seen.add(code);
    districts.push({
      code,
      bpsCode,
      kind,
      name: name.trim(),
      population: populationCount,
      areaKm2,
      leadingCommodities: commodities
        .split(';')
        .map((commodity) => commodity.trim().toLowerCase().replace(/\s+/g, ' '))
        .filter((commodity) => commodity.length > 0),
    });
  }
  return districts;
}

function fail(line: number, why: string): never {
  throw new Error(`districts CSV line ${line}: ${why}`);
}

/** Districts by Kemendagri code, the shape the policy check takes. */
export const indexDistricts = (districts: readonly District[]): ReadonlyMap<string, District> =>
  new Map(districts.map((district) => [district.code, district]));

/** RFC 4180 rows: quoted fields may hold commas, newlines and doubled quotes. */
function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      fields.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      rows.push(fields);
      fields = [];
      field = '';
    } else {
      field += char;
    }
  }
  if (quoted) throw new Error('districts CSV: a quoted field is not closed');
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    rows.push(fields);
  }
  return rows;
}
