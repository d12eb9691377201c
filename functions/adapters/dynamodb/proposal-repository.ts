import type { Proposal } from '../../domain/proposal.js';
import type { WaitlistPlace } from '../../domain/waitlist.js';
import * as keys from './keys.js';
import { fromItem, type Item } from './marshalling.js';
import { getItem } from './query.js';

export { ConditionFailedError } from './errors.js';

/** Fields that live on the stored item but are not part of the API's proposal. */
export interface StoredProposal extends Proposal {
  executionArn?: string | undefined;
  /** While WAITLISTED: since when and on which pools it waits (functions/budget/waitlist.ts). */
  waitlist?: WaitlistPlace | undefined;
}

const KEY_ATTRIBUTES = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK'] as const;

/** The proposal held by a META item, without its key attributes. */
export function storedProposalOf(item: Record<string, unknown>): StoredProposal {
  for (const k of KEY_ATTRIBUTES) delete item[k];
  delete item.entity;
  return item as unknown as StoredProposal;
}

/** One proposal read by its id (the writes are in proposal-writes.ts). */
export const proposalRepository = {
  async get(id: string): Promise<StoredProposal | null> {
    const out = await getItem(keys.proposal(id), { consistent: true });
    return proposalRepository.fromItem(out.Item);
  },

  /** The proposal of a META item read together with other items (`keys.proposal`). */
  fromItem(item: Item | undefined): StoredProposal | null {
    return item ? storedProposalOf(fromItem(item)) : null;
  },
};
