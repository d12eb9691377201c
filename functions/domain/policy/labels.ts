import type { District } from '../district.js';

export const listLabels = (labels: readonly string[]): string => {
  if (labels.length <= 1) return labels.join('');
  return `${labels.slice(0, -1).join(', ')} dan ${labels.at(-1)}`;
};

/** "Kota Makassar" when the district is known, else its code. */
export const districtLabel = (code: string, district: District | undefined): string =>
  district ? district.name : `kabupaten/kota ${code}`;
