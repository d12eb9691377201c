import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { inputsHash, upToDate } from '../../web/build-inputs.js';

/**
 * Brings build/static (the web app, the API docs, openapi.json) up to date before the stack serves
 * it: about 60 ms when nothing it is made from changed, else web/build.ts in its own process (vite
 * stays out of the stack's memory). Done here rather than as an npm `prestart` step, which cost
 * every start a second npm and Node start-up.
 */
export async function ensureWebFiles(projectRoot: string): Promise<void> {
  if (await upToDate(await inputsHash('all'))) return;
  const build = spawnSync(process.execPath, ['--import', 'tsx', join(projectRoot, 'web/build.ts')], {
    cwd: projectRoot,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error(`web/build.ts failed (exit ${build.status ?? build.signal})`);
}
