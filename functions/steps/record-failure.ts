import * as z from 'zod/mini';
import { proposalRepository } from '../adapters/dynamodb/proposal-repository.js';
import * as proposalWrites from '../adapters/dynamodb/proposal-writes.js';
import { countProposal } from '../adapters/observability.js';
import { canTransition } from '../domain/transitions.js';
import { defineStep, SYSTEM_ACTOR, stepInput } from './step.js';

const MESSAGES: Record<string, string> = {
  'States.Timeout': 'Batas waktu terlampaui (persetujuan atau langkah sistem tidak selesai tepat waktu)',
};

/** Any caught error: the proposal becomes FAILED with the cause, for an admin to retry. */
export const handler = defineStep(
  'RecordFailure',
  z.extend(stepInput, {
    error: z._default(
      z.object({ Error: z._default(z.string(), 'Unknown'), Cause: z._default(z.string(), '') }),
      { Error: 'Unknown', Cause: '' },
    ),
  }),
  async ({ proposalId, revision, error }) => {
    const proposal = await proposalRepository.get(proposalId);
    // Nothing to mark: the proposal is gone, was revised since, or already reached an end state.
    if (!proposal || proposal.revision !== revision || !canTransition(proposal.status, 'FAILED')) {
      console.error(
        JSON.stringify({ step: 'RecordFailure', proposalId, revision, error: error.Error, skipped: true }),
      );
      return { recorded: false };
    }
    const note = MESSAGES[error.Error] ?? `Kesalahan sistem (${error.Error}); admin dapat mengulang proses`;
    await proposalWrites.update(
      proposal,
      {
        status: 'FAILED',
        failure: { error: error.Error, cause: error.Cause.slice(0, 1000), from: proposal.status },
      },
      { at: new Date().toISOString(), actor: SYSTEM_ACTOR, type: 'FAILED', note },
    );
    countProposal('failed');
    return { recorded: true };
  },
);
