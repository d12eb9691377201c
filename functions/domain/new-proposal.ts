import { actorOf, type Caller } from './caller.js';
import { type Proposal, type ProposalInput, totalOf } from './proposal.js';

/** Revision 1 of a proposal as the district submitted it. */
export function newProposal(input: ProposalInput, caller: Caller, id: string, now: string): Proposal {
  return {
    ...input,
    id,
    revision: 1,
    status: 'SUBMITTED',
    totalAmount: totalOf(input.funding),
    policyCheck: null,
    approvals: [],
    allocations: [],
    submittedBy: actorOf(caller),
    createdAt: now,
    updatedAt: now,
    version: 1,
    runAttempt: 0,
  };
}
