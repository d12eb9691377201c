/**
 * Builds the web files the API serves (functions/api/static-files.ts) into build/static:
 * `openapi.json` (infra/openapi/), `docs/` (Swagger UI's files from node_modules and our page's
 * own) and `app/` (the web app, built by vite). Run by `npm start`, `npm test` and `cdk synth` before they need the files.
 * Skipped when the files are there and nothing they are made from has changed since they were built
 * (web/build-inputs.ts).
 */
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

import { inputsHash, STAMP, STATIC_DIR, upToDate } from './build-inputs.js';

const ROOT = resolve(import.meta.dirname, '..');

async function buildDocs(): Promise<void> {
  const out = join(STATIC_DIR, 'docs');
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  await Promise.all([
    ...['swagger-ui-bundle.js', 'swagger-ui.css'].map((f) => copyFile(join(swaggerDir, f), join(out, f))),
    ...['docs-init.js', 'docs.css'].map((f) => copyFile(join(ROOT, 'web/docs', f), join(out, f))),
  ]);
}

/** The OpenAPI document, from the route table and the validation schemas of this very code. */
async function buildOpenApi(): Promise<void> {
  const [{ buildOpenApiDocument }, { HTTP_ROUTES }] = await Promise.all([
    import('../infra/openapi/document.js'),
    import('../infra/routes.js'),
  ]);
  await writeFile(join(STATIC_DIR, 'openapi.json'), JSON.stringify(buildOpenApiDocument(HTTP_ROUTES)));
}

async function buildApp(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'web/vite.config.ts'), logLevel: 'warn' });
}

const started = performance.now();
const docsOnly = process.argv.includes('--docs-only');
const hash = await inputsHash(docsOnly ? 'docs-only' : 'all');
if (!process.argv.includes('--force') && (await upToDate(hash))) {
  console.log(`web files up to date (${Math.round(performance.now() - started)} ms) → build/static`);
} else {
  // A build that dies half-way leaves no stamp, so the next run builds again.
  await rm(STAMP, { force: true });
  await buildDocs();
  await buildOpenApi();
  if (!docsOnly) await buildApp();
  await writeFile(STAMP, `${hash}\n`);
  console.log(`web files built in ${Math.round(performance.now() - started)} ms → build/static`);
}
