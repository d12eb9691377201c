import { districtsByCode } from '../adapters/dynamodb/reference-cache.js';
import type { OutgoingMail } from '../domain/mail.js';
import type { Proposal } from '../domain/proposal.js';
import { type Outcome, outcomeMail } from '../views/outcome-email.js';

/** The district's name as the office writes it, and where its outcome mails go. */
export async function districtOf(code: string): Promise<{ name: string; contactEmails: string[] }> {
  const district = (await districtsByCode()).get(code);
  return { name: district?.name ?? code, contactEmails: district?.contactEmails ?? [] };
}

/** The mail to the district's contacts about an outcome; none when the district has no contact yet. */
export async function outcomeMails(p: Proposal, outcome: Outcome): Promise<OutgoingMail[]> {
  const district = await districtOf(p.districtCode);
  if (district.contactEmails.length === 0) return [];
  return [outcomeMail(p, district.name, district.contactEmails, outcome)];
}

/** The blocking findings, one per line, as the district reads them in the mail. */
export const blockingFindingsNote = (p: Proposal): string =>
  (p.policyCheck?.findings ?? [])
    .filter((f) => f.severity === 'BLOCKING')
    .map((f) => `- ${f.message}`)
    .join('\n');
