import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as actionRepository from '../adapters/dynamodb/action-repository.js';
import { proposalRepository } from '../adapters/dynamodb/proposal-repository.js';
import { env } from '../adapters/env.js';
import {
  type ApprovalAction,
  actionState,
  DECISION_LABELS_ID,
  type DecisionOutput,
  decisionProblem,
  formDecision,
} from '../domain/approval-action.js';
import { type ClosedReason, closedPage, decidedPage, decisionPage } from '../views/action-pages.js';
import { deliverDecision } from '../workflow/deliver-decision.js';
import { districtOf } from '../workflow/outcome-mails.js';
import { clientRateLimit } from './http/client-rate-limit.js';
import { linkRequest } from './http/link-request.js';

const ACTION_ID = /^[A-Za-z0-9_-]{43}$/;

/**
 * Pages carry a capability in their URL: never cached, never framed, and the URL never leaves for
 * another site as a Referer (same-origin keeps the Origin header on our own form's POST, which
 * the origin check below needs; no-referrer would turn it into "null").
 */
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
};

const respond = (statusCode: number, body: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: PAGE_HEADERS,
  body,
});

const CLOSED_STATUS: Record<ClosedReason, number> = {
  UNKNOWN: 404,
  USED: 409,
  STAGE_DECIDED: 409,
  EXPIRED: 410,
  NOT_AWAITING: 409,
  FOREIGN_ORIGIN: 403,
  SYSTEM_ERROR: 500,
};
const closed = (reason: ClosedReason, detail: Parameters<typeof closedPage>[1] = {}) =>
  respond(CLOSED_STATUS[reason], closedPage(reason, detail));

type Loaded<T> = ({ ok: true } & T) | { ok: false; response: APIGatewayProxyStructuredResultV2 };

/** The link's action, if it is one and is not used up. */
async function loadAction(actionId: string | undefined): Promise<Loaded<{ action: ApprovalAction }>> {
  if (!actionId || !ACTION_ID.test(actionId)) return { ok: false, response: closed('UNKNOWN') };
  const action = await actionRepository.action(actionId);
  if (!action) return { ok: false, response: closed('UNKNOWN') };
  if (actionState(action, new Date()) === 'USED') return { ok: false, response: closed('USED', { action }) };
  return { ok: true, action };
}

/**
 * The decision form with the link's proposal (200 on GET, 400 with the form's problem), or the page
 * that says why the link decides nothing (the proposal no longer waits at its stage, it expired).
 */
async function formPage(
  action: ApprovalAction,
  statusCode: 200 | 400,
  form?: Parameters<typeof decisionPage>[3],
): Promise<APIGatewayProxyStructuredResultV2> {
  const proposal = await proposalRepository.get(action.proposalId);
  const waitsHere =
    proposal?.status === 'AWAITING_APPROVAL' &&
    proposal.revision === action.revision &&
    proposal.approvalStage === action.stage &&
    (proposal.runAttempt ?? 0) === action.attempt;
  if (!proposal || !waitsHere) return closed('NOT_AWAITING', proposal ? { action, proposal } : { action });
  if (actionState(action, new Date()) === 'EXPIRED') return closed('EXPIRED', { action });
  const { name } = await districtOf(proposal.districtCode);
  return respond(statusCode, decisionPage(proposal, name, action, form));
}

function readForm(event: APIGatewayProxyEventV2): { decision: string; note: string } {
  const raw = event.isBase64Encoded
    ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
    : (event.body ?? '');
  const form = new URLSearchParams(raw);
  return { decision: form.get('decision') ?? '', note: (form.get('note') ?? '').trim() };
}

/**
 * A browser always names the page a form was posted from; a POST from any other site is refused
 * (cross-site request forgery). Clients that send neither header (scripts, curl) are not browsers
 * acting for someone else.
 */
function foreignOrigin(headers: APIGatewayProxyEventV2['headers']): boolean {
  const own = new URL(env.publicBaseUrl()).origin;
  const origin = headers.origin;
  if (origin !== undefined) return origin !== own;
  const referer = headers.referer;
  if (referer === undefined) return false;
  try {
    return new URL(referer).origin !== own;
  } catch {
    return true;
  }
}

/**
 * GET (and HEAD) shows the proposal and the form and changes nothing; POST decides, once. A POST
 * does not read the proposal: the decision's transaction checks that it still waits at the link's
 * stage, and the confirmation names the revision from the link's own record.
 */
async function approvalAction(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const isPost = event.requestContext.http.method === 'POST';
  if (isPost && foreignOrigin(event.headers)) return closed('FOREIGN_ORIGIN');
  const loaded = await loadAction(event.pathParameters?.actionId);
  if (!loaded.ok) return loaded.response;
  const { action } = loaded;
  if (!isPost) return formPage(action, 200);
  if (actionState(action, new Date()) === 'EXPIRED') return closed('EXPIRED', { action });

  const form = readForm(event);
  const decision = formDecision(form.decision);
  const problem = decisionProblem(decision, form.note);
  // Shown again with the proposal, as on GET (and refused the same way if it no longer waits).
  if (problem || !decision) return formPage(action, 400, { ...form, error: problem ?? '' });

  const output: DecisionOutput = {
    decision,
    note: form.note,
    by: action.approverEmail,
    stage: action.stage,
    at: new Date().toISOString(),
    actionId: action.actionId,
  };
  const refusal = await actionRepository.decide(action, output);
  if (refusal === 'ACTION_USED') {
    const now = await actionRepository.action(action.actionId);
    return closed('USED', now ? { action: now } : {});
  }
  if (refusal === 'ACTION_EXPIRED') return closed('EXPIRED', { action });
  if (refusal === 'STAGE_DECIDED') return closed('STAGE_DECIDED', { action });
  if (refusal === 'NOT_AWAITING') {
    const now = await proposalRepository.get(action.proposalId);
    return closed('NOT_AWAITING', now ? { action, proposal: now } : { action });
  }
  // Recorded: from here on the decision exists whatever happens. Hand it to the workflow now; if
  // that fails, the sweep (or the stage's next timer) delivers it from the record.
  await deliverDecision(action, output).catch((error: unknown) => {
    console.warn(
      JSON.stringify({
        level: 'WARN',
        message: 'decision recorded, delivery deferred',
        error: String(error).slice(0, 200),
      }),
    );
  });
  const subject = action.subject ?? (await proposalRepository.get(action.proposalId));
  return respond(200, decidedPage(subject, DECISION_LABELS_ID[decision], form.note));
}

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .onError((request) => {
    console.error(
      JSON.stringify({
        level: 'ERROR',
        message: 'approval action failed',
        error: String(request.error).slice(0, 500),
      }),
    );
    request.response = closed('SYSTEM_ERROR');
  })
  .use(linkRequest())
  .use(clientRateLimit())
  .handler(approvalAction);
