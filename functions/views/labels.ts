import type { ProgramKind } from '../domain/proposal.js';

export const PROGRAM_KIND_LABELS_ID: Record<ProgramKind, string> = {
  WIRAUSAHA_BARU: 'Penumbuhan wirausaha baru',
  SENTRA_IKM: 'Pengembangan sentra IKM',
  OVOP: 'OVOP (One Village One Product)',
  RESTRUKTURISASI_MESIN: 'Restrukturisasi mesin/peralatan',
  PELATIHAN: 'Pelatihan',
  PROMOSI: 'Promosi dan pameran',
  SERTIFIKASI: 'Sertifikasi dan standardisasi',
  KEMASAN: 'Pengembangan kemasan',
};
