import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { actionRepository } from '../adapters/dynamodb/action-repository.js';
import { proposalRepository } from '../adapters/dynamodb/proposal-repository.js';
import { districtsByCode } from '../adapters/dynamodb/reference-cache.js';
import { sendTaskSuccess } from '../adapters/stepfunctions.js';
import {
  type ApprovalAction,
  actionState,
  DECISION_LABELS_ID,
  type DecisionOutput,
  FORM_DECISIONS,
} from '../domain/approval-action.js';
import type { Proposal } from '../domain/proposal.js';
import { type ClosedReason, closedPage, decidedPage, decisionPage } from '../views/action-pages.js';
import { clientRateLimit } from './http/client-rate-limit.js';
import { linkRequest } from './http/link-request.js';

const ACTION_ID = /^[A-Za-z0-9_-]{43}$/;
const MAX_NOTE = 2000;

/** Pages carry a capability in their URL: never cached, never framed, never leaked as a Referer. */
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'",
};

const respond = (statusCode: number, body: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: PAGE_HEADERS,
  body,
});

const CLOSED_STATUS: Record<ClosedReason, number> = {
  UNKNOWN: 404,
  USED: 409,
  EXPIRED: 410,
  NOT_AWAITING: 409,
  WORKFLOW_GONE: 410,
  SYSTEM_ERROR: 500,
};
const closed = (reason: ClosedReason, detail: Parameters<typeof closedPage>[1] = {}) =>
  respond(CLOSED_STATUS[reason], closedPage(reason, detail));

type Loaded =
  | { ok: true; action: ApprovalAction & { taskToken: string }; proposal: Proposal }
  | { ok: false; response: APIGatewayProxyStructuredResultV2 };

/** The action and its proposal, if the link may still decide something. */
async function load(actionId: string | undefined): Promise<Loaded> {
  if (!actionId || !ACTION_ID.test(actionId)) return { ok: false, response: closed('UNKNOWN') };
  const action = await actionRepository.get(actionId);
  if (!action) return { ok: false, response: closed('UNKNOWN') };
  const state = actionState(action, new Date());
  if (state === 'USED') return { ok: false, response: closed('USED', { action }) };
  if (state === 'EXPIRED') return { ok: false, response: closed('EXPIRED', { action }) };
  const proposal = await proposalRepository.get(action.proposalId);
  if (!proposal || proposal.revision !== action.revision || proposal.status !== 'AWAITING_APPROVAL') {
    return { ok: false, response: closed('NOT_AWAITING', proposal ? { action, proposal } : { action }) };
  }
  return { ok: true, action, proposal };
}

async function districtName(code: string): Promise<string> {
  return (await districtsByCode()).get(code)?.name ?? code;
}

function readForm(event: APIGatewayProxyEventV2): { decision: string; note: string } {
  const raw = event.isBase64Encoded
    ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
    : (event.body ?? '');
  const form = new URLSearchParams(raw);
  return { decision: form.get('decision') ?? '', note: (form.get('note') ?? '').trim() };
}

const TOKEN_WAIT_MS = 5000;
const TOKEN_POLL_MS = 200;

/**
 * Resumes the workflow with the decision. A token can be stale when the waiting step was just
 * re-entered (an invocation retried, or the local engine resuming after a restart): the re-entered
 * step stores its new token on the action within moments, so a stale token is retried with the new
 * one for a few seconds before the workflow is declared gone.
 */
async function deliver(
  action: ApprovalAction & { taskToken: string },
  output: DecisionOutput,
): Promise<boolean> {
  let token = action.taskToken;
  const deadline = Date.now() + TOKEN_WAIT_MS;
  while ((await sendTaskSuccess(token, output)) === 'TASK_GONE') {
    let fresh = token;
    while (fresh === token && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, TOKEN_POLL_MS));
      fresh = (await actionRepository.get(action.actionId))?.taskToken ?? token;
    }
    if (fresh === token) return false;
    token = fresh;
  }
  return true;
}

/** GET shows the proposal and the form and changes nothing; POST decides, once. */
async function approvalAction(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const loaded = await load(event.pathParameters?.actionId);
  if (!loaded.ok) return loaded.response;
  const { action, proposal } = loaded;
  const name = await districtName(proposal.districtCode);

  if (event.requestContext.http.method !== 'POST') return respond(200, decisionPage(proposal, name, action));

  const form = readForm(event);
  const decision = FORM_DECISIONS[form.decision];
  const invalid = !decision
    ? 'Pilih salah satu keputusan.'
    : decision !== 'APPROVE' && form.note.length === 0
      ? 'Catatan wajib diisi bila menolak atau mengembalikan usulan.'
      : form.note.length > MAX_NOTE
        ? `Catatan paling banyak ${MAX_NOTE} karakter.`
        : null;
  if (invalid || !decision)
    return respond(400, decisionPage(proposal, name, action, { ...form, error: invalid ?? '' }));

  const at = new Date().toISOString();
  const siblings =
    action.requestActionIds ??
    (await actionRepository.findRequest(action.proposalId, action.revision, action.stage)) ??
    [];
  const won = await actionRepository.decide(action, siblings, { decision, note: form.note, at });
  if (!won) {
    const now = await actionRepository.get(action.actionId);
    return now && actionState(now, new Date()) === 'EXPIRED'
      ? closed('EXPIRED', { action: now })
      : closed('USED', now ? { action: now } : {});
  }
  const output: DecisionOutput = {
    decision,
    note: form.note,
    by: action.approverEmail,
    stage: action.stage,
    at,
    actionId: action.actionId,
  };
  if (!(await deliver(action, output))) return closed('WORKFLOW_GONE');
  return respond(200, decidedPage(proposal, DECISION_LABELS_ID[decision], form.note));
}

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .onError((request) => {
    console.error(
      JSON.stringify({ level: 'ERROR', message: 'approval action failed', error: String(request.error) }),
    );
    request.response = closed('SYSTEM_ERROR');
  })
  .use(linkRequest())
  .use(clientRateLimit())
  .handler(approvalAction);
