import type { PoolId } from '../../domain/pool-ceiling.js';
import type { FundingSource, ProposalStatus } from '../../domain/proposal.js';

/**
 * Every key pattern of the single table, beside the access patterns they serve (docs/architecture.md).
 * Callers import the module as a namespace (`import * as keys`): `keys.proposal(id)` at the call
 * site, and a bundle keeps only the patterns its handler uses.
 *
 * | access pattern                                   | how                                                  |
 * |--------------------------------------------------|------------------------------------------------------|
 * | proposal by id, with revisions, events, allocs   | Query PK = PROPOSAL#id                               |
 * | proposals of a district in a year (by status)    | Query GSI1 PK = DISTRICT#code#FY#year, SK begins status |
 * | proposals of a year by status (approvers' queue) | Query GSI2 PK = FY#year#STATUS#status                |
 * | action by action id (TTL)                        | GetItem PK = ACTION#id                               |
 * | a stage's approval request (timers, decision)    | GetItem PK = PROPOSAL#id, SK = APPROVAL#rev#att#stage |
 * | the task token of a waiting stage (secret)       | GetItem PK = TOKEN#id#rev#att#stage                  |
 * | proposals waiting at a stage (approvers' view)   | Query GSI3 PK = AWAITING#stage (sparse, on META)     |
 * | runs to (re)start, mails to send, decisions to   | Query GSI3 PK = RUN#PENDING | MAIL#PENDING |         |
 * |   deliver (the sweep's work lists)               |   DECISION#UNDELIVERED (sparse markers)              |
 * | outcome and approval mails of a proposal         | Query PK = PROPOSAL#id, SK begins EVENT# (entity MAIL) |
 * | approval chain of a year, latest and by version  | GetItem PK = CHAIN#FY#year, SK = LATEST | V#00001    |
 * | pools of a fiscal year                           | Query PK = FY#year, SK begins POOL#                  |
 * | a pool's waitlist, oldest first (consistent)     | Query PK = FY#year, SK begins WAIT#source#district#  |
 * | a district's committed pagu in a year (counter)  | GetItem PK = FY#year, SK = COMMITTED#code            |
 * | a proposal's commitment to that counter          | GetItem PK = PROPOSAL#id, SK = COMMITMENT            |
 * | allocations of a fiscal year (reports)           | Query GSI1 PK = FY#year#ALLOCATIONS                  |
 * | rule set of a year, latest and by version        | GetItem PK = POLICY#FY#year, SK = LATEST | V#00001   |
 * | districts                                        | Query PK = DISTRICTS                                 |
 * | audit trail of a district's reference record      | Query PK = AUDIT#DISTRICT#code                       |
 * | planning round of a year; every round (the sweep) | GetItem / Query PK = ROUNDS, SK = FY#year            |
 * | a round's programme snapshots, by version        | GetItem PK = ROUND#FY#year, SK = SNAPSHOT#00001      |
 * | a round's reminder to a district (mail = mark)   | Put-if-absent PK = ROUND#FY#year, SK = MAIL#closesAt#code |
 * | audit trail of a round                           | Query PK = AUDIT#ROUND#year                          |
 * | idempotency records (TTL)                        | GetItem PK = IDEMPOTENCY#caller#key                  |
 * | requests of a client in a minute (/actions, TTL)  | UpdateItem PK = RATE#hashed-client, SK = MIN#minute  |
 * | the day's salt of those hashes (TTL)             | GetItem PK = RATE#SALT, SK = DAY#yyyy-mm-dd          |
 */
export const PROVINCE = 'PROVINSI';

/** The sweep's work lists (GSI3 partitions of marker items). */
export type WorkList = 'RUN#PENDING' | 'MAIL#PENDING' | 'DECISION#UNDELIVERED' | 'WAITLIST#TO_FUND';

const pad = (n: number, width: number): string => n.toString().padStart(width, '0');

const waitlistPrefix = (pool: PoolId): string =>
  `WAIT#${pool.source}#${pool.source === 'APBD_KABUPATEN_KOTA' ? pool.districtCode : PROVINCE}#`;

