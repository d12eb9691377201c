import { type Html, html } from '../domain/html.js';
import type { MailKind, OutgoingMail } from '../domain/mail.js';
import { formatRupiah } from '../domain/money.js';
import { type Allocation, FUNDING_SOURCE_LABELS_ID, type Proposal } from '../domain/proposal.js';
import { page } from './layout.js';

/** Why the district is written to, and the details that go with it. */
export type Outcome =
  | { kind: 'OUTCOME_RETURNED'; by: 'POLICY' | 'APPROVER'; note: string }
  | { kind: 'OUTCOME_REJECTED'; note: string }
  | { kind: 'OUTCOME_BUDGET_ASSIGNED'; allocations: Allocation[] }
  | { kind: 'OUTCOME_FUNDED_FROM_WAITLIST'; allocations: Allocation[] }
  | { kind: 'OUTCOME_WAITLISTED'; note: string }
  | { kind: 'OUTCOME_OVERDUE'; stageName: string };

const HEADLINE: Record<Outcome['kind'], string> = {
  OUTCOME_RETURNED: 'dikembalikan untuk perbaikan',
  OUTCOME_REJECTED: 'ditolak',
  OUTCOME_BUDGET_ASSIGNED: 'disetujui dan anggarannya ditetapkan',
  OUTCOME_FUNDED_FROM_WAITLIST: 'didanai dari daftar tunggu',
  OUTCOME_WAITLISTED: 'disetujui, masuk daftar tunggu anggaran',
  OUTCOME_OVERDUE: 'lewat batas waktu persetujuan',
};

function details(o: Outcome): { lines: string[]; body: Html } {
  switch (o.kind) {
    case 'OUTCOME_RETURNED': {
      const intro =
        o.by === 'POLICY'
          ? 'Verifikasi kebijakan menemukan hal yang harus diperbaiki:'
          : 'Catatan pejabat penyetuju:';
      const closing = 'Perbaiki usulan lalu ajukan revisinya melalui sistem.';
      return {
        lines: [intro, o.note, '', closing],
        body: html`<p>${intro}</p><p class="warn">${o.note}</p><p>${closing}</p>`,
      };
    }
    case 'OUTCOME_REJECTED':
      return {
        lines: ['Alasan penolakan:', o.note],
        body: html`<p>Alasan penolakan:</p><p class="bad">${o.note}</p>`,
      };
    case 'OUTCOME_BUDGET_ASSIGNED':
    case 'OUTCOME_FUNDED_FROM_WAITLIST': {
      const rows = o.allocations.map(
        (a) => [FUNDING_SOURCE_LABELS_ID[a.source], formatRupiah(a.amount)] as const,
      );
      return {
        lines: ['Alokasi anggaran:', ...rows.map(([s, a]) => `  - ${s}: ${a}`)],
        body: html`<h2>Alokasi anggaran</h2><table>${rows.map(([s, a]) => html`<tr><td>${s}</td><td class="num">${a}</td></tr>`)}</table>`,
      };
    }
    case 'OUTCOME_WAITLISTED':
      return {
        lines: [
          'Pagu sumber dana belum mencukupi:',
          o.note,
          '',
          'Usulan didanai menurut urutan daftar tunggu bila pagu bertambah; Anda akan menerima pemberitahuan.',
        ],
        body: html`<p>Pagu sumber dana belum mencukupi:</p><p class="warn">${o.note}</p><p>Usulan didanai menurut urutan daftar tunggu bila pagu bertambah; Anda akan menerima pemberitahuan.</p>`,
      };
    case 'OUTCOME_OVERDUE':
      return {
        lines: [
          `Tahap ${o.stageName} tidak memberi keputusan sampai batas waktunya.`,
          'Admin Dinas dapat melanjutkan proses persetujuan; hubungi Dinas bila perlu.',
        ],
        body: html`<p>Tahap ${o.stageName} tidak memberi keputusan sampai batas waktunya.</p><p>Admin Dinas dapat melanjutkan proses persetujuan; hubungi Dinas bila perlu.</p>`,
      };
  }
}

/** The mail to a district's contacts about what happened to its proposal, naming its number. */
export function outcomeMail(p: Proposal, districtName: string, to: string[], o: Outcome): OutgoingMail {
  const subject = `Usulan No. ${p.id} ${HEADLINE[o.kind]}: ${p.title}`;
  const { lines, body } = details(o);
  const text = [
    `Yth. Dinas yang membidangi perindustrian ${districtName},`,
    '',
    `Usulan program IKM Anda ${HEADLINE[o.kind]}.`,
    `Nomor usulan: ${p.id} (revisi ${p.revision})`,
    `Judul: ${p.title}`,
    `Tahun anggaran: ${p.fiscalYear}`,
    `Total usulan: ${formatRupiah(p.totalAmount)}`,
    '',
    ...lines,
  ].join('\n');
  const htmlBody = html`
<div class="card">
  <p>Yth. Dinas yang membidangi perindustrian ${districtName}, usulan program IKM Anda <strong>${HEADLINE[o.kind]}</strong>.</p>
  <dl>
    <dt>Nomor usulan</dt><dd>${p.id} (revisi ${p.revision})</dd>
    <dt>Judul</dt><dd>${p.title}</dd>
    <dt>Tahun anggaran</dt><dd>${p.fiscalYear}</dd>
    <dt>Total usulan</dt><dd>${formatRupiah(p.totalAmount)}</dd>
  </dl>
  ${body}
</div>`;
  return { kind: o.kind as MailKind, to, subject, text, html: page(subject, htmlBody) };
}
