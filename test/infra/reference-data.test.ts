import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/stack/ikm-proposal-stack.js';
import { hashOfDirectory, REFERENCE_DATA_HANDLER } from '../../infra/stack/reference-data.js';
import {
  actionsOf,
  resourcesOfType,
  roleOfFunction,
  type SynthesizedStage,
  statementsOfRole,
  synthesizeStage,
} from './synthesized-stage.js';

let dev: SynthesizedStage;
let prod: SynthesizedStage;

beforeAll(() => {
  dev = synthesizeStage('dev');
  prod = synthesizeStage('prod');
});

const referenceDataOf = (stage: SynthesizedStage) => {
  const found = resourcesOfType(stage, 'Custom::IkmReferenceData');
  expect(found).toHaveLength(1);
  return found[0]?.[1].Properties as Record<string, unknown>;
};
const seedFunctionId = (stage: SynthesizedStage) =>
  stage.stack.getLogicalId(stage.stack.referenceData.fn.node.defaultChild as CfnFunction);

describe('Given the synthesized stack', () => {
  it('then one custom resource seeds data/, carrying the hash of data/ so that a change of it is an update', () => {
    const props = referenceDataOf(dev);
    expect(props.DataHash).toBe(hashOfDirectory(join(PROJECT_ROOT, 'data')));
    expect(props.DataHash).toMatch(/^[0-9a-f]{64}$/);
    // Served by the Provider framework, whose onEvent function calls the seeding function.
    const token = JSON.stringify(props.ServiceToken);
    const frameworkId = /"Fn::GetAtt":\["([^"]+)","Arn"\]/.exec(token)?.[1] ?? '';
    expect(dev.resources[frameworkId]?.Type).toBe('AWS::Lambda::Function');
    expect(JSON.stringify(dev.resources[frameworkId]?.Properties)).toContain(seedFunctionId(dev));
  });

  it('then sample budget pools are seeded on dev only', () => {
    expect(referenceDataOf(dev).SamplePools).toBe('true');
    expect(referenceDataOf(prod).SamplePools).toBe('false');
  });

  it('then the seeding function runs the shared handler with the table and only item rights on it', () => {
    const fn = dev.resources[seedFunctionId(dev)]?.Properties as Record<string, any>;
    expect(fn.Description).toBe(`${REFERENCE_DATA_HANDLER} (deploy)`);
    expect(fn.Runtime).toBe('nodejs24.x');
    expect(fn.Environment.Variables.TABLE_NAME).toEqual({ Ref: expect.stringMatching(/^Data/) });
    const actions = actionsOf(statementsOfRole(dev, roleOfFunction(dev, seedFunctionId(dev))));
    expect(actions).toContain('dynamodb:PutItem');
    expect(actions.filter((a) => !a.startsWith('dynamodb:') && !a.startsWith('logs:'))).toEqual([]);
    expect(actions).not.toContain('dynamodb:Scan');
  });
});

describe('Given the data directory hash', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ikm-hash-'));
    cpSync(join(PROJECT_ROOT, 'data'), dir, { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('when a new fiscal-year file is added, then the hash changes', () => {
    const before = hashOfDirectory(dir);
    expect(hashOfDirectory(dir)).toBe(before);
    writeFileSync(join(dir, 'policies', '2099.json'), '{}');
    expect(hashOfDirectory(dir)).not.toBe(before);
  });
});
