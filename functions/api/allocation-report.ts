import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import * as poolRepository from '../adapters/dynamodb/pool-repository.js';
import * as referenceRepository from '../adapters/dynamodb/reference-repository.js';
import { assertRole } from '../domain/access.js';
import { allocationsCsv, summariseAllocations } from '../domain/allocation-report.js';
import { DomainError } from '../domain/errors.js';
import { allocationWorkbook } from '../views/allocation-workbook.js';
import { type ApiEvent, authenticate, httpErrors } from './http/middleware.js';
import { fiscalYearQuery } from './http/params.js';
import { json } from './http/responses.js';

const FORMATS = ['json', 'csv', 'xlsx'] as const;

/**
 * GET /reports/allocations?fiscalYear=&format=json|csv|xlsx (admin, approver, auditor): a year's
 * allocations as totals by district, source, commodity and programme kind (JSON), one row per
 * allocation line for a spreadsheet (CSV), or both as an Excel workbook (XLSX).
 */
async function allocationReport(event: ApiEvent): Promise<APIGatewayProxyResultV2> {
  assertRole(event.caller, 'admin', 'approver', 'auditor');
  const fiscalYear = fiscalYearQuery(event);
  const format = event.queryStringParameters?.format || 'json';
  if (!(FORMATS as readonly string[]).includes(format)) {
    const message = `Format "${format}" tidak dikenal; gunakan json, csv atau xlsx`;
    throw new DomainError('VALIDATION_FAILED', message, 400, [{ path: 'format', message }]);
  }
  const [lines, districts] = await Promise.all([
    poolRepository.allocationsOfYear(fiscalYear),
    // Read afresh, not from the per-process cache: a report shows names as they are now.
    referenceRepository.districts(),
  ]);
  const names = new Map(districts.map((d) => [d.code, d.name]));
  if (format === 'json') return json(200, summariseAllocations(fiscalYear, lines, names));
  if (format === 'xlsx') {
    const workbook = allocationWorkbook(summariseAllocations(fiscalYear, lines, names), lines, names);
    return {
      statusCode: 200,
      headers: {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': `attachment; filename="alokasi-${fiscalYear}.xlsx"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
      body: workbook.toString('base64'),
      isBase64Encoded: true,
    };
  }
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="alokasi-${fiscalYear}.csv"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
    body: allocationsCsv(lines, names),
  };
}

export const handler = middy<ApiEvent, APIGatewayProxyResultV2>()
  .use(httpErrors())
  .use(authenticate())
  .handler(allocationReport);
