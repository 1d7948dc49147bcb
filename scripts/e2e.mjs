// Runs the end-to-end tests in a real Chromium (Debian's /usr/bin/chromium driven by playwright-core). The tests
// themselves are Vitest files under test/e2e; their global setup builds the app and serves it (vite preview).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  console.error(
    `e2e: Chromium is not installed at ${CHROMIUM}.\n` +
      'Install it with `apt-get install -y chromium` (Debian/Ubuntu; run `apt-get update` first), or set CHROMIUM_PATH.',
  );
  process.exit(1);
}
const args = ['vitest', 'run', '--config', 'test/e2e/vitest.e2e.config.ts', ...process.argv.slice(2)];
const r = spawnSync('npx', args, { stdio: 'inherit' });
process.exit(r.status ?? 1);
