import { startOf } from '../../../src/core/tasks/make-episode';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LlmAgent } from '../../../src/core/agents/llm-agent';
import { runAgent } from '../../../src/core/agents/loop';
import { playEpisode } from '../../../src/core/agents/play-episode';
import { RunControl } from '../../../src/core/agents/run-control';
import type { AgentEvent } from '../../../src/core/agents/types';
import { Episode } from '../../../src/core/episode/episode';
import type { EpisodeInstance } from '../../../src/core/episode/episode-start';
import { dependencyComment } from '../../../src/core/tasks/instructions';
import type { FuncLocInstance } from '../../../src/core/tasks/instance-types';
import { startStandin, textReply, toolCallReply, type StandinRequest, type Standin } from '../llm/standin-server';
import { sampleTasks, type SampleTasks } from './sample-episodes';

const KEY = 'sk-live-DO-NOT-LEAK-7c1e9b02aa54';
let sample: SampleTasks;
let server: Standin | null = null;

beforeAll(async () => {
  sample = await sampleTasks('json', 5);
}, 60_000);
afterEach(async () => {
  await server?.close();
  server = null;
});

/** The last tool message the agent sent (what the model was shown of its previous call). */
function lastToolResult(req: StandinRequest): string {
  const m = [...req.body.messages].reverse().find((x) => x.role === 'tool' || (x.role === 'user' && x.content?.startsWith('EXECUTION RESULT')));
  return m?.content ?? '';
}

/** A scripted model that solves a localization instance the way a capable one would: search, read, insert, submit. */
function solvingScript(inst: FuncLocInstance, root: string) {
  const path = `${root}/${inst.file_path}`;
  return (req: StandinRequest, n: number) => {
    if (n === 1)
      return toolCallReply('execute_bash', { command: `grep -rn "def ${inst.module_name}" --include=*.py .` }, { content: 'Let me find the function.' });
    if (n === 2) {
      const line = Number(/:(\d+):/.exec(lastToolResult(req))?.[1]);
      return toolCallReply('str_replace_editor', { command: 'view', path, view_range: [line, line + 5] });
    }
    if (n === 3) {
      const first = /^\s*(\d+)\t(\s*)def /m.exec(lastToolResult(req))!;
      const indent = `${first[2]}    `;
      return toolCallReply('str_replace_editor', {
        command: 'insert',
        path,
        insert_line: Number(first[1]),
        new_str: `${indent}"""Return the JSON form of a string.\n\n${indent}The result is quoted.\n${indent}"""`,
      });
    }
    return toolCallReply('submit', { message: 'done' });
  };
}

function rootOf(instruction: string): string {
  return /repository is at (\S+?)\.?$/m.exec(instruction)![1]!;
}

