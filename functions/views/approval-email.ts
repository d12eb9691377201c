import { html } from '../domain/html.js';
import type { OutgoingMail } from '../domain/mail.js';
import type { Proposal } from '../domain/proposal.js';
import { formatWita } from '../domain/time.js';
import { page } from './layout.js';
import {
  earlierDecisions,
  earlierDecisionsText,
  proposalSummary,
  proposalSummaryText,
} from './proposal-summary.js';

export interface ApprovalMailContext {
  proposal: Proposal;
  districtName: string;
  stageName: string;
  link: string;
  /** The stage's overdue moment: the link's end. */
  overdueAt: string;
}

type Flavour = 'APPROVAL_REQUEST' | 'APPROVAL_REMINDER' | 'APPROVAL_ESCALATION';

const OPENING: Record<Flavour, { subject: string; line: string }> = {
  APPROVAL_REQUEST: {
    subject: 'Mohon persetujuan',
    line: 'Usulan program IKM berikut menunggu keputusan Anda',
  },
  APPROVAL_REMINDER: {
    subject: 'Pengingat: mohon persetujuan',
    line: 'Pengingat: usulan program IKM berikut masih menunggu keputusan Anda',
  },
  APPROVAL_ESCALATION: {
    subject: 'Eskalasi: mohon keputusan',
    line: 'Usulan program IKM berikut belum diputuskan oleh pejabat tahap ini dan dieskalasikan kepada Anda; Anda dapat memutuskannya',
  },
};

/**
 * The mails of a waiting stage: the request, the reminder and the escalation. The link opens a
 * confirmation page; nothing is decided by opening it (mail scanners open every link).
 */
export function approvalMail(kind: Flavour, to: string, c: ApprovalMailContext): OutgoingMail {
  const { proposal: p, districtName } = c;
  const opening = OPENING[kind];
  const subject = `${opening.subject}: ${p.title} (No. ${p.id}, ${districtName}, TA ${p.fiscalYear})`;
  const until = `Tautan berlaku sampai ${formatWita(c.overdueAt)} dan hanya untuk Anda. Membuka tautan belum mengubah apa pun.`;
  const text = [
    'Yth. Bapak/Ibu,',
    '',
    `${opening.line} (tahap ${c.stageName}).`,
    '',
    proposalSummaryText(p, districtName),
    ...earlierDecisionsText(p),
    '',
    'Buka tautan ini untuk meninjau dan memutuskan (setuju, tolak, atau kembalikan):',
    c.link,
    '',
    until,
  ].join('\n');
  const body = html`
<div class="card">
  <p>Yth. Bapak/Ibu, ${opening.line.charAt(0).toLowerCase()}${opening.line.slice(1)} (tahap ${c.stageName}).</p>
  ${proposalSummary(p, districtName)}
  ${earlierDecisions(p)}
  <p><a href="${c.link}">Tinjau dan putuskan usulan ini</a></p>
  <p class="muted">${until}</p>
</div>`;
  return { kind, to: [to], subject, text, html: page(subject, body) };
}
