import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import aslValidator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { ASL_PATH, substituteDefinition, WORKFLOW_TASKS } from '../../workflows/tasks.js';

type State = Record<string, any>;
const raw = readFileSync(join(import.meta.dirname, '../..', ASL_PATH), 'utf8');
const arns = Object.fromEntries(
  Object.values(WORKFLOW_TASKS).map((t) => [
    t.arnSubstitution,
    `arn:aws:lambda:ap-southeast-3:123456789012:function:ikm-${t.functionName}`,
  ]),
);
const definition = JSON.parse(substituteDefinition(raw, arns)) as {
  StartAt: string;
  States: Record<string, State>;
};
const tasks = Object.entries(definition.States).filter(([, s]) => s.Type === 'Task');

describe('The proposal state machine (workflows/proposal.asl.json)', () => {
  it('is valid Amazon States Language once its ARNs are substituted', () => {
    const { isValid, errorsText } = aslValidator(definition);
    expect(errorsText?.('\n') ?? '').toBe('');
    expect(isValid).toBe(true);
  });

  it('has exactly one handler mapping per Task state, and every placeholder has a value', () => {
    expect(tasks.map(([name]) => name).sort()).toEqual(Object.keys(WORKFLOW_TASKS).sort());
    expect(substituteDefinition(raw, arns)).not.toMatch(/\$\{/);
  });

  it('marks exactly the callback tasks as waiting for a task token', () => {
    for (const [name, state] of tasks) {
      const waits = String(state.Resource).endsWith('.waitForTaskToken');
      expect(waits, name).toBe(WORKFLOW_TASKS[name as keyof typeof WORKFLOW_TASKS].waitsForCallback);
      if (waits) expect(JSON.stringify(state.Parameters)).toContain('$$.Task.Token');
    }
  });

  it('retries transient errors with backoff and jitter on every task', () => {
    for (const [name, state] of tasks) {
      const retrier = (state.Retry ?? []).find(
        (r: State) => r.ErrorEquals.includes('TransientError') || r.ErrorEquals.includes('States.ALL'),
      );
      expect(retrier, name).toBeDefined();
      expect(retrier.BackoffRate, name).toBeGreaterThan(1);
      expect(retrier.JitterStrategy, name).toBe('FULL');
      expect(retrier.ErrorEquals, name).not.toContain('States.Timeout');
    }
  });

  it('catches every error of every task except the failure recorder into RecordFailure', () => {
    for (const [name, state] of tasks) {
      if (name === 'RecordFailure') continue;
      expect(state.Catch.at(-1), name).toEqual({
        ErrorEquals: ['States.ALL'],
        ResultPath: '$.error',
        Next: 'RecordFailure',
      });
    }
    expect(definition.States.RecordFailure?.Next).toBe('Failed');
    expect(definition.States.Failed?.Type).toBe('Fail');
  });

  it('gives every task a timeout, so nothing hangs silently', () => {
    for (const [name, state] of tasks) {
      expect(state.TimeoutSeconds ?? state.TimeoutSecondsPath, name).toBeDefined();
    }
  });

  /** The states a run passes when every Choice takes the route named for it, stage by stage. */
  function walk(routes: Record<string, string[]>): string[] {
    const path: string[] = [];
    const taken: Record<string, number> = {};
    let current: string | undefined = definition.StartAt;
    while (current) {
      path.push(current);
      const state: State = definition.States[current] ?? {};
      if (state.Type === 'Choice') {
        const turn = (taken[current] ?? -1) + 1;
        taken[current] = turn;
        const route = routes[current]?.[turn];
        const choice = state.Choices.find((c: State) => c.StringEquals === route);
        current = choice ? choice.Next : state.Default;
      } else current = state.End ? undefined : state.Next;
    }
    return path;
  }

  it('needs at most 10 state transitions on the one-stage happy path, 14 with two stages', () => {
    const oneStage = walk({ AfterPolicyCheck: ['APPROVAL'], AfterDecision: ['BUDGET'] });
    expect(oneStage).toEqual([
      'CheckPolicy',
      'AfterPolicyCheck',
      'RequestApproval',
      'RecordDecision',
      'AfterDecision',
      'AssignBudget',
    ]);
    const twoStages = walk({ AfterPolicyCheck: ['APPROVAL'], AfterDecision: ['NEXT_STAGE', 'BUDGET'] });
    expect(twoStages).toHaveLength(oneStage.length + 3);
    expect(oneStage.length).toBeLessThanOrEqual(10);
    expect(twoStages.length).toBeLessThanOrEqual(14);
  });

  it('sends a waiting stage to its timer on timeout, and the timer back to the wait or to OVERDUE', () => {
    const wait: State = definition.States.RequestApproval ?? {};
    expect(wait.TimeoutSecondsPath).toBe('$.run.approval.waitSeconds');
    expect(wait.Catch[0]).toMatchObject({ ErrorEquals: ['States.Timeout'], Next: 'ApprovalTimer' });
    // An entry that finds its stage decided already ends the wait; the timer answers DECIDED.
    expect(wait.Catch[1]).toMatchObject({ ErrorEquals: ['DecisionRecorded'], Next: 'ApprovalTimer' });
    const after: State = definition.States.AfterTimer ?? {};
    expect(after.Default).toBe('RequestApproval');
    expect(after.Choices.find((c: State) => c.StringEquals === 'OVERDUE').Next).toBe('Overdue');
    expect(after.Choices.find((c: State) => c.StringEquals === 'DECIDED').Next).toBe('UseRecordedDecision');
    expect(definition.States.UseRecordedDecision?.Next).toBe('RecordDecision');
  });
});
