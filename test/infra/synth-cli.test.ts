import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHandlerBundles } from '../../infra/local/bundled-handlers.js';
import { handlerCatalog } from '../../infra/stack/handler-catalog.js';
import { PROJECT_ROOT } from '../../infra/stack/ikm-proposal-stack.js';
import { REFERENCE_DATA_HANDLER } from '../../infra/stack/reference-data.js';

const STACK = 'IkmProposal-dev';
const scratch = mkdtempSync(path.join(tmpdir(), 'ikm-synth-'));
const outdir = path.join(scratch, 'cdk.out');

/** The environment of an operator's shell with no AWS account configured at all. */
function withoutAws(): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_') && !name.startsWith('CDK_')),
  );
  return {
    ...clean,
    AWS_REGION: '',
    AWS_CONFIG_FILE: path.join(scratch, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(scratch, 'no-credentials'),
    // No instance metadata service here; without this the SDK would wait for it to time out.
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

let synth: ReturnType<typeof spawnSync>;
let resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
let assetFiles: Record<string, { source: { path: string } }>;

beforeAll(() => {
  synth = spawnSync('npx', ['cdk', 'synth', '--quiet', '--output', outdir, '--context', 'stage=dev'], {
    cwd: PROJECT_ROOT,
    env: withoutAws(),
    encoding: 'utf8',
    timeout: 170_000,
  });
  if (synth.status === 0) {
    resources = JSON.parse(readFileSync(path.join(outdir, `${STACK}.template.json`), 'utf8')).Resources;
    assetFiles = JSON.parse(readFileSync(path.join(outdir, `${STACK}.assets.json`), 'utf8')).files;
  }
}, 180_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function bundleDirOf(entry: string): string {
  const fn = Object.values(resources).find(
    (r) =>
      r.Type === 'AWS::Lambda::Function' &&
      typeof r.Properties.Description === 'string' &&
      r.Properties.Description.startsWith(`${entry} (`),
  );
  const key = (fn?.Properties.Code as { S3Key: string } | undefined)?.S3Key ?? '';
  const asset = assetFiles[key.replace(/\.zip$/, '')];
  if (!asset) throw new Error(`No bundled asset for ${entry}`);
  return path.join(outdir, asset.source.path);
}

describe('cdk synth', () => {
  it('exits 0 with no AWS credentials and no region, cdk-nag included', () => {
    expect(synth.error).toBeUndefined();
    expect(synth.stderr, String(synth.stderr)).not.toMatch(/AwsSolutions-/);
    expect(synth.status, String(synth.stderr)).toBe(0);
  });

  it('targets the stage region with the account left to deploy time', () => {
    const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    expect(manifest.artifacts[STACK].environment).toBe('aws://unknown-account/ap-southeast-3');
  });

  it('bundles every handler module with esbuild into a minified ES module with a source map', () => {
    for (const { entry } of handlerCatalog()) {
      const dir = bundleDirOf(entry);
      const code = readFileSync(path.join(dir, 'index.mjs'), 'utf8');
      // Unminified, each of these bundles runs to tens of thousands of lines (the AWS SDK is inside);
      // minified, only the line breaks inside template literals remain.
      expect(code.split('\n').length, entry).toBeLessThan(1_000);
      const map = JSON.parse(readFileSync(path.join(dir, 'index.mjs.map'), 'utf8')) as { sources: string[] };
      expect(
        map.sources.some((s) => s.endsWith(entry)),
        entry,
      ).toBe(true);
      expect(existsSync(path.join(dir, 'node_modules')), entry).toBe(false);
    }
  });

  it('ships, byte for byte, the bundles that `npm start -- --bundles` runs', async () => {
    const local = mkdtempSync(path.join(tmpdir(), 'ikm-local-bundles-'));
    try {
      const { bundles } = await buildHandlerBundles(PROJECT_ROOT, local);
      for (const b of bundles) {
        const shipped = readFileSync(path.join(bundleDirOf(b.spec.entry), 'index.mjs'));
        expect(readFileSync(b.outfile).equals(shipped), b.spec.entry).toBe(true);
      }
    } finally {
      rmSync(local, { recursive: true, force: true });
    }
  });

  it('ships the reference data beside the seeding function, with its handler', () => {
    const fn = Object.values(resources).find(
      (r) =>
        r.Type === 'AWS::Lambda::Function' &&
        r.Properties.Description === `${REFERENCE_DATA_HANDLER} (deploy)`,
    );
    const key = (fn?.Properties.Code as { S3Key: string } | undefined)?.S3Key ?? '';
    const asset = assetFiles[key.replace(/\.zip$/, '')];
    expect(asset, 'seeding function asset').toBeDefined();
    const dir = path.join(outdir, asset?.source.path ?? '');
    expect(existsSync(path.join(dir, 'index.mjs'))).toBe(true);
    for (const file of ['districts.csv', 'province.json', 'policies/2016.json', 'budget-pools/2016.json']) {
      expect(
        readFileSync(path.join(dir, 'data', file)).equals(
          readFileSync(path.join(PROJECT_ROOT, 'data', file)),
        ),
        file,
      ).toBe(true);
    }
  });

  it('produces bundles that load on their own, as in the Lambda runtime', () => {
    // Each bundle is copied away from the project, so that nothing resolves from node_modules.
    const isolated = mkdtempSync(path.join(tmpdir(), 'ikm-bundles-'));
    try {
      const files = handlerCatalog().map(({ functionName, entry }) => {
        const file = path.join(isolated, `${functionName}.mjs`);
        copyFileSync(path.join(bundleDirOf(entry), 'index.mjs'), file);
        return file;
      });
      const script = `for (const f of ${JSON.stringify(files)}) { const m = await import(f); console.log(typeof m.handler); }`;
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: isolated,
        env: {
          PATH: process.env.PATH,
          AWS_REGION: 'ap-southeast-3',
          TABLE_NAME: 'ikm-dev-table',
          MAIL_FROM: 'ikm-dev@disperin.sulselprov.go.id',
          PUBLIC_BASE_URL: 'https://a1b2c3d4e5.execute-api.ap-southeast-3.amazonaws.com',
          STATE_MACHINE_ARN: 'arn:aws:states:ap-southeast-3:111122223333:stateMachine:ikm-proposal-dev',
        },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.stderr).toBe('');
      expect(run.stdout.trim().split('\n')).toEqual(files.map(() => 'function'));
    } finally {
      rmSync(isolated, { recursive: true, force: true });
    }
  });
});

describe('the CDK app', () => {
  it('stops with a clear message for an unknown stage', () => {
    const run = spawnSync('npx', ['tsx', 'infra/app.ts'], {
      cwd: PROJECT_ROOT,
      env: {
        ...withoutAws(),
        CDK_CONTEXT_JSON: JSON.stringify({ stage: 'staging' }),
        CDK_OUTDIR: path.join(scratch, 'unused'),
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe('Unknown stage "staging". Use --context stage=<dev|prod>.');
  });
});
