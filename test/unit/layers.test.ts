import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type ImportGraph, importGraph } from '../support/import-graph.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const graph = importGraph(root, ['functions', 'infra', 'workflows']);

/** Every import from a module under `from` to a module not under one of `allowed`. */
function crossings(from: string, allowed: readonly string[], modules: ImportGraph = graph): string[] {
  return [...modules]
    .filter(([file]) => file.startsWith(from))
    .flatMap(([file, targets]) =>
      targets
        .filter((target) => !allowed.some((dir) => target.startsWith(dir)))
        .map((target) => `${file} → ${target}`),
    );
}

describe('the layers (docs/architecture.md)', () => {
  it('given the domain, when its imports are followed, then it reaches only itself and no AWS, Lambda or Node API', () => {
    expect(crossings('functions/domain/', ['functions/domain/'])).toEqual([]);
    const outside = [...graph.keys()]
      .filter((file) => file.startsWith('functions/domain/'))
      .filter((file) =>
        /from '(@aws-sdk\/|aws-lambda|@middy\/|node:)/.test(readFileSync(join(root, file), 'utf8')),
      );
    expect(outside).toEqual([]);
  });

  it('given the views, when their imports are followed, then they reach only the domain', () => {
    expect(crossings('functions/views/', ['functions/views/', 'functions/domain/'])).toEqual([]);
  });

  it('given the adapters, when their imports are followed, then they reach only the domain, never a handler', () => {
    expect(crossings('functions/adapters/', ['functions/adapters/', 'functions/domain/'])).toEqual([]);
  });

  it('given the functions, when their imports are followed, then none reaches into infra/', () => {
    expect(crossings('functions/', ['functions/'])).toEqual([]);
  });

  it('given a module that breaks a rule, when checked, then the crossing is named', () => {
    const sample = new Map([
      ['functions/domain/x.ts', ['functions/domain/z.ts', 'functions/adapters/y.ts']],
      ['functions/domain/z.ts', []],
    ]);
    expect(crossings('functions/domain/', ['functions/domain/'], sample)).toEqual([
      'functions/domain/x.ts → functions/adapters/y.ts',
    ]);
  });
});
