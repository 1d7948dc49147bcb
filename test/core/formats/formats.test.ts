import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { episodeRecord, readEpisodeResultsJsonl, stepsFromHistory, writeEpisodeResultsJsonl } from '../../../src/core/formats/episode-record';
import { readInstancesJsonl, writeInstancesJsonl } from '../../../src/core/formats/instances-jsonl';
import { callAsText, trainingConversation } from '../../../src/core/formats/training';
import type { ToolSpec } from '../../../src/core/llm/openai-client';
import type { TrajectoryStep } from '../../../src/core/scoring/metrics';
import { scoreLocalizationReference } from '../../../src/core/scoring/reference-localize';
import { generateDepSearch } from '../../../src/core/tasks/dep-search/generate';
import { generateFuncLocalize } from '../../../src/core/tasks/func-localize/generate';
import type { TaskInstance } from '../../../src/core/tasks/instance-types';
import { loadRepo, TOY_SHOP } from '../tasks/real-repos';
import { SCORING } from '../../data';

let instances: TaskInstance[];
beforeAll(async () => {
  const { index } = await loadRepo(TOY_SHOP);
  const meta = { repo: 'toy/shop', baseCommit: '9'.repeat(40) };
  instances = [...generateFuncLocalize(index, meta, { n: 3 }), ...generateDepSearch(index, meta, { n: 3 })];
});

describe('instances JSONL', () => {
  it('round-trips generated instances', () => {
    const text = writeInstancesJsonl(instances);
    expect(text.split('\n').filter(Boolean).length).toBe(6);
    const back = readInstancesJsonl(text);
    expect(back.problems).toEqual([]);
    expect(back.instances).toEqual(instances);
  });

  it("reads the authors' rows (the fixtures) without our fields", () => {
    for (const t of ['func-localize', 'dep-search']) {
      const r = readInstancesJsonl(readFileSync(resolve(SCORING, `${t}.instances.jsonl`), 'utf8'));
      expect(r.problems).toEqual([]);
      expect(r.instances.length).toBe(1);
    }
  });

  it('reports each bad line with its number and keeps the good ones', () => {
    const good = JSON.stringify(instances[0]);
    const text = [
      good,
      '{not json',
      '',
      JSON.stringify({ instance_id: 'x', module_name: 'f', file_path: 'a.py', module_line_start: 'one', module_line_end: 2 }),
      '[1,2]',
      JSON.stringify({ instance_id: 'y' }),
      JSON.stringify(instances[3]),
    ].join('\n');
    const r = readInstancesJsonl(text);
    expect(r.instances.map((i) => i.instance_id)).toEqual([instances[0]!.instance_id, instances[3]!.instance_id]);
    expect(r.problems.map((p) => p.line)).toEqual([2, 4, 5, 6]);
    expect(r.problems[1]!.message).toMatch(/module_line_start/);
  });

  it('never writes a secret-named field', () => {
    const text = writeInstancesJsonl([{ ...instances[0]!, apiKey: 'sk-1', meta: { Authorization: 'Bearer sk-2', ok: 1 } } as unknown as TaskInstance]);
    expect(text).not.toMatch(/sk-1|sk-2|apiKey|Authorization/);
    expect(text).toContain('"ok":1');
  });
});

const STEPS: TrajectoryStep[] = [
  {
    tool: 'shell',
    args: { command: 'grep -rn "price" shop' },
    observation: 'shop/util/money.py:41:def format_price(money):',
    elapsedMs: 900,
    thought: 'Search first.',
  },
  {
    tool: 'view',
    args: { path: 'shop/util/money.py', view_range: [40, 44] },
    observation: '    41\tdef format_price(money):',
    elapsedMs: 2100,
    views: [{ path: 'shop/util/money.py', start: 40, end: 44 }],
  },
  {
    tool: 'insert',
    args: { path: 'shop/util/money.py', insert_line: 41, new_str: '    """\n    Format money.\n    """' },
    observation: 'Inserted.',
    elapsedMs: 3300,
  },
  { tool: 'submit', args: {}, observation: 'Submitted.', elapsedMs: 4000 },
];

