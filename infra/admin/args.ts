import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../../functions/domain/caller.js';
import { STAGE_NAMES } from '../stage-config.js';

/** What `npm run admin -- …` was asked to do, checked before anything touches AWS. */
export type AdminCommand =
  | { kind: 'help' }
  | {
      kind: 'people-add';
      email: string;
      role: Role;
      districtCode?: string;
      approvalStage?: string;
      name?: string;
    }
  | { kind: 'people-list'; role?: Role }
  | { kind: 'people-disable'; email: string }
  | { kind: 'seed' }
  | { kind: 'retry'; proposalId: string; note: string };

export interface AdminInvocation {
  stage: string;
  /** An AWS CLI profile; the SDK reads AWS_PROFILE. */
  profile?: string;
  command: AdminCommand;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `Pemakaian: npm run admin -- --stage <${STAGE_NAMES.join('|')}> [--profile <profil AWS>] <perintah>

Perintah:
  people add <email> --role submitter --district <kode>    pengusul kabupaten/kota (kode Kemendagri, mis. 73.71)
  people add <email> --role approver --approval-stage <S>  penyetuju pada tahap S (mis. KABID_IKM)
  people add <email> --role admin|auditor [--name <nama>]  admin atau auditor
  people list [--role <peran>]                             daftar orang (dan peran, kabupaten/kota, tahap)
  people disable <email>                                   memblokir seseorang
  seed                                                     mengisi data referensi data/ yang belum ada
  retry <id-usulan> --note "<alasan>"                      mencoba ulang usulan OVERDUE atau FAILED
                                                           (butuh token ID admin di IKM_ID_TOKEN)

Sumber daya stage dibaca dari output stack CloudFormation IkmProposal-<stage>.`;

const DISTRICT_CODE = /^\d{2}\.\d{2}$/;
const APPROVAL_STAGE = /^[A-Z][A-Z0-9_]*$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Parses `process.argv.slice(2)`; throws UsageError with a message in Bahasa Indonesia. */
export function parseAdminArgs(argv: readonly string[]): AdminInvocation {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { stage: values.stage ?? '', command: { kind: 'help' } };
  if (!values.stage) throw new UsageError('--stage wajib diisi (mis. --stage dev)');
  if (!(STAGE_NAMES as readonly string[]).includes(values.stage)) {
    throw new UsageError(
      `Stage "${values.stage}" tidak dikenal; pilih salah satu: ${STAGE_NAMES.join(', ')}`,
    );
  }
  const base = { stage: values.stage, ...(values.profile ? { profile: values.profile } : {}) };
  const [group, action, target, ...rest] = positionals;
  const noExtra = (extra: (string | undefined)[]) => {
    const left = extra.filter((x) => x !== undefined);
    if (left.length > 0) throw new UsageError(`Argumen tidak dikenal: ${left.join(' ')}`);
  };
  const onlyOptions = (allowed: string[]) => {
    const given = (['role', 'district', 'approval-stage', 'name', 'note'] as const).filter(
      (k) => values[k] !== undefined,
    );
    const extra = given.filter((k) => !allowed.includes(k));
    if (extra.length > 0) throw new UsageError(`Opsi --${extra[0]} tidak berlaku untuk perintah ini`);
  };

  if (group === undefined) throw new UsageError('Perintah belum disebut');
  if (group === 'people') {
    if (action === 'add') {
      noExtra(rest);
      onlyOptions(['role', 'district', 'approval-stage', 'name']);
      return { ...base, command: peopleAdd(target, values) };
    }
    if (action === 'list') {
      noExtra([target, ...rest]);
      onlyOptions(['role']);
      if (values.role !== undefined && !isRole(values.role)) throw new UsageError(roleProblem(values.role));
      return {
        ...base,
        command: { kind: 'people-list', ...(values.role ? { role: values.role as Role } : {}) },
      };
    }
    if (action === 'disable') {
      noExtra(rest);
      onlyOptions([]);
      return { ...base, command: { kind: 'people-disable', email: emailOf(target) } };
    }
    throw new UsageError(
      `"people ${action ?? ''}" tidak dikenal; gunakan people add, people list atau people disable`,
    );
  }
  if (group === 'seed') {
    noExtra([action, target, ...rest]);
    onlyOptions([]);
    return { ...base, command: { kind: 'seed' } };
  }
  if (group === 'retry') {
    noExtra([target, ...rest]);
    onlyOptions(['note']);
    if (!action) throw new UsageError('retry butuh id usulan');
    const note = values.note?.trim();
    if (!note) throw new UsageError('retry butuh --note "<alasan>" (dicatat di riwayat usulan)');
    return { ...base, command: { kind: 'retry', proposalId: action, note } };
  }
  throw new UsageError(`Perintah "${group}" tidak dikenal`);
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      stage: { type: 'string' },
      profile: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      role: { type: 'string' },
      district: { type: 'string' },
      'approval-stage': { type: 'string' },
      name: { type: 'string' },
      note: { type: 'string' },
    },
  });
}

function roleProblem(role: string): string {
  return `Peran "${role}" tidak dikenal; pilih salah satu: ${ROLES.join(', ')}`;
}

function emailOf(value: string | undefined): string {
  if (!value) throw new UsageError('Alamat email orangnya belum disebut');
  if (!EMAIL.test(value)) throw new UsageError(`"${value}" bukan alamat email yang sah`);
  return value.toLowerCase();
}

function peopleAdd(
  target: string | undefined,
  values: { role?: string; district?: string; 'approval-stage'?: string; name?: string },
): AdminCommand {
  const email = emailOf(target);
  if (!values.role) throw new UsageError('people add butuh --role');
  if (!isRole(values.role)) throw new UsageError(roleProblem(values.role));
  const role = values.role;
  const district = values.district;
  const approvalStage = values['approval-stage'];
  if (role === 'submitter') {
    if (!district)
      throw new UsageError('Pengusul (submitter) butuh --district <kode Kemendagri>, mis. 73.71');
    if (!DISTRICT_CODE.test(district))
      throw new UsageError(`Kode kabupaten/kota "${district}" tidak sah; contoh: 73.71`);
  } else if (district !== undefined) {
    throw new UsageError('--district hanya untuk peran submitter');
  }
  if (role === 'approver') {
    if (!approvalStage)
      throw new UsageError('Penyetuju (approver) butuh --approval-stage <TAHAP>, mis. KABID_IKM');
    if (!APPROVAL_STAGE.test(approvalStage)) {
      throw new UsageError(`Tahap persetujuan "${approvalStage}" tidak sah; contoh: KABID_IKM`);
    }
  } else if (approvalStage !== undefined) {
    throw new UsageError('--approval-stage hanya untuk peran approver');
  }
  return {
    kind: 'people-add',
    email,
    role,
    ...(district ? { districtCode: district } : {}),
    ...(approvalStage ? { approvalStage } : {}),
    ...(values.name ? { name: values.name } : {}),
  };
}
