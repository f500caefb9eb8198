import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests start loopback servers and child processes; two cores is the budget.
    maxWorkers: 2,
    // A directory for the run, where the Chromium files build the demo store once (test/helpers/e2e.ts).
    globalSetup: ['test/helpers/e2e-global-setup.ts'],
  },
});
