import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { BUNDLING } from '../../infra/stack/bundling.js';
import { handlerCatalog } from '../../infra/stack/handler-catalog.js';

export interface HandlerBundle {
  functionName: string;
  entry: string;
  /** The bundle CDK would zip: one minified ESM file (its source map is separate and not loaded). */
  outfile: string;
  bytes: number;
  /** Where the bytes come from: the largest packages (or `project` for our own code). */
  largestInputs: Array<{ from: string; bytes: number }>;
}

/**
 * Bundles every distinct handler module of WORKFLOW_TASKS and HTTP_ROUTES with the esbuild settings
 * the CDK stack uses (infra/stack/bundling.ts), so the sizes are the sizes that would be deployed.
 */
export async function bundleHandlers(projectRoot: string, outDir: string): Promise<HandlerBundle[]> {
  const alias = aliasesOf(BUNDLING.esbuildArgs ?? {});
  const bundles: HandlerBundle[] = [];
  // One at a time: esbuild is already parallel inside, and this box may have two cores.
  for (const spec of handlerCatalog()) {
    const outfile = join(outDir, spec.functionName, 'index.mjs');
    const result = await build({
      absWorkingDir: projectRoot,
      entryPoints: [join(projectRoot, spec.entry)],
      outfile,
      bundle: true,
      platform: 'node',
      format: BUNDLING.format === 'esm' ? 'esm' : 'cjs',
      target: BUNDLING.target ?? 'node24',
      minify: BUNDLING.minify ?? false,
      sourcemap: BUNDLING.sourceMap ? 'linked' : false,
      sourcesContent: BUNDLING.sourcesContent ?? true,
      ...(BUNDLING.mainFields ? { mainFields: BUNDLING.mainFields } : {}),
      ...(BUNDLING.banner ? { banner: { js: BUNDLING.banner } } : {}),
      external: BUNDLING.externalModules ?? [],
      alias,
      metafile: true,
      logLevel: 'silent',
    });
    const output = Object.entries(result.metafile.outputs).find(([path]) => path.endsWith('index.mjs'))?.[1];
    if (!output) throw new Error(`esbuild wrote no index.mjs for ${spec.entry}`);
    bundles.push({
      functionName: spec.functionName,
      entry: spec.entry,
      outfile,
      bytes: output.bytes,
      largestInputs: largestInputs(output),
    });
  }
  return bundles;
}

/**
 * CDK passes `esbuildArgs` to the esbuild CLI. The bench understands the ones the stack uses and
 * refuses any other, so its bundles can never silently differ from the deployed ones.
 */
function aliasesOf(args: Record<string, string | boolean | string[]>): Record<string, string> {
  const alias: Record<string, string> = {};
  for (const [flag, value] of Object.entries(args)) {
    if (!flag.startsWith('--alias:') || typeof value !== 'string') {
      throw new Error(
        `bench/cold-start does not know the esbuild argument ${flag}; teach bundleHandlers about it`,
      );
    }
    alias[flag.slice('--alias:'.length)] = value;
  }
  return alias;
}

function largestInputs(output: Metafile['outputs'][string], top = 6): Array<{ from: string; bytes: number }> {
  const byPackage = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
    const from = packageOf(path);
    byPackage.set(from, (byPackage.get(from) ?? 0) + bytesInOutput);
  }
  return [...byPackage.entries()]
    .map(([from, bytes]) => ({ from, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, top);
}

/** `node_modules/@aws-sdk/client-dynamodb/dist-es/…` → `@aws-sdk/client-dynamodb`; our files → `project`. */
function packageOf(path: string): string {
  const at = path.lastIndexOf('node_modules/');
  if (at === -1) return 'project';
  const parts = path.slice(at + 'node_modules/'.length).split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? path);
}
