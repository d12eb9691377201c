import { createHmac } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { clientRateRepository } from '../../adapters/dynamodb/client-rate-repository.js';
import { env } from '../../adapters/env.js';
import { rateLimitedPage } from './rate-limited-page.js';

/**
 * A per-client limit in front of the email-link pages. API Gateway's throttle on these routes is
 * one bucket for everyone (HTTP APIs have no per-client throttle, and WAF cannot attach to them),
 * so one client hammering links could lock every approver out; this counts each client on its own
 * and answers one that is over its limit with a polite page and `Retry-After`, while the gateway's
 * generous bucket stays as the ceiling for everyone.
 *
 * The client is counted by its address (`requestContext.http.sourceIp`, set by API Gateway and by
 * the local gateway alike) through an HMAC with a salt that changes every day and is deleted after
 * two: the table never holds an address, and a day-old hash cannot be tied back to one.
 * One atomic counter per client and minute (fixed window), collected by TTL.
 *
 * A counter that cannot be read or written lets the request through: the limit protects the
 * approvers, and must not be the thing that locks them out.
 */
export function clientRateLimit(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    before: async (request) => {
      const now = Date.now();
      const address = request.event.requestContext?.http?.sourceIp ?? '';
      let count: number;
      try {
        const hash = await clientHash(address, now);
        count = await clientRateRepository.countRequest(hash, Math.floor(now / 60_000));
      } catch (error) {
        console.error(
          JSON.stringify({ level: 'ERROR', message: 'client rate limit unavailable', error: String(error) }),
        );
        return undefined;
      }
      if (count <= env.actionRequestsPerClientPerMinute()) return undefined;
      const retryAfter = Math.max(1, Math.ceil((60_000 - (now % 60_000)) / 1000));
      return rateLimitedPage(retryAfter);
    },
  };
}

let salt: { day: string; value: Promise<Buffer> } | undefined;

/** A salted hash of the client's address, 128 bits, URL-safe. */
async function clientHash(address: string, now: number): Promise<string> {
  const day = new Date(now).toISOString().slice(0, 10);
  if (salt?.day !== day) {
    const value = clientRateRepository.saltOfDay(day, Math.floor(now / 1000));
    salt = { day, value };
    value.catch(() => {
      if (salt?.value === value) salt = undefined;
    });
  }
  const key = await salt.value;
  return createHmac('sha256', key).update(address).digest('base64url').slice(0, 22);
}
