import type { AllocationLine, AllocationReport } from '../domain/allocation-report.js';
import { FUNDING_SOURCE_LABELS_ID, FUNDING_SOURCES, PROGRAM_KIND_LABELS_ID } from '../domain/proposal.js';
import { type SheetColumn, writeXlsx } from './xlsx-writer.js';

export { RUPIAH_FORMAT } from './xlsx-writer.js';

/**
 * The allocation report as an Excel workbook for the office: one sheet per grouping plus the
 * detail lines, Indonesian headers, amounts as numbers in a Rupiah format, codes stored as text so
 * that 73.10 never turns into the number 73.1, and a bold total under each sheet.
 */
const text = (header: string, width: number): SheetColumn => ({ header, width, style: 'text' });
const rupiah: SheetColumn = { header: 'Alokasi (Rp)', width: 22, style: 'rupiah' };
const count: SheetColumn = { header: 'Jumlah Usulan', width: 15, style: 'integer' };

export function allocationWorkbook(
  report: AllocationReport,
  lines: readonly AllocationLine[],
  districtNames: ReadonlyMap<string, string>,
): Buffer {
  const detail = [...lines].sort(
    (a, b) =>
      a.districtCode.localeCompare(b.districtCode) ||
      a.proposalId.localeCompare(b.proposalId) ||
      FUNDING_SOURCES.indexOf(a.source) - FUNDING_SOURCES.indexOf(b.source),
  );
  const bytes = writeXlsx(
    [
      {
        name: 'Per Kabupaten-Kota',
        columns: [text('Kode', 10), text('Kabupaten/Kota', 28), rupiah, count],
        rows: report.byDistrict.map((d) => [d.districtCode, d.districtName, d.amount, d.proposals]),
        totalRow: ['Jumlah', null, report.total, null],
      },
      {
        name: 'Per Sumber Dana',
        columns: [text('Sumber Dana', 24), rupiah, count],
        rows: report.bySource.map((s) => [s.sourceName, s.amount, s.proposals]),
        totalRow: ['Jumlah', report.total, null],
      },
      {
        name: 'Per Komoditas',
        columns: [text('Komoditas', 28), rupiah, count],
        rows: report.byCommodity.map((c) => [c.commodity, c.amount, c.proposals]),
        totalRow: ['Jumlah', report.total, null],
      },
      {
        name: 'Per Jenis Program',
        columns: [text('Jenis Program', 36), rupiah, count],
        rows: report.byProgramKind.map((k) => [k.programKindName, k.amount, k.proposals]),
        totalRow: ['Jumlah', report.total, null],
      },
      {
        name: 'Rincian Alokasi',
        columns: [
          text('Kode', 10),
          text('Kabupaten/Kota', 28),
          text('Nomor Usulan', 30),
          text('Jenis Program', 36),
          text('Komoditas', 24),
          text('Sumber Dana', 22),
          rupiah,
        ],
        rows: detail.map((l) => [
          l.districtCode,
          districtNames.get(l.districtCode) ?? l.districtCode,
          l.proposalId,
          PROGRAM_KIND_LABELS_ID[l.programKind],
          l.commodity,
          FUNDING_SOURCE_LABELS_ID[l.source],
          l.amount,
        ]),
        totalRow: ['Jumlah', null, null, null, null, null, report.total],
      },
    ],
    {
      title: `Alokasi Anggaran Program IKM TA ${report.fiscalYear}`,
      creator: 'Dinas Perindustrian Provinsi Sulawesi Selatan',
      // A fixed date: the same data gives the same file (the report's time is in the HTTP response).
      created: `${report.fiscalYear}-01-01T00:00:00Z`,
    },
  );
  return Buffer.from(bytes);
}
