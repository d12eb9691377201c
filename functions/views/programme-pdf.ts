import { formatRupiah } from '../domain/money.js';
import type { Programme } from '../domain/programme.js';
import { ROUND_STATE_LABELS_ID, type Round } from '../domain/round.js';
import { formatWita } from '../domain/time.js';
import { type PdfLine, writePdf } from './pdf-writer.js';

const cut = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}~` : text);
const left = (text: string, width: number) => cut(text, width).padEnd(width);
const right = (text: string, width: number) => cut(text, width).padStart(width);
const money = (n: number) => right(formatRupiah(n), 17);

/**
 * The consolidated programme as a PDF for the coordination meeting and for Kemenperin: the same
 * content as the printable page, in fixed columns (Courier) so that the figures line up on paper.
 */
export function programmePdf(
  programme: Programme,
  round: Round,
  districtNames: ReadonlyMap<string, string>,
  created: string,
): Uint8Array {
  const { totals } = programme;
  const title = `Program Pengembangan IKM Provinsi Sulawesi Selatan TA ${programme.fiscalYear}`;
  const lines: PdfLine[] = [
    { font: 'title', text: title },
    {
      font: 'body',
      text: `Status putaran: ${ROUND_STATE_LABELS_ID[round.state]}${round.snapshotVersion ? ` (snapshot versi ${round.snapshotVersion})` : ''}. Masa pengajuan ${formatWita(round.opensAt)} s.d. ${formatWita(round.closesAt)}; rapat koordinasi ${formatWita(round.meetingAt)}.`,
    },
    { font: 'heading', text: 'Ringkasan per sumber dana' },
    {
      font: 'mono',
      text: `${left('Sumber dana', 30)} ${right('Diusulkan', 17)} ${right('Dialokasikan', 17)}`,
    },
    {
      font: 'mono',
      text: `${left('APBN (Kemenperin)', 30)} ${money(totals.apbn.requested)} ${money(totals.apbn.allocated)}`,
    },
    {
      font: 'mono',
      text: `${left('APBD Provinsi', 30)} ${money(totals.bySource.APBD_PROVINSI)} ${money(totals.allocatedBySource.APBD_PROVINSI)}`,
    },
    {
      font: 'mono',
      text: `${left('APBD Kabupaten/Kota', 30)} ${money(totals.bySource.APBD_KABUPATEN_KOTA)} ${money(totals.allocatedBySource.APBD_KABUPATEN_KOTA)}`,
    },
    { font: 'mono', text: `${left('Jumlah', 30)} ${money(totals.requested)} ${money(totals.allocated)}` },
    {
      font: 'body',
      text: `Sasaran: ${totals.targets.newEntrepreneurs} wirausaha baru, ${totals.targets.jobsCreated} tenaga kerja, ${totals.targets.ikmUnits} unit IKM.`,
    },
  ];
  const header = `${left('Nomor usulan', 26)} ${left('Judul', 34)} ${left('Komoditas', 14)} ${left('Status', 20)} ${right('APBN', 17)} ${right('APBD Prov.', 17)} ${right('APBD Kab/Kota', 17)} ${right('Dialokasikan', 17)}`;
  for (const d of programme.districts) {
    lines.push(
      { font: 'heading', text: `${d.districtCode} ${d.districtName}` },
      { font: 'mono', text: header },
    );
    for (const p of d.proposals)
      lines.push({
        font: 'mono',
        text: `${left(p.id, 26)} ${left(p.title, 34)} ${left(`${p.commodity}${p.kiid ? '*' : ''}`, 14)} ${left(p.statusLabel, 20)} ${money(p.funding.APBN)} ${money(p.funding.APBD_PROVINSI)} ${money(p.funding.APBD_KABUPATEN_KOTA)} ${money(p.allocated)}`,
      });
    lines.push({
      font: 'mono',
      text: `${left('Jumlah', 97)} ${money(d.funding.APBN)} ${money(d.funding.APBD_PROVINSI)} ${money(d.funding.APBD_KABUPATEN_KOTA)} ${money(d.allocated)}`,
    });
  }
  lines.push(
    { font: 'heading', text: 'Per komoditas (* = KIID)' },
    {
      font: 'mono',
      text: `${left('Komoditas', 30)} ${right('Usulan', 8)} ${right('Diusulkan', 17)} ${right('Dialokasikan', 17)}`,
    },
    ...totals.byCommodity.map(
      (c): PdfLine => ({
        font: 'mono',
        text: `${left(`${c.commodity}${c.kiid ? '*' : ''}`, 30)} ${right(String(c.proposals), 8)} ${money(c.requested)} ${money(c.allocated)}`,
      }),
    ),
    { font: 'heading', text: 'Kabupaten/kota yang belum mengusulkan' },
    ...(programme.silentDistricts.length === 0
      ? [{ font: 'body' as const, text: 'Tidak ada.' }]
      : programme.silentDistricts.map(
          (code): PdfLine => ({ font: 'body', text: `${code} ${districtNames.get(code) ?? ''}` }),
        )),
  );
  return writePdf(lines, { title, created });
}
