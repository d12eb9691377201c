import type { Context } from 'aws-lambda';
import * as z from 'zod/mini';
import '../domain/validation-locale.js';

/** Every step receives at least the proposal and the revision its execution works on. */
export const stepInput = z.object({
  proposalId: z.string().check(z.minLength(1)),
  revision: z.int().check(z.positive()),
});

/**
 * A state machine task handler: validates the state's payload, then runs the step. Errors keep
 * their names, which the ASL's Retry (TransientError) and Catch blocks match on.
 */
export function defineStep<S extends z.core.$ZodType, R>(
  name: string,
  schema: S,
  run: (input: z.infer<S>) => Promise<R>,
): (event: unknown, context?: Context) => Promise<R> {
  return async (event) => {
    const input = z.parse(schema, event);
    const started = performance.now();
    try {
      return await run(input);
    } finally {
      const { proposalId, revision } = input as { proposalId?: string; revision?: number };
      if (process.env.LOG_STEPS !== 'off') {
        console.log(
          JSON.stringify({ step: name, proposalId, revision, ms: Math.round(performance.now() - started) }),
        );
      }
    }
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
