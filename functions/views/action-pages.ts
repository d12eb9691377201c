import { type ActionSubject, type ApprovalAction, DECISION_LABELS_ID } from '../domain/approval-action.js';
import { html } from '../domain/html.js';
import { type Proposal, STATUS_LABELS_ID } from '../domain/proposal.js';
import { formatWita } from '../domain/time.js';
import { page } from './layout.js';
import { earlierDecisions, proposalSummary } from './proposal-summary.js';

export interface FormState {
  decision?: string;
  note?: string;
  error?: string;
}

/** GET: the proposal and the decision form. Opening it decides nothing. */
export function decisionPage(
  p: Proposal,
  districtName: string,
  action: ApprovalAction,
  form: FormState = {},
): string {
  const choice = (value: string, label: string) =>
    html`<label><input type="radio" name="decision" value="${value}" required ${form.decision === value ? html`checked` : ''}> ${label}</label>`;
  return page(
    `Persetujuan: ${p.title}`,
    html`
<div class="card">${proposalSummary(p, districtName)}${earlierDecisions(p)}</div>
<form class="card" method="post">
  <h2>Keputusan Anda</h2>
  ${form.error ? html`<p class="bad" role="alert">${form.error}</p>` : ''}
  <div class="choices">
    ${choice('approve', 'Setujui')}
    ${choice('return', 'Kembalikan untuk perbaikan')}
    ${choice('reject', 'Tolak')}
  </div>
  <label for="note">Catatan <span class="muted">(wajib bila menolak atau mengembalikan)</span></label>
  <textarea id="note" name="note" maxlength="2000">${form.note ?? ''}</textarea>
  <button type="submit">Kirim keputusan</button>
  <p class="muted">Sebagai ${action.approverEmail} · tahap ${action.stage}${action.role === 'ESCALATION' ? ' (eskalasi)' : ''} · tautan berlaku sampai ${formatWita(action.expiresAt)}</p>
</form>`,
  );
}

export function decidedPage(p: ActionSubject | null, decisionLabel: string, note: string): string {
  return page(
    'Keputusan tercatat',
    html`<div class="card"><p class="ok"><strong>Terima kasih. Keputusan Anda tercatat: ${decisionLabel}.</strong></p>
${p ? html`<p>${p.title} (${p.districtCode}, TA ${p.fiscalYear})</p>` : ''}
${note ? html`<p>Catatan: ${note}</p>` : ''}
<p class="muted">Kabupaten/kota pengusul menerima hasilnya melalui sistem.</p></div>`,
  );
}

/** Every reason a link no longer decides anything, explained without a stack trace. */
export type ClosedReason =
  | 'UNKNOWN'
  | 'USED'
  | 'STAGE_DECIDED'
  | 'EXPIRED'
  | 'NOT_AWAITING'
  | 'FOREIGN_ORIGIN'
  | 'SYSTEM_ERROR';

export function closedPage(
  reason: ClosedReason,
  detail: { action?: ApprovalAction; proposal?: Proposal } = {},
): string {
  const { action, proposal } = detail;
  const messages: Record<ClosedReason, ReturnType<typeof html>> = {
    UNKNOWN: html`Tautan ini tidak dikenal. Periksa kembali tautan pada email Anda; bila menyalin, pastikan lengkap.`,
    USED: action?.decision
      ? html`Keputusan untuk usulan ini sudah diambil melalui tautan ini: <strong>${DECISION_LABELS_ID[action.decision]}</strong>${action.decidedAt ? html` pada ${formatWita(action.decidedAt)}` : ''}.`
      : html`Usulan ini sudah diputuskan oleh pejabat lain pada tahap yang sama.`,
    STAGE_DECIDED: html`Usulan ini sudah diputuskan oleh pejabat lain pada tahap yang sama. Keputusan Anda tidak dicatat.`,
    FOREIGN_ORIGIN: html`Keputusan hanya dapat dikirim dari halaman persetujuan itu sendiri. Buka kembali tautan pada email Anda lalu kirim dari sana.`,
    EXPIRED: html`Tautan ini sudah kedaluwarsa${action ? html` sejak ${formatWita(action.expiresAt)}` : ''} (batas waktu tahap persetujuan). Hubungi admin Dinas bila usulan masih perlu diputuskan.`,
    NOT_AWAITING: html`Usulan ini tidak lagi menunggu keputusan${proposal ? html` (status saat ini: ${STATUS_LABELS_ID[proposal.status]})` : ''}.`,
    SYSTEM_ERROR: html`Terjadi kesalahan sistem. Keputusan belum tercatat; silakan coba lagi beberapa saat lagi.`,
  };
  return page(
    'Tautan tidak dapat digunakan',
    html`<div class="card"><p class="bad">${messages[reason]}</p></div>`,
  );
}
