import * as actionRepository from '../adapters/dynamodb/action-repository.js';
import { type CallbackOutcome, sendTaskSuccess } from '../adapters/stepfunctions.js';
import type { ApprovalRequest, DecisionOutput } from '../domain/approval-action.js';

const TOKEN_WAIT_MS = 3000;
const TOKEN_POLL_MS = 150;

type RequestKey = Pick<ApprovalRequest, 'proposalId' | 'revision' | 'attempt' | 'stage'>;

/**
 * Hands a recorded decision to the stage's waiting task. The token can be stale for a moment
 * when the wait is being re-entered (a timer passed, an invocation was retried, the local engine
 * resumed); the re-entered wait stores its new token within moments, or, finding the decision
 * recorded, ends the wait so that the state machine takes it from the record. So a stale token is retried with the new one for a few seconds,
 * and otherwise left to the re-entered wait, the next timer or the sweep: the decision is on record.
 */
export async function deliverDecision(key: RequestKey, output: DecisionOutput): Promise<CallbackOutcome> {
  let token = await actionRepository.taskToken(key);
  const deadline = Date.now() + TOKEN_WAIT_MS;
  while (token) {
    if ((await sendTaskSuccess(token, output)) === 'DELIVERED') return 'DELIVERED';
    let fresh: string | null = token;
    while (fresh === token && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, TOKEN_POLL_MS));
      fresh = await actionRepository.taskToken(key);
    }
    if (fresh === token) return 'TASK_GONE';
    token = fresh;
  }
  return 'TASK_GONE';
}