describe('the LLM agent against a local OpenAI-compatible stand-in', () => {
  it('plays a correct localization episode with native tool calls: submitted, scored a success by the scorer', async () => {
    const inst = sample.localize.find((i) => i.module_type === 'function')!;
    server = await startStandin(solvingScript(inst, rootOf(inst.instruction)));
    const agent = new LlmAgent({ endpoint: { baseUrl: server.baseUrl, model: 'stand-in', apiKey: KEY } });
    const events: AgentEvent[] = [];
    const played = await playEpisode(agent, inst, { files: sample.files, treeSitter: sample.ts, onEvent: (e) => events.push(e) });
    expect(played.result.reason).toBe('submitted');
    expect(played.result.steps).toBe(4);
    expect(played.score?.reference).toMatchObject({ success: true, target_docstring_edited: true, comments_only: true });
    expect(played.result.usage).toEqual({ promptTokens: 400, completionTokens: 80, calls: 4 });
    expect(events.filter((e) => e.type === 'step')).toHaveLength(4);
    expect(events.at(-1)!.type).toBe('end');
    // The model's text before the call is the step's thought, in the trajectory and in the export.
    expect(played.record.history[0]).toMatchObject({ action: 'run', message: 'Let me find the function.' });
    // The first user message is the instance's instruction; the tools are the registry's.
    const first = server.requests[0]!.body;
    expect(first.messages[0]!.role).toBe('system');
    expect(first.messages[1]).toMatchObject({ role: 'user', content: inst.instruction });
    expect(first.tools!.map((t) => t.function.name)).toEqual(['execute_bash', 'str_replace_editor', 'think', 'submit']);
  });

  it('answers malformed tool-call arguments with an error observation and the episode goes on', async () => {
    const inst = sample.localize[0]!;
    server = await startStandin((req, n) => {
      if (n === 1) return toolCallReply('execute_bash', null, { rawArguments: '{"command": "ls' });
      if (n === 2) return toolCallReply('think', { thought: 'retry with valid JSON' });
      return toolCallReply('submit', {});
    });
    const played = await playEpisode(new LlmAgent({ endpoint: { baseUrl: server.baseUrl, model: 'm' } }), inst, { files: sample.files, treeSitter: sample.ts });
    expect(played.result.reason).toBe('submitted');
    expect(played.result.steps).toBe(3);
    const steps = (played.record.history as { content?: string }[]).filter((e) => e.content !== undefined);
    expect(steps[0]!.content).toMatch(/^ERROR:/);
    const shown = lastToolResult(server.requests[1]!);
    expect(shown).toMatch(/^ERROR:/);
    expect(shown).toContain('could not be read as JSON');
    expect(played.score?.reference).toMatchObject({ success: false });
  });

  it('retries a 429 (honouring Retry-After) and a per-call timeout, reporting both as retry events', async () => {
    const inst = sample.localize[0]!;
    server = await startStandin((_, n) => {
      if (n === 1) return { status: 429, headers: { 'retry-after': '0' }, body: { error: { message: 'slow down' } } };
      if (n === 2) return { ...toolCallReply('think', { thought: 'x' }), delayMs: 5_000 };
      return toolCallReply('submit', {});
    });
    const events: AgentEvent[] = [];
    const agent = new LlmAgent({ endpoint: { baseUrl: server.baseUrl, model: 'm' }, timeoutMs: 200, backoffMs: 1 });
    const played = await playEpisode(agent, inst, { files: sample.files, treeSitter: sample.ts, onEvent: (e) => events.push(e) });
    expect(played.result.reason).toBe('submitted');
    const retries = events.filter((e) => e.type === 'retry') as Extract<AgentEvent, { type: 'retry' }>[];
    expect(retries.map((r) => r.reason)).toEqual([expect.stringContaining('429'), expect.stringMatching(/No answer .* within 200 ms/)]);
    expect(played.result.steps).toBe(1);
  });

  it('ends with an error (not a hang) when every attempt of a call times out', async () => {
    server = await startStandin(() => ({ ...toolCallReply('think', { thought: 'x' }), delayMs: 5_000 }));
    const agent = new LlmAgent({ endpoint: { baseUrl: server.baseUrl, model: 'm' }, timeoutMs: 100, retries: 1, backoffMs: 1 });
    const played = await playEpisode(agent, sample.localize[0]!, { files: sample.files, treeSitter: sample.ts });
    expect(played.result.reason).toBe('error');
    expect(played.result.error).toMatch(/within 100 ms/);
    expect(played.record.error).toMatch(/within 100 ms/);
  });

  it('truncates a model that never submits at the step limit, and the gym still scores its patch', async () => {
    const inst = sample.deps[0]!;
    server = await startStandin(() => toolCallReply('execute_bash', { command: 'ls' }));
    const agent = new LlmAgent({ endpoint: { baseUrl: server.baseUrl, model: 'm' } });
    const played = await playEpisode(agent, inst, { files: sample.files, treeSitter: sample.ts, episodeMaxSteps: 5 });
    expect(played.result.reason).toBe('step-limit');
    expect(played.result.steps).toBe(5);
    expect(server.requests).toHaveLength(5);
    expect(played.score?.reference).toMatchObject({ full_success: false, true_positives: 0 });
    // The model is told when its calls are running out.
    expect(lastToolResult(server.requests[4]!)).toContain('1 tool call left');
  });

  it('plays a plain-text-action model: the server refuses tools, the agent switches to <function=...> calls', async () => {
    const inst = sample.deps.find((d) => d.num_dependencies === 1)!;
    const dep = inst.dependencies[0]!;
    const root = rootOf(inst.instruction);
    server = await startStandin((req, n) => {
      if (req.body.tools) return { status: 400, body: { error: { message: `registry.ollama.ai/library/tiny does not support tools` } } };
      if (n === 2)
        return textReply(
          `I will add the comment.\n<function=str_replace_editor>\n<parameter=command>insert</parameter>\n<parameter=path>${root}/${dep.file_path}</parameter>\n<parameter=insert_line>${dep.decorator_line}</parameter>\n<parameter=new_str>${dependencyComment(inst.target_function_name)}</parameter>\n</function>`,
        );
      if (n === 3) return textReply('Checking.\n```json\n{"tool": "think", "args": {"thought": "looks right"}}\n```');
      return textReply('<tool name="submit">{}</tool>');
    });
    const agent = new LlmAgent({ endpoint: { baseUrl: server.baseUrl, model: 'tiny' } });
    const played = await playEpisode(agent, inst, { files: sample.files, treeSitter: sample.ts });
    expect(agent.usesTextActions).toBe(true);
    expect(played.result.reason).toBe('submitted');
    expect(played.score?.reference).toMatchObject({ full_success: true, true_positives: 1 });
    // After the switch: the tools are described in the system prompt, results come back as user messages.
    const later = server.requests[2]!.body;
    expect(later.tools).toBeUndefined();
    expect(later.messages[0]!.content).toContain('---- BEGIN FUNCTION #1: execute_bash ----');
    expect(lastToolResult(server.requests[2]!)).toMatch(/^EXECUTION RESULT of \[str_replace_editor\]:/);
  });

  it('nudges a model that answers without a tool call, and gives up after three such replies in a row', async () => {
    server = await startStandin(() => textReply('I think the answer is somewhere in the code.'));
    const agent = new LlmAgent({ endpoint: { baseUrl: server.baseUrl, model: 'm' }, actionFormat: 'native' });
    const played = await playEpisode(agent, sample.localize[0]!, { files: sample.files, treeSitter: sample.ts });
    expect(played.result.reason).toBe('error');
    expect(played.result.error).toMatch(/3 times in a row without a tool call/);
    expect(server.requests).toHaveLength(3);
    expect(server.requests[1]!.body.messages.at(-1)).toMatchObject({ role: 'user', content: expect.stringContaining('Please continue') });
  });

  it('keeps the key out of every export, trajectory, conversation, event and error', async () => {
    const inst = sample.localize[0]!;
    server = await startStandin((req, n) =>
      n < 3
        ? toolCallReply('execute_bash', { command: `echo ${n}` })
        : { status: 401, body: { error: { message: `invalid key ${String(req.headers.authorization)}` } } },
    );
    const agent = new LlmAgent({ endpoint: { baseUrl: server.baseUrl, model: 'm', apiKey: KEY } });
    const events: AgentEvent[] = [];
    const played = await playEpisode(agent, inst, {
      files: sample.files,
      treeSitter: sample.ts,
      onEvent: (e) => events.push(e),
      metadata: { endpoint: { baseUrl: server.baseUrl, apiKey: KEY } },
    });
    expect(played.result.reason).toBe('error');
    expect(played.result.error).toContain('[redacted]');
    expect(server.requests.every((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
    const everything = JSON.stringify({ played, events, conversation: agent.conversation, agent });
    expect(everything).not.toContain(KEY);
    expect(everything).not.toContain(KEY.slice(8));
  });
});

describe('pause, step and stop through RunControl', () => {
  it('holds a paused run before its next decision, lets one step through, resumes, and stops with reason aborted', async () => {
    const inst = sample.localize[0]!;
    server = await startStandin(() => toolCallReply('think', { thought: 'thinking' }));
    const control = new RunControl({ startPaused: true });
    const episode = new Episode({ maxSteps: 50 });
    episode.reset(startOf(inst as unknown as EpisodeInstance, sample.files));
    const steps: number[] = [];
    let release: (() => void) | null = null;
    const stepped = () => new Promise<void>((r) => (release = r));
    let waiter = stepped();
    const run = runAgent(new LlmAgent({ endpoint: { baseUrl: server.baseUrl, model: 'm' } }), episode, {
      signal: control.signal,
      beforeStep: control.beforeStep,
      onStep: (e) => {
        steps.push(e.step.step);
        release?.();
      },
    });
    // Paused from the start: no model call until a step is allowed.
    await new Promise((r) => setTimeout(r, 50));
    expect(server.requests).toHaveLength(0);
    control.step();
    await waiter;
    await new Promise((r) => setTimeout(r, 50));
    expect(steps).toEqual([1]);
    expect(server.requests).toHaveLength(1);
    expect(control.state).toBe('paused');
    waiter = stepped();
    control.resume();
    await waiter;
    control.stop();
    const result = await run;
    expect(result.reason).toBe('aborted');
    expect(control.state).toBe('stopped');
    expect(result.steps).toBeGreaterThanOrEqual(2);
    expect(result.steps).toBe(episode.stepCount);
    expect(episode.status).toBe('running'); // the gym did not end it: the UI may keep playing by hand
  });
});
