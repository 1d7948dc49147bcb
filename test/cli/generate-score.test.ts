import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { readInstancesJsonl } from '../../src/core/formats/instances-jsonl';
import { SCORING, TOY_SHOP } from '../data';

/** The real command line: `node bin/hgym.mjs …` in a child process, as a user runs it. */
const ROOT = resolve(__dirname, '../..');
const TOY = TOY_SHOP;
const run = promisify(execFile);

async function hgym(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/hgym.mjs', ...args], { cwd: ROOT, maxBuffer: 1 << 26 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const jsonl = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const tmp = mkdtempSync(join(tmpdir(), 'hgym-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('hgym score on the shared fixtures', () => {
  it.each(['func-localize', 'dep-search'])("%s: prints exactly the authors' verdicts, one line per result in order", async (task) => {
    const r = await hgym('score', '--instances', `${SCORING}/${task}.instances.jsonl`, '--results', `${SCORING}/${task}.results.jsonl`, '--format', 'jsonl');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/no --repo given/);
    const lines = jsonl(r.stdout);
    const expected = jsonl(readFileSync(`${SCORING}/${task}.expected.jsonl`, 'utf8'));
    expect(lines.length).toBe(expected.length);
    lines.forEach((line, i) => {
      expect(Object.keys(line)).toEqual(['instance_id', 'reference', 'strict', 'metrics']);
      expect(line.strict).toBeNull();
      const { case: name, ...want } = expected[i]!;
      for (const [k, v] of Object.entries(want)) expect((line.reference as Record<string, unknown>)[k], `${name}.${k}`).toStrictEqual(v);
    });
  });

  it('with --repo adds the strict verdict: the one-line and r-prefixed docstrings pass it', async () => {
    const r = await hgym(
      'score',
      '--instances',
      `${SCORING}/func-localize.instances.jsonl`,
      '--results',
      `${SCORING}/func-localize.results.jsonl`,
      '--format',
      'jsonl',
      '--repo',
      TOY,
    );
    expect(r.code).toBe(0);
    const cases = jsonl(readFileSync(`${SCORING}/func-localize.results.jsonl`, 'utf8')).map((x) => x.case as string);
    const strict = Object.fromEntries(jsonl(r.stdout).map((l, i) => [cases[i], (l.strict as { success: boolean }).success]));
    expect(strict).toEqual({
      multiline_docstring: true,
      single_line_docstring: true,
      raw_prefixed_docstring: true,
      hash_comment_in_range: false,
      docstring_on_wrong_function: false,
      target_plus_other_docstring: true,
      code_changed_too: false,
      code_line_added: false,
      empty_patch: false,
      docstring_in_other_file: false,
    });
  });

  it('prints a table with a summary by default, and reports an unknown instance without stopping', async () => {
    const results = join(tmp, 'mixed.jsonl');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(results, `${readFileSync(`${SCORING}/dep-search.results.jsonl`, 'utf8')}{"instance_id": "nope", "test_result": {"git_patch": ""}}\n`);
    const r = await hgym('score', '--instances', `${SCORING}/dep-search.instances.jsonl`, '--results', results, '--repo', TOY);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('mixed.jsonl:11: instance nope is not in');
    expect(r.stdout).toMatch(/dependency search: 10 episodes/);
    expect(r.stdout).toMatch(/full success\s+2\/10 \(20\.0%\)/);
    expect(r.stdout).toMatch(/strict full success\s+\d+\/10/);
    expect(r.stdout).toMatch(/nope\s+error: instance not found/);
  });

  it('fails with a usage message for missing options', async () => {
    const r = await hgym('score', '--instances', 'x.jsonl');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--instances and --results are required/);
  });
});

describe('hgym generate', () => {
  it('writes the same instances JSONL for the same folder and seed, to stdout or --out', async () => {
    const a = await hgym('generate', TOY, '--task', 'func-localize', '--n', '4', '--seed', '5');
    const b = await hgym('generate', TOY, '--task', 'func-localize', '--n', '4', '--seed', '5');
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const read = readInstancesJsonl(a.stdout);
    expect(read.problems).toEqual([]);
    expect(read.instances.length).toBe(4);
    expect(read.instances.every((i) => i.repo === 'local/toy-shop' && i.description_mode === 'unmasked')).toBe(true);
    const out = join(tmp, 'fl.jsonl');
    const c = await hgym('generate', TOY, '--task', 'func-localize', '--n', '4', '--seed', '5', '--out', out);
    expect(c.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(a.stdout);
    expect(c.stderr).toMatch(/4 func-localize instances from 7 files/);
  });

  it('--masked gives masked descriptions; dep-search honours --min-deps/--max-deps', async () => {
    const m = readInstancesJsonl((await hgym('generate', TOY, '--task', 'func-localize', '--n', '3', '--masked')).stdout).instances;
    expect(m.every((i) => i.description_mode === 'masked' && typeof i.brief_description === 'string' && i.function_description === undefined)).toBe(true);
    const d = readInstancesJsonl((await hgym('generate', TOY, '--task', 'dep-search', '--n', '50', '--min-deps', '2', '--max-deps', '3')).stdout).instances;
    expect(d.length).toBeGreaterThan(0);
    expect(d.every((i) => (i.num_dependencies as number) >= 2 && (i.num_dependencies as number) <= 3)).toBe(true);
  });

  it('fails with a usage message for a bad task', async () => {
    const r = await hgym('generate', TOY, '--task', 'nope');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--task must be func-localize or dep-search/);
  });
});
