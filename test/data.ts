import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { unzipSync } from 'fflate';

/**
 * Where the tests' real inputs live. Everything here is inside the repository or installed by `npm install`, so a
 * fresh clone with nothing beside it runs every test.
 */

/** This project's own test data: the toy repo, its reference dependency ground truth, the scoring cases. */
export const FIXTURES = resolve(__dirname, 'fixtures');
export const TOY_SHOP = join(FIXTURES, 'toy-shop');
export const SCORING = join(FIXTURES, 'scoring');

/** A CPython that can run `ast` checks against our parser, when the machine has one. */
export const PYTHON = ['/usr/bin/python3', 'python3'].find((p) => {
  try {
    execFileSync(p, ['-c', 'import ast'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});

const DEBIAN_STDLIB = '/usr/lib/python3.11';

let stdlib: string | undefined;

/**
 * A folder of real standard-library sources: Debian's `/usr/lib/python3.11` where it is installed, else Pyodide's
 * `python_stdlib.zip` (a dependency of the app) unpacked once into node_modules/.cache. `HGYM_TEST_STDLIB=pyodide`
 * takes the fallback on a machine that has both, to check that the tests hold on it.
 */
export function pythonStdlib(): string {
  if (stdlib) return stdlib;
  if (process.env.HGYM_TEST_STDLIB !== 'pyodide' && existsSync(join(DEBIAN_STDLIB, 'json', '__init__.py'))) {
    return (stdlib = DEBIAN_STDLIB);
  }
  const require = createRequire(__filename);
  const pyodideDir = dirname(require.resolve('pyodide/package.json'));
  const version = (JSON.parse(readFileSync(join(pyodideDir, 'package.json'), 'utf8')) as { version: string }).version;
  const dir = resolve(__dirname, '..', 'node_modules', '.cache', 'hgym-test-stdlib', version);
  if (!existsSync(join(dir, '.complete'))) {
    // Unpacked beside its final place and renamed, so test files running in parallel never see half a folder.
    const tmp = `${dir}.${process.pid}.tmp`;
    rmSync(tmp, { recursive: true, force: true });
    if (existsSync(dir) && !existsSync(join(dir, '.complete'))) rmSync(dir, { recursive: true, force: true });
    const entries = unzipSync(new Uint8Array(readFileSync(join(pyodideDir, 'python_stdlib.zip'))));
    for (const [name, bytes] of Object.entries(entries)) {
      if (name.endsWith('/')) continue;
      mkdirSync(dirname(join(tmp, name)), { recursive: true });
      writeFileSync(join(tmp, name), bytes);
    }
    writeFileSync(join(tmp, '.complete'), '');
    try {
      renameSync(tmp, dir);
    } catch {
      // Another test file finished first.
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  return (stdlib = dir);
}
