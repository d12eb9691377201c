/** Who is calling, as the gateway's verified token says (docs/architecture.md "Security"). */
export const ROLES = ['submitter', 'approver', 'admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export interface Caller {
  /** Stable subject id of the person (Cognito `sub`). */
  id: string;
  email: string;
  role: Role;
  /** Set for submitters: the only district they act for. */
  districtCode?: string | undefined;
  /** Set for approvers: their approval stage, e.g. KABID_IKM, KADIS. */
  stage?: string | undefined;
}

/** The name the audit trail records for a caller: the address people recognise, else the subject id. */
export const actorOf = (caller: Pick<Caller, 'id' | 'email'>): string => caller.email || caller.id;
