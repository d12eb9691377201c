import { DECISION_LABELS_ID } from '../domain/approval-action.js';
import { type Html, html } from '../domain/html.js';
import { formatRupiah } from '../domain/money.js';
import { FUNDING_SOURCE_LABELS_ID, PROGRAM_KIND_LABELS_ID, type Proposal } from '../domain/proposal.js';
import { formatWita } from '../domain/time.js';

/** What an approver needs to decide: what, where, how much from whom, for what result, and the warnings. */
export function proposalSummary(p: Proposal, districtName: string): Html {
  const warnings = p.policyCheck?.findings.filter((f) => f.severity === 'WARNING') ?? [];
  return html`
<h1>${p.title}</h1>
<dl>
  <dt>Kabupaten/Kota</dt><dd>${districtName} (${p.districtCode})</dd>
  <dt>Tahun anggaran</dt><dd>${p.fiscalYear}</dd>
  <dt>Program</dt><dd>${PROGRAM_KIND_LABELS_ID[p.programKind]}</dd>
  <dt>Komoditas</dt><dd>${p.commodity}</dd>
  <dt>Nomor usulan</dt><dd>${p.id} (revisi ${p.revision})</dd>
  <dt>Diajukan oleh</dt><dd>${p.submittedBy}</dd>
</dl>
${p.description ? html`<p>${p.description}</p>` : ''}
<h2>Pendanaan</h2>
<table>
  ${p.funding.map((f) => html`<tr><td>${FUNDING_SOURCE_LABELS_ID[f.source]}</td><td class="num">${formatRupiah(f.amount)}</td></tr>`)}
  <tr><th>Total</th><td class="num"><strong>${formatRupiah(p.totalAmount)}</strong></td></tr>
</table>
<h2>Target</h2>
<dl>
  <dt>Wirausaha baru</dt><dd>${p.targets.newEntrepreneurs}</dd>
  <dt>Tenaga kerja</dt><dd>${p.targets.jobsCreated}</dd>
  <dt>Unit IKM</dt><dd>${p.targets.ikmUnits}</dd>
</dl>
<h2>Hasil verifikasi kebijakan</h2>
${
  warnings.length === 0
    ? html`<p class="ok">Tidak ada catatan.</p>`
    : warnings.map((w) => html`<p class="warn"><strong>Perhatian (${w.ruleId})</strong><br>${w.message}</p>`)
}`;
}

export function proposalSummaryText(p: Proposal, districtName: string): string {
  const warnings = p.policyCheck?.findings.filter((f) => f.severity === 'WARNING') ?? [];
  return [
    `Nomor usulan: ${p.id} (revisi ${p.revision})`,
    `Judul: ${p.title}`,
    `Kabupaten/Kota: ${districtName} (${p.districtCode})`,
    `Tahun anggaran: ${p.fiscalYear}`,
    `Program: ${PROGRAM_KIND_LABELS_ID[p.programKind]}`,
    `Komoditas: ${p.commodity}`,
    'Pendanaan:',
    ...p.funding.map((f) => `  - ${FUNDING_SOURCE_LABELS_ID[f.source]}: ${formatRupiah(f.amount)}`),
    `  Total: ${formatRupiah(p.totalAmount)}`,
    `Target: ${p.targets.newEntrepreneurs} wirausaha baru, ${p.targets.jobsCreated} tenaga kerja, ${p.targets.ikmUnits} unit IKM`,
    warnings.length === 0
      ? 'Hasil verifikasi kebijakan: tidak ada catatan.'
      : 'Perhatian dari verifikasi kebijakan:',
    ...warnings.map((w) => `  - (${w.ruleId}) ${w.message}`),
  ].join('\n');
}

/** The stages already decided, with their notes: what the next approver builds on. */
export function earlierDecisions(p: Proposal): Html {
  if (p.approvals.length === 0) return html``;
  return html`
<h2>Keputusan tahap sebelumnya</h2>
${p.approvals.map(
  (a) =>
    html`<p class="ok"><strong>${a.stage}: ${DECISION_LABELS_ID[a.decision]}</strong> oleh ${a.by}, ${formatWita(a.at)}${a.note ? html`<br>Catatan: ${a.note}` : ''}</p>`,
)}`;
}

export function earlierDecisionsText(p: Proposal): string[] {
  if (p.approvals.length === 0) return [];
  return [
    '',
    'Keputusan tahap sebelumnya:',
    ...p.approvals.map(
      (a) =>
        `  - ${a.stage}: ${DECISION_LABELS_ID[a.decision]} oleh ${a.by}, ${formatWita(a.at)}${a.note ? ` (catatan: ${a.note})` : ''}`,
    ),
  ];
}
