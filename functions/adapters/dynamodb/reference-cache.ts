import type { District, ProvinceReference } from '../../domain/district.js';
import * as referenceRepository from './reference-repository.js';

const TTL_MS = 60 * 1000;

/**
 * Reference data changes a few times a year; a warm function keeps it for a minute rather than
 * reading it on every step. An edit is seen everywhere within that minute (at once in the
 * process that made it). A failed read is not kept.
 */
function cached<T>(load: () => Promise<T>): { get(now?: number): Promise<T>; forget(): void } {
  let entry: { at: number; value: Promise<T> } | undefined;
  return {
    get(now = Date.now()) {
      if (!entry || now - entry.at > TTL_MS) {
        const value = load();
        value.catch(() => {
          entry = undefined;
        });
        entry = { at: now, value };
      }
      return entry.value;
    },
    forget() {
      entry = undefined;
    },
  };
}

const districts = cached(
  async () => new Map((await referenceRepository.districts()).map((d) => [d.code, d])),
);

const province = cached(async (): Promise<ProvinceReference> => {
  const found = await referenceRepository.province();
  if (!found) throw new Error('province reference data is missing (seed it)');
  return found;
});

export const districtsByCode = (now?: number): Promise<Map<string, District>> => districts.get(now);

/** After an edit in this process, read afresh at once. */
export const forgetDistricts = (): void => districts.forget();

/** The province's KIID and leading-industry lists (seeded from data/province.json). */
export const provinceReference = (now?: number): Promise<ProvinceReference> => province.get(now);
