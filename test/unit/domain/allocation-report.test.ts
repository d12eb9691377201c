import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AllocationLine,
  allocationsCsv,
  csvField,
  summariseAllocations,
} from '../../../functions/domain/allocation-report.js';
import { FUNDING_SOURCES, PROGRAM_KINDS } from '../../../functions/domain/proposal.js';

const names = new Map([
  ['73.71', 'Kota Makassar'],
  ['73.72', 'Kota Parepare'],
  ['73.06', 'Kabupaten Gowa'],
]);

const line = (overrides: Partial<AllocationLine>): AllocationLine => ({
  districtCode: '73.71',
  proposalId: 'P1',
  programKind: 'WIRAUSAHA_BARU',
  commodity: 'kakao',
  source: 'APBN',
  amount: 100,
  ...overrides,
});

const sample: AllocationLine[] = [
  line({ proposalId: 'P1', source: 'APBN', amount: 300 }),
  line({ proposalId: 'P1', source: 'APBD_KABUPATEN_KOTA', amount: 60 }),
  line({ proposalId: 'P2', districtCode: '73.72', commodity: 'kopi', programKind: 'PELATIHAN', amount: 500 }),
  line({ proposalId: 'P3', districtCode: '73.06', source: 'APBD_PROVINSI', amount: 40 }),
];

describe('summariseAllocations', () => {
  it('totals by district (by code, distinct proposals), source, commodity and programme kind', () => {
    const report = summariseAllocations(2016, sample, names);
    expect(report.fiscalYear).toBe(2016);
    expect(report.total).toBe(900);
    expect(report.byDistrict).toEqual([
      { districtCode: '73.06', districtName: 'Kabupaten Gowa', amount: 40, proposals: 1 },
      { districtCode: '73.71', districtName: 'Kota Makassar', amount: 360, proposals: 1 },
      { districtCode: '73.72', districtName: 'Kota Parepare', amount: 500, proposals: 1 },
    ]);
    expect(report.bySource).toEqual([
      { source: 'APBN', sourceName: 'APBN', amount: 800, proposals: 2 },
      { source: 'APBD_PROVINSI', sourceName: 'APBD Provinsi', amount: 40, proposals: 1 },
      { source: 'APBD_KABUPATEN_KOTA', sourceName: 'APBD Kabupaten/Kota', amount: 60, proposals: 1 },
    ]);
    expect(report.byCommodity).toEqual([
      { commodity: 'kopi', amount: 500, proposals: 1 },
      { commodity: 'kakao', amount: 400, proposals: 2 },
    ]);
    expect(report.byProgramKind).toEqual([
      {
        programKind: 'WIRAUSAHA_BARU',
        programKindName: 'Penumbuhan Wirausaha Baru',
        amount: 400,
        proposals: 2,
      },
      { programKind: 'PELATIHAN', programKindName: 'Pelatihan', amount: 500, proposals: 1 },
    ]);
  });

  it('shows the code where a district has no name, and nothing but a zero total for an empty year', () => {
    expect(summariseAllocations(2016, [line({ districtCode: '73.99' })], names).byDistrict[0]).toMatchObject({
      districtCode: '73.99',
      districtName: '73.99',
    });
    expect(summariseAllocations(2017, [], names)).toEqual({
      fiscalYear: 2017,
      total: 0,
      byDistrict: [],
      bySource: [],
      byCommodity: [],
      byProgramKind: [],
    });
  });

  it('every breakdown adds up to the total, whatever the lines', () => {
    const arbLine = fc.record({
      districtCode: fc.constantFrom('73.01', '73.71', '73.72'),
      proposalId: fc.constantFrom('A', 'B', 'C', 'D'),
      programKind: fc.constantFrom(...PROGRAM_KINDS),
      commodity: fc.constantFrom('kakao', 'kopi', 'rumput laut'),
      source: fc.constantFrom(...FUNDING_SOURCES),
      amount: fc.integer({ min: 1, max: 10_000_000_000 }),
    });
    fc.assert(
      fc.property(fc.array(arbLine, { maxLength: 40 }), (lines) => {
        const r = summariseAllocations(2016, lines, names);
        const sum = (xs: { amount: number }[]) => xs.reduce((s, x) => s + x.amount, 0);
        expect(r.total).toBe(sum(lines));
        for (const part of [r.byDistrict, r.bySource, r.byCommodity, r.byProgramKind])
          expect(sum(part)).toBe(r.total);
      }),
    );
  });
});

describe('csvField', () => {
  it.each([
    ['kakao', 'kakao'],
    ['rumput laut, kering', '"rumput laut, kering"'],
    ['kain "sutera"', '"kain ""sutera"""'],
    ['baris\nbaru', '"baris\nbaru"'],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+62 411', "'+62 411"],
    ['-1+1', "'-1+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['', ''],
  ])('writes %j as %s', (value, written) => {
    expect(csvField(value)).toBe(written);
  });

  it('writes amounts as plain integers', () => {
    expect(csvField(1250000000)).toBe('1250000000');
  });
});

describe('allocationsCsv', () => {
  it('has the header and one CRLF-ended row per line, ordered by district, proposal and source', () => {
    const csv = allocationsCsv(sample, names);
    expect(csv.split('\r\n')).toEqual([
      '\uFEFFdistrictCode,districtName,proposalId,programKind,commodity,source,amount',
      '="73.06",Kabupaten Gowa,="P3",WIRAUSAHA_BARU,kakao,APBD_PROVINSI,40',
      '="73.71",Kota Makassar,="P1",WIRAUSAHA_BARU,kakao,APBN,300',
      '="73.71",Kota Makassar,="P1",WIRAUSAHA_BARU,kakao,APBD_KABUPATEN_KOTA,60',
      '="73.72",Kota Parepare,="P2",PELATIHAN,kopi,APBN,500',
      '',
    ]);
  });

  it('Given Excel in an Indonesian locale, then the file starts with a UTF-8 BOM and codes stay text', () => {
    const csv = allocationsCsv([line({ districtCode: '73.10' })], names);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.split('\r\n')[1]?.startsWith('="73.10",')).toBe(true);
  });

  it('guards a commodity that a spreadsheet would run as a formula', () => {
    const csv = allocationsCsv([line({ commodity: '=cmd|"/c calc"!A1' })], names);
    expect(csv.split('\r\n')[1]).toBe(
      `="73.71",Kota Makassar,="P1",WIRAUSAHA_BARU,"'=cmd|""/c calc""!A1",APBN,100`,
    );
  });
});
