import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HTTP_ROUTES } from '../../infra/routes.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name.startsWith('.') || name === 'results') return [];
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const TEXT = /\.(ts|md|json|csv|sh)$/;
const projectFiles = () =>
  ['functions', 'infra', 'workflows', 'data', 'test', 'bench', 'docs']
    .flatMap((dir) => filesUnder(join(root, dir)))
    .concat(['README.md', 'CHANGELOG.md', 'package.json', '.ci/run'].map((f) => join(root, f)))
    .filter((file) => TEXT.test(file) || file.endsWith('.ci/run'));

const DOCS = [
  'README.md',
  'CHANGELOG.md',
  'bench/README.md',
  ...readdirSync(join(root, 'docs')).map((f) => `docs/${f}`),
];

describe('the project documentation', () => {
  it('given every file of the project, when read, then none points at documents outside the repository', () => {
    // Built from parts so that this test does not name them itself.
    const outside = new RegExp(
      `${['DESIGN', 'CONTRACT', 'DOMAIN', 'STYLE'].map((n) => `${n}\\.md`).join('|')}|\\.\\./shared`,
    );
    const offenders = projectFiles()
      .filter((file) => outside.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    expect(offenders).toEqual([]);
  });

  it('given the docs, when a repository path is named in a link or in code quotes, then that path exists', () => {
    const missing = DOCS.flatMap((doc) => {
      const text = readFileSync(join(root, doc), 'utf8');
      const named = [
        ...[...text.matchAll(/\]\(([^)#\s]+)\)/g)].map((m) => m[1] ?? ''),
        ...[...text.matchAll(/`((?:docs|functions|infra|workflows|data|bench|test)\/[\w./-]+\.\w+)`/g)].map(
          (m) => m[1] ?? '',
        ),
      ].filter((path) => !path.includes('<') && !/^https?:/.test(path) && !path.startsWith('bench/results/'));
      return named.filter((path) => !existsSync(join(root, path))).map((path) => `${doc}: ${path}`);
    });
    expect(missing).toEqual([]);
  });

  it('given the code, when a comment names a page of docs/, then that page exists', () => {
    const missing = projectFiles().flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/docs\/[\w-]+\.md/g)]
        .map((m) => m[0])
        .filter((doc) => !existsSync(join(root, doc)))
        .map((doc) => `${relative(root, file)}: ${doc}`),
    );
    expect(missing).toEqual([]);
  });

  it('given every HTTP route, when the API reference is read, then it names the route', () => {
    const reference = readFileSync(join(root, 'docs/api.md'), 'utf8');
    const unnamed = HTTP_ROUTES.filter((route) => !reference.includes(route.path)).map(
      (route) => `${route.method} ${route.path}`,
    );
    expect(unnamed).toEqual([]);
  });

  it('given the README, when counted, then it stays a short entry point under 250 lines that maps the docs', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme.split('\n').length).toBeLessThan(250);
    for (const doc of DOCS.filter(
      (d) => d.startsWith('docs/') || d === 'bench/README.md' || d === 'CHANGELOG.md',
    )) {
      expect(readme).toContain(`(${doc})`);
    }
  });
});
