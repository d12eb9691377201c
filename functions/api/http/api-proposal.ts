import { publicFailure } from '../../domain/failure.js';
import { type Proposal, STATUS_LABELS_ID } from '../../domain/proposal.js';

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