export const proposal = (id: string) => ({ PK: `PROPOSAL#${id}`, SK: 'META' });
export const revision = (id: string, revision: number) => ({
  PK: `PROPOSAL#${id}`,
  SK: `REV#${pad(revision, 3)}`,
});
/** Audit events sort by time; the sequence breaks ties within one millisecond. */
export const event = (id: string, at: string, seq: number) => ({
  PK: `PROPOSAL#${id}`,
  SK: `EVENT#${at}#${pad(seq, 4)}`,
});
export const eventPrefix = 'EVENT#';
export const allocation = (id: string, revision: number, source: FundingSource) => ({
  PK: `PROPOSAL#${id}`,
  SK: `ALLOC#${pad(revision, 3)}#${source}`,
});
export const proposalByDistrict = (
  districtCode: string,
  fiscalYear: number,
  status: ProposalStatus,
  createdAt: string,
  id: string,
) => ({
  GSI1PK: `DISTRICT#${districtCode}#FY#${fiscalYear}`,
  GSI1SK: `${status}#${createdAt}#${id}`,
});
export const districtYearPartition = (districtCode: string, fiscalYear: number) =>
  `DISTRICT#${districtCode}#FY#${fiscalYear}`;
export const proposalByYearStatus = (
  fiscalYear: number,
  status: ProposalStatus,
  createdAt: string,
  id: string,
) => ({
  GSI2PK: `FY#${fiscalYear}#STATUS#${status}`,
  GSI2SK: `${createdAt}#${id}`,
});
export const yearStatusPartition = (fiscalYear: number, status: ProposalStatus) =>
  `FY#${fiscalYear}#STATUS#${status}`;
export const allocationByYear = (
  fiscalYear: number,
  districtCode: string,
  id: string,
  source: FundingSource,
) => ({
  GSI1PK: `FY#${fiscalYear}#ALLOCATIONS`,
  GSI1SK: `${districtCode}#${id}#${source}`,
});
export const action = (actionId: string) => ({ PK: `ACTION#${actionId}`, SK: 'ACTION' });
/** One stage's request of one revision and run attempt: its actions, timers and decision. */
export const approvalRequest = (id: string, revision: number, attempt: number, stage: string) => ({
  PK: `PROPOSAL#${id}`,
  SK: `APPROVAL#${pad(revision, 3)}#${pad(attempt, 3)}#${stage}`,
});
/**
 * The task token of a waiting stage, alone in its own partition: IAM lets only the approval
 * functions read keys that start with TOKEN# (dynamodb:LeadingKeys).
 */
