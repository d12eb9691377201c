import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import type { AdminCommand } from '../../../infra/admin/args.js';
import {
  type AdminContext,
  AdminError,
  resourcesFromOutputs,
  runAdminCommand,
  type Sender,
} from '../../../infra/admin/commands.js';

/** A client that records what it is sent and answers from a script. */
function recorder(answers: unknown[] = []): Sender & { sent: object[] } {
  const sent: object[] = [];
  return {
    sent,
    send: async (command: object) => {
      sent.push(command);
      return answers.shift() ?? {};
    },
  };
}

const resources = {
  userPoolId: 'ap-southeast-3_AbC',
  publicBaseUrl: 'https://ikm.example.go.id',
  referenceDataFunctionName: 'ikm-dev-seed-reference-data',
};

function context(overrides: Partial<AdminContext> = {}): AdminContext & { lines: string[] } {
  const lines: string[] = [];
  return {
    resources,
    cognito: recorder(),
    lambda: recorder(),
    fetch: (async () => {
      throw new Error('no HTTP in this test');
    }) as typeof fetch,
    samplePools: true,
    print: (line) => lines.push(line),
    lines,
    ...overrides,
  };
}

const inputOf = (command: object) => (command as { input: Record<string, unknown> }).input;

describe('Given a deployed stage', () => {
  it('when its stack lacks an output, then the operator is told which one and what to do', () => {
    expect(() =>
      resourcesFromOutputs('IkmProposal-dev', [{ OutputKey: 'UserPoolId', OutputValue: 'p' }]),
    ).toThrow(/IkmProposal-dev tidak punya output PublicBaseUrl/);
    expect(
      resourcesFromOutputs('IkmProposal-dev', [
        { OutputKey: 'UserPoolId', OutputValue: 'p' },
        { OutputKey: 'PublicBaseUrl', OutputValue: 'https://x' },
        { OutputKey: 'ReferenceDataFunctionName', OutputValue: 'f' },
      ]),
    ).toEqual({ userPoolId: 'p', publicBaseUrl: 'https://x', referenceDataFunctionName: 'f' });
  });

  it('when a submitter is added, then Cognito creates them with role and district and puts them in the role group', async () => {
    const cognito = recorder();
    const command: AdminCommand = {
      kind: 'people-add',
      email: 'ikm@makassarkota.go.id',
      role: 'submitter',
      districtCode: '73.71',
    };
    await runAdminCommand(command, context({ cognito }));
    expect(cognito.sent[0]).toBeInstanceOf(AdminCreateUserCommand);
    expect(inputOf(cognito.sent[0] as object)).toEqual({
      UserPoolId: resources.userPoolId,
      Username: 'ikm@makassarkota.go.id',
      DesiredDeliveryMediums: ['EMAIL'],
      UserAttributes: [
        { Name: 'email', Value: 'ikm@makassarkota.go.id' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'custom:role', Value: 'submitter' },
        { Name: 'custom:district', Value: '73.71' },
      ],
    });
    expect(cognito.sent[1]).toBeInstanceOf(AdminAddUserToGroupCommand);
    expect(inputOf(cognito.sent[1] as object)).toMatchObject({ GroupName: 'submitter' });
  });

  it('when an approver is added, then the approval stage goes into custom:stage', async () => {
    const cognito = recorder();
    await runAdminCommand(
      {
        kind: 'people-add',
        email: 'kabid@disperin.go.id',
        role: 'approver',
        approvalStage: 'KABID_IKM',
        name: 'Kabid',
      },
      context({ cognito }),
    );
    expect(inputOf(cognito.sent[0] as object).UserAttributes).toEqual(
      expect.arrayContaining([
        { Name: 'custom:stage', Value: 'KABID_IKM' },
        { Name: 'name', Value: 'Kabid' },
      ]),
    );
  });

  it('when people of a role are listed over two pages, then every one is printed with role and district or stage', async () => {
    const user = (email: string, extra: { Name: string; Value: string }[], Enabled = true) => ({
      Username: email,
      Enabled,
      UserStatus: 'CONFIRMED',
      Attributes: [{ Name: 'email', Value: email }, ...extra],
    });
    const cognito = recorder([
      {
        Users: [
          user('b@x.go.id', [
            { Name: 'custom:role', Value: 'approver' },
            { Name: 'custom:stage', Value: 'KADIS' },
          ]),
        ],
        NextToken: 't2',
      },
      {
        Users: [
          user(
            'a@x.go.id',
            [
              { Name: 'custom:role', Value: 'approver' },
              { Name: 'custom:stage', Value: 'KABID_IKM' },
            ],
            false,
          ),
        ],
      },
    ]);
    const ctx = context({ cognito });
    await runAdminCommand({ kind: 'people-list', role: 'approver' }, ctx);
    expect(cognito.sent.map((c) => c.constructor)).toEqual([
      ListUsersInGroupCommand,
      ListUsersInGroupCommand,
    ]);
    expect(inputOf(cognito.sent[1] as object)).toMatchObject({ GroupName: 'approver', NextToken: 't2' });
    const table = ctx.lines.join('\n');
    expect(table).toMatch(/a@x\.go\.id\s+approver\s+KABID_IKM\s+diblokir/);
    expect(table).toMatch(/b@x\.go\.id\s+approver\s+KADIS\s+aktif/);
    expect(table.indexOf('a@x.go.id')).toBeLessThan(table.indexOf('b@x.go.id'));
    expect(ctx.lines.at(-1)).toBe('2 orang');
  });

  it('when everyone is listed, then ListUsers pages with PaginationToken', async () => {
    const cognito = recorder([{ Users: [], PaginationToken: 'p2' }, { Users: [] }]);
    await runAdminCommand({ kind: 'people-list' }, context({ cognito }));
    expect(cognito.sent.map((c) => c.constructor)).toEqual([ListUsersCommand, ListUsersCommand]);
    expect(inputOf(cognito.sent[1] as object)).toMatchObject({ PaginationToken: 'p2' });
  });

  it('when someone is disabled, then Cognito disables exactly that user', async () => {
    const cognito = recorder();
    await runAdminCommand({ kind: 'people-disable', email: 'a@x.go.id' }, context({ cognito }));
    expect(cognito.sent).toHaveLength(1);
    expect(cognito.sent[0]).toBeInstanceOf(AdminDisableUserCommand);
    expect(inputOf(cognito.sent[0] as object)).toEqual({
      UserPoolId: resources.userPoolId,
      Username: 'a@x.go.id',
    });
  });

  it('when reference data is re-seeded, then the seeding function gets the deploy update event with the stage setting', async () => {
    const payload = new TextEncoder().encode(
      JSON.stringify({ PhysicalResourceId: 'ikm-reference-data', Data: { Created: 3 } }),
    );
    const lambda = recorder([{ StatusCode: 200, Payload: payload }]);
    const ctx = context({ lambda, samplePools: false });
    await runAdminCommand({ kind: 'seed' }, ctx);
    expect(lambda.sent[0]).toBeInstanceOf(InvokeCommand);
    const input = inputOf(lambda.sent[0] as object);
    expect(input.FunctionName).toBe('ikm-dev-seed-reference-data');
    expect(JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array))).toMatchObject({
      RequestType: 'Update',
      ResourceProperties: { SamplePools: 'false' },
    });
    expect(ctx.lines[0]).toContain('3 butir baru');
  });

  it('when the seeding function fails, then the command fails with its error', async () => {
    const payload = new TextEncoder().encode('{"errorType":"Error","errorMessage":"boom"}');
    const lambda = recorder([{ StatusCode: 200, FunctionError: 'Unhandled', Payload: payload }]);
    await expect(runAdminCommand({ kind: 'seed' }, context({ lambda }))).rejects.toThrow(/gagal: .*boom/);
  });

  it('when a proposal is retried, then the API is called as the admin with the note', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(JSON.stringify({ id: 'P-1', status: 'AWAITING_APPROVAL' }), { status: 200 });
    }) as unknown as typeof fetch;
    const ctx = context({ fetch: fakeFetch, idToken: 'id-token' });
    await runAdminCommand({ kind: 'retry', proposalId: 'P-1', note: 'SES pulih' }, ctx);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe('https://ikm.example.go.id/proposals/P-1/retry');
    expect(calls[0]?.init).toMatchObject({ method: 'POST', body: JSON.stringify({ note: 'SES pulih' }) });
    expect((calls[0]?.init.headers as Record<string, string> | undefined)?.authorization).toBe(
      'Bearer id-token',
    );
    expect(ctx.lines[0]).toContain('AWAITING_APPROVAL');
  });

  it('when a retry is refused by the API, then its error code and message are shown; without a token nothing is called', async () => {
    const fakeFetch = (async () =>
      new Response(
        JSON.stringify({ error: { code: 'INVALID_TRANSITION', message: 'Usulan tidak dapat dicoba ulang' } }),
        {
          status: 409,
        },
      )) as unknown as typeof fetch;
    await expect(
      runAdminCommand(
        { kind: 'retry', proposalId: 'P-2', note: 'x' },
        context({ fetch: fakeFetch, idToken: 't' }),
      ),
    ).rejects.toThrow(/\(409\) INVALID_TRANSITION: Usulan tidak dapat dicoba ulang/);
    await expect(runAdminCommand({ kind: 'retry', proposalId: 'P-2', note: 'x' }, context())).rejects.toThrow(
      AdminError,
    );
  });
});
