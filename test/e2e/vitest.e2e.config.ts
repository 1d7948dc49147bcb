import { defineConfig } from 'vitest/config';

// End-to-end tests: one Chromium, one built app served by vite preview (test/e2e/global-setup.ts), files run one
// after another (they share the browser's machine, which has two cores).
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['test/e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
