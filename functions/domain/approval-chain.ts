import type { ApprovalChain, ApprovalStage } from './approval-chain-schema.js';
import type { FundingSource } from './proposal.js';

/**
 * Following a fiscal year's approval chain (approval-chain-schema.ts: what a chain is, validated
 * when it is stored): which stage applies to a proposal, and the absolute moments of each wait.
 */

/** What of a proposal decides which stages apply. */
export interface ChainSubject {
  totalAmount: number;
  funding: ReadonlyArray<{ source: FundingSource }>;
}

export function stageApplies(stage: ApprovalStage, subject: ChainSubject): boolean {
  if (subject.totalAmount < stage.minTotal) return false;
  if (stage.sources && !subject.funding.some((line) => stage.sources?.includes(line.source))) return false;
  return true;
}

/** The first applicable stage after `afterStage` (or the first of all), or null when none is left. */
export function nextStage(
  chain: ApprovalChain,
  subject: ChainSubject,
  afterStage?: string,
): ApprovalStage | null {
  const start = afterStage === undefined ? 0 : chain.stages.findIndex((s) => s.stage === afterStage) + 1;
  if (afterStage !== undefined && start === 0) return null;
  return chain.stages.slice(start).find((s) => stageApplies(s, subject)) ?? null;
}

export function findStage(chain: ApprovalChain, stage: string): ApprovalStage | undefined {
  return chain.stages.find((s) => s.stage === stage);
}

/**
 * The absolute moments of one stage's wait, fixed when its approval is requested: a restart or a
 * retried step recomputes nothing from "now", so a timer is never restarted or forgotten.
 */
export interface StageTimers {
  requestedAt: string;
  remindAt: string | null;
  escalateAt: string | null;
  overdueAt: string;
}

const after = (start: number, secondsLater: number | null): string | null =>
  secondsLater === null ? null : new Date(start + secondsLater * 1000).toISOString();

export function stageTimers(stage: ApprovalStage, requestedAt: string): StageTimers {
  const start = Date.parse(requestedAt);
  return {
    requestedAt,
    remindAt: after(start, stage.remindAfterSeconds),
    escalateAt: after(start, stage.escalateAfterSeconds),
    overdueAt: after(start, stage.overdueAfterSeconds) as string,
  };
}

/** What has already happened during a stage's wait. */
export interface TimerProgress {
  remindedAt?: string | undefined;
  escalatedAt?: string | undefined;
}

export type TimerDue = 'OVERDUE' | 'ESCALATE' | 'REMIND' | 'NONE';

/**
 * Which timer is due at `now`. When several have passed (the system was down), only the latest
 * matters: an overdue stage is not reminded first, and an escalation makes the reminder moot.
 */
export function dueTimer(timers: StageTimers, progress: TimerProgress, now: Date): TimerDue {
  const passed = (at: string | null) => at !== null && Date.parse(at) <= now.getTime();
  if (passed(timers.overdueAt)) return 'OVERDUE';
  if (passed(timers.escalateAt) && !progress.escalatedAt) return 'ESCALATE';
  if (passed(timers.remindAt) && !progress.remindedAt && !progress.escalatedAt) return 'REMIND';
  return 'NONE';
}

/**
 * Whole seconds until the next moment that still needs acting on (at least 1: Step Functions'
 * task timeouts are positive integers).
 */
export function secondsUntilNextTimer(timers: StageTimers, progress: TimerProgress, now: Date): number {
  const pending = [
    progress.remindedAt || progress.escalatedAt ? null : timers.remindAt,
    progress.escalatedAt ? null : timers.escalateAt,
    timers.overdueAt,
  ]
    .filter((at): at is string => at !== null)
    .map((at) => Date.parse(at))
    .filter((at) => at > now.getTime());
  const next = Math.min(...pending, Date.parse(timers.overdueAt));
  return Math.max(1, Math.ceil((next - now.getTime()) / 1000));
}

/**
 * What the state machine carries between the approval states: which stage, under which chain
 * version, its absolute timers, and how long the current wait lasts (the Task's TimeoutSecondsPath).
 */
export interface ApprovalPlan extends StageTimers {
  stage: string;
  stageName: string;
  chainVersion: number;
  waitSeconds: number;
}

export function planStage(
  chainVersion: number,
  stage: Pick<ApprovalStage, 'stage' | 'name'>,
  timers: StageTimers,
  progress: TimerProgress,
  now: Date,
): ApprovalPlan {
  return {
    stage: stage.stage,
    stageName: stage.name,
    chainVersion,
    ...timers,
    waitSeconds: secondsUntilNextTimer(timers, progress, now),
  };
}
