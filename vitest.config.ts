import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    environment: 'happy-dom',
    include: [
      'lib/**/*.test.ts',
      'components/**/*.test.{ts,tsx}',
      'test/**/*.test.{ts,tsx}',
      'server/**/*.test.ts',
      'entrypoints/**/*.test.{ts,tsx}',
    ],
    setupFiles: ['test/setup.ts'],
    restoreMocks: true,
    reporters: process.env.SEAMLINE_REPORT_DIR ? ['default', ['json', { outputFile: `${process.env.SEAMLINE_REPORT_DIR}/unit.json` }]] : ['default'],
  },
});
