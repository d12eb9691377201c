import type { District } from '../district.js';
import type { FundingSource, ProgramKind } from '../proposal.js';

/** How the office names the funding sources in its letters. */
export const FUNDING_SOURCE_LABELS_ID: Record<FundingSource, string> = {
  APBN: 'APBN',
  APBD_PROVINSI: 'APBD Provinsi',
  APBD_KABUPATEN_KOTA: 'APBD Kabupaten/Kota',
};

/** Kemenperin IKM programme names as written in the planning documents. */
export const PROGRAM_KIND_LABELS_ID: Record<ProgramKind, string> = {
  WIRAUSAHA_BARU: 'Penumbuhan Wirausaha Baru',
  SENTRA_IKM: 'Pengembangan Sentra IKM',
  OVOP: 'OVOP (One Village One Product)',
  RESTRUKTURISASI_MESIN: 'Restrukturisasi Mesin/Peralatan',
  PELATIHAN: 'Pelatihan',
  PROMOSI: 'Promosi dan Pameran',
  SERTIFIKASI: 'Sertifikasi dan Standardisasi',
  KEMASAN: 'Kemasan',
};

export const listLabels = (labels: readonly string[]): string => {
  if (labels.length <= 1) return labels.join('');
  return `${labels.slice(0, -1).join(', ')} dan ${labels.at(-1)}`;
};

/** "Kota Makassar" when the district is known, else its code. */
export const districtLabel = (code: string, district: District | undefined): string =>
  district ? district.name : `kabupaten/kota ${code}`;
