import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CLI tests spawn the built program; two cores, so keep the pool small and time generous.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    env: { TZ: 'UTC' },
    coverage: {
      // The v8 provider, plus the coverage of the built program that the CLI tests run as a
      // subprocess (most of src/ runs only there): see test/coverage/child-coverage.ts.
      provider: 'custom',
      customProviderModule: './test/coverage/child-coverage.ts',
      include: ['src/**/*.ts'],
      reporter: ['text', 'json-summary'],
      // The numbers are worth seeing when a test fails too.
      reportOnFailure: true,
      // The gate of `npm test`: the run fails below these, over all of src/ taken together.
      thresholds: { lines: 90, branches: 90 },
    },
  },
});
