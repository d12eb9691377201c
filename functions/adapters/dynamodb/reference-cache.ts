import type { District } from '../../domain/district.js';
import { referenceRepository } from './reference-repository.js';

const TTL_MS = 5 * 60 * 1000;
let districts: { at: number; value: Promise<Map<string, District>> } | undefined;

/**
 * Districts change a few times a year; a warm function keeps them for five minutes rather than
 * reading 24 items on every step.
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