export const taskToken = (id: string, revision: number, attempt: number, stage: string) => ({
  PK: `TOKEN#${id}#${pad(revision, 3)}#${pad(attempt, 3)}#${stage}`,
  SK: 'TOKEN',
});
export const tokenPrefix = 'TOKEN#';
/** A mail in the proposal's trail; it sorts right after the audit event that caused it. */
export const mail = (id: string, at: string, seq: number, index: number) => ({
  PK: `PROPOSAL#${id}`,
  SK: `EVENT#${at}#${pad(seq, 4)}#MAIL#${pad(index, 2)}`,
});
/** A run that must exist: written with the revision (or retry), deleted by the run's first step. */
export const pendingRun = (id: string, revision: number, attempt: number) => ({
  PK: `PROPOSAL#${id}`,
  SK: `RUN#${pad(revision, 3)}#${pad(attempt, 3)}`,
});
/** Sparse GSI3 partitions: each lists only the items that still need something done. */
export const awaitingStage = (stage: string, requestedAt: string, id: string) => ({
  GSI3PK: `AWAITING#${stage}`,
  GSI3SK: `${requestedAt}#${id}`,
});
export const awaitingStagePartition = (stage: string) => `AWAITING#${stage}`;
export const work = (list: WorkList, since: string, id: string) => ({
  GSI3PK: list,
  GSI3SK: `${since}#${id}`,
});
export const chainVersion = (fiscalYear: number, version: number) => ({
  PK: `CHAIN#FY#${fiscalYear}`,
  SK: `V#${pad(version, 5)}`,
});
export const chainLatest = (fiscalYear: number) => ({ PK: `CHAIN#FY#${fiscalYear}`, SK: 'LATEST' });
/** Pool of a source in a year; APBD Kabupaten/Kota pools are per district, the others province-wide. */
export const pool = (fiscalYear: number, source: FundingSource, districtCode?: string) => ({
  PK: `FY#${fiscalYear}`,
  SK: `POOL#${source}#${source === 'APBD_KABUPATEN_KOTA' ? districtCode : PROVINCE}`,
});
export const poolPrefix = 'POOL#';
/** A WAITLISTED proposal's place in one pool's queue: sorted by when it began to wait, then id. */
export const waitlistEntry = (pool: PoolId, since: string, id: string) => ({
  PK: `FY#${pool.fiscalYear}`,
  SK: `${waitlistPrefix(pool)}${since}#${id}`,
});
export { waitlistPrefix };
/** A pool that grew and whose queue has yet to be run: deleted when the run finished (the sweep's list). */
export const poolToFund = (pool: PoolId) => ({
  PK: `FY#${pool.fiscalYear}`,
  SK: `TOFUND#${pool.source}#${pool.source === 'APBD_KABUPATEN_KOTA' ? pool.districtCode : PROVINCE}`,
});
/** What a district has committed of its pagu indikatif in a year (district-commitment.ts). */
export const districtCommitment = (fiscalYear: number, districtCode: string) => ({
  PK: `FY#${fiscalYear}`,
  SK: `COMMITTED#${districtCode}`,
});
/** The part of that counter one proposal holds, so that it is released exactly once. */
export const commitmentClaim = (id: string) => ({ PK: `PROPOSAL#${id}`, SK: 'COMMITMENT' });
export const poolsOfYear = (fiscalYear: number) => `FY#${fiscalYear}`;
export const ruleSetVersion = (fiscalYear: number, version: number) => ({
  PK: `POLICY#FY#${fiscalYear}`,
  SK: `V#${pad(version, 5)}`,
});
export const ruleSetLatest = (fiscalYear: number) => ({ PK: `POLICY#FY#${fiscalYear}`, SK: 'LATEST' });
export const district = (code: string) => ({ PK: 'DISTRICTS', SK: `DISTRICT#${code}` });
export const districtsPartition = 'DISTRICTS';
export const province = () => ({ PK: 'DISTRICTS', SK: 'PROVINCE' });
/** Audit trail of reference data (districts), one partition per record. */
export const referenceEvent = (subject: string, at: string, seq: number) => ({
  PK: `AUDIT#${subject}`,
  SK: `EVENT#${at}#${pad(seq, 4)}`,
});
/** All rounds in one small partition: the sweep reads every round with one Query. */
export const round = (fiscalYear: number) => ({ PK: 'ROUNDS', SK: `FY#${fiscalYear}` });
export const roundsPartition = 'ROUNDS';
export const roundSnapshot = (fiscalYear: number, version: number) => ({
  PK: `ROUND#FY#${fiscalYear}`,
  SK: `SNAPSHOT#${pad(version, 5)}`,
});
/**
 * A round's reminder to one district, kept in the outbox: its conditional put is the "reminded"
 * mark, so no district is mailed twice for the same closing date, whatever restarts.
 */
export const roundReminder = (fiscalYear: number, closesAt: string, districtCode: string) => ({
  PK: `ROUND#FY#${fiscalYear}`,
  SK: `MAIL#${closesAt}#${districtCode}`,
});
export const idempotency = (caller: string, key: string) => ({
  PK: `IDEMPOTENCY#${caller}#${key}`,
  SK: 'IDEMPOTENCY',
});
/** A client's request count in one minute; the client is a salted hash, never its address. */
export const clientRequests = (clientHash: string, minute: number) => ({
  PK: `RATE#${clientHash}`,
  SK: `MIN#${minute}`,
});
export const rateSalt = (day: string) => ({ PK: 'RATE#SALT', SK: `DAY#${day}` });
