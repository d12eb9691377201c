import { roundOfYear } from '../../adapters/dynamodb/round-cache.js';
import { submissionRefusal } from '../../domain/round.js';

/**
 * Refuses a submission or revision outside its year's call for proposals: 409 ROUND_NOT_OPEN
 * before the window (or while the round is a draft, or when the year has no round), ROUND_CLOSED
 * after it, each naming the window in WITA. Nothing is stored.
 */
export async function assertRoundOpen(fiscalYear: number, now: Date): Promise<void> {
  const refusal = submissionRefusal(fiscalYear, await roundOfYear(fiscalYear), now);
  if (refusal) throw refusal;
}
