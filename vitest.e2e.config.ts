import { defineConfig } from 'vitest/config';

// Real-browser tests: one Chromium at a time (2-core machines), generous
// timeouts for browser start, and nothing that needs a display.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: process.env.SEAMLINE_REPORT_DIR ? ['default', ['json', { outputFile: `${process.env.SEAMLINE_REPORT_DIR}/e2e.json` }]] : ['default'],
  },
});
