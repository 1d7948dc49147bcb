import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { copyToyShop, FIXTURES } from '../core/episode/toy-shop';

// `hgym play` with real Python: the CLI (node bin/hgym.mjs) in a child process on a copy of toy-shop, a python line
// typed at the prompt runs in Pyodide as a `run` step, and what it writes is in the patch.

const ROOT = resolve(__dirname, '../..');
let copy: { dir: string; cleanup: () => void };

beforeAll(() => {
  copy = copyToyShop();
});
afterAll(() => copy?.cleanup());

test('a python line typed at the hgym play prompt runs for real, is recorded as a run step, and its file is in the patch', () => {
  const instances = join(copy.dir, 'instances.jsonl');
  writeFileSync(instances, readFileSync(resolve(FIXTURES, 'scoring/func-localize.instances.jsonl')));
  const out = join(copy.dir, 'results.jsonl');
  const code = 'from shop.util.money import Money, format_price; print(format_price(Money(1234, \\"USD\\")))';
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'bin/hgym.mjs'), 'play', copy.dir, '--instances', instances, '--id', 'toy__fl__format_price', '--out', out],
    {
      cwd: ROOT,
      input: [`python -c "${code}"`, `cd shop && python -c "open('made.txt', 'w').write('hi\\\\n')"`, 'python -c "import sys; sys.exit(4)"', 'submit', ''].join(
        '\n',
      ),
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const printed = execFileSync('python3', ['-B', '-c', code.replace(/\\"/g, '"')], { cwd: copy.dir, encoding: 'utf8' });
  expect(printed).toBe('12.34 USD\n');
  // The output as it came, nothing after it for a clean exit; a failing exit code is said.
  expect(r.stdout).toContain(`$ ${printed}\n[1/30]`);
  expect(r.stdout).toContain('[The command completed with exit code 4.]');
  const record = JSON.parse(readFileSync(out, 'utf8').trim());
  const calls = record.history
    .filter((e: { action?: string }) => e.action)
    .map((e: { tool_call_metadata: { function_name: string } }) => e.tool_call_metadata.function_name);
  expect(calls).toEqual(['run', 'run', 'run', 'submit']);
  expect(record.history[1].content).toBe(`${printed}[The command completed with exit code 0.]`);
  expect(record.history[3].content).toBe('[The command completed with exit code 0.]\n[Files the program wrote, now in the workspace: shop/made.txt]');
  expect(record.test_result.git_patch).toContain('diff --git a/shop/made.txt b/shop/made.txt\nnew file mode 100644');
  expect(record.test_result.git_patch).toContain('+hi');
}, 150_000);

test('python typed at the hgym play prompt cannot reach the host (the commands an attacker would type)', () => {
  const instances = join(copy.dir, 'instances.jsonl');
  writeFileSync(instances, readFileSync(resolve(FIXTURES, 'scoring/func-localize.instances.jsonl')));
  const marker = join(copy.dir, 'PWNED');
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/hgym.mjs'), 'play', copy.dir, '--instances', instances, '--id', 'toy__fl__format_price'], {
    cwd: ROOT,
    input: [
      `python -c "import os; os.system(\\"echo PWNED > ${marker}\\")"`,
      `python -c "import js; js.eval(\\"process.getBuiltinModule('child_process').execSync('touch ${marker}')\\")"`,
      'python -c "print(6 * 7)"',
      'quit',
      '',
    ].join('\n'),
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.status).toBe(0);
  expect(existsSync(marker)).toBe(false);
  expect(r.stdout).toContain("PermissionError: os.system: the playground's Python sandbox cannot start or signal processes");
  expect(r.stdout).toContain("ImportError: No module named 'js': the playground's Python sandbox has no bridge to JavaScript, the page or the host");
  expect(r.stdout).toContain('$ 42\n');
}, 150_000);
