import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyToyShop, FIXTURES } from '../core/episode/toy-shop';

/**
 * `hgym play` as a person uses it: the real CLI (node bin/hgym.mjs) in a child process, typed input on stdin, on a
 * copy of the toy-shop fixture; instances from the shared scoring fixtures and from `hgym generate`.
 */

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/hgym.mjs');
let copy: { dir: string; cleanup: () => void };
let instancesFile: string;

beforeAll(() => {
  copy = copyToyShop();
  // Next to the repo's files: the play loader reads only source files, so these stay out of the workspace.
  instancesFile = join(copy.dir, 'fl-instances.jsonl');
  writeFileSync(instancesFile, readFileSync(resolve(FIXTURES, 'scoring/func-localize.instances.jsonl')));
});
afterAll(() => copy.cleanup());

function hgym(args: string[], input: string[]): { stdout: string; stderr: string; code: number } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input: input.map((l) => `${l}\n`).join(''), encoding: 'utf8', timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}

const fixturePatch = (task: string, name: string): string =>
  readFileSync(resolve(FIXTURES, `scoring/${task}.results.jsonl`), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .find((r) => r.case === name).test_result.git_patch;

describe('hgym play', () => {
  it('plays a function-localization episode typed at the prompt, then prints the git diff and the verdicts', () => {
    const out = join(copy.dir, 'results.jsonl');
    const r = hgym(
      ['play', copy.dir, '--instances', instancesFile, '--id', 'toy__fl__format_price', '--out', out],
      [
        'grep -rn "def format_price" --include=*.py .',
        'cd shop/util && pwd',
        'view money.py 40 43',
        'str_replace money.py',
        'def format_price(money):',
        '.',
        'def format_price(money):',
        '    """',
        '    Format money as a price string.',
        '    """',
        '.',
        'diff',
        'submit',
      ],
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('The repository is at /workspace/toy__shop__fixture.');
    expect(r.stdout).toContain('./shop/util/money.py:41:def format_price(money):');
    expect(r.stdout).toContain('[2/30] /workspace/toy__shop__fixture/shop/util$ ');
    expect(r.stdout).toContain('    41\tdef format_price(money):\n    42\t    whole, cents = divmod(money.cents, 100)\n');
    const expected = fixturePatch('func-localize', 'multiline_docstring');
    expect(r.stdout).toContain(`--- your patch (git diff) ---\n${expected}`);
    expect(r.stdout).toMatch(/reference: .*target_docstring_edited=true {2}comments_only=true {2}success=true/);
    expect(r.stdout).toMatch(/strict: success=true/);
    expect(r.stdout).toMatch(/metrics: steps=5 .*first_gold_file_view_step=3 {2}first_gold_definition_view_step=3/);
    expect(r.stdout).toContain('reward: 1');
    const record = JSON.parse(readFileSync(out, 'utf8').trim());
    expect(record.instance_id).toBe('toy__fl__format_price');
    expect(record.test_result.git_patch).toBe(expected);
    expect(record.metrics.steps).toBe(5);
  });

  it('plays a generated dependency-search instance to a full success', () => {
    const gen = spawnSync(process.execPath, [BIN, 'generate', copy.dir, '--task', 'dep-search', '--n', '3', '--seed', '1'], { cwd: ROOT, encoding: 'utf8' });
    expect(gen.status).toBe(0);
    const instances = gen.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    const target = instances.find((i) => i.num_dependencies === 1);
    expect(target).toBeDefined();
    const file = join(copy.dir, 'ds-instances.jsonl');
    writeFileSync(file, gen.stdout);
    const dep = target.dependencies[0];
    const r = hgym(
      ['play', copy.dir, '--instances', file, '--id', target.instance_id],
      [
        `view ${target.target_function_file} ${target.target_function_line_start + 1} ${target.target_function_line_end + 1}`,
        `grep -rn "def ${dep.name}" .`,
        `insert ${dep.file_path} ${dep.decorator_line}`,
        `    # this function/class is called by the ${target.target_function_name} function`,
        '.',
        'submit',
      ],
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`+    # this function/class is called by the ${target.target_function_name} function`);
    expect(r.stdout).toMatch(/reference: .*true_positives=1 .*false_negatives=0 .*false_positives=0 .*full_success=true/);
    expect(r.stdout).toContain('reward: 1');
  });

  it('ends at the step limit and scores what was done', () => {
    const r = hgym(
      ['play', copy.dir, '--instances', instancesFile, '--id', 'toy__fl__format_price', '--max-steps', '2'],
      ['ls', 'think the target is in shop/util', 'ls'],
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('[Step limit of 2 reached: the episode is over and the changes are scored as they are.]');
    expect(r.stdout).toContain('=== episode over: step limit reached ===');
    expect(r.stdout).toContain('(empty: nothing was changed)');
    expect(r.stdout).toMatch(/reference: .*success=false/);
    expect(r.stdout.match(/\$ /g)?.length).toBe(2);
  });

  it('shows errors as observations and keeps going; help, status and diff are not steps', () => {
    const r = hgym(
      ['play', copy.dir, '--instances', instancesFile, '--id', 'toy__fl__format_price'],
      ['help', 'make test', 'view nope.py', 'insert shop/util/money.py', 'cat ../outside', 'status', 'diff', 'quit'],
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('str_replace PATH        replace a unique piece of text');
    // python runs for real now (test/sandbox/play-python.test.ts); a program the playground lacks is still an error.
    expect(r.stdout).toContain('bash: make: command not found\n[The command completed with exit code 127.]');
    expect(r.stdout).toContain(
      'ERROR:\nInvalid `path` parameter: /workspace/toy__shop__fixture/nope.py. The path /workspace/toy__shop__fixture/nope.py does not exist.',
    );
    expect(r.stdout).toContain('usage: insert PATH LINE');
    expect(r.stdout).toContain('cat: ../outside: Permission denied');
    expect(r.stdout).toMatch(/step 3 of 30; [\d.]+ s on the clock/);
    expect(r.stdout).toContain('(no changes yet)');
    expect(r.stdout).toContain('Left without submitting: the episode was not scored.');
  });

  it('shows control characters of names and contents escaped, while the record keeps them as they are', () => {
    const own = copyToyShop();
    try {
      const name = '\x1b]0;TITLE\x07\x1b[2J.py';
      writeFileSync(join(own.dir, name), 'x = "\x1b[31mred\x1b[0m"\r\n');
      const inst = join(own.dir, 'fl.jsonl');
      writeFileSync(inst, readFileSync(instancesFile));
      const out = join(own.dir, 'r.jsonl');
      const r = hgym(['play', own.dir, '--instances', inst, '--id', 'toy__fl__format_price', '--out', out], ['ls', 'grep -rn red .', 'submit']);
      expect(r.code, r.stderr).toBe(0);
      // Nothing reaches the terminal raw: no ESC, no BEL, no lone CR.
      // eslint-disable-next-line no-control-regex -- the test is that none reach the terminal
      expect(r.stdout).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)/);
      expect(r.stdout).toContain('\\x1b]0;TITLE\\x07\\x1b[2J.py');
      expect(r.stdout).toContain('./\\x1b]0;TITLE\\x07\\x1b[2J.py:1:x = "\\x1b[31mred\\x1b[0m"\r\n');
      // The episode saw, and the record keeps, the real name: escaping is for the terminal only.
      const record = JSON.parse(readFileSync(out, 'utf8').trim());
      const observations = record.history.map((e: { observation?: string; content?: string }) => e.content ?? '').join('\n');
      expect(observations).toContain(name);
    } finally {
      own.cleanup();
    }
  });

  it('says which ids exist when the id is wrong, and explains bad arguments', () => {
    const wrong = hgym(['play', copy.dir, '--instances', instancesFile, '--id', 'nope'], []);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('no instance with id nope');
    expect(wrong.stderr).toContain('toy__fl__format_price');
    const usage = hgym(['play', copy.dir], []);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--instances and --id are required');
    const ended = hgym(['play', copy.dir, '--instances', instancesFile, '--id', 'toy__fl__format_price'], ['ls']);
    expect(ended.code).toBe(0);
    expect(ended.stdout).toContain('(input ended before submit: the episode was not scored)');
  });
});
