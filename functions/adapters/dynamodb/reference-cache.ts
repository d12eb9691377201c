import type { District } from '../../domain/district.js';
import { referenceRepository } from './reference-repository.js';

const TTL_MS = 60 * 1000;
let districts: { at: number; value: Promise<Map<string, District>> } | undefined;

/**
 * Districts change a few times a year; a warm function keeps them for a minute rather than
 * reading 24 items on every step. An edit is seen everywhere within that minute.
 */
export function districtsByCode(now = Date.now()): Promise<Map<string, District>> {
  if (!districts || now - districts.at > TTL_MS) {
    const value = referenceRepository.districts().then((list) => new Map(list.map((d) => [d.code, d])));
    value.catch(() => {
      districts = undefined;
    });
    districts = { at: now, value };
  }
  return districts.value;
}

/** After an edit in this process, read afresh at once. */
export function forgetDistricts(): void {
  districts = undefined;
}
