import type { ApprovalChain } from '../../domain/approval-chain-schema.js';
import { type StoredDocument, validatedWhenStored, versionedDocuments } from './versioned-documents.js';

export const approvalChains = versionedDocuments('APPROVAL_CHAIN');

/** A stored version never changes, so a warm function keeps every version it has read. */
const byVersion = new Map<string, Promise<ApprovalChain>>();

/** Validated completely when it was stored (see `validatedWhenStored`). */
const validated = (fiscalYear: number, stored: StoredDocument): ApprovalChain =>
  validatedWhenStored('APPROVAL_CHAIN', fiscalYear, stored);

/** The chain in force for a year (read each time: a new version applies to the next approval at once). */
export async function latestChain(fiscalYear: number): Promise<ApprovalChain> {
  return chainOf(fiscalYear, await approvalChains.latest(fiscalYear));
}

/** The chain of a LATEST item read (null: the year has none); remembered by version. */
export function chainOf(fiscalYear: number, stored: StoredDocument | null): ApprovalChain {
  if (!stored) throw new ChainMissingError(`no approval chain for fiscal year ${fiscalYear}`);
  const chain = validated(fiscalYear, stored);
  byVersion.set(`${fiscalYear}#${chain.version}`, Promise.resolve(chain));
  return chain;
}

/** The version a proposal's approval started with. */
export function chainVersion(fiscalYear: number, version: number): Promise<ApprovalChain> {
  const key = `${fiscalYear}#${version}`;
  let chain = byVersion.get(key);
  if (!chain) {
    chain = approvalChains.version(fiscalYear, version).then((stored) => {
      if (!stored) throw new ChainMissingError(`no approval chain ${fiscalYear} v${version}`);
      return validated(fiscalYear, stored);
    });
    chain.catch(() => byVersion.delete(key));
    byVersion.set(key, chain);
  }
  return chain;
}

export class ChainMissingError extends Error {
  override readonly name = 'ApprovalChainMissing';
}
