import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '../../domain/errors.js';
import { parseFiscalYear } from '../../domain/fields.js';

const yearOf = (raw: string): number => {
  const year = parseFiscalYear(raw);
  if (year === null) {
    throw new DomainError('VALIDATION_FAILED', 'Tahun anggaran harus empat angka, mis. 2016', 400, [
      { path: 'fiscalYear', message: `"${raw}" bukan tahun anggaran` },
    ]);
  }
  return year;
};

/** The `{fiscalYear}` of a path such as /policies/2016. */
export function fiscalYearParam(event: APIGatewayProxyEventV2): number {
  return yearOf(event.pathParameters?.fiscalYear ?? '');
}

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
  return yearOf(raw);
}
