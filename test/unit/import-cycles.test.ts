import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph } from '../support/import-graph.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('import cycles', () => {
  it('given modules that import each other through a third, when checked, then the cycle is reported', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
    ]);
    expect(importCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });

  it('given the import graph of a port file, when read, then type-only imports are edges', () => {
    const graph = importGraph(root, ['functions/adapters/mailer']);
    expect(graph.get('functions/adapters/mailer/ses-mailer.ts')).toEqual([
      'functions/adapters/mailer/port.ts',
    ]);
    expect(graph.get('functions/adapters/mailer/mailer.ts')).toEqual(
      expect.arrayContaining([
        'functions/adapters/mailer/ses-mailer.ts',
        'functions/adapters/mailer/port.ts',
      ]),
    );
  });

  it('given the code of functions/, infra/, workflows/ and bench/, when its imports are followed, then no module reaches itself', () => {
    const graph = importGraph(root, ['functions', 'infra', 'workflows', 'bench']);
    expect(graph.size).toBeGreaterThan(100);
    expect(importCycles(graph)).toEqual([]);
  });
});
