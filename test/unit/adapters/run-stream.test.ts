import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  PENDING_RUN_PATTERN,
  runChangesOf,
  WITHDRAWN_PROPOSAL_PATTERN,
} from '../../../functions/adapters/dynamodb/run-stream.js';
import { matchesPattern } from '../../../infra/local/stream-trigger.js';
import { STREAM_CONSUMERS } from '../../../infra/stream-consumers.js';

const marker = (extra: Record<string, unknown> = {}) =>
  marshall(
    {
      PK: 'PROPOSAL#p-1',
      SK: 'RUN#002#001',
      GSI3PK: 'RUN#PENDING',
      GSI3SK: '2026-12-01T00:00:00.000Z#p-1',
      entity: 'PENDING_RUN',
      proposalId: 'p-1',
      revision: 2,
      attempt: 1,
      fiscalYear: 2027,
      districtCode: '73.71',
      since: '2026-12-01T00:00:00.000Z',
      ...extra,
    },
    { removeUndefinedValues: true },
  );

const proposal = (status: string, extra: Record<string, unknown> = {}) =>
  marshall({
    PK: 'PROPOSAL#p-1',
    SK: 'META',
    entity: 'PROPOSAL',
    id: 'p-1',
    revision: 2,
    runAttempt: 1,
    status,
    title: 'Pelatihan',
    ...extra,
  });

const record = (eventName: string, image: Record<string, unknown> | undefined) => ({
  eventName,
  eventSource: 'aws:dynamodb',
  dynamodb: image ? { NewImage: image } : {},
});

describe('Given stream records of the table, as Lambda hands them to run-control', () => {
  it('when a run marker is inserted or touched again by the sweep, then its run is to start, with the place it names', () => {
    const { toStart, toStop } = runChangesOf([
      record('INSERT', marker()),
      record('MODIFY', marker({ requeues: 1 })),
    ]);
    expect(toStop).toEqual([]);
    expect(toStart).toEqual([
      { proposalId: 'p-1', revision: 2, attempt: 1, fiscalYear: 2027, districtCode: '73.71' },
      { proposalId: 'p-1', revision: 2, attempt: 1, fiscalYear: 2027, districtCode: '73.71' },
    ]);
  });

  it('when a marker was written before markers named the place, then the run is to start without it (the starter reads the proposal)', () => {
    const { toStart } = runChangesOf([
      record('INSERT', marker({ fiscalYear: undefined, districtCode: undefined })),
    ]);
    expect(toStart).toEqual([
      { proposalId: 'p-1', revision: 2, attempt: 1, fiscalYear: undefined, districtCode: undefined },
    ]);
  });

  it('when a proposal is written WITHDRAWN, then the run of its current revision and attempt is to stop', () => {
    const arn = 'arn:aws:states:ap-southeast-3:000000000000:execution:ikm-proposal:p-1-r2-a1';
    const { toStart, toStop } = runChangesOf([
      record('MODIFY', proposal('WITHDRAWN', { executionArn: arn })),
    ]);
    expect(toStart).toEqual([]);
    expect(toStop).toEqual([{ id: 'p-1', revision: 2, runAttempt: 1, executionArn: arn }]);
  });

  it('when the record is a removed marker, another status, another entity or has no image, then nothing starts or stops', () => {
    expect(
      runChangesOf([
        record('REMOVE', marker()),
        record('MODIFY', proposal('AWAITING_APPROVAL')),
        record('INSERT', proposal('WITHDRAWN')),
        record('INSERT', marshall({ PK: 'PROPOSAL#p-1', SK: 'MAIL#1', entity: 'MAIL', status: 'PENDING' })),
        record('INSERT', undefined),
      ]),
    ).toEqual({ toStart: [], toStop: [] });
  });

  it('then the filter patterns the stack and the local stack use let through exactly the records it acts on', () => {
    const consumer = STREAM_CONSUMERS.find((c) => c.functionName === 'run-control');
    expect(consumer?.patterns).toEqual([PENDING_RUN_PATTERN, WITHDRAWN_PROPOSAL_PATTERN]);
    const cases = [
      [record('INSERT', marker()), true],
      [record('MODIFY', marker()), true],
      [record('REMOVE', marker()), false],
      [record('MODIFY', proposal('WITHDRAWN')), true],
      [record('MODIFY', proposal('SUBMITTED')), false],
      [record('INSERT', proposal('WITHDRAWN')), false],
      [record('INSERT', marshall({ entity: 'MAIL', status: 'PENDING' })), false],
    ] as const;
    for (const [r, expected] of cases) {
      const matched = (consumer?.patterns ?? []).some((p) => matchesPattern(p, r));
      expect(matched, JSON.stringify(r)).toBe(expected);
      const changes = runChangesOf([r]);
      expect(changes.toStart.length + changes.toStop.length > 0).toBe(expected);
    }
  });
});
