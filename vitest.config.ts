import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/**/*.test.ts'],
    reporters: ['default', './tests/plain-summary-reporter.ts'],
    // Real ffmpeg and a real Chromium: generous per-test limits, and files run one at a time so the
    // 2-core machine is not oversubscribed by parallel encoders.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
