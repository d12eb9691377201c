import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltBundles, buildHandlerBundles } from '../../infra/local/bundled-handlers.js';
import { BUNDLING_ALIASES } from '../../infra/stack/bundling.js';
import { handlerCatalog } from '../../infra/stack/handler-catalog.js';
import { PROJECT_ROOT } from '../../infra/stack/ikm-proposal-stack.js';

/**
 * What may go into a Lambda bundle: the project's own function code, and the packages it is meant
 * to run on. Anything else (a local stand-in, a dev dependency, infra/ code) would be a code path
 * that exists only because of the local stack, or a module that is not there on AWS.
 */
const ALLOWED_PACKAGES = [/^@aws-sdk\//, /^@smithy\//, /^@aws-crypto\//, /^@aws\//, /^@middy\//, /^zod$/];

function packageOf(path: string): string | undefined {
  const at = path.lastIndexOf('node_modules/');
  if (at === -1) return undefined;
  const parts = path.slice(at + 'node_modules/'.length).split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

function dependenciesOf(pkg: string): string[] {
  const json = JSON.parse(readFileSync(join(PROJECT_ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  return Object.keys(json.dependencies ?? {});
}

/**
 * The inputs of one bundle that are neither the project's `functions/` modules, nor an allowed
 * package, nor a package that an allowed package (or one of its dependencies) depends on.
 */
function foreignInputs(inputs: Iterable<string>): string[] {
  const paths = [...inputs];
  const packages = new Set(paths.map(packageOf).filter((p): p is string => p !== undefined));
  const reachable = new Set([...packages].filter((p) => ALLOWED_PACKAGES.some((re) => re.test(p))));
  for (let grew = true; grew; ) {
    grew = false;
    for (const pkg of [...reachable]) {
      for (const dep of dependenciesOf(pkg)) {
        if (packages.has(dep) && !reachable.has(dep)) {
          reachable.add(dep);
          grew = true;
        }
      }
    }
  }
  return paths.filter((path) => {
    const pkg = packageOf(path);
    return pkg === undefined ? !path.startsWith('functions/') : !reachable.has(pkg);
  });
}

let built: BuiltBundles;
let outDir: string;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'ikm-bundles-test-'));
  built = await buildHandlerBundles(PROJECT_ROOT, outDir);
}, 120_000);

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe('Given the Lambda bundles built with the CDK stack settings', () => {
  it('then there is one index.mjs per function of the handler catalog', () => {
    expect(built.bundles.map((b) => b.spec.functionName).sort()).toEqual(
      handlerCatalog()
        .map((s) => s.functionName)
        .sort(),
    );
    for (const b of built.bundles)
      expect(b.outfile.endsWith(join(b.spec.functionName, 'index.mjs'))).toBe(true);
  });

  it('then each holds only functions/ modules, the AWS SDK, middy and zod (and what those depend on)', () => {
    for (const b of built.bundles) {
      expect(foreignInputs(Object.keys(b.inputs)), b.spec.entry).toEqual([]);
      expect(Object.keys(b.inputs), b.spec.entry).toContain(b.spec.entry);
    }
  });

  it('then no bundle imports or requires anything at run time but Node built-ins', () => {
    for (const b of built.bundles) {
      expect(b.externalImports.length, b.spec.entry).toBeGreaterThan(0);
      expect(
        b.externalImports.filter((s) => !isBuiltin(s)),
        b.spec.entry,
      ).toEqual([]);
    }
  });

  it('then no bundle holds a module that bundling.ts replaces, and every bundle that needs one holds its stand-in', () => {
    const replaced = Object.keys(BUNDLING_ALIASES);
    const standIns = Object.values(BUNDLING_ALIASES).map((p) => p.replace(/^\.\//, ''));
    for (const b of built.bundles) {
      const inputs = Object.keys(b.inputs);
      for (const module of replaced) {
        const [scope = '', name = '', ...rest] = module.split('/');
        const folder = module.startsWith('@')
          ? `node_modules/${scope}/${name}/${rest.length ? `dist-es/submodules/${rest.join('/')}/` : ''}`
          : `node_modules/${scope}/${[name, ...rest].join('/')}`;
        expect(
          inputs.filter((p) => p.includes(folder)),
          `${b.spec.entry}: ${module}`,
        ).toEqual([]);
      }
      if (inputs.some((p) => p.includes('node_modules/@aws-sdk/'))) {
        for (const standIn of standIns) expect(inputs, `${b.spec.entry}: ${standIn}`).toContain(standIn);
      }
    }
  });

  it('then no workflow step holds the schemas of the rule sets and approval chains it follows (checked when stored)', () => {
    const steps = built.bundles.filter((b) => b.spec.entry.startsWith('functions/steps/'));
    expect(steps.map((b) => b.spec.functionName)).toContain('check-policy');
    for (const b of steps) {
      const inputs = Object.keys(b.inputs);
      expect(inputs, b.spec.entry).not.toContain('functions/domain/policy/rule-set.ts');
      expect(inputs, b.spec.entry).not.toContain('functions/domain/approval-chain-schema.ts');
    }
  });

  it('then the sweep holds nothing of the round reminders, which run as their own function', () => {
    const inputs = (name: string) =>
      Object.keys(built.bundles.find((b) => b.spec.functionName === name)?.inputs ?? {});
    const reminderModules = [
      'functions/rounds/round-reminders.ts',
      'functions/views/round-reminder-email.ts',
    ];
    expect(inputs('round-reminders')).toEqual(expect.arrayContaining(reminderModules));
    for (const module of reminderModules) expect(inputs('sweep')).not.toContain(module);
  });

  it('when a bundle took in a local-only module, then the check names it', () => {
    const sdk = Object.keys(built.bundles[0]?.inputs ?? {}).find((p) => p.includes('node_modules/@aws-sdk/'));
    expect(sdk).toBeDefined();
    expect(
      foreignInputs([
        'functions/api/create-proposal.ts',
        sdk as string,
        'node_modules/nodemailer/lib/nodemailer.js',
        'infra/local/ses-endpoint.ts',
      ]),
    ).toEqual(['node_modules/nodemailer/lib/nodemailer.js', 'infra/local/ses-endpoint.ts']);
  });
});
