import { marshall } from '@aws-sdk/util-dynamodb';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const deliverMails = vi.fn();
vi.mock('../../../functions/workflow/deliver-mails.js', () => ({ deliverMails }));

beforeEach(() => {
  deliverMails.mockReset();
  deliverMails.mockImplementation(async (mails: unknown[]) => ({ sent: mails.length, failed: 0 }));
});

const pending = (sk: string, status = 'PENDING') => ({
  eventName: 'INSERT',
  dynamodb: {
    NewImage: marshall({
      PK: 'PROPOSAL#p',
      SK: sk,
      entity: 'MAIL',
      status,
      to: ['a@b.c'],
      subject: 's',
      text: 't',
      html: 'h',
    }),
  },
});

describe('Given the mail sender on the table stream', () => {
  it('when a batch holds pending mails and others, then only the pending mails are delivered, in one call', async () => {
    const { handler } = await import('../../../functions/mail/send-mail.js');
    const result = await handler({
      Records: [pending('MAIL#1'), pending('MAIL#2', 'SENT'), pending('MAIL#3')],
    });
    expect(deliverMails).toHaveBeenCalledTimes(1);
    expect(deliverMails.mock.calls[0]?.[0].map((m: { SK: string }) => m.SK)).toEqual(['MAIL#1', 'MAIL#3']);
    expect(result).toEqual({ sent: 2, failed: 0 });
  });

  it('when a mail fails, then the batch still succeeds (the mail stays pending for the sweep)', async () => {
    deliverMails.mockResolvedValueOnce({ sent: 0, failed: 1 });
    const { handler } = await import('../../../functions/mail/send-mail.js');
    await expect(handler({ Records: [pending('MAIL#1')] })).resolves.toEqual({ sent: 0, failed: 1 });
  });
});
