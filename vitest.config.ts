import { defineConfig } from 'vitest/config';

/**
 * Five projects, one run (`bundles` runs the lifecycle suite again on the Lambda bundles): `npm test` runs them all once; `npm run test:unit` runs only `unit`,
 * which needs neither Java (DynamoDB Local) nor a browser. test/unit/test-split.test.ts keeps it so.
 */
export default defineConfig({
  test: {
    // Integration and end-to-end suites share one local stack per file; run files one at a time
    // on this 2-core machine so that DynamoDB Local is not started twice at once.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'infra', include: ['test/infra/**/*.test.ts'] } },
      { extends: true, test: { name: 'browser', include: ['test/browser/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'stack', include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'] },
      },
      {
        // The lifecycle again, on the Lambda bundles as `cdk synth` builds them (npm start -- --bundles).
        extends: true,
        test: {
          name: 'bundles',
          include: ['test/e2e/proposal-lifecycle.test.ts'],
          env: { IKM_HANDLERS: 'bundles' },
        },
      },
    ],
  },
});
