import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInstancesJsonl } from '../../src/core/formats/instances-jsonl';
import { optionsFromFlags } from '../../src/core/tasks/option-fields';
import { taskRegistry } from '../../src/core/tasks/registry';
import { runGenerate } from '../../src/node/generate-cli';
import { pythonStdlib } from '../data';

/*
 * A whole repo root as `hgym generate --task func-localize` reads it: CPython's json package plus what a real root
 * holds besides the package (a `.github/` folder with a script, a `.pyi` stub, tests, and test helpers in
 * `test_utils/`). The authors' walk takes every `*.py` file, dot-folders included, and no `.pyi`.
 */
let tmp: string;
let root: string;
const def = (name: string) => `def ${name}():\n    """Do the ${name} thing."""\n    return 1\n`;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'hgym-fl-'));
  root = join(tmp, 'repo');
  cpSync(join(pythonStdlib(), 'json'), join(root, 'json'), { recursive: true, filter: (src) => !src.includes('__pycache__') });
  mkdirSync(join(root, '.github', 'scripts'), { recursive: true });
  writeFileSync(join(root, '.github', 'scripts', 'release.py'), def('publish_release'));
  writeFileSync(join(root, 'json', 'stub.pyi'), def('stub_only'));
  mkdirSync(join(root, 'tests'));
  writeFileSync(join(root, 'tests', 'test_json.py'), def('test_roundtrip'));
  mkdirSync(join(root, 'test_utils'));
  writeFileSync(join(root, 'test_utils', 'helpers.py'), def('make_payload') + def('_private_payload'));
  writeFileSync(join(root, 'test_utils', 'case_tests.py'), def('check_case'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function targets(flags: Record<string, string | boolean>): Promise<string[]> {
  const spec = taskRegistry.get('func-localize');
  let text = '';
  await runGenerate(
    root,
    { task: spec.kind, options: { n: 10000, ...optionsFromFlags(spec.options.fields, flags) } },
    (t) => (text += t),
    () => undefined,
  );
  const { instances, problems } = readInstancesJsonl(text);
  expect(problems).toEqual([]);
  return instances.map((i) => `${String(i.file_path)}:${String(i.module_name)}`).sort();
}

describe('hgym generate --task func-localize on a repo root', () => {
  it("takes the authors' selection by default: dot-folders, tests and private names in, .pyi stubs out", async () => {
    const all = await targets({});
    expect(all).toEqual(
      expect.arrayContaining(['.github/scripts/release.py:publish_release', 'tests/test_json.py:test_roundtrip', 'test_utils/helpers.py:make_payload']),
    );
    expect(all.some((t) => t.includes('stub_only'))).toBe(false);
    expect(all).toContain('test_utils/helpers.py:_private_payload');
  });

  it('--exclude-tests drops test code by pytest discovery names only; --curated also drops private names', async () => {
    const all = await targets({});
    const noTests = await targets({ 'exclude-tests': true });
    expect(all.filter((t) => !noTests.includes(t))).toEqual(['tests/test_json.py:test_roundtrip']);
    const curated = await targets({ curated: true });
    expect(curated).toContain('test_utils/helpers.py:make_payload');
    expect(curated).toContain('test_utils/case_tests.py:check_case');
    expect(curated.some((t) => t.startsWith('tests/') || t.split(':')[1]!.startsWith('_'))).toBe(false);
    expect(curated.length).toBeLessThan(noTests.length);
  });
});
