/** What the escape tests (Node: python-escape.test.ts, Chromium: test/e2e/python-escape.e2e.ts) share. */
export { NO_BRIDGE, NO_NETWORK, NO_PROCESSES } from '../../src/sandbox/python-guard';

/** `python -c CODE` with CODE single-quoted for the shell. */
export const pythonC = (code: string): string => `python -c '${code.replace(/'/g, "'\\''")}'`;

/** The last line of a traceback (what a user reads), past the sandbox's own `[…]` notes. */
export const lastLine = (stderr: string): string =>
  stderr
    .trim()
    .split('\n')
    .filter((l) => !l.startsWith('['))
    .at(-1) ?? '';
