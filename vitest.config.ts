import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Integration and end-to-end suites share one local stack per file; run files one at a time
    // on this 2-core machine so that DynamoDB Local is not started twice at once.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: 'source', include: ['test/**/*.test.ts'], sequence: { groupOrder: 0 } },
      },
      {
        // The lifecycle again, on the Lambda bundles as `cdk synth` builds them (npm start -- --bundles).
        extends: true,
        test: {
          name: 'bundles',
          include: ['test/e2e/proposal-lifecycle.test.ts'],
          env: { IKM_HANDLERS: 'bundles' },
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
