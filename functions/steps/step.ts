import type { Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { executionName } from '../adapters/execution-name.js';
import { log, withInvocation } from '../adapters/observability.js';
import '../domain/validation-locale.js';

/** Every step receives at least the proposal and the revision its execution works on. */
export const stepInput = z.object({
  proposalId: z.string().check(z.minLength(1)),
  revision: z.int().check(z.positive()),
});

/**
 * A state machine task handler: validates the state's payload, then runs the step with its own
 * logger (step, proposal id, revision, execution name, Lambda request id on every line), logs one
 * `step finished` line with its duration (or `step failed` with the error's name), and publishes
 * the business metrics the step recorded. Errors keep their names, which the ASL's Retry
 * (TransientError) and Catch blocks match on.
 */
export function defineStep<S extends z.core.$ZodType, R>(
  name: string,
  schema: S,
  run: (input: z.infer<S>) => Promise<R>,
): (event: unknown, context?: Context) => Promise<R> {
  return async (event, context) => {
    const parsed = z.safeParse(schema, event);
    const { proposalId, revision, attempt } = (parsed.success ? parsed.data : {}) as {
      proposalId?: string;
      revision?: number;
      attempt?: unknown;
    };
    const keys = {
      step: name,
      proposalId,
      revision,
      executionId:
        proposalId && revision
          ? executionName(proposalId, revision, typeof attempt === 'number' ? attempt : 0)
          : undefined,
    };
    return withInvocation(keys, context, async () => {
      const started = performance.now();
      const ms = () => Math.round(performance.now() - started);
      try {
        const input = parsed.success ? parsed.data : z.parse(schema, event);
        const result = await run(input);
        log().info('step finished', { ms: ms() });
        return result;
      } catch (error) {
        // The name is what the ASL matches on; the message stays out (it may quote input).
        log().error('step failed', { ms: ms(), error: error instanceof Error ? error.name : 'unknown' });
        throw error;
      }
    });
  };
}

/** The workflow's own actor name in audit events. */
export const SYSTEM_ACTOR = 'sistem';

export class ProposalMissingError extends Error {
  override readonly name = 'ProposalMissing';
}

export class StaleRevisionError extends Error {
  override readonly name = 'StaleRevision';
}
