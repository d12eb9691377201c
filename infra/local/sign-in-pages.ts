import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { ROLES, type Role } from '../../functions/domain/caller.js';
import { parseDistrictsCsv } from '../../functions/domain/districts-csv.js';
import { html } from '../../functions/domain/html.js';
import { page } from '../../functions/views/layout.js';
import { issueToken } from './jwt-issuer.js';

/**
 * GET /_local/sign-in: a person picks a role (and district or approval stage) and enters the web
 * app with a token from the local issuer, the same token `npm run token` prints. POST answers a
 * page that keeps the token in the tab's sessionStorage and opens /app/: the token never appears
 * in a URL or a log. Local only: on AWS the app signs in with Cognito.
 */
const ROLE_LABELS: Record<Role, string> = {
  submitter: 'Operator kabupaten/kota (mengajukan usulan)',
  approver: 'Pejabat penyetuju provinsi',
  admin: 'Admin',
  auditor: 'Auditor (hanya baca)',
};
const STAGES = [
  ['KABID_IKM', 'Kepala Bidang IKM'],
  ['KADIS', 'Kepala Dinas'],
] as const;

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

export async function renderSignInForm(projectRoot: string, error = ''): Promise<string> {
  const districts = parseDistrictsCsv(await readFile(join(projectRoot, 'data/districts.csv'), 'utf8'));
  return page(
    'Masuk (lokal)',
    html`<h1>Masuk ke aplikasi (identitas lokal)</h1>
<p class="muted">Hanya di komputer pengembang: di AWS aplikasi memakai login Cognito.</p>
${error ? html`<p class="bad" role="alert">${error}</p>` : ''}
<form method="post" action="/_local/sign-in" class="card">
<fieldset class="choices" style="border:0;padding:0;margin:0"><legend><strong>Peran</strong></legend>
${ROLES.map(
  (role, i) =>
    html`<label><input type="radio" name="role" value="${role}" ${i === 0 ? 'checked' : ''}> ${ROLE_LABELS[role]}</label>`,
)}
</fieldset>
<label for="district">Kabupaten/kota (untuk operator)</label>
<select id="district" name="district" style="width:100%;padding:10px;font:inherit">
${districts.map((d) => html`<option value="${d.code}" ${d.code === '73.71' ? 'selected' : ''}>${d.code} ${d.name}</option>`)}
</select>
<label for="stage">Tahap persetujuan (untuk pejabat penyetuju)</label>
<select id="stage" name="stage" style="width:100%;padding:10px;font:inherit">
${STAGES.map(([code, name]) => html`<option value="${code}">${name} (${code})</option>`)}
</select>
<label for="email">Email (boleh kosong)</label>
<input id="email" name="email" type="email" autocomplete="email" style="width:100%;padding:10px;font:inherit">
<button type="submit">Masuk</button>
</form>`,
  );
}

async function formOf(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 4096) break;
  }
  return new URLSearchParams(body);
}

export async function handleSignIn(
  req: IncomingMessage,
  res: ServerResponse,
  opts: { projectRoot: string; dataDir: string },
): Promise<void> {
  const form = await formOf(req);
  const role = form.get('role') as Role;
  const email = form.get('email')?.trim() || undefined;
  let token: string;
  try {
    if (!ROLES.includes(role)) throw new Error('Pilih peran');
    if (email && !/^[^\s@]+@[^\s@]+$/.test(email)) throw new Error('Email tidak valid');
    token = await issueToken({
      role,
      districtCode: role === 'submitter' ? (form.get('district') ?? undefined) : undefined,
      stage: role === 'approver' ? (form.get('stage') ?? undefined) : undefined,
      email,
      dataDir: opts.dataDir,
    });
  } catch (error) {
    res.writeHead(400, PAGE_HEADERS);
    res.end(await renderSignInForm(opts.projectRoot, (error as Error).message));
    return;
  }
  res.writeHead(200, PAGE_HEADERS);
  res.end(`<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Masuk…</title></head>
<body><p>Masuk… <a href="/app/">lanjut ke aplikasi</a></p>
<script>sessionStorage.setItem('ikm.token', ${JSON.stringify(token)}); location.replace('/app/');</script>
</body></html>`);
}
