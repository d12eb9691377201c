import middy from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import * as roundRepository from '../adapters/dynamodb/round-repository.js';
import { assertRole } from '../domain/access.js';
import { DomainError, notFound } from '../domain/errors.js';
import { type Programme, programmeChanges } from '../domain/programme.js';
import { programmePage } from '../views/programme-page.js';
import { programmePdf } from '../views/programme-pdf.js';
import { programmeWorkbook } from '../views/programme-workbook.js';
import { currentProgramme } from './http/current-programme.js';
import { type ApiEvent, authenticate, httpErrors } from './http/middleware.js';
import { fiscalYearParam } from './http/params.js';
import { json } from './http/responses.js';

const FORMATS = ['json', 'xlsx', 'pdf', 'html'] as const;

const badQuery = (path: string, message: string) =>
  new DomainError('VALIDATION_FAILED', message, 400, [{ path, message }]);

/**
 * GET /rounds/{fiscalYear}/programme?format=json|xlsx|pdf|html[&against=snapshot] (approver, admin,
 * auditor): the consolidated programme as it stands; with `against=snapshot`, the proposals that
 * differ from the finalised snapshot (a change after the meeting is shown, never rewritten).
 */
async function getRoundProgramme(event: ApiEvent): Promise<APIGatewayProxyResultV2> {
  assertRole(event.caller, 'admin', 'approver', 'auditor');
  const fiscalYear = fiscalYearParam(event);
  const query = event.queryStringParameters ?? {};
  const format = query.format || 'json';
  if (!(FORMATS as readonly string[]).includes(format))
    throw badQuery('format', `Format "${format}" tidak dikenal; gunakan json, xlsx, pdf atau html`);
  if (query.against !== undefined && query.against !== 'snapshot')
    throw badQuery('against', 'Parameter against hanya boleh "snapshot"');
  const round = await roundRepository.get(fiscalYear);
  if (!round) throw notFound(`Putaran perencanaan TA ${fiscalYear}`);
  const { programme, names } = await currentProgramme(fiscalYear);

  if (query.against === 'snapshot') {
    if (!round.snapshotVersion)
      throw new DomainError(
        'INVALID_TRANSITION',
        `Putaran TA ${fiscalYear} belum difinalkan; belum ada snapshot`,
        409,
      );
    const snapshot = await roundRepository.snapshot(fiscalYear, round.snapshotVersion);
    if (!snapshot) throw notFound(`Snapshot versi ${round.snapshotVersion}`);
    return json(200, {
      fiscalYear,
      snapshotVersion: snapshot.version,
      finalisedAt: snapshot.at,
      changes: programmeChanges(snapshot.programme as Programme, programme),
    });
  }
  if (format === 'json')
    return json(200, { ...programme, state: round.state, snapshotVersion: round.snapshotVersion ?? null });
  const created = new Date().toISOString();
  if (format === 'xlsx')
    return download(
      programmeWorkbook(programme, names, created),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      `program-ikm-${fiscalYear}.xlsx`,
    );
  if (format === 'pdf')
    return download(
      programmePdf(programme, round, names, created),
      'application/pdf',
      `program-ikm-${fiscalYear}.pdf`,
    );
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    },
    body: programmePage(programme, round, names),
  };
}

/** A file to save: its bytes base64-encoded, as API Gateway expects binary answers. */
function download(bytes: Uint8Array, contentType: string, filename: string): APIGatewayProxyResultV2 {
  return {
    statusCode: 200,
    headers: {
      'content-type': contentType,
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
    body: Buffer.from(bytes).toString('base64'),
    isBase64Encoded: true,
  };
}

export const handler = middy<ApiEvent, APIGatewayProxyResultV2>()
  .use(httpErrors())
  .use(authenticate())
  .handler(getRoundProgramme);