describe('episode results in the OpenHands shape', () => {
  it("writes one record the authors' scorer reads, and reads our steps back", () => {
    const [patchCase] = readFileSync(resolve(SCORING, 'func-localize.results.jsonl'), 'utf8').split('\n');
    const patch = (JSON.parse(patchCase!) as { test_result: { git_patch: string } }).test_result.git_patch;
    const instance = JSON.parse(readFileSync(resolve(SCORING, 'func-localize.instances.jsonl'), 'utf8').split('\n')[0]!);
    const rec = episodeRecord({
      instance,
      instruction: 'Find it.',
      steps: STEPS,
      patch,
      startedAt: Date.UTC(2026, 0, 1),
      metrics: { accumulated_cost: 0 },
      metadata: { endpoint: { baseUrl: 'http://x', apiKey: 'sk-secret' } },
    });
    const text = writeEpisodeResultsJsonl([rec]);
    expect(text).not.toContain('sk-secret');
    const row = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(row)).toEqual(expect.arrayContaining(['instance_id', 'instruction', 'instance', 'history', 'test_result', 'metrics', 'error']));
    expect(row.error).toBeNull();
    // As for OpenHands runs, history has an action and an observation per step: the authors count 8 steps here.
    expect(scoreLocalizationReference(instance, row)).toEqual({
      instance_id: 'toy__fl__format_price',
      num_steps: 8,
      target_docstring_edited: true,
      comments_only: true,
      success: true,
    });
    const read = readEpisodeResultsJsonl(text);
    expect(read.problems).toEqual([]);
    expect(stepsFromHistory(read.records[0]!.record.history)).toEqual(STEPS);
  });

  it("reads the fixtures' results and reports bad lines by number", () => {
    const text = readFileSync(resolve(SCORING, 'dep-search.results.jsonl'), 'utf8');
    expect(readEpisodeResultsJsonl(text).records.length).toBe(10);
    const bad = readEpisodeResultsJsonl(`${text.trim()}\n{"no_id": 1}\nnope\n`);
    expect(bad.records.length).toBe(10);
    expect(bad.problems.map((p) => p.line)).toEqual([11, 12]);
  });
});

describe('training conversations', () => {
  const tools: ToolSpec[] = [
    {
      type: 'function',
      function: {
        name: 'shell',
        description: 'Run a command.',
        parameters: { type: 'object', properties: { command: { type: 'string', description: 'The command.' } }, required: ['command'] },
      },
    },
    {
      type: 'function',
      function: {
        name: 'view',
        description: 'Show a file.',
        parameters: { type: 'object', properties: { path: { type: 'string' }, view_range: { type: 'array', description: 'Lines.' } }, required: ['path'] },
      },
    },
    {
      type: 'function',
      function: { name: 'submit', description: 'Finish.', parameters: { type: 'object', properties: { mode: { type: 'string', enum: ['a', 'b'] } } } },
    },
  ];

  it('turns a trajectory into system / user / assistant-call / execution-result turns, ending with the last call', () => {
    const conv = trainingConversation({ systemPrompt: 'You are a coding agent.', instruction: 'Find it.', tools, steps: STEPS });
    expect(conv.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant', 'user', 'assistant', 'user', 'assistant']);
    expect(conv.messages[0]!.content).toContain(
      '---- BEGIN FUNCTION #1: shell ----\nDescription: Run a command.\nParameters:\n  (1) command (string, required): The command.\n---- END FUNCTION #1 ----',
    );
    expect(conv.messages[0]!.content).toContain('  (2) view_range (array, optional): Lines.');
    expect(conv.messages[0]!.content).toContain('  (1) mode (string, optional): No description provided\nAllowed values: [`a`, `b`]');
    expect(conv.messages[2]!.content).toBe('Search first.\n\n<function=shell>\n<parameter=command>grep -rn "price" shop</parameter>\n</function>');
    expect(conv.messages[3]!.content).toBe('EXECUTION RESULT of [shell]:\nshop/util/money.py:41:def format_price(money):');
    expect(conv.messages[4]!.content).toBe(
      '<function=view>\n<parameter=path>shop/util/money.py</parameter>\n<parameter=view_range>[40, 44]</parameter>\n</function>',
    );
    expect(conv.messages[8]!.content).toBe('<function=submit>\n</function>');
  });

  it('puts a multi-line value on its own lines', () => {
    expect(callAsText('insert', { new_str: 'a\nb', insert_line: 3 })).toBe(
      '<function=insert>\n<parameter=new_str>\na\nb\n</parameter>\n<parameter=insert_line>3</parameter>\n</function>',
    );
  });
});
