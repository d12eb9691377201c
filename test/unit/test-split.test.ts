import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importGraph } from '../support/import-graph.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Modules that start Java (DynamoDB Local), the whole local stack or a browser. */
const HEAVY = [
  'infra/local/dynamodb-local.ts',
  'test/support/local-stack.ts',
  'test/support/stack-process.ts',
  'test/support/browser.ts',
];

describe('npm run test:unit', () => {
  it('given the unit tests, when their imports are followed, then none reaches DynamoDB Local, the local stack or a browser', () => {
    const graph = importGraph(root, ['test', 'functions', 'infra', 'workflows', 'bench']);
    const units = [...graph.keys()].filter(
      (file) => file.startsWith('test/unit/') && file.endsWith('.test.ts'),
    );
    expect(units.length).toBeGreaterThan(20);
    const reachesHeavy = units.flatMap((start) => {
      const seen = new Set<string>([start]);
      const queue = [start];
      for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
        for (const next of graph.get(file) ?? []) {
          if (!seen.has(next)) {
            seen.add(next);
            queue.push(next);
          }
        }
      }
      return HEAVY.filter((heavy) => seen.has(heavy)).map((heavy) => `${start} → ${heavy}`);
    });
    expect(reachesHeavy).toEqual([]);
  });

  it('given the end-to-end tests, when their imports are followed, then the check above would see the local stack', () => {
    const graph = importGraph(root, ['test/e2e', 'test/support']);
    expect(graph.get('test/e2e/proposal-revisions.test.ts')).toContain('test/support/local-stack.ts');
  });
});
