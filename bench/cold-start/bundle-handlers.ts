import { buildHandlerBundles } from '../../infra/local/bundled-handlers.js';

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
 * the CDK stack uses (infra/stack/bundling.ts, through the local stack's bundle builder), so the
 * sizes are the sizes that would be deployed.
 */
export async function bundleHandlers(projectRoot: string, outDir: string): Promise<HandlerBundle[]> {
  const { bundles } = await buildHandlerBundles(projectRoot, outDir);
  return bundles.map((b) => ({
    functionName: b.spec.functionName,
    entry: b.spec.entry,
    outfile: b.outfile,
    bytes: b.bytes,
    largestInputs: largestInputs(b.inputs),
  }));
}

function largestInputs(
  inputs: Record<string, { bytesInOutput: number }>,
  top = 6,
): Array<{ from: string; bytes: number }> {
  const byPackage = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
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
