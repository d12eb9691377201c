import type { Caller } from './caller.js';
import { publicFailure } from './failure.js';
import { type Proposal, type ProposalInput, STATUS_LABELS_ID, totalOf } from './proposal.js';

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
    submittedBy: caller.email || caller.id,
    createdAt: now,
    updatedAt: now,
    version: 1,
    runAttempt: 0,
  };
}

/** The proposal as the API shows it: the contract's fields in a stable order, no internal bookkeeping. */
export function toApiProposal(p: Proposal & { executionArn?: string | undefined }) {
  return {
    id: p.id,
    revision: p.revision,
    status: p.status,
    statusLabel: STATUS_LABELS_ID[p.status],
    fiscalYear: p.fiscalYear,
    districtCode: p.districtCode,
    title: p.title,
    programKind: p.programKind,
    commodity: p.commodity,
    description: p.description,
    targets: {
      newEntrepreneurs: p.targets.newEntrepreneurs,
      jobsCreated: p.targets.jobsCreated,
      ikmUnits: p.targets.ikmUnits,
    },
    funding: p.funding.map((f) => ({ source: f.source, amount: f.amount })),
    totalAmount: p.totalAmount,
    policyCheck: p.policyCheck && {
      ruleSetVersion: p.policyCheck.ruleSetVersion,
      outcome: p.policyCheck.outcome,
      findings: p.policyCheck.findings.map((f) => ({
        ruleId: f.ruleId,
        source: f.source,
        severity: f.severity,
        message: f.message,
      })),
    },
    approvals: p.approvals.map((a) => ({
      stage: a.stage,
      decision: a.decision,
      by: a.by,
      at: a.at,
      note: a.note,
    })),
    allocations: p.allocations.map((a) => ({ source: a.source, amount: a.amount })),
    ...(p.approvalChainVersion !== undefined ? { approvalChainVersion: p.approvalChainVersion } : {}),
    ...(p.approvalStage && (p.status === 'AWAITING_APPROVAL' || p.status === 'OVERDUE')
      ? {
          approvalStage: p.approvalStage,
          stageRequestedAt: p.stageRequestedAt,
          stageOverdueAt: p.stageOverdueAt,
        }
      : {}),
    // Never the stored cause: it holds the Lambda error and its stack trace (see publicFailure).
    ...(p.failure ? { failure: publicFailure(p.failure) } : {}),
    submittedBy: p.submittedBy,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}
