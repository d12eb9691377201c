import * as z from 'zod/mini';
import type { StoredProposal } from '../adapters/dynamodb/proposal-repository.js';
import type { DecisionOutput } from '../domain/approval-action.js';
import type { ApprovalPlan } from '../domain/approval-chain.js';
import { stepInput } from './step.js';

/**
 * What a step tells the state machine to do next (the ASL's Choice states read `$.run.route`),
 * with the plan of the stage to wait for when there is one.
 */
export type RunRoute =
  | { route: 'RETURNED' }
  | { route: 'APPROVAL'; approval: ApprovalPlan; proposal?: StoredProposal }
  | { route: 'NEXT_STAGE'; approval: ApprovalPlan; proposal?: StoredProposal }
  | { route: 'WAIT'; approval: ApprovalPlan }
  | { route: 'DECIDED'; approval: ApprovalPlan; decision: DecisionOutput }
  | { route: 'OVERDUE' }
  | { route: 'BUDGET'; proposal?: StoredProposal }
  | { route: 'CLOSED'; reason: string };

/**
 * The proposal as the step before wrote it (`$.run.proposal`): the next step starts from it instead
 * of reading it again. Safe because every write of a proposal is guarded on the status and version
 * it names: a proposal changed meanwhile makes the write fail, and the step then reads and retries.
 * Only the fields a guarded write names are checked here; the rest is the step's own output.
 */
export const carriedProposal = z.optional(
  z.pipe(
    z.looseObject({
      id: z.string(),
      revision: z.int(),
      version: z.int(),
      status: z.string(),
      fiscalYear: z.int(),
      districtCode: z.string(),
    }),
    z.transform((p) => p as unknown as StoredProposal),
  ),
);

/** Every step of a run knows its proposal, revision and run attempt. */
export const runInput = z.extend(stepInput, { attempt: z._default(z.int().check(z.minimum(0)), 0) });

export const planSchema = z.object({
  stage: z.string().check(z.minLength(1)),
  stageName: z.string(),
  chainVersion: z.int().check(z.positive()),
  requestedAt: z.string(),
  remindAt: z.nullable(z.string()),
  escalateAt: z.nullable(z.string()),
  overdueAt: z.string(),
  waitSeconds: z.int().check(z.positive()),
});
