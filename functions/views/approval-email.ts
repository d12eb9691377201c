import { html } from '../domain/html.js';
import type { Proposal } from '../domain/proposal.js';
import { formatWita } from '../domain/time.js';
import { page } from './layout.js';
import { proposalSummary, proposalSummaryText } from './proposal-summary.js';

/**
 * The approval request. The link opens a confirmation page; nothing is decided by opening it
 * (mail scanners open every link).
 */
export function approvalEmail(p: Proposal, districtName: string, link: string, expiresAt: string) {
  const subject = `Mohon persetujuan: ${p.title} (${districtName}, TA ${p.fiscalYear})`;
  const text = [
    'Yth. Bapak/Ibu,',
    '',
    'Usulan program IKM berikut menunggu keputusan Anda.',
    '',
    proposalSummaryText(p, districtName),
    '',
    `Buka tautan ini untuk meninjau dan memutuskan (setuju, tolak, atau kembalikan):`,
    link,
    '',
    `Tautan berlaku sampai ${formatWita(expiresAt)} dan hanya untuk Anda. Membuka tautan belum mengubah apa pun.`,
  ].join('\n');
  const body = html`
<div class="card">
  <p>Yth. Bapak/Ibu, usulan program IKM berikut menunggu keputusan Anda.</p>
  ${proposalSummary(p, districtName)}
  <p><a href="${link}">Tinjau dan putuskan usulan ini</a></p>
  <p class="muted">Tautan berlaku sampai ${formatWita(expiresAt)} dan hanya untuk Anda. Membuka tautan belum mengubah apa pun.</p>
</div>`;
  return { subject, text, html: page(subject, body) };
}
