import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readInstancesJsonl } from '../../src/core/formats/instances-jsonl';
import { optionsFromFlags } from '../../src/core/tasks/option-fields';
import { taskRegistry } from '../../src/core/tasks/registry';
import { runGenerate } from '../../src/node/generate-cli';
import { runEpisodes } from '../../src/node/run-cli';
import { runScore } from '../../src/node/score-cli';
import { runTrainData } from '../../src/node/train-cli';
import { startStandin, toolCallReply } from '../core/llm/standin-server';
import { findFileSpec, marker, type FindFileInstance } from '../tasks/find-file-spec';

/**
 * Issue 10 §1's seam, proved: a task kind that src/ does not know (test/tasks/find-file-spec.ts), registered here
 * only, goes through the code behind `hgym generate`, `hgym run`, `hgym score` and `hgym train-data`.
 */
const TOY = resolve(__dirname, '../fixtures/toy-shop');
const registry = taskRegistry.with(findFileSpec);
const tmp = mkdtempSync(join(tmpdir(), 'hgym-third-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const quiet = () => {};

/** A scripted model that plays the task as a person would: grep for the definition, mark the file, submit. */
const systemPrompts: string[] = [];
function scriptedModel() {
  return startStandin((req) => {
    const messages = req.body.messages;
    systemPrompts.push(messages.find((m) => m.role === 'system')?.content ?? '');
    const [, workspace, name] = /at (\S+)\. Which file defines `(\w+)`/.exec(messages.find((m) => m.role === 'user')?.content ?? '') ?? [];
    const tool = messages.filter((m) => m.role === 'tool');
    if (tool.length === 0) return toolCallReply('execute_bash', { command: `grep -rlE "^(def|class) ${name}[(:]" ${workspace}` });
    if (tool.length === 1) {
      const path = /\S+\.py/.exec(tool[0]!.content ?? '')?.[0] ?? `${workspace}/none.py`;
      return toolCallReply('str_replace_editor', { command: 'insert', path, insert_line: 0, new_str: marker(name!) });
    }
    return toolCallReply('submit', { message: 'marked' });
  });
}

describe('a task kind registered only in a test', () => {
  it('is generated, played, scored and exported through the CLI code path', async () => {
    expect(taskRegistry.find('find-file')).toBeUndefined();
    const inst = join(tmp, 'ff.jsonl');
    const options = { n: 3, seed: '2', ...optionsFromFlags(findFileSpec.options.fields, { 'classes-only': true }) };
    expect(await runGenerate(TOY, { task: 'find-file', options, out: inst, registry }, quiet, quiet)).toBe(3);
    const { instances, problems } = readInstancesJsonl(readFileSync(inst, 'utf8'), registry);
    expect(problems).toEqual([]);
    const gold = instances as unknown as FindFileInstance[];
    expect(gold.every((i) => i.task === 'find-file' && i.file_path.endsWith('.py'))).toBe(true);

    const server = await scriptedModel();
    const out = join(tmp, 'ff.results.jsonl');
    try {
      const summary = await runEpisodes(
        { dir: TOY, instances: inst, agent: 'openai', llm: { baseUrl: server.baseUrl, model: 'script', actionFormat: 'auto' }, concurrency: 1, out, registry },
        quiet,
      );
      expect(summary).toMatchObject({ total: 3, played: 3, ended: 3, succeeded: 3, errors: 0 });
      // The kind's own rules reach the model's system prompt, in place of the documentation tasks' "change no code".
      expect(systemPrompts[0]).toContain('working in a Python repository');
      expect(systemPrompts[0]).toContain('\n- Mark the file with the marker line only.\n');
      expect(systemPrompts[0]).not.toContain('Change no code');
    } finally {
      await server.close();
    }

    const table: string[] = [];
    const lines = await runScore({ instances: inst, results: out, format: 'jsonl', repo: TOY, registry }, (l) => table.push(l), quiet);
    expect(lines.map((l) => l.instance_id)).toEqual(gold.map((i) => i.instance_id));
    for (const [k, l] of lines.entries()) {
      expect(l.reference).toEqual({ success: true, marked: [gold[k]!.file_path] });
      expect(l.strict).toEqual(l.reference);
      expect(l.metrics?.steps).toBe(3);
    }
    const text: string[] = [];
    await runScore({ instances: inst, results: out, format: 'table', registry }, (l) => text.push(l), quiet);
    expect(text.join('\n')).toContain('file finding: 3 episodes');

    const train = join(tmp, 'ff.train.jsonl');
    expect(runTrainData({ instances: inst, results: out, all: false, out: train, maxSteps: 30, registry }, quiet)).toHaveLength(3);
  }, 120_000);
});
