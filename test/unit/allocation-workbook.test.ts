import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { type AllocationLine, summariseAllocations } from '../../functions/domain/allocation-report.js';
import { allocationWorkbook, RUPIAH_FORMAT } from '../../functions/views/allocation-workbook.js';
import { writeXlsx } from '../../functions/views/xlsx-writer.js';

const names = new Map([
  ['73.10', 'Kabupaten Barru'],
  ['73.71', 'Kota Makassar'],
]);
const line = (overrides: Partial<AllocationLine>): AllocationLine => ({
  districtCode: '73.71',
  proposalId: '01KAAAAAAAAAAAAAAAAAAAAAAA',
  programKind: 'WIRAUSAHA_BARU',
  commodity: 'kakao',
  source: 'APBN',
  amount: 300_000_000,
  ...overrides,
});
const lines = [
  line({}),
  line({ source: 'APBD_KABUPATEN_KOTA', amount: 60_000_000 }),
  line({
    districtCode: '73.10',
    proposalId: '01KBBBBBBBBBBBBBBBBBBBBBBB',
    commodity: 'rumput laut',
    amount: 1_250_000_000,
  }),
];

async function readBack(): Promise<ExcelJS.Workbook> {
  const buffer = allocationWorkbook(summariseAllocations(2016, lines, names), lines, names);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

describe('The allocation workbook, read back as Excel would', () => {
  it('Given a year of allocations, then it has one sheet per grouping and the detail lines', async () => {
    const workbook = await readBack();
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      'Per Kabupaten-Kota',
      'Per Sumber Dana',
      'Per Komoditas',
      'Per Jenis Program',
      'Rincian Alokasi',
    ]);
  });

  it('Given the district sheet, then headers are Indonesian, codes are text and amounts are Rupiah numbers', async () => {
    const sheet = (await readBack()).getWorksheet('Per Kabupaten-Kota') as ExcelJS.Worksheet;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'Kode',
      'Kabupaten/Kota',
      'Alokasi (Rp)',
      'Jumlah Usulan',
    ]);
    const barru = sheet.getRow(2);
    // 73.10 as a number would read 73.1: it must stay the text "73.10".
    expect(barru.getCell(1).value).toBe('73.10');
    expect(barru.getCell(1).numFmt).toBe('@');
    expect(barru.getCell(2).value).toBe('Kabupaten Barru');
    expect(barru.getCell(3).value).toBe(1_250_000_000);
    expect(barru.getCell(3).numFmt).toBe(RUPIAH_FORMAT);
    expect(barru.getCell(4).value).toBe(1);
    expect(sheet.getRow(3).getCell(3).value).toBe(360_000_000);
    const total = sheet.getRow(4);
    expect(total.getCell(1).value).toBe('Jumlah');
    expect(total.getCell(3).value).toBe(1_610_000_000);
  });

  it('Given the detail sheet, then every allocation line is a row in district, proposal and source order', async () => {
    const sheet = (await readBack()).getWorksheet('Rincian Alokasi') as ExcelJS.Worksheet;
    const rows = [2, 3, 4].map((n) => (sheet.getRow(n).values as unknown[]).slice(1));
    expect(rows).toEqual([
      [
        '73.10',
        'Kabupaten Barru',
        '01KBBBBBBBBBBBBBBBBBBBBBBB',
        'Penumbuhan Wirausaha Baru',
        'rumput laut',
        'APBN',
        1_250_000_000,
      ],
      [
        '73.71',
        'Kota Makassar',
        '01KAAAAAAAAAAAAAAAAAAAAAAA',
        'Penumbuhan Wirausaha Baru',
        'kakao',
        'APBN',
        300_000_000,
      ],
      [
        '73.71',
        'Kota Makassar',
        '01KAAAAAAAAAAAAAAAAAAAAAAA',
        'Penumbuhan Wirausaha Baru',
        'kakao',
        'APBD Kabupaten/Kota',
        60_000_000,
      ],
    ]);
  });

  it('Given the source sheet, then sources carry their office names', async () => {
    const sheet = (await readBack()).getWorksheet('Per Sumber Dana') as ExcelJS.Worksheet;
    expect(sheet.getColumn(1).values.slice(1)).toEqual([
      'Sumber Dana',
      'APBN',
      'APBD Kabupaten/Kota',
      'Jumlah',
    ]);
  });
});

describe('The workbook writer', () => {
  it('Given any sheet, then the header is bold and frozen with a filter, and the total row is bold', async () => {
    const sheet = (await readBack()).getWorksheet('Per Kabupaten-Kota') as ExcelJS.Worksheet;
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBe('A1:D3');
    expect(sheet.getRow(4).getCell(3).font?.bold).toBe(true);
    expect(sheet.getColumn(2).width).toBe(28);
  });

  it('Given text with XML characters and control codes, then it reads back as written, minus what XML cannot hold', async () => {
    const bytes = writeXlsx(
      [
        {
          name: 'Uji',
          columns: [{ header: 'Teks', width: 10, style: 'text' }],
          rows: [['a < b & "c" \u0007d']],
        },
      ],
      { title: 'x', creator: 'y', created: '2016-01-01T00:00:00Z' },
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    expect(workbook.getWorksheet('Uji')?.getRow(2).getCell(1).value).toBe('a < b & "c" d');
  });

  it('Given the same data twice, then the bytes are the same', () => {
    const once = allocationWorkbook(summariseAllocations(2016, lines, names), lines, names);
    const twice = allocationWorkbook(summariseAllocations(2016, lines, names), lines, names);
    expect(once.equals(twice)).toBe(true);
  });

  it('Given a sheet name Excel refuses, then writing fails', () => {
    const meta = { title: 'x', creator: 'y', created: '2016-01-01T00:00:00Z' };
    expect(() => writeXlsx([{ name: 'Kab/Kota', columns: [], rows: [] }], meta)).toThrow(
      'Invalid sheet name',
    );
  });
});
