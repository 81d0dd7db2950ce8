import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Most files wait on emulators, DynamoDB Local or a child process rather than compute: on a 2-core machine
    // vitest's default (one worker per core less one) runs them one at a time.
    maxWorkers: 3,
    reporters: ['default', './test/helpers/slowest-files-reporter.ts'],
  },
});
