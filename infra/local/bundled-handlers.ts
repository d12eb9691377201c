import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { esbuildOptions } from '../stack/bundling.js';
import { type HandlerSpec, handlerCatalog } from '../stack/handler-catalog.js';

/**
 * The Lambda bundles of every function, built with the CDK stack's esbuild settings
 * (infra/stack/bundling.ts), and loaded the way the Node.js runtime loads them: import the
 * function's `index.mjs` and take its `handler` export. `npm start -- --bundles` runs on these
 * instead of the source modules.
 */
export interface HandlerBundle {
  spec: HandlerSpec;
  /** The file CDK would zip: one minified ESM file (its source map sits beside it). */
  outfile: string;
  bytes: number;
  /** Every input esbuild put into the bundle, with the bytes it contributes. */
  inputs: Record<string, { bytesInOutput: number }>;
  /** What the bundle still imports when it runs (esbuild leaves only these outside it). */
  externalImports: string[];
}

export interface BuiltBundles {
  dir: string;
  bundles: HandlerBundle[];
  buildMs: number;
}

/**
 * One esbuild call for all functions: each entry point still becomes its own self-contained
 * bundle (no code splitting), but the modules they share are parsed once.
 */
export async function buildHandlerBundles(projectRoot: string, outDir: string): Promise<BuiltBundles> {
  const started = performance.now();
  const specs = handlerCatalog();
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const entryPoints = Object.fromEntries(
    specs.map((spec) => [`${spec.functionName}/index`, join(projectRoot, spec.entry)]),
  );
  const result = await build(esbuildOptions({ projectRoot, entryPoints, outdir: outDir }));
  const bundles = specs.map((spec) => {
    const outfile = join(outDir, spec.functionName, 'index.mjs');
    const output = outputOf(result.metafile, projectRoot, outfile);
    const externalImports = [...new Set(output.imports.filter((i) => i.external).map((i) => i.path))];
    return { spec, outfile, bytes: output.bytes, inputs: output.inputs, externalImports };
  });
  return { dir: outDir, bundles, buildMs: performance.now() - started };
}

function outputOf(metafile: Metafile, projectRoot: string, outfile: string): Metafile['outputs'][string] {
  const found = Object.entries(metafile.outputs).find(([path]) => join(projectRoot, path) === outfile);
  if (!found) throw new Error(`esbuild wrote no ${outfile}`);
  return found[1];
}

export type LambdaHandler = (event: unknown, context?: unknown) => Promise<unknown>;

/** What the runtime does at INIT for `handler: 'handler'` and an ESM bundle. */
export async function loadBundle(bundle: HandlerBundle): Promise<LambdaHandler> {
  const mod = (await import(pathToFileURL(bundle.outfile).href)) as { handler?: LambdaHandler };
  if (typeof mod.handler !== 'function') {
    throw new Error(`${bundle.outfile} (${bundle.spec.entry}) exports no handler`);
  }
  return mod.handler;
}

const builds = new Map<string, Promise<BuiltBundles>>();

/**
 * Built once per process into `outDir`, however many times the stack starts (tests restart it):
 * the bundles of a run are the code of that run. Loading imports each file afresh per start only
 * if its path changes, as Node caches modules by URL; a restart therefore keeps warm handlers,
 * which is what a warm Lambda does too.
 */
export function bundlesForRun(projectRoot: string, outDir: string): Promise<BuiltBundles> {
  let found = builds.get(outDir);
  if (!found) {
    found = buildHandlerBundles(projectRoot, outDir);
    found.catch(() => builds.delete(outDir));
    builds.set(outDir, found);
  }
  return found;
}

/** The handler of every function module, keyed by its entry (as WORKFLOW_TASKS and HTTP_ROUTES name it). */
export async function loadBundledHandlers(
  projectRoot: string,
  outDir: string,
): Promise<Map<string, LambdaHandler>> {
  const { bundles } = await bundlesForRun(projectRoot, outDir);
  const loaded = await Promise.all(bundles.map(async (b) => [b.spec.entry, await loadBundle(b)] as const));
  return new Map(loaded);
}
