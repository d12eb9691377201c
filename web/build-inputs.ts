/**
 * Whether build/static is current: a SHA-256 of everything web/build.ts makes it from, kept beside it
 * when a build finishes. Read by the build itself and by `npm start` (infra/local/web-files.ts),
 * which then starts the build only when something changed.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
export const STATIC_DIR = join(ROOT, 'build/static');

/**
 * What the outputs are made from: the app's and the docs page's sources, the code the OpenAPI
 * document and the app import (schemas and domain modules under functions/, the route table), and
 * the lockfile, which pins vite, preact and Swagger UI.
 */
const INPUT_DIRS = ['web', 'functions', 'infra/openapi'];
const INPUT_FILES = ['infra/routes.ts', 'package-lock.json', 'tsconfig.json'];
const OUTPUTS = ['openapi.json', 'docs/swagger-ui-bundle.js', 'docs/docs-init.js', 'app/index.html'];
// Beside build/static, not in it: nothing in there is served that the app does not need.
export const STAMP = join(ROOT, 'build/web-inputs.sha256');

/** One hash of every input file's path and content (about 200 files, a few milliseconds). */
export async function inputsHash(mode: string): Promise<string> {
  const listed = await Promise.all(
    INPUT_DIRS.map(async (dir) =>
      (await readdir(join(ROOT, dir), { recursive: true, withFileTypes: true }))
        .filter((entry) => entry.isFile())
        .map((entry) => join(entry.parentPath, entry.name).slice(ROOT.length + 1)),
    ),
  );
  const files = [...listed.flat(), ...INPUT_FILES].sort();
  const hash = createHash('sha256').update(`${mode}\n`);
  for (const file of files) hash.update(`${file}\n`).update(await readFile(join(ROOT, file)));
  return hash.digest('hex');
}

export async function upToDate(hash: string): Promise<boolean> {
  try {
    if ((await readFile(STAMP, 'utf8')).trim() !== hash) return false;
    await Promise.all(OUTPUTS.map((file) => readFile(join(STATIC_DIR, file))));
    return true;
  } catch {
    return false;
  }
}
