import { outboxRepository, type StoredMail } from '../adapters/dynamodb/outbox-repository.js';
import { proposalsOfYear } from '../adapters/dynamodb/proposal-queries.js';
import * as referenceRepository from '../adapters/dynamodb/reference-repository.js';
import * as roundRepository from '../adapters/dynamodb/round-repository.js';
import { countsAsSubmitted } from '../domain/programme.js';
import { reminderDue } from '../domain/round.js';
import { roundReminderMail } from '../views/round-reminder-email.js';

/** What one run did, for the logs (the local stack prints a run that did something). */
export interface RoundRemindersReport {
  roundReminders: number;
}

/**
 * A planning round's reminder, on its own schedule (hourly on AWS, infra/schedules.ts): a business
 * date, not crash recovery, so the sweep that runs every minute does not carry it. Each new
 * reminder is a pending mail: the table's stream hands it to the mail sender.
 */
export async function handler(): Promise<RoundRemindersReport> {
  return { roundReminders: (await queueRoundReminders(new Date())).length };
}

/**
 * From `reminderDaysBeforeClose` days before the close until the close (at least a day, so an
 * hourly run never misses it), each district with no proposal in the round (a withdrawn one does
 * not count) is mailed once at its contact addresses. The reminder is written to the outbox with a
 * put that fails if the district was already reminded for that closing date, and only then sent,
 * so a restart, a second run or a crash between the write and the send never mails anyone twice
 * (the sweep hands a mail that a crash left pending to the mail sender again). An extended round has a new closing date,
 * and so one new reminder. Returns the mails written this time.
 */
export async function queueRoundReminders(now: Date): Promise<StoredMail[]> {
  const due = (await roundRepository.all()).filter((round) => reminderDue(round, now));
  if (due.length === 0) return [];
  const districts = await referenceRepository.districts();
  const queued: StoredMail[] = [];
  for (const round of due) {
    const proposals = await proposalsOfYear(round.fiscalYear);
    const submitted = new Set(
      proposals.filter((p) => countsAsSubmitted(p.status)).map((p) => p.districtCode),
    );
    for (const district of districts) {
      const contacts = district.contactEmails ?? [];
      // A district without contact addresses cannot be mailed; an admin adds them with PUT /districts.
      if (submitted.has(district.code) || contacts.length === 0) continue;
      const stored = await outboxRepository.putRoundReminder(
        round.fiscalYear,
        round.closesAt,
        district.code,
        now.toISOString(),
        roundReminderMail(round, district.name, contacts),
      );
      if (stored) queued.push(stored);
    }
  }
  return queued;
}
