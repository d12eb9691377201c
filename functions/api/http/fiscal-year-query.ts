import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '../../domain/errors.js';

/** The required `?fiscalYear=2016` of the year-wide listings and reports. */
export function fiscalYearQuery(event: APIGatewayProxyEventV2): number {
  const raw = event.queryStringParameters?.fiscalYear;
  if (raw === undefined || raw === '') {
    throw new DomainError(
      'VALIDATION_FAILED',
      'Parameter fiscalYear wajib diisi, mis. ?fiscalYear=2016',
      400,
      [{ path: 'fiscalYear', message: 'Wajib diisi' }],
    );
  }
  const year = Number(raw);
  if (!/^\d{4}$/.test(raw) || year < 2000 || year > 2100) {
    throw new DomainError('VALIDATION_FAILED', 'Tahun anggaran harus empat angka, mis. 2016', 400, [
      { path: 'fiscalYear', message: `"${raw}" bukan tahun anggaran` },
    ]);
  }
  return year;
}
