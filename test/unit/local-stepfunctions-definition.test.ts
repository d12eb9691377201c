import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileDefinition, MAX_TIMER_SECONDS } from '../../infra/local/stepfunctions/definition.js';
import { TaskTokens } from '../../infra/local/stepfunctions/task-tokens.js';

const lambda = 'arn:aws:lambda:ap-southeast-3:000000000000:function:f';

describe('definition prepared for the library', () => {
  const definition = compileDefinition(
    JSON.stringify({
      StartAt: 'Plain',
      TimeoutSeconds: 600,
      States: {
        Plain: { Type: 'Task', Resource: lambda, Next: 'Invoke' },
        Invoke: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: lambda, 'Payload.$': '$' },
          TimeoutSeconds: 99_999_999,
          Next: 'Approve',
        },
        Approve: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: { FunctionName: lambda, Payload: { 'token.$': '$$.Task.Token' } },
          TimeoutSecondsPath: '$.timeout',
          HeartbeatSeconds: 60,
          Next: 'Fan',
        },
        Fan: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'Inner', States: { Inner: { Type: 'Task', Resource: lambda, End: true } } }],
          End: true,
        },
      },
    }),
  );

  it('Given Task resources, When compiled, Then each is classified as AWS runs it', () => {
    expect(definition.tasks.get('Plain')).toMatchObject({ integration: 'lambda-function', callback: false });
    expect(definition.tasks.get('Invoke')).toMatchObject({ integration: 'lambda-invoke', callback: false });
    expect(definition.tasks.get('Approve')).toMatchObject({
      integration: 'lambda-invoke',
      callback: true,
      resourceType: 'lambda',
      resourceName: 'invoke.waitForTaskToken',
      heartbeatSeconds: 60,
    });
  });

  it('Given Task timeouts, When compiled, Then a missing one waits as long as a timer can and a path one is read from the state input', () => {
    expect(definition.tasks.get('Plain')?.timeoutSeconds).toBe(MAX_TIMER_SECONDS);
    expect(definition.tasks.get('Invoke')?.timeoutSeconds).toBe(MAX_TIMER_SECONDS);
    expect(definition.tasks.get('Approve')).toMatchObject({ timeoutSeconds: undefined, wrapped: true });
    expect(definition.executionTimeoutSeconds).toBe(600);
  });

  it('Given Parallel branches, When compiled, Then only top-level states are resume points', () => {
    expect(definition.states.get('Fan')?.topLevel).toBe(true);
    expect(definition.states.get('Inner')?.topLevel).toBe(false);
    expect(definition.tasks.has('Inner')).toBe(true);
  });

  it('Given a resume start state, When the machine is asked twice, Then it is built once', () => {
    expect(definition.machineFor('Approve')).toBe(definition.machineFor('Approve'));
    expect(definition.machineFor()).not.toBe(definition.machineFor('Approve'));
  });

  it('Given invalid ASL, When compiled, Then the validator report is thrown', () => {
    expect(() => compileDefinition('{"StartAt":"Missing","States":{}}')).toThrow(/invalid/i);
    expect(() => compileDefinition('{not json')).toThrow(/not valid JSON/);
  });
});

describe('task tokens', () => {
  it('Given the key in a data directory, When reloaded, Then its tokens stay genuine and others are not', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sfn-tokens-'));
    const other = await mkdtemp(join(tmpdir(), 'sfn-tokens-'));
    try {
      const tokens = await TaskTokens.load(join(dir, 'key'));
      const token = tokens.mint();

      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(tokens.mint()).not.toBe(token);
      expect((await TaskTokens.load(join(dir, 'key'))).isGenuine(token)).toBe(true);
      expect((await TaskTokens.load(join(other, 'key'))).isGenuine(token)).toBe(false);
      expect(tokens.isGenuine(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
      expect(tokens.isGenuine('short')).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
      await rm(other, { recursive: true, force: true });
    }
  });
});
