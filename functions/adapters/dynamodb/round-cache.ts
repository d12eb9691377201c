import type { Round } from '../../domain/round.js';
import * as roundRepository from './round-repository.js';

/**
 * Submissions check their year's round on every request; a warm function keeps each round for a
 * few seconds so that the hot path does not read it each time. The window's edges are exact (the
 * clock is compared with the kept instants); only an admin's change takes up to this long to be
 * seen by other functions (at once in the process that made it).
 */
const TTL_MS = 5 * 1000;
const kept = new Map<number, { at: number; round: Promise<Round | null> }>();

export function roundOfYear(fiscalYear: number, now = Date.now()): Promise<Round | null> {
  const entry = kept.get(fiscalYear);
  if (entry && now - entry.at <= TTL_MS) return entry.round;
  const round = roundRepository.get(fiscalYear);
  round.catch(() => kept.delete(fiscalYear));
  kept.set(fiscalYear, { at: now, round });
  return round;
}

/** After a change in this process, read afresh at once. */
export const forgetRound = (fiscalYear: number): void => {
  kept.delete(fiscalYear);
};
