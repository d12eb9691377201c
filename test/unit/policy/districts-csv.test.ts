import { describe, expect, it } from 'vitest';
import { indexDistricts, parseDistrictsCsv } from '../../../functions/domain/districts-csv.js';
import { DISTRICT_LIST } from './fixtures.js';

const HEADER = 'kemendagri_code,bps_code,kind,name,population,area_km2,leading_commodities';

describe('parseDistrictsCsv', () => {
  it('given data/districts.csv, when parsed, then it yields the 21 kabupaten and 3 kota with unique codes', () => {
    expect(DISTRICT_LIST).toHaveLength(24);
    expect(DISTRICT_LIST.filter((d) => d.kind === 'kota').map((d) => d.name)).toEqual([
      'Kota Makassar',
      'Kota Parepare',
      'Kota Palopo',
    ]);
    expect(indexDistricts(DISTRICT_LIST).size).toBe(24);
  });

  it('given Bone, when parsed, then its Kemendagri code and its different BPS code are kept apart', () => {
    expect(indexDistricts(DISTRICT_LIST).get('73.08')).toMatchObject({
      name: 'Kabupaten Bone',
      bpsCode: '7311',
    });
  });

  it('given commodities separated by ";", when parsed, then they are a trimmed lower-case list; empty gives none', () => {
    const [enrekang, gowa] = parseDistrictsCsv(
      `${HEADER}\r\n73.16,7316,kabupaten,"Kabupaten Enrekang",234470,1806.816," Kopi Arabika  Kalosi ;dangke;;bambu"\r\n` +
        '73.06,7306,kabupaten,"Kabupaten Gowa",825369,1812.988,""\r\n',
    );
    expect(enrekang?.leadingCommodities).toEqual(['kopi arabika kalosi', 'dangke', 'bambu']);
    expect(gowa?.leadingCommodities).toEqual([]);
  });

  it('given a quoted name holding a comma and a doubled quote, when parsed, then the name is kept whole', () => {
    const [district] = parseDistrictsCsv(`${HEADER}\n73.71,7371,kota,"Kota ""Daeng"", Makassar",1,1,kakao`);
    expect(district?.name).toBe('Kota "Daeng", Makassar');
  });

  it('given malformed rows, when parsed, then it throws naming the line', () => {
    const row = (fields: string) =>
      `${HEADER}\n73.71,7371,kota,Kota Makassar,1482354,177.174,kakao\n${fields}\n`;
    expect(() => parseDistrictsCsv(row('7372,7372,kota,Kota Parepare,1,1,'))).toThrow(
      /line 3: Kemendagri code/,
    );
    expect(() => parseDistrictsCsv(row('73.72,7372,kecamatan,Kota Parepare,1,1,'))).toThrow(/line 3: kind/);
    expect(() => parseDistrictsCsv(row('73.72,7372,kota,Kota Parepare,,1,'))).toThrow(/line 3: population/);
    expect(() => parseDistrictsCsv(row('73.72,7372,kota,Kota Parepare,1,1'))).toThrow(
      /line 3: expected 7 fields/,
    );
    expect(() => parseDistrictsCsv(row('73.71,7371,kota,Kota Makassar,1,1,'))).toThrow(
      /line 3: code 73.71 appears twice/,
    );
    expect(() => parseDistrictsCsv('code,name\n')).toThrow(/header/);
  });
});
