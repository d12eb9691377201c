/** The API's answers as the screens read them (the OpenAPI document at /openapi.json is the reference). */
export interface Finding {
  ruleId: string;
  source: string;
  severity: 'BLOCKING' | 'WARNING';
  message: string;
}
export interface PolicyCheck {
  ruleSetVersion: number;
  outcome: 'PASS' | 'WARN' | 'FAIL';
  findings: Finding[];
}
export interface Proposal {
  id: string;
  revision: number;
  status: string;
  statusLabel: string;
  fiscalYear: number;
  districtCode: string;
  title: string;
  programKind: string;
  commodity: string;
  description: string;
  targets: { newEntrepreneurs: number; jobsCreated: number; ikmUnits: number };
  funding: { source: string; amount: number }[];
  totalAmount: number;
  policyCheck: PolicyCheck | null;
  approvals: { stage: string; decision: string; by: string; at: string; note: string }[];
  allocations: { source: string; amount: number }[];
  submittedBy: string;
  createdAt: string;
  updatedAt: string;
}
export interface AuditEvent {
  at: string;
  actor: string;
  type: string;
  from: string | null;
  to: string | null;
  note: string;
}
