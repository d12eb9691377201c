import { describe, expect, it } from 'vitest';
import { parseAdminArgs, UsageError } from '../../../infra/admin/args.js';

const parse = (line: string) => parseAdminArgs(line.split(' ').filter(Boolean));
const problem = (line: string) => {
  try {
    parse(line);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`"${line}" was accepted`);
};

describe('Given the admin command line', () => {
  it('when a submitter is added with a district, then the command carries role and district', () => {
    expect(parse('--stage dev people add Ikm@MakassarKota.go.id --role submitter --district 73.71')).toEqual({
      stage: 'dev',
      command: {
        kind: 'people-add',
        email: 'ikm@makassarkota.go.id',
        role: 'submitter',
        districtCode: '73.71',
      },
    });
  });

  it('when an approver is added, then the approval stage is taken from --approval-stage', () => {
    expect(
      parse(
        '--stage prod --profile ikm people add kabid@disperin.go.id --role approver --approval-stage KABID_IKM',
      ),
    ).toEqual({
      stage: 'prod',
      profile: 'ikm',
      command: {
        kind: 'people-add',
        email: 'kabid@disperin.go.id',
        role: 'approver',
        approvalStage: 'KABID_IKM',
      },
    });
  });

  it('when people are listed, disabled, seeded or a proposal retried, then each gets its command', () => {
    expect(parse('--stage dev people list --role approver').command).toEqual({
      kind: 'people-list',
      role: 'approver',
    });
    expect(parse('--stage dev people list').command).toEqual({ kind: 'people-list' });
    expect(parse('--stage dev people disable a@b.go.id').command).toEqual({
      kind: 'people-disable',
      email: 'a@b.go.id',
    });
    expect(parse('--stage dev seed').command).toEqual({ kind: 'seed' });
    expect(parseAdminArgs(['--stage', 'dev', 'retry', 'P-1', '--note', 'SES pulih']).command).toEqual({
      kind: 'retry',
      proposalId: 'P-1',
      note: 'SES pulih',
    });
  });

  it('when --help is given, then help is the command, even without a stage', () => {
    expect(parse('--help').command).toEqual({ kind: 'help' });
  });

  it.each([
    ['people list', '--stage wajib'],
    ['--stage qa seed', 'Stage "qa" tidak dikenal'],
    ['--stage dev', 'Perintah belum disebut'],
    ['--stage dev launch', 'Perintah "launch" tidak dikenal'],
    ['--stage dev people add a@b.go.id', 'butuh --role'],
    ['--stage dev people add a@b.go.id --role boss', 'Peran "boss" tidak dikenal'],
    ['--stage dev people add a@b.go.id --role submitter', 'butuh --district'],
    ['--stage dev people add a@b.go.id --role submitter --district 7371', 'tidak sah'],
    ['--stage dev people add a@b.go.id --role approver', 'butuh --approval-stage'],
    ['--stage dev people add a@b.go.id --role admin --district 73.71', 'hanya untuk peran submitter'],
    ['--stage dev people add not-an-email --role admin', 'bukan alamat email'],
    ['--stage dev people disable', 'belum disebut'],
    ['--stage dev people remove a@b.go.id', 'tidak dikenal'],
    ['--stage dev seed now', 'Argumen tidak dikenal: now'],
    ['--stage dev seed --note x', 'Opsi --note tidak berlaku'],
    ['--stage dev retry P-1', 'butuh --note'],
    ['--stage dev retry --note x', 'butuh id usulan'],
    ['--stage dev people list --colour red', "Unknown option '--colour'"],
  ])('when the line is "%s", then it is refused: %s', (line, message) => {
    expect(problem(line)).toContain(message);
  });
});
