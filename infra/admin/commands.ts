import type { Output } from '@aws-sdk/client-cloudformation';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  type AttributeType,
  ListUsersCommand,
  ListUsersInGroupCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { CLAIMS } from '../../functions/adapters/auth-claims.js';
import type { AdminCommand } from './args.js';

/** The stage's resources, from the outputs of its CloudFormation stack. */
export interface StageResources {
  userPoolId: string;
  publicBaseUrl: string;
  referenceDataFunctionName: string;
}

const OUTPUT_OF: Record<keyof StageResources, string> = {
  userPoolId: 'UserPoolId',
  publicBaseUrl: 'PublicBaseUrl',
  referenceDataFunctionName: 'ReferenceDataFunctionName',
};

export class AdminError extends Error {
  override readonly name = 'AdminError';
}

export function resourcesFromOutputs(stackName: string, outputs: readonly Output[]): StageResources {
  const value = (key: string) => outputs.find((o) => o.OutputKey === key)?.OutputValue;
  const entries = Object.entries(OUTPUT_OF).map(([field, key]) => {
    const found = value(key);
    if (!found) {
      throw new AdminError(
        `Stack ${stackName} tidak punya output ${key}; deploy ulang dengan versi ini (npm run deploy)`,
      );
    }
    return [field, found];
  });
  return Object.fromEntries(entries) as unknown as StageResources;
}

/** Only `send` is used, so tests hand in recording fakes. */
export interface Sender {
  send(command: object): Promise<unknown>;
}

export interface AdminContext {
  resources: StageResources;
  cognito: Sender;
  lambda: Sender;
  fetch: typeof fetch;
  /** The stage's seedSamplePools setting, as the deploy passes it to the seeding. */
  samplePools: boolean;
  /** An admin's ID token (IKM_ID_TOKEN), for the API calls. */
  idToken?: string;
  print: (line: string) => void;
}

/** Runs one command against the stage. */
export async function runAdminCommand(command: AdminCommand, ctx: AdminContext): Promise<void> {
  switch (command.kind) {
    case 'help':
      return;
    case 'people-add':
      return addPerson(command, ctx);
    case 'people-list':
      return listPeople(command.role, ctx);
    case 'people-disable':
      await ctx.cognito.send(
        new AdminDisableUserCommand({ UserPoolId: ctx.resources.userPoolId, Username: command.email }),
      );
      ctx.print(`${command.email} diblokir; tokennya yang masih berlaku habis dalam satu jam.`);
      return;
    case 'seed':
      return seed(ctx);
    case 'retry':
      return retry(command, ctx);
  }
}

async function addPerson(
  command: Extract<AdminCommand, { kind: 'people-add' }>,
  ctx: AdminContext,
): Promise<void> {
  const attributes: AttributeType[] = [
    { Name: 'email', Value: command.email },
    { Name: 'email_verified', Value: 'true' },
    { Name: CLAIMS.role, Value: command.role },
    ...(command.name ? [{ Name: 'name', Value: command.name }] : []),
    ...(command.districtCode ? [{ Name: CLAIMS.district, Value: command.districtCode }] : []),
    ...(command.approvalStage ? [{ Name: CLAIMS.stage, Value: command.approvalStage }] : []),
  ];
  await ctx.cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: ctx.resources.userPoolId,
      Username: command.email,
      DesiredDeliveryMediums: ['EMAIL'],
      UserAttributes: attributes,
    }),
  );
  // The group mirrors the role, so that `people list --role` finds them (the API trusts the attribute).
  await ctx.cognito.send(
    new AdminAddUserToGroupCommand({
      UserPoolId: ctx.resources.userPoolId,
      Username: command.email,
      GroupName: command.role,
    }),
  );
  ctx.print(
    `${command.email} dibuat sebagai ${command.role}; Cognito mengirim kata sandi sementara ke alamat itu.`,
  );
}

async function listPeople(role: string | undefined, ctx: AdminContext): Promise<void> {
  const users: UserType[] = [];
  let token: string | undefined;
  do {
    const page = (await ctx.cognito.send(
      role
        ? new ListUsersInGroupCommand({
            UserPoolId: ctx.resources.userPoolId,
            GroupName: role,
            NextToken: token,
          })
        : new ListUsersCommand({ UserPoolId: ctx.resources.userPoolId, PaginationToken: token }),
    )) as { Users?: UserType[]; NextToken?: string; PaginationToken?: string };
    users.push(...(page.Users ?? []));
    token = role ? page.NextToken : page.PaginationToken;
  } while (token);

  const attr = (u: UserType, name: string) => u.Attributes?.find((a) => a.Name === name)?.Value ?? '';
  const rows = users
    .map((u) => [
      attr(u, 'email') || (u.Username ?? ''),
      attr(u, CLAIMS.role),
      attr(u, CLAIMS.district) || attr(u, CLAIMS.stage) || '-',
      u.Enabled === false ? 'diblokir' : 'aktif',
      u.UserStatus ?? '',
    ])
    .sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
  ctx.print(formatTable([['email', 'peran', 'kab/kota atau tahap', 'akun', 'status'], ...rows]));
  ctx.print(`${rows.length} orang`);
}

async function seed(ctx: AdminContext): Promise<void> {
  // The same event the deploy's custom resource sends on an update; the handler ignores the rest.
  const event = {
    RequestType: 'Update',
    PhysicalResourceId: 'ikm-reference-data',
    ResourceProperties: { SamplePools: String(ctx.samplePools) },
    OldResourceProperties: {},
  };
  const out = (await ctx.lambda.send(
    new InvokeCommand({
      FunctionName: ctx.resources.referenceDataFunctionName,
      Payload: new TextEncoder().encode(JSON.stringify(event)),
    }),
  )) as { FunctionError?: string; Payload?: Uint8Array };
  const payload = out.Payload ? new TextDecoder().decode(out.Payload) : '';
  if (out.FunctionError) throw new AdminError(`Pengisian data referensi gagal: ${payload}`);
  const created = (JSON.parse(payload || '{}') as { Data?: { Created?: number } }).Data?.Created ?? 0;
  ctx.print(`Data referensi: ${created} butir baru ditambahkan; yang sudah ada tidak diubah.`);
}

async function retry(command: Extract<AdminCommand, { kind: 'retry' }>, ctx: AdminContext): Promise<void> {
  if (!ctx.idToken) {
    throw new AdminError('retry memanggil API sebagai admin: simpan token ID admin di variabel IKM_ID_TOKEN');
  }
  const url = `${ctx.resources.publicBaseUrl}/proposals/${encodeURIComponent(command.proposalId)}/retry`;
  const res = await ctx.fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${ctx.idToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ note: command.note }),
  });
  const text = await res.text();
  if (!res.ok) {
    let message = text;
    try {
      const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
      message = `${body.error?.code ?? res.status}: ${body.error?.message ?? text}`;
    } catch {
      // not the API's error shape; show it as it came
    }
    throw new AdminError(`Usulan ${command.proposalId} tidak dapat dicoba ulang (${res.status}) ${message}`);
  }
  const status = (JSON.parse(text || '{}') as { status?: string }).status;
  ctx.print(`Usulan ${command.proposalId} dicoba ulang${status ? `; status sekarang ${status}` : ''}.`);
}

function formatTable(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
