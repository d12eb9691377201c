import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/**
 * What a Lambda INIT does for an ESM handler: import the bundle, which evaluates every module in it.
 * Measured inside a fresh Node process, from just before the import to just after, so Node's own
 * boot is not counted (Lambda's runtime is already up when INIT starts).
 */
const IMPORT_ONCE = `
const url = process.argv[1];
const started = performance.now();
const mod = await import(url);
const ms = performance.now() - started;
if (typeof mod.handler !== 'function') throw new Error('the bundle exports no handler');
process.stdout.write(JSON.stringify({ ms }));
`;

/** The variables the CDK stack sets on a function, with harmless values: enough for any init-time read. */
const LAMBDA_LIKE_ENV: Record<string, string> = {
  AWS_REGION: 'ap-southeast-3',
  TABLE_NAME: 'ikm-bench',
  STATE_MACHINE_ARN: 'arn:aws:states:ap-southeast-3:000000000000:stateMachine:ikm-bench',
  PUBLIC_BASE_URL: 'https://ikm.example.go.id',
  MAIL_FROM: 'noreply@example.go.id',
  NODE_OPTIONS: '',
};

export async function timeImportOnce(bundlePath: string): Promise<number> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    ...LAMBDA_LIKE_ENV,
  };
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', IMPORT_ONCE, pathToFileURL(bundlePath).href],
    {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0)
    throw new Error(
      `importing ${bundlePath} failed (exit ${code}): ${err.trim().split('\n').slice(-3).join(' ')}`,
    );
  return (JSON.parse(out) as { ms: number }).ms;
}
