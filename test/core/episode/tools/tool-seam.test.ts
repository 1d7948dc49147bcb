import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LlmAgent } from '../../../../src/core/agents/llm-agent';
import { playEpisode } from '../../../../src/core/agents/play-episode';
import { describeCall } from '../../../../src/core/display/format';
import { parseTypedCommand, typedCommandsHelp, typedLineOf } from '../../../../src/core/episode/typed-command';
import { STANDARD_TOOLS, standardTools, ToolRegistry } from '../../../../src/core/episode/tools/registry';
import { ToolError, type Tool } from '../../../../src/core/episode/tools/tool';
import { episodeRecord, stepsFromHistory, type HistoryAction } from '../../../../src/core/formats/episode-record';
import { episodeMetrics, type TrajectoryStep } from '../../../../src/core/scoring/metrics';
import { taskRegistry } from '../../../../src/core/tasks/registry';
import { startStandin, toolCallReply, type Standin } from '../../llm/standin-server';
import { sampleTasks, type SampleTasks } from '../../agents/sample-episodes';

/**
 * The tool seam: a tool that exists only in this test, registered in a test registry, reaches every consumer that
 * reads tools (the model's prompt and function list, the terminal's typed words and help, the episode record's
 * action kinds, the metrics, the step summaries) with no change in src/.
 */

/** `peek PATH [N]`: the first N lines of a file, numbered; a `read` in OpenHands' vocabulary. */
const peekTool: Tool = {
  name: 'peek',
  description: 'Show the first `lines` lines of a file (default 20), numbered.',
  parameters: {
    type: 'object',
    properties: { path: { type: 'string' }, lines: { type: 'integer' } },
    required: ['path'],
    additionalProperties: false,
  },
  action: () => 'read',
  summarize: (args) => `peek ${String(args.path)}${args.lines === undefined ? '' : ` (${String(args.lines)} lines)`}`,
  brief: ['the first lines of a file, numbered; cheaper than a view.'],
  typed: {
    words: [
      {
        word: 'peek',
        usage: 'peek PATH [N]',
        help: 'show the first N lines of a file (default 20)',
        parse: (_rest, words) => {
          const [path, n, ...more] = words ?? [];
          if (path === undefined || more.length || (n !== undefined && !/^\d+$/.test(n))) return null;
          return { args: n === undefined ? { path } : { path, lines: Number(n) } };
        },
      },
    ],
  },
  run(args, ctx) {
    const r = ctx.paths.resolve(args.path as string, ctx.shell.state.cwd);
    const text = r.ok ? ctx.workspace.read(r.rel) : undefined;
    if (!r.ok || text === undefined) throw new ToolError(`No file ${String(args.path)}.`);
    const lines = text.split('\n').slice(0, (args.lines as number | undefined) ?? 20);
    ctx.noteView({ path: r.rel, start: 1, end: lines.length });
    return lines.map((l, i) => `${i + 1}\t${l}`).join('\n');
  },
};

const registry = new ToolRegistry([...STANDARD_TOOLS, peekTool]);

let sample: SampleTasks;
let server: Standin | null = null;
beforeAll(async () => {
  sample = await sampleTasks('json', 3, 1);
}, 60_000);
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('a tool registered only in a test', () => {
  it('is typed at the terminal, in its help, and summarised in step lists', () => {
    expect(parseTypedCommand('peek "json/my file.py" 5', registry)).toEqual({
      kind: 'action',
      action: { tool: 'peek', args: { path: 'json/my file.py', lines: 5 } },
    });
    expect(parseTypedCommand('peek a.py x', registry)).toEqual({ kind: 'usage', message: 'usage: peek PATH [N]' });
    // The standard registry has no such word: the line goes to the shell.
    expect(parseTypedCommand('peek a.py')).toEqual({ kind: 'action', action: { tool: 'execute_bash', args: { command: 'peek a.py' } } });
    const help = typedCommandsHelp(registry).split('\n');
    expect(help).toContain('  peek PATH [N]           show the first N lines of a file (default 20)');
    expect(help.indexOf('  submit                  finish: the changes are scored')).toBeLessThan(help.findIndex((l) => l.startsWith('  peek')));
    expect(typedCommandsHelp()).not.toContain('peek');
    expect(typedLineOf(registry, 'peek', { path: 'a.py' })).toBeNull();

    expect(describeCall('peek', { path: 'json/decoder.py', lines: 5 }, registry)).toBe('peek json/decoder.py (5 lines)');
    // Unknown to the standard tools, its call is summarised from the argument names, which say nothing here.
    expect(describeCall('peek', { path: 'json/decoder.py', lines: 5 })).toBe('');
  });

  it('is offered to a model, played, recorded as a `read`, and counted in the metrics', async () => {
    const inst = sample.localize[0]!;
    const gold = taskRegistry.require(inst).goldDefinition(inst);
    server = await startStandin((_, n) => (n === 1 ? toolCallReply('peek', { path: gold.file, lines: gold.line + 1 }) : toolCallReply('submit', {})));
    const played = await playEpisode(new LlmAgent({ endpoint: { baseUrl: server.baseUrl, model: 'm' } }), inst, {
      files: sample.files,
      treeSitter: sample.ts,
      tools: registry,
    });
    expect(played.result.reason).toBe('submitted');

    // The prompt lists it after the standard tools, from its brief; the function list carries its schema.
    const first = server.requests[0]!.body;
    const system = first.messages[0]!.content!;
    expect(system).toContain(
      '- submit: ends the episode; your edits at that moment are the answer.\n- peek: the first lines of a file, numbered; cheaper than a view.\n',
    );
    expect(first.tools!.map((t) => t.function.name)).toEqual(['execute_bash', 'str_replace_editor', 'think', 'submit', 'peek']);

    // The episode record gives it its action kind; the observation is the file's first lines.
    const actions = played.record.history.filter((e): e is HistoryAction => 'action' in e);
    expect(actions.map((a) => [a.tool_call_metadata.function_name, a.action])).toEqual([
      ['peek', 'read'],
      ['submit', 'finish'],
    ]);
    const observation = played.record.history[1]!;
    expect('observation' in observation && observation.observation).toBe('read');
    expect('content' in observation && observation.content.split('\n')).toHaveLength(gold.line + 1);

    // Its view (noted by the tool) is what the metrics count: the gold file and definition seen at step 1.
    expect(played.score!.metrics).toMatchObject({ steps: 2, first_gold_file_view_step: 1, first_gold_definition_view_step: 1 });

    // A record without views (as another harness writes them): the metrics infer the view from the tool's kind,
    // which only the registry knows.
    const read = stepsFromHistory(played.record.history);
    expect(read[0]).toMatchObject({ tool: 'peek', args: { path: gold.file, lines: gold.line + 1 }, views: [{ path: gold.file }] });
    const bare: TrajectoryStep[] = read.map(({ views: _views, ...s }) => s);
    expect(episodeMetrics(gold, bare, undefined, registry)).toMatchObject({ first_gold_file_view_step: 1, first_gold_definition_view_step: 1 });
    expect(episodeMetrics(gold, bare, undefined, standardTools)).toMatchObject({ first_gold_file_view_step: null, first_gold_definition_view_step: null });

    // Without the registry, the record names the tool instead of its kind.
    const plain = episodeRecord({ instance: inst, instruction: played.record.instruction, steps: bare, patch: '' });
    expect((plain.history[0] as HistoryAction).action).toBe('peek');
  }, 60_000);
});
