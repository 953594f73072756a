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
    // The build with test hooks (npm run build:e2e); `npm run demo` and the bench load the production build.
    env: {
      SEAMLINE_DIST: process.env.SEAMLINE_DIST ?? '.output-e2e/chrome-mv3',
      SEAMLINE_FIREFOX_DIST: process.env.SEAMLINE_FIREFOX_DIST ?? '.output-e2e/firefox-mv2',
    },
    reporters: process.env.SEAMLINE_REPORT_DIR ? ['default', ['json', { outputFile: `${process.env.SEAMLINE_REPORT_DIR}/e2e.json` }]] : ['default'],
  },
});
