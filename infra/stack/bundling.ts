import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

/**
 * Modules replaced at bundling time, each by a module of functions/adapters/sdk-bundling/ whose
 * comment says why a Lambda never needs the original (test/infra/bundles.test.ts proves each is
 * gone and the lifecycle suite runs again on these bundles):
 * - the SDK's full credential provider chain: Lambda's credentials are always in the environment;
 * - the event-stream codec, loaded only for operations with an event stream, none of which we call;
 * - mnemonist's LRU cache, behind DynamoDB's endpoint-discovery cache, which stays empty.
 */
export const BUNDLING_ALIASES: Readonly<Record<string, string>> = {
  '@aws-sdk/credential-provider-node': './functions/adapters/sdk-bundling/lambda-credentials.ts',
  '@smithy/core/event-streams': './functions/adapters/sdk-bundling/no-event-streams.ts',
  'mnemonist/lru-cache': './functions/adapters/sdk-bundling/lru-cache.ts',
};

/**
 * esbuild settings shared by every function: one minified ESM file with a source map, the AWS
 * SDK bundled at the version the tests ran with (not the runtime's copy). The CDK stack passes
 * them to NodejsFunction; `esbuildOptions` below turns the same object into the options of
 * esbuild's API for the local stack's `--bundles` mode and the benchmark, so that what runs
 * there is what is deployed.
 */
export const BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node24',
  minify: true,
  sourceMap: true,
  // The map only has to turn stack traces back into file:line; the sources stay out of the zip.
  sourcesContent: false,
  mainFields: ['module', 'main'],
  // Some bundled CommonJS dependencies call require() for Node built-ins, which an ES module lacks.
  banner:
    "import { createRequire as __ikmCreateRequire } from 'node:module'; const require = __ikmCreateRequire(import.meta.url);",
  // Nothing external: without this list CDK would leave `@aws-sdk/*` to the runtime's copy.
  externalModules: [],
  esbuildArgs: Object.fromEntries(
    Object.entries(BUNDLING_ALIASES).map(([from, to]) => [`--alias:${from}`, to]),
  ),
  forceDockerBundling: false,
};

/**
 * The esbuild API options equivalent to what NodejsFunction runs for BUNDLING: `--bundle
 * --platform=node`, an `index.mjs` per function. `entryPoints` maps an output name (e.g.
 * `create-proposal/index`) to a handler module; each entry becomes its own self-contained bundle.
 */
export function esbuildOptions(input: {
  projectRoot: string;
  entryPoints: Record<string, string>;
  outdir: string;
  bundling?: BundlingOptions;
}): BuildOptions & { metafile: true } {
  const b = input.bundling ?? BUNDLING;
  return {
    absWorkingDir: input.projectRoot,
    entryPoints: input.entryPoints,
    outdir: input.outdir,
    outExtension: { '.js': b.format === OutputFormat.ESM ? '.mjs' : '.js' },
    bundle: true,
    platform: 'node',
    format: b.format === OutputFormat.ESM ? 'esm' : 'cjs',
    target: b.target ?? 'node24',
    minify: b.minify ?? false,
    sourcemap: b.sourceMap ? 'linked' : false,
    sourcesContent: b.sourcesContent ?? true,
    ...(b.mainFields ? { mainFields: b.mainFields } : {}),
    ...(b.banner ? { banner: { js: b.banner } } : {}),
    external: b.externalModules ?? [],
    alias: aliasesOf(b.esbuildArgs ?? {}),
    metafile: true,
    logLevel: 'silent',
  };
}

/**
 * CDK passes `esbuildArgs` to the esbuild CLI. Only the flags this file uses are understood here;
 * any other is refused, so the local and benchmark bundles can never silently differ from the
 * deployed ones.
 */
function aliasesOf(args: Record<string, string | boolean | string[]>): Record<string, string> {
  const alias: Record<string, string> = {};
  for (const [flag, value] of Object.entries(args)) {
    if (!flag.startsWith('--alias:') || typeof value !== 'string') {
      throw new Error(`esbuildOptions does not know the esbuild argument ${flag}; teach it in bundling.ts`);
    }
    alias[flag.slice('--alias:'.length)] = value;
  }
  return alias;
}
