import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builderFiles } from '../../src/node/deps-cli';
import { noWarmUp } from '../../src/sandbox/warm-up';
import { pythonStdlib, TOY_SHOP } from '../data';

/** When the page warms Python up in the background: a repo with Python files, a browser not saving data. */
describe('noWarmUp', () => {
  it('warms up for a Python repo', async () => {
    const json = (await builderFiles(join(pythonStdlib(), 'json'))).map((f) => f.path);
    expect(noWarmUp(json, { saveData: false })).toBeNull();
    expect(
      noWarmUp(
        (await builderFiles(TOY_SHOP)).map((f) => f.path),
        { saveData: false },
      ),
    ).toBeNull();
  });

  it('does not when the browser saves data, or the repo has no Python', async () => {
    const json = (await builderFiles(join(pythonStdlib(), 'json'))).map((f) => f.path);
    expect(noWarmUp(json, { saveData: true })).toBe('the browser asks to save data');
    expect(noWarmUp(['eslint/layers.js', 'src/index.ts', 'README.md', 'setup.cfg'], { saveData: false })).toBe('the repo has no Python files');
  });
});
