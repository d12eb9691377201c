import type { Programme } from '../domain/programme.js';
import { PROGRAM_KIND_LABELS_ID } from '../domain/proposal.js';
import { type SheetColumn, writeXlsx } from './xlsx-writer.js';

const text = (header: string, width: number): SheetColumn => ({ header, width, style: 'text' });
const rupiah = (header: string): SheetColumn => ({ header, width: 20, style: 'rupiah' });
const count = (header: string): SheetColumn => ({ header, width: 14, style: 'integer' });

const FUNDING_COLUMNS = [rupiah('APBN (Rp)'), rupiah('APBD Provinsi (Rp)'), rupiah('APBD Kab/Kota (Rp)')];
const TARGET_COLUMNS = [count('Wirausaha Baru'), count('Tenaga Kerja'), count('Unit IKM')];

/**
 * The consolidated programme as a workbook for the coordination meeting and for Kemenperin: the
 * proposals with their sharing matrix and targets, the districts, the commodities (KIID marked),
 * the summary by source with APBN apart, and the districts that sent nothing. Codes are text
 * (73.10 stays 73.10), amounts whole rupiah in a Rupiah format, a bold total under each sheet.
 */
export function programmeWorkbook(
  programme: Programme,
  districtNames: ReadonlyMap<string, string>,
  created: string,
): Uint8Array {
  const { totals } = programme;
  const proposals = programme.districts.flatMap((d) =>
    d.proposals.map((p) => [
      d.districtCode,
      d.districtName,
      p.id,
      p.title,
      PROGRAM_KIND_LABELS_ID[p.programKind],
      p.commodity,
      p.kiid ?? '',
      p.statusLabel,
      p.funding.APBN,
      p.funding.APBD_PROVINSI,
      p.funding.APBD_KABUPATEN_KOTA,
      p.requested,
      p.allocated,
      p.targets.newEntrepreneurs,
      p.targets.jobsCreated,
      p.targets.ikmUnits,
    ]),
  );
  const targets = [totals.targets.newEntrepreneurs, totals.targets.jobsCreated, totals.targets.ikmUnits];
  return writeXlsx(
    [
      {
        name: 'Ringkasan',
        columns: [text('Sumber Dana', 34), rupiah('Diusulkan (Rp)'), rupiah('Dialokasikan (Rp)')],
        rows: [
          ['APBN (Kemenperin)', totals.apbn.requested, totals.apbn.allocated],
          ['APBD Provinsi', totals.bySource.APBD_PROVINSI, totals.allocatedBySource.APBD_PROVINSI],
          [
            'APBD Kabupaten/Kota',
            totals.bySource.APBD_KABUPATEN_KOTA,
            totals.allocatedBySource.APBD_KABUPATEN_KOTA,
          ],
        ],
        totalRow: ['Jumlah', totals.requested, totals.allocated],
      },
      {
        name: 'Usulan',
        columns: [
          text('Kode', 8),
          text('Kabupaten/Kota', 26),
          text('Nomor Usulan', 30),
          text('Judul', 44),
          text('Jenis Program', 30),
          text('Komoditas', 22),
          text('KIID', 14),
          text('Status', 24),
          ...FUNDING_COLUMNS,
          rupiah('Diusulkan (Rp)'),
          rupiah('Dialokasikan (Rp)'),
          ...TARGET_COLUMNS,
        ],
        rows: proposals,
        totalRow: [
          'Jumlah',
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          totals.bySource.APBN,
          totals.bySource.APBD_PROVINSI,
          totals.bySource.APBD_KABUPATEN_KOTA,
          totals.requested,
          totals.allocated,
          ...targets,
        ],
      },
      {
        name: 'Per Kabupaten-Kota',
        columns: [
          text('Kode', 8),
          text('Kabupaten/Kota', 26),
          count('Jumlah Usulan'),
          ...FUNDING_COLUMNS,
          rupiah('Diusulkan (Rp)'),
          rupiah('Dialokasikan (Rp)'),
          ...TARGET_COLUMNS,
        ],
        rows: programme.districts.map((d) => [
          d.districtCode,
          d.districtName,
          d.proposals.length,
          d.funding.APBN,
          d.funding.APBD_PROVINSI,
          d.funding.APBD_KABUPATEN_KOTA,
          d.requested,
          d.allocated,
          d.targets.newEntrepreneurs,
          d.targets.jobsCreated,
          d.targets.ikmUnits,
        ]),
        totalRow: [
          'Jumlah',
          null,
          proposals.length,
          totals.bySource.APBN,
          totals.bySource.APBD_PROVINSI,
          totals.bySource.APBD_KABUPATEN_KOTA,
          totals.requested,
          totals.allocated,
          ...targets,
        ],
      },
      {
        name: 'Per Komoditas',
        columns: [
          text('Komoditas', 26),
          text('KIID', 14),
          count('Jumlah Usulan'),
          rupiah('Diusulkan (Rp)'),
          rupiah('Dialokasikan (Rp)'),
        ],
        rows: totals.byCommodity.map((c) => [
          c.commodity,
          c.kiid ?? '',
          c.proposals,
          c.requested,
          c.allocated,
        ]),
        totalRow: ['Jumlah', null, proposals.length, totals.requested, totals.allocated],
      },
      {
        name: 'Belum Mengusulkan',
        columns: [text('Kode', 8), text('Kabupaten/Kota', 30)],
        rows: programme.silentDistricts.map((code) => [code, districtNames.get(code) ?? code]),
      },
    ],
    {
      title: `Program Pengembangan IKM TA ${programme.fiscalYear}`,
      creator: 'Dinas Perindustrian Provinsi Sulawesi Selatan',
      created,
    },
  );
}
