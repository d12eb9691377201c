import * as z from 'zod/mini';
import type { DecisionOutput } from '../domain/approval-action.js';
import type { ApprovalPlan } from '../domain/approval-chain.js';
import { stepInput } from './step.js';

/**
 * What a step tells the state machine to do next (the ASL's Choice states read `$.run.route`),
 * with the plan of the stage to wait for when there is one.
 */
export type RunRoute =
  | { route: 'RETURNED' }
  | { route: 'APPROVAL'; approval: ApprovalPlan }
  | { route: 'NEXT_STAGE'; approval: ApprovalPlan }
  | { route: 'WAIT'; approval: ApprovalPlan }
  | { route: 'DECIDED'; approval: ApprovalPlan; decision: DecisionOutput }
  | { route: 'OVERDUE' }
  | { route: 'BUDGET' }
  | { route: 'CLOSED'; reason: string };

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
