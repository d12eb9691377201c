import type { District, ProvinceReference } from '../district.js';
import type { ProgramKind, ProposalInput } from '../proposal.js';
import type { DistrictCommitted } from './district-commitment.js';
import type { RuleSet } from './rule-set.js';

/** Another live proposal of the same district and fiscal year, as far as the rules need it. */
export interface OtherProposal {
  id: string;
  title: string;
  programKind: ProgramKind;
  commodity: string;
  totalAmount: number;
  status: string;
}

export interface PolicyContext {
  /**
   * The proposal revision under check. `totalAmount` is optional: when the stored proposal
   * carries one, the check verifies it against the funding lines.
   */
  proposal: ProposalInput & { id: string; revision: number; totalAmount?: number };
  /** The rule set of the proposal's fiscal year; its version is recorded with the result. */
  ruleSet: RuleSet;
  districts: ReadonlyMap<string, District>;
  province: ProvinceReference;
  /** Other live proposals of the same district and fiscal year (excluding this one). */
  otherProposals: ReadonlyArray<OtherProposal>;
  /**
   * What the district's other proposals have committed of its pagu indikatif this year (those that
   * passed their policy check and are still live; see district-commitment.ts), this one excluded.
   */
  districtCommitted: DistrictCommitted;
}

/** What every rule sees: the context plus facts derived once. */
export interface RuleInput extends PolicyContext {
  /** undefined when the district code is unknown; rules that need it then stay silent. */
  district: District | undefined;
  /** Sum of the funding lines (the proposal's total is derived from them). */
  total: number;
  /**
   * There is at least one line, every amount is a positive safe integer and so is the total. When false, only
   * FUNDING_LINES_VALID speaks: shares and ceilings computed from such figures would mislead.
   */
  fundingWellFormed: boolean;
}
