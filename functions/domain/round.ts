import * as z from 'zod/mini';
import { DomainError } from './errors.js';
import { fiscalYearSchema } from './fields.js';
import { formatWita } from './time.js';
import './validation-locale.js';

/**
 * The planning round of a fiscal year: the call for proposals (open from `opensAt` until
 * `closesAt`), the coordination meeting (Rapat Koordinasi) at `meetingAt`, and how many days
 * before the close the districts that sent nothing are reminded. Data, edited by an admin.
 */
export const ROUND_STATES = ['DRAFT', 'OPEN', 'CLOSED', 'FINAL'] as const;
export type RoundState = (typeof ROUND_STATES)[number];

export const ROUND_STATE_LABELS_ID: Record<RoundState, string> = {
  DRAFT: 'Draf',
  OPEN: 'Dibuka',
  CLOSED: 'Ditutup',
  FINAL: 'Final',
};

const instant = z.iso.datetime({ offset: true, error: 'Harus waktu ISO 8601, mis. 2016-01-31T16:00:00Z' });

/** What an admin sends with PUT /rounds/{fiscalYear}; FINAL is reached only by finalising. */
export const roundInputSchema = z
  .strictObject({
    fiscalYear: z.optional(fiscalYearSchema),
    state: z.enum(['DRAFT', 'OPEN', 'CLOSED'], 'Status harus DRAFT, OPEN atau CLOSED (FINAL lewat finalise)'),
    opensAt: instant,
    closesAt: instant,
    meetingAt: instant,
    reminderDaysBeforeClose: z
      .int()
      .check(z.minimum(0, 'Tidak boleh negatif'), z.maximum(90, 'Paling lama 90 hari')),
    /** The version the editor read (optional): a PUT over a newer version is refused. */
    version: z.optional(z.int().check(z.positive())),
  })
  .check(
    z.superRefine((r, ctx) => {
      const opens = Date.parse(r.opensAt);
      const closes = Date.parse(r.closesAt);
      const meeting = Date.parse(r.meetingAt);
      if (!(opens < closes))
        ctx.addIssue({
          code: 'custom',
          path: ['closesAt'],
          message: 'Penutupan harus sesudah pembukaan (opensAt)',
        });
      if (!(closes <= meeting))
        ctx.addIssue({
          code: 'custom',
          path: ['meetingAt'],
          message: 'Rapat koordinasi harus sesudah penutupan (closesAt)',
        });
      if (opens < closes && r.reminderDaysBeforeClose * 86_400_000 > closes - opens)
        ctx.addIssue({
          code: 'custom',
          path: ['reminderDaysBeforeClose'],
          message: 'Pengingat harus jatuh di dalam masa pengajuan (lebih pendek dari masa itu)',
        });
    }),
  );
export type RoundInput = z.infer<typeof roundInputSchema>;

export interface Round {
  fiscalYear: number;
  state: RoundState;
  opensAt: string;
  closesAt: string;
  meetingAt: string;
  reminderDaysBeforeClose: number;
  /** Starts at 1 and grows with every change; a write names the version it read. */
  version: number;
  /** The latest programme snapshot, once finalised. */
  snapshotVersion?: number | undefined;
}

const roundFileSchema = z.strictObject({
  fiscalYear: fiscalYearSchema,
  state: z.enum(ROUND_STATES),
  opensAt: instant,
  closesAt: instant,
  meetingAt: instant,
  reminderDaysBeforeClose: z.int().check(z.minimum(0)),
});

/** A round as kept in data/rounds/<year>.json (seeded as version 1). */
export function parseRoundFile(input: unknown): Round {
  const parsed = roundFileSchema.safeParse(input);
  if (!parsed.success) throw new Error(`invalid round file: ${parsed.error.issues[0]?.message}`);
  return { ...parsed.data, ...normalised(parsed.data), version: 1 };
}

/** Instants kept as UTC `...Z` strings, whatever offset they were written with. */
export function normalised<T extends Pick<Round, 'opensAt' | 'closesAt' | 'meetingAt'>>(r: T): T {
  const utc = (at: string) => new Date(at).toISOString();
  return { ...r, opensAt: utc(r.opensAt), closesAt: utc(r.closesAt), meetingAt: utc(r.meetingAt) };
}

/** The window in words, e.g. "1 Januari 2016 08.00 WITA s.d. 31 Januari 2016 24.00 WITA". */
export const windowText = (r: Pick<Round, 'opensAt' | 'closesAt'>): string =>
  `${formatWita(r.opensAt)} s.d. ${formatWita(r.closesAt)}`;

/**
 * Why a district may not submit or revise now (null when it may): the round must be OPEN and
 * `now` inside [opensAt, closesAt). A year without a round has had no call for proposals, which
 * is "not open" rather than "closed".
 */
export function submissionRefusal(fiscalYear: number, round: Round | null, now: Date): DomainError | null {
  if (!round)
    return new DomainError(
      'ROUND_NOT_OPEN',
      `Belum ada putaran perencanaan untuk tahun anggaran ${fiscalYear}; usulan belum dapat diajukan`,
      409,
    );
  const at = now.getTime();
  const window = windowText(round);
  if (round.state === 'DRAFT' || (round.state === 'OPEN' && at < Date.parse(round.opensAt)))
    return new DomainError(
      'ROUND_NOT_OPEN',
      `Pengajuan usulan TA ${fiscalYear} belum dibuka; masa pengajuan ${window}`,
      409,
    );
  if (round.state !== 'OPEN' || at >= Date.parse(round.closesAt))
    return new DomainError(
      'ROUND_CLOSED',
      `Pengajuan usulan TA ${fiscalYear} sudah ditutup; masa pengajuan ${window}`,
      409,
    );
  return null;
}

/** The moment districts that sent nothing are reminded. */
export const reminderAt = (r: Round): number =>
  Date.parse(r.closesAt) - r.reminderDaysBeforeClose * 86_400_000;

/** Whether the reminder of an OPEN round is due at `now` (from its moment until the close). */
export function reminderDue(r: Round, now: Date): boolean {
  const at = now.getTime();
  return (
    r.state === 'OPEN' && r.reminderDaysBeforeClose > 0 && at >= reminderAt(r) && at < Date.parse(r.closesAt)
  );
}
