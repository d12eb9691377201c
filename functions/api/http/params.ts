import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '../../domain/errors.js';

export function fiscalYearParam(event: APIGatewayProxyEventV2): number {
  const raw = event.pathParameters?.fiscalYear ?? '';
  const year = Number(raw);
  if (!/^\d{4}$/.test(raw) || year < 2000 || year > 2100) {
    throw new DomainError('VALIDATION_FAILED', 'Tahun anggaran harus empat angka, mis. 2016', 400, [
      { path: 'fiscalYear', message: `"${raw}" bukan tahun anggaran` },
    ]);
  }
  return year;
}
