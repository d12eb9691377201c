import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { callerFromClaims } from '../../adapters/auth-claims.js';
import { enterInvocation, flushMetrics, log } from '../../adapters/observability.js';
import type { Caller } from '../../domain/caller.js';
import { DomainError, validationFailed } from '../../domain/errors.js';
import '../../domain/validation-locale.js';
import { isJsonMediaType } from './media-type.js';
import { errorResponse } from './responses.js';

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer & { caller: Caller };
export type ApiEventWithBody<T> = ApiEvent & { parsedBody: T };
type Mw<E> = MiddlewareObj<E, APIGatewayProxyResultV2>;

type HttpEvent = Partial<Pick<APIGatewayProxyEventV2WithJWTAuthorizer, 'requestContext' | 'pathParameters'>>;
const startedAt = new WeakMap<object, number>();

/**
 * The first middleware of every API handler. It gives the request its logger (the API request id,
 * the route template, the proposal id of `/proposals/{id}` routes; never the path, which may hold
 * an action id, nor the caller's identity), logs one line per request with its status and
 * duration, publishes the request's business metrics, and turns any failure into the API's error
 * shape: domain errors as they are, everything else as a 500 whose details stay in the log (never
 * the raw error to the client).
 */
export function httpErrors<E>(): Mw<E> {
  const finished = (request: { event: E; response?: APIGatewayProxyResultV2 | null }) => {
    const status = (request.response as { statusCode?: number } | undefined)?.statusCode ?? 200;
    const started = startedAt.get(request.event as object);
    log().info('request handled', {
      status,
      ms: started === undefined ? undefined : Math.round(performance.now() - started),
    });
    flushMetrics();
  };
  return {
    before: (request) => {
      const event = request.event as HttpEvent;
      startedAt.set(request.event as object, performance.now());
      enterInvocation(
        {
          requestId: event.requestContext?.requestId,
          route: event.requestContext?.routeKey,
          proposalId: event.requestContext?.routeKey?.includes('/proposals/{id}')
            ? event.pathParameters?.id
            : undefined,
        },
        request.context,
      );
    },
    after: finished,
    onError: (request) => {
      const error = request.error;
      if (error instanceof DomainError) {
        request.response = errorResponse(error);
      } else {
        log().error('unhandled', error as Error);
        request.response = errorResponse(
          new DomainError('INTERNAL', 'Terjadi kesalahan sistem; silakan coba lagi', 500),
        );
      }
      finished(request);
    },
  };
}

/** The gateway verified the token; this reads who the caller is from its claims. */
export function authenticate(): Mw<ApiEvent> {
  return {
    before: (request) => {
      const caller = callerFromClaims(request.event.requestContext?.authorizer?.jwt?.claims);
      if (!caller)
        throw new DomainError(
          'UNAUTHENTICATED',
          'Token tidak ada atau tidak sah; silakan masuk kembali',
          401,
        );
      request.event.caller = caller;
    },
  };
}

const MAX_BODY_BYTES = 256 * 1024;

/** Parses a JSON body with a zod schema; every problem is listed in `details`. */
export function jsonBody<T>(schema: z.core.$ZodType<T>): Mw<ApiEventWithBody<T>> {
  return {
    before: (request) => {
      const event = request.event;
      if (!isJsonMediaType(event.headers?.['content-type'])) {
        throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Isi permintaan harus application/json', 415);
      }
      const raw = event.isBase64Encoded
        ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
        : (event.body ?? '');
      if (Buffer.byteLength(raw) > MAX_BODY_BYTES) {
        throw new DomainError('PAYLOAD_TOO_LARGE', 'Isi permintaan terlalu besar', 413);
      }
      let data: unknown;
      try {
        data = JSON.parse(raw);
      } catch {
        throw new DomainError('VALIDATION_FAILED', 'Isi permintaan bukan JSON yang sah', 400, [
          { path: '', message: 'JSON tidak dapat dibaca' },
        ]);
      }
      const parsed = z.safeParse(schema, data);
      if (!parsed.success) {
        throw validationFailed('Data tidak valid; periksa kolom yang disebut', parsed.error.issues);
      }
      event.parsedBody = parsed.data;
    },
  };
}
