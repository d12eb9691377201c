import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { District } from '../../../functions/domain/district.js';
import type { Round } from '../../../functions/domain/round.js';

/** The reminder function with its repositories replaced: which district is mailed, and how. */
const rounds = vi.fn<() => Promise<Round[]>>();
const districts = vi.fn<() => Promise<District[]>>();
const proposalsOfYear = vi.fn<(year: number) => Promise<Array<{ districtCode: string; status: string }>>>();
const putRoundReminder = vi.fn();
vi.mock('../../../functions/adapters/dynamodb/round-repository.js', () => ({ all: rounds }));
vi.mock('../../../functions/adapters/dynamodb/reference-repository.js', () => ({ districts }));
vi.mock('../../../functions/adapters/dynamodb/proposal-queries.js', () => ({ proposalsOfYear }));
vi.mock('../../../functions/adapters/dynamodb/outbox-repository.js', () => ({
  outboxRepository: { putRoundReminder },
}));

const { handler } = await import('../../../functions/rounds/round-reminders.js');

const NOW = new Date('2016-02-10T04:00:00.000Z');
const DAY = 86_400_000;
const round = (closesInDays: number, changes: Partial<Round> = {}): Round => ({
  fiscalYear: 2016,
  state: 'OPEN',
  opensAt: '2016-01-01T00:00:00.000Z',
  closesAt: new Date(NOW.getTime() + closesInDays * DAY).toISOString(),
  meetingAt: '2016-02-19T01:00:00.000Z',
  reminderDaysBeforeClose: 3,
  version: 1,
  ...changes,
});
const district = (
  code: string,
  name: string,
  contactEmails: string[] = [`${code}@kabkota.local`],
): District => ({
  code,
  bpsCode: code,
  kind: 'kota',
  name,
  population: 1,
  areaKm2: 1,
  leadingCommodities: [],
  contactEmails,
});

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
  districts.mockResolvedValue([
    district('73.71', 'Kota Makassar'),
    district('73.72', 'Kota Parepare'),
    district('73.73', 'Kota Palopo'),
    district('73.01', 'Kabupaten Kepulauan Selayar', []),
  ]);
  proposalsOfYear.mockResolvedValue([
    { districtCode: '73.71', status: 'AWAITING_APPROVAL' },
    { districtCode: '73.72', status: 'WITHDRAWN' },
  ]);
  putRoundReminder.mockImplementation(async (_y, _c, districtCode: string) => ({ districtCode }));
});

afterEach(() => {
  vi.useRealTimers();
  vi.resetAllMocks();
});

describe('Given the hourly round-reminder function', () => {
  it('when a round closes in two days and reminds three days before, then each district that sent nothing and has contacts is mailed, in WITA', async () => {
    const open = round(2);
    rounds.mockResolvedValue([open]);
    await expect(handler()).resolves.toEqual({ roundReminders: 2 });
    expect(proposalsOfYear).toHaveBeenCalledWith(2016);
    // Parepare's only proposal was withdrawn: it counts as silent. Selayar has no address.
    expect(putRoundReminder.mock.calls.map((c) => c[2])).toEqual(['73.72', '73.73']);
    const [year, closesAt, code, at, mail] = putRoundReminder.mock.calls[1] ?? [];
    expect([year, closesAt, code, at]).toEqual([2016, open.closesAt, '73.73', NOW.toISOString()]);
    expect(mail).toMatchObject({ kind: 'ROUND_REMINDER', to: ['73.73@kabkota.local'] });
    expect(mail.subject).toContain('TA 2016');
    expect(mail.subject).toContain('WITA');
    expect(mail.text).toContain('Kota Palopo');
  });

  it('when a district was reminded already for that closing date, then the put finds its mark and the run counts no new mail', async () => {
    rounds.mockResolvedValue([round(2)]);
    putRoundReminder.mockResolvedValue(null);
    await expect(handler()).resolves.toEqual({ roundReminders: 0 });
    expect(putRoundReminder).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['its reminder is not due yet', round(4)],
    ['it has closed', round(-1)],
    ['it is not open', round(2, { state: 'DRAFT' })],
    ['it reminds nobody', round(2, { reminderDaysBeforeClose: 0 })],
  ])(
    'when the only round is one where %s, then nothing is read beyond the rounds and nobody is mailed',
    async (_, r) => {
      rounds.mockResolvedValue([r]);
      await expect(handler()).resolves.toEqual({ roundReminders: 0 });
      expect(districts).not.toHaveBeenCalled();
      expect(putRoundReminder).not.toHaveBeenCalled();
    },
  );
});
