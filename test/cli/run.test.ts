import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSampleFiles } from '../../src/node/sample-repos';
import { startStandin, toolCallReply, type Standin } from '../core/llm/standin-server';

/**
 * `hgym run` end to end: the real CLI (node bin/hgym.mjs) in a child process, on the json sample written to a
 * folder, with the baseline and with the LLM agent against a local stand-in server; resuming skips what is done.
 */

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/hgym.mjs');
const KEY = 'sk-cli-NEVER-PRINTED-93bd11f0e2';
let tmp: string;
let repo: string;

/** Runs the CLI without blocking this process (the stand-in server answers from here). */
function hgym(args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => child.kill(), 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ stdout, stderr, code: code ?? -1 });
    });
  });
}

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'hgym-run-'));
  repo = join(tmp, 'json-sample');
  for (const f of (await loadSampleFiles('json')).files) {
    mkdirSync(dirname(join(repo, f.path)), { recursive: true });
    writeFileSync(join(repo, f.path), f.text);
  }
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('hgym run', () => {
  it('plays generated instances with the baseline, one OpenHands-shaped line each, that hgym score reads; a rerun resumes', async () => {
    const out = join(tmp, 'baseline.jsonl');
    const r = await hgym(['run', repo, '--task', 'dep-search', '--n', '6', '--seed', '3', '--agent', 'baseline', '--concurrency', '2', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const records = lines(out);
    expect(records).toHaveLength(6);
    for (const rec of records) {
      expect(Object.keys(rec)).toEqual(expect.arrayContaining(['instance_id', 'instruction', 'instance', 'history', 'test_result', 'metrics', 'error']));
      expect(typeof rec.test_result.git_patch).toBe('string');
      expect(rec.metrics.stop_reason).toBe('submitted');
      expect(rec.history.length).toBeGreaterThan(2);
    }
    expect(r.stderr).toMatch(/\[6\/6\] baseline: \d+\/6 succeeded/);
    const succeededHere = records.filter((rec) => rec.metrics.reference.full_success).length;

    // The same instances from `hgym generate`, scored by `hgym score`: the same ids and the same verdicts.
    const inst = join(tmp, 'dep.jsonl');
    expect((await hgym(['generate', repo, '--task', 'dep-search', '--n', '6', '--seed', '3', '--out', inst])).code).toBe(0);
    const scored = await hgym(['score', '--instances', inst, '--results', out, '--format', 'jsonl']);
    expect(scored.code, scored.stderr).toBe(0);
    const verdicts = scored.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(verdicts.map((v) => v.instance_id).sort()).toEqual(records.map((rec) => rec.instance_id).sort());
    expect(verdicts.filter((v) => v.reference.full_success).length).toBe(succeededHere);
    expect(succeededHere).toBeGreaterThanOrEqual(4);

    // Resume: drop two finished lines; only those two run again.
    writeFileSync(
      out,
      readFileSync(out, 'utf8')
        .split('\n')
        .filter(Boolean)
        .slice(0, 4)
        .map((l) => `${l}\n`)
        .join(''),
    );
    const again = await hgym(['run', repo, '--task', 'dep-search', '--n', '6', '--seed', '3', '--agent', 'baseline', '--out', out]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('4 of 6 instances are already in');
    expect(again.stderr).toMatch(/2 episodes played/);
    const resumed = lines(out);
    expect(resumed).toHaveLength(6);
    expect(new Set(resumed.map((rec) => rec.instance_id))).toEqual(new Set(records.map((rec) => rec.instance_id)));
  }, 180_000);

  it('plays with an OpenAI-compatible endpoint (the stand-in), the key read from the named variable and never written', async () => {
    const inst = join(tmp, 'fl.jsonl');
    expect((await hgym(['generate', repo, '--task', 'func-localize', '--n', '3', '--seed', '1', '--out', inst])).code).toBe(0);
    let server: Standin | null = null;
    try {
      // A scripted model: one look around, then submit (no edit: the episodes end unsuccessful but complete).
      server = await startStandin((req) =>
        req.body.messages.some((m) => m.role === 'tool') ? toolCallReply('submit', { message: 'done' }) : toolCallReply('execute_bash', { command: 'ls' }),
      );
      const out = join(tmp, 'llm.jsonl');
      const r = await hgym(
        [
          'run',
          repo,
          '--instances',
          inst,
          '--agent',
          'openai',
          '--base-url',
          server.baseUrl,
          '--model',
          'stand-in-1',
          '--api-key-env',
          'HGYM_TEST_KEY',
          '--concurrency',
          '3',
          '--out',
          out,
        ],
        { HGYM_TEST_KEY: KEY },
      );
      expect(r.code, r.stderr).toBe(0);
      const records = lines(out);
      expect(records).toHaveLength(3);
      for (const rec of records) {
        expect(rec.metrics.stop_reason).toBe('submitted');
        expect(rec.metrics.accumulated_token_usage).toEqual({ prompt_tokens: 200, completion_tokens: 40, model_calls: 2 });
        expect(rec.history.map((e: { tool_call_metadata?: { function_name: string } }) => e.tool_call_metadata?.function_name).filter(Boolean)).toEqual([
          'execute_bash',
          'submit',
        ]);
        expect(rec.metadata.agent).toEqual({ kind: 'model', name: 'stand-in-1' });
      }
      expect(server.requests).toHaveLength(6);
      expect(server.requests.every((q) => q.headers.authorization === `Bearer ${KEY}`)).toBe(true);
      expect(readFileSync(out, 'utf8') + r.stdout + r.stderr).not.toContain(KEY);
      expect(r.stderr).toContain('stand-in-1 at http://127.0.0.1');
    } finally {
      await server?.close();
    }
  }, 180_000);

  it('turns the successful episodes into training conversations (hgym train-data)', async () => {
    const out = join(tmp, 'train-src.jsonl');
    const inst = join(tmp, 'train-inst.jsonl');
    expect((await hgym(['generate', repo, '--task', 'func-localize', '--n', '5', '--seed', '2', '--out', inst])).code).toBe(0);
    expect((await hgym(['run', repo, '--instances', inst, '--agent', 'baseline', '--out', out])).code).toBe(0);
    const records = lines(out);
    const solved = records.filter((rec) => rec.metrics.reference.success).map((rec) => rec.instance_id);
    expect(solved.length).toBeGreaterThan(0);

    const conv = join(tmp, 'train.jsonl');
    const r = await hgym(['train-data', '--instances', inst, '--results', out, '--out', conv]);
    expect(r.code, r.stderr).toBe(0);
    const convs = lines(conv);
    expect(convs.map((c) => c.instance_id).sort()).toEqual([...solved].sort());
    for (const c of convs) {
      const record = records.find((rec) => rec.instance_id === c.instance_id);
      const roles = c.messages.map((m: { role: string }) => m.role);
      // system (with the tool list), the instruction, then a call and its result per step, ending on the last call.
      expect(roles.slice(0, 2)).toEqual(['system', 'user']);
      expect(c.messages[0].content).toContain('BEGIN FUNCTION #2: str_replace_editor');
      expect(c.messages[1].content).toBe(record.instruction);
      const calls = c.messages.filter((m: { role: string }) => m.role === 'assistant');
      expect(calls).toHaveLength(record.history.length / 2);
      expect(calls.at(-1).content).toContain('<function=submit>');
      expect(roles.at(-1)).toBe('assistant');
    }
    const all = await hgym(['train-data', '--instances', inst, '--results', out, '--all']);
    expect(all.stdout.split('\n').filter(Boolean)).toHaveLength(records.length);
  });

  it('refuses a malformed --base-url in one line, before any episode starts', async () => {
    const out = join(tmp, 'bad-url.jsonl');
    const r = await hgym(['run', repo, '--task', 'func-localize', '--n', '2', '--agent', 'openai', '--base-url', 'not a url', '--model', 'm', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe("hgym run: --base-url 'not a url' is not a URL; give the endpoint's base URL, e.g. http://localhost:11434/v1");
    expect(existsSync(out)).toBe(false);
    const ftp = await hgym(['run', repo, '--task', 'func-localize', '--agent', 'openai', '--base-url', 'ftp://host/v1', '--model', 'm', '--out', out]);
    expect(ftp.code).toBe(1);
    expect(ftp.stderr).toContain('is not an http(s) URL');
  });

  it('exits non-zero when no episode ran to an end (an unreachable endpoint)', async () => {
    const out = join(tmp, 'unreachable.jsonl');
    // Port 9 (discard) on the loopback: nothing listens, every call is refused.
    const r = await hgym([
      'run',
      repo,
      '--task',
      'func-localize',
      '--n',
      '1',
      '--agent',
      'openai',
      '--base-url',
      'http://127.0.0.1:9/v1',
      '--model',
      'm',
      '--concurrency',
      '1',
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('No episode ran to an end');
    expect(r.stderr).not.toContain('MaxListenersExceededWarning');
    expect(lines(out).map((rec) => rec.metrics.stop_reason)).toEqual(['error']);
  }, 120_000);

  it('refuses a bad command line with a usage message', async () => {
    const r = await hgym(['run', repo, '--agent', 'baseline', '--out', join(tmp, 'x.jsonl')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('give either --instances or --task');
    const r2 = await hgym(['run', repo, '--task', 'dep-search', '--agent', 'openai', '--out', join(tmp, 'x.jsonl')]);
    expect(r2.stderr).toContain('--agent openai needs --base-url and --model');
  });
});
