import ExcelJS from 'exceljs';
import type { AllocationLine, AllocationReport } from '../domain/allocation-report.js';
import { FUNDING_SOURCE_LABELS_ID, FUNDING_SOURCES, PROGRAM_KIND_LABELS_ID } from '../domain/proposal.js';

/**
 * The allocation report as an Excel workbook for the office: one sheet per grouping plus the
 * detail lines, Indonesian headers, amounts as numbers in a Rupiah format (Excel shows the
 * thousands separator of the reader's locale: Rp 1.250.000.000 in Indonesia), and codes stored
 * as text so that 73.10 never turns into the number 73.1.
 */

/** Whole rupiah with the locale's thousands separator: Rp 1.250.000.000 in an Indonesian Excel. */
export const RUPIAH_FORMAT = '"Rp "#,##0';
const TEXT_FORMAT = '@';

interface Column {
  header: string;
  key: string;
  width: number;
  kind: 'text' | 'rupiah' | 'count';
}

const textCol = (header: string, key: string, width: number): Column => ({
  header,
  key,
  width,
  kind: 'text',
});
const rupiahCol: Column = { header: 'Alokasi (Rp)', key: 'amount', width: 22, kind: 'rupiah' };
const countCol: Column = { header: 'Jumlah Usulan', key: 'proposals', width: 15, kind: 'count' };

function addSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  columns: Column[],
  rows: Record<string, string | number>[],
  total?: number,
): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.width,
    style: { numFmt: c.kind === 'rupiah' ? RUPIAH_FORMAT : c.kind === 'text' ? TEXT_FORMAT : '0' },
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  if (rows.length > 0) {
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  }
  if (total !== undefined) {
    const label = Object.fromEntries([
      [columns[0]?.key ?? 'x', 'Jumlah'],
      ['amount', total],
    ]);
    sheet.addRow(label).font = { bold: true };
  }
}

export async function allocationWorkbook(
  report: AllocationReport,
  lines: readonly AllocationLine[],
  districtNames: ReadonlyMap<string, string>,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Dinas Perindustrian Provinsi Sulawesi Selatan';
  workbook.title = `Alokasi Anggaran Program IKM TA ${report.fiscalYear}`;
  // A fixed date: the same data gives the same file (the report's time is in the HTTP response).
  workbook.created = new Date(Date.UTC(report.fiscalYear, 0, 1));
  workbook.modified = workbook.created;

  addSheet(
    workbook,
    'Per Kabupaten-Kota',
    [textCol('Kode', 'districtCode', 10), textCol('Kabupaten/Kota', 'districtName', 28), rupiahCol, countCol],
    report.byDistrict,
    report.total,
  );
  addSheet(
    workbook,
    'Per Sumber Dana',
    [textCol('Sumber Dana', 'sourceName', 24), rupiahCol, countCol],
    report.bySource,
    report.total,
  );
  addSheet(
    workbook,
    'Per Komoditas',
    [textCol('Komoditas', 'commodity', 28), rupiahCol, countCol],
    report.byCommodity,
    report.total,
  );
  addSheet(
    workbook,
    'Per Jenis Program',
    [textCol('Jenis Program', 'programKindName', 36), rupiahCol, countCol],
    report.byProgramKind,
    report.total,
  );
  const detail = [...lines]
    .sort(
      (a, b) =>
        a.districtCode.localeCompare(b.districtCode) ||
        a.proposalId.localeCompare(b.proposalId) ||
        FUNDING_SOURCES.indexOf(a.source) - FUNDING_SOURCES.indexOf(b.source),
    )
    .map((l) => ({
      districtCode: l.districtCode,
      districtName: districtNames.get(l.districtCode) ?? l.districtCode,
      proposalId: l.proposalId,
      programKindName: PROGRAM_KIND_LABELS_ID[l.programKind],
      commodity: l.commodity,
      sourceName: FUNDING_SOURCE_LABELS_ID[l.source],
      amount: l.amount,
    }));
  addSheet(
    workbook,
    'Rincian Alokasi',
    [
      textCol('Kode', 'districtCode', 10),
      textCol('Kabupaten/Kota', 'districtName', 28),
      textCol('Nomor Usulan', 'proposalId', 30),
      textCol('Jenis Program', 'programKindName', 36),
      textCol('Komoditas', 'commodity', 24),
      textCol('Sumber Dana', 'sourceName', 22),
      rupiahCol,
    ],
    detail,
    report.total,
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
