import { html } from '../domain/html.js';
import type { OutgoingMail } from '../domain/mail.js';
import type { Round } from '../domain/round.js';
import { formatWita } from '../domain/time.js';
import { page } from './layout.js';

/** The reminder to a district office that has sent no proposal for the round yet. */
export function roundReminderMail(round: Round, districtName: string, to: string[]): OutgoingMail {
  const closes = formatWita(round.closesAt);
  const subject = `Pengingat: pengajuan usulan program IKM TA ${round.fiscalYear} ditutup ${closes}`;
  const lines = [
    `Yth. Dinas yang membidangi perindustrian ${districtName},`,
    '',
    `Sampai saat ini belum ada usulan program IKM TA ${round.fiscalYear} dari ${districtName}.`,
    `Masa pengajuan berakhir ${closes}; rapat koordinasi penyusunan program dijadwalkan ${formatWita(round.meetingAt)}.`,
    'Ajukan usulan melalui sistem sebelum batas itu.',
  ];
  const body = html`<div class="card">
<p>Yth. Dinas yang membidangi perindustrian ${districtName},</p>
<p>Sampai saat ini belum ada usulan program IKM TA ${round.fiscalYear} dari ${districtName}.</p>
<dl>
<dt>Batas pengajuan</dt><dd>${closes}</dd>
<dt>Rapat koordinasi</dt><dd>${formatWita(round.meetingAt)}</dd>
</dl>
<p>Ajukan usulan melalui sistem sebelum batas itu.</p>
</div>`;
  return { kind: 'ROUND_REMINDER', to, subject, text: lines.join('\n'), html: page(subject, body) };
}
