import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { PENDING_MAIL_PATTERN, pendingMailsOf } from '../../../functions/adapters/dynamodb/outbox-stream.js';
import { matchesPattern } from '../../../infra/local/stream-trigger.js';

const mailItem = (status: 'PENDING' | 'SENT', extra: Record<string, unknown> = {}) =>
  marshall({
    PK: 'PROPOSAL#p-1',
    SK: 'MAIL#2026-12-01T00:00:00.000Z#0003#0',
    entity: 'MAIL',
    kind: 'APPROVAL_REQUEST',
    to: ['kepala@disperin.local'],
    subject: 'Permohonan persetujuan',
    text: 'teks',
    html: '<p>teks</p>',
    proposalId: 'p-1',
    status,
    createdAt: '2026-12-01T00:00:00.000Z',
    GSI3PK: 'MAIL#PENDING',
    ...extra,
  });

const record = (eventName: string, image: Record<string, unknown> | undefined) => ({
  eventName,
  eventSource: 'aws:dynamodb',
  dynamodb: image ? { NewImage: image } : {},
});

describe('Given stream records of the table, as Lambda hands them to the mail sender', () => {
  it('when a pending mail is inserted or touched again, then it is read back as the stored mail', () => {
    const mails = pendingMailsOf([
      record('INSERT', mailItem('PENDING')),
      record('MODIFY', mailItem('PENDING')),
    ]);
    expect(mails).toHaveLength(2);
    expect(mails[0]).toMatchObject({
      PK: 'PROPOSAL#p-1',
      to: ['kepala@disperin.local'],
      subject: 'Permohonan persetujuan',
      html: '<p>teks</p>',
      status: 'PENDING',
    });
    expect(mails[0]).not.toHaveProperty('entity');
  });

  it('when the record is a mail marked sent, a removal, another entity or has no image, then nothing is sent', () => {
    const proposal = marshall({ PK: 'PROPOSAL#p-1', SK: 'META', entity: 'PROPOSAL', status: 'PENDING' });
    expect(
      pendingMailsOf([
        record('MODIFY', mailItem('SENT')),
        record('REMOVE', mailItem('PENDING')),
        record('INSERT', proposal),
        record('INSERT', undefined),
      ]),
    ).toEqual([]);
  });

  it('then the filter pattern the stack and the local stack use lets through exactly the same records', () => {
    const cases = [
      [record('INSERT', mailItem('PENDING')), true],
      [record('MODIFY', mailItem('PENDING', { requeues: 1 })), true],
      [record('MODIFY', mailItem('SENT')), false],
      [record('REMOVE', mailItem('PENDING')), false],
      [record('INSERT', marshall({ PK: 'X', SK: 'Y', entity: 'PROPOSAL', status: 'PENDING' })), false],
      [record('INSERT', undefined), false],
    ] as const;
    for (const [r, expected] of cases) {
      expect(matchesPattern(PENDING_MAIL_PATTERN, r), JSON.stringify(r).slice(0, 80)).toBe(expected);
      expect(pendingMailsOf([r]).length === 1).toBe(expected);
    }
  });

  it('when a pattern uses a rule the local trigger does not know, then it refuses instead of matching everything', () => {
    expect(() => matchesPattern({ eventName: [{ prefix: 'INS' }] }, { eventName: 'INSERT' })).toThrow(
      /only matches exact values/,
    );
  });
});
