import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config';

// `npm run test:unit`: everything but the tests that drive Chromium (tests/e2e) and the 4-hour lesson,
// two files at a time (no browser competes with ffmpeg here), for a quick answer while working.
export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: ['tests/e2e/**', 'tests/long/**', 'node_modules/**'],
      fileParallelism: true,
      maxWorkers: 2,
    },
  }),
);
