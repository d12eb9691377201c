import { type Html, html } from '../domain/html.js';
import { formatRupiah } from '../domain/money.js';
import type { Programme } from '../domain/programme.js';
import { PROGRAM_KIND_LABELS_ID } from '../domain/proposal.js';
import { ROUND_STATE_LABELS_ID, type Round } from '../domain/round.js';
import { formatWita } from '../domain/time.js';
import { page } from './layout.js';

const money = (n: number): Html => html`<td class="num">${formatRupiah(n)}</td>`;

/**
 * The consolidated programme as a printable page for the coordination meeting: the round, the
 * totals with Kemenperin's part (APBN) apart from the regions' own money, each district's
 * proposals with the sharing matrix, the commodities (KIID marked) and the districts that sent
 * nothing. Print from the browser (or "Save as PDF").
 */
export function programmePage(
  programme: Programme,
  round: Round,
  districtNames: ReadonlyMap<string, string>,
): string {
  const { totals } = programme;
  const title = `Program Pengembangan IKM Provinsi Sulawesi Selatan TA ${programme.fiscalYear}`;
  return page(
    title,
    html`<div class="card">
<h1>${title}</h1>
<dl>
<dt>Status putaran</dt><dd>${ROUND_STATE_LABELS_ID[round.state]}${round.snapshotVersion ? ` (snapshot versi ${round.snapshotVersion})` : ''}</dd>
<dt>Masa pengajuan</dt><dd>${formatWita(round.opensAt)} s.d. ${formatWita(round.closesAt)}</dd>
<dt>Rapat koordinasi</dt><dd>${formatWita(round.meetingAt)}</dd>
</dl>
<h2>Ringkasan</h2>
<table>
<tr><th>Sumber</th><th>Diusulkan</th><th>Dialokasikan</th></tr>
<tr><td>APBN (Kemenperin)</td>${money(totals.apbn.requested)}${money(totals.apbn.allocated)}</tr>
<tr><td>APBD Provinsi</td>${money(totals.bySource.APBD_PROVINSI)}${money(totals.allocatedBySource.APBD_PROVINSI)}</tr>
<tr><td>APBD Kabupaten/Kota</td>${money(totals.bySource.APBD_KABUPATEN_KOTA)}${money(totals.allocatedBySource.APBD_KABUPATEN_KOTA)}</tr>
<tr><th>Jumlah</th>${money(totals.requested)}${money(totals.allocated)}</tr>
</table>
<p>Sasaran: ${totals.targets.newEntrepreneurs} wirausaha baru, ${totals.targets.jobsCreated} tenaga kerja, ${totals.targets.ikmUnits} unit IKM.</p>
</div>
${programme.districts.map(
  (d) => html`<div class="card">
<h2>${d.districtCode} ${d.districtName}</h2>
<table>
<tr><th>Usulan</th><th>Status</th><th>APBN</th><th>APBD Prov.</th><th>APBD Kab/Kota</th><th>Dialokasikan</th></tr>
${d.proposals.map(
  (p) =>
    html`<tr><td>${p.title}<br><span class="muted">${p.id} · ${PROGRAM_KIND_LABELS_ID[p.programKind]} · ${p.commodity}${p.kiid ? ' (KIID)' : ''}</span></td><td>${p.statusLabel}</td>${money(p.funding.APBN)}${money(p.funding.APBD_PROVINSI)}${money(p.funding.APBD_KABUPATEN_KOTA)}${money(p.allocated)}</tr>`,
)}
<tr><th>Jumlah</th><td></td>${money(d.funding.APBN)}${money(d.funding.APBD_PROVINSI)}${money(d.funding.APBD_KABUPATEN_KOTA)}${money(d.allocated)}</tr>
</table>
<p class="muted">Sasaran: ${d.targets.newEntrepreneurs} wirausaha baru, ${d.targets.jobsCreated} tenaga kerja, ${d.targets.ikmUnits} unit IKM.</p>
</div>`,
)}
<div class="card">
<h2>Per komoditas</h2>
<table>
<tr><th>Komoditas</th><th>Usulan</th><th>Diusulkan</th><th>Dialokasikan</th></tr>
${totals.byCommodity.map(
  (c) =>
    html`<tr><td>${c.commodity}${c.kiid ? ` (KIID ${c.kiid})` : ''}</td><td class="num">${c.proposals}</td>${money(c.requested)}${money(c.allocated)}</tr>`,
)}
</table>
<h2>Kabupaten/kota yang belum mengusulkan</h2>
<p>${programme.silentDistricts.length === 0 ? 'Tidak ada.' : programme.silentDistricts.map((code) => `${code} ${districtNames.get(code) ?? ''}`.trim()).join(', ')}</p>
</div>`,
  );
}
