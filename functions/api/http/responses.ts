import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { DomainError } from '../../domain/errors.js';

export const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export const json = (statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: JSON_HEADERS,
  body: JSON.stringify(body),
});

/** The one error shape of the API (docs/api.md "Errors"). */
export const errorResponse = (error: DomainError): APIGatewayProxyStructuredResultV2 =>
  json(error.httpStatus, { error: { code: error.code, message: error.message, details: error.details } });
