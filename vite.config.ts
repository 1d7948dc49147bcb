/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { securityHeadersPlugin } from './scripts/security-headers.ts';

export default defineConfig({
  // Cross-origin isolation (the Pyodide worker can be interrupted, WebContainer can boot), the CSP and the rest of
  // the security headers: scripts/security-headers.ts.
  plugins: [react(), securityHeadersPlugin()],
  // Relative asset URLs: the build works from any static host and sub-path.
  base: './',
  optimizeDeps: { exclude: ['pyodide', 'web-tree-sitter', '@webcontainer/api'] },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      // sandbox-check.html: what this browser can run (Python, Node); also what the sandbox e2e test and bench drive.
      // index-check.html: the repo Worker's parallel index against its sequential one (an e2e test, the bench).
      input: { main: 'index.html', 'sandbox-check': 'sandbox-check.html', 'index-check': 'index-check.html' },
      // web-tree-sitter's Emscripten glue uses eval for its dynamic-linking path; it is theirs and expected.
      onwarn(warning, warn) {
        if (warning.code === 'EVAL' && warning.id?.includes('web-tree-sitter')) return;
        warn(warning);
      },
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**'],
    // Builds the CLI (build/cli) once if a source changed, before the CLI tests run it in parallel.
    globalSetup: ['test/global-setup.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
