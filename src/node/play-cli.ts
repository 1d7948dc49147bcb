import { appendFileSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Episode, EpisodeOutcome, StepResult } from '../core/episode/episode';
import type { EpisodeInstance } from '../core/episode/episode-start';
import type { InstanceBase } from '../core/tasks/spec';
import type { EpisodeScore } from '../core/scoring/score';
import { makeEpisode } from '../core/tasks/make-episode';
import { taskRegistry, type TaskRegistry } from '../core/tasks/registry';
import { loadTreeSitterNode } from './wasm';
import { blockLine, parseTypedCommand, typedCommandsHelp } from '../core/episode/typed-command';
import { INVERSE, terminalSafe, terminalStream } from '../core/display/terminal-text';
import { readRepoFolder } from './repo-folder';
import { createNodeSandboxSession } from '../sandbox/node/node-session';

/**
 * `hgym play DIR --instances I.jsonl --id ID`: one episode in the terminal. The person types at a prompt; each line
 * becomes a tool call of the registry (see typed-command.ts), so the trajectory is the one a model would leave. On
 * submit (or at the step limit) the diff and the score are printed; `--out` appends the episode in the OpenHands
 * evaluation shape that `hgym score` reads.
 */

export interface PlayOptions {
  dir: string;
  instances: string;
  id: string;
  maxSteps?: number;
  out?: string;
  /** The task kinds (the app's by default). */
  registry?: TaskRegistry;
}

export interface PlayIO {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

const PYTHON_HELP =
  'Programs run for real (Pyodide, standard library only): python FILE, python -c CODE, python -m MODULE (e.g. python -m unittest), 30 s limit.';

function findInstance(path: string, id: string): EpisodeInstance {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read the instances file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
  }
  const ids: string[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`${path}:${i + 1}: not a JSON line`);
    }
    const inst = value as EpisodeInstance;
    if (inst?.instance_id === id) return inst;
    if (typeof inst?.instance_id === 'string') ids.push(inst.instance_id);
  }
  const shown = ids.slice(0, 10).join(', ') + (ids.length > 10 ? `, ... (${ids.length} in all)` : '');
  throw new Error(`no instance with id ${id} in ${path}${ids.length ? `; ids there: ${shown}` : ' (it has no instances)'}`);
}

function formatVerdict(label: string, v: unknown): string {
  if (v === null || typeof v !== 'object') return `${label}: ${v === null ? 'not available' : String(v)}`;
  const parts = Object.entries(v as Record<string, unknown>)
    .filter(([, x]) => x === null || ['string', 'number', 'boolean'].includes(typeof x) || (Array.isArray(x) && x.every((y) => typeof y !== 'object')))
    .map(([k, x]) => `${k}=${Array.isArray(x) ? `[${x.join(', ')}]` : typeof x === 'number' && !Number.isInteger(x) ? x.toFixed(3) : String(x)}`);
  return `${label}: ${parts.join('  ')}`;
}

function formatOutcome(o: EpisodeOutcome, scorerMissing: string | undefined): string {
  const lines = [
    `=== episode over: ${o.reason === 'submitted' ? 'submitted' : 'step limit reached'} ===`,
    '--- your patch (git diff) ---',
    o.patch || '(empty: nothing was changed)',
  ];
  lines.push('--- score ---');
  if (o.scoreError) lines.push(`scoring failed: ${o.scoreError}`);
  else if (!o.scored) lines.push(`scoring is unavailable${scorerMissing ? ` (${scorerMissing})` : ''}; the patch above is the result`);
  else {
    const v = o.verdict as { reference?: unknown; strict?: unknown; metrics?: unknown };
    lines.push(formatVerdict('reference', v.reference), formatVerdict('strict', v.strict), formatVerdict('metrics', v.metrics), `reward: ${o.reward}`);
  }
  return lines.join('\n');
}

export async function runPlay(opts: PlayOptions, io: PlayIO = { input: process.stdin, output: process.stdout }): Promise<number> {
  const instance = findInstance(opts.instances, opts.id);
  // Everything printed is escaped for the terminal (file names, contents, outputs: core/display/terminal-text.ts);
  // the episode itself, its observations and the --out record keep the text as it is.
  const mark = (io.output as NodeJS.WriteStream).isTTY ? INVERSE : undefined;
  const print = (text: string) => io.output.write(terminalSafe(text, mark));
  const { files } = await readRepoFolder(opts.dir, (line) => print(`${line}\n`));
  const spec = (opts.registry ?? taskRegistry).require(instance);
  // The instance's language (rows of the authors' files name none: their spec's first), as the page's sandbox takes it.
  const language = (instance as Partial<InstanceBase>).language ?? spec.languages[0];
  let ts: ReturnType<typeof loadTreeSitterNode> | null = null;
  const episode: Episode<EpisodeScore> = makeEpisode(spec, instance, files, {
    ...(opts.maxSteps !== undefined ? { maxSteps: opts.maxSteps } : {}),
    scoring: { treeSitter: () => (ts ??= loadTreeSitterNode(language ? [language] : spec.languages)) },
    player: { kind: 'human', name: 'terminal' },
  });
  const why: string | undefined = undefined;
  const instruction = episode.reset();
  // Python loads on the first python line only, so a session that never runs one pays nothing for it.
  const sandbox = createNodeSandboxSession(episode, { language });
  const out = (text: string) => print(text.endsWith('\n') ? text : `${text}\n`);

  out(`Episode ${instance.instance_id} (${episode.maxSteps} steps; type "help" for the commands)\n`);
  out(`${instruction}\n`);
  const rl = createInterface({ input: io.input, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  const nextLine = async (): Promise<string | null> => {
    const r = await lines.next();
    return r.done ? null : r.value;
  };
  const prompt = () => print(`\n[${episode.stepCount}/${episode.maxSteps}] ${episode.paths.absolute(episode.shell.state.cwd)}$ `);

  try {
    for (;;) {
      prompt();
      const line = await nextLine();
      if (line === null) {
        out('\n(input ended before submit: the episode was not scored)');
        return 0;
      }
      const typed = parseTypedCommand(line, episode.registry);
      if (typed.kind === 'empty') continue;
      if (typed.kind === 'usage') {
        out(typed.message);
        continue;
      }
      if (typed.kind === 'meta') {
        if (typed.name === 'quit') {
          out('Left without submitting: the episode was not scored.');
          return 0;
        }
        if (typed.name === 'help') out(`${typedCommandsHelp(episode.registry)}\n${PYTHON_HELP}`);
        else if (typed.name === 'diff') out(episode.diff() || '(no changes yet)');
        else if (typed.name === 'pause') {
          episode.clock.pause();
          out('Clock paused; it resumes with your next action (or "resume").');
        } else if (typed.name === 'resume') {
          episode.clock.resume();
          out('Clock running.');
        } else
          out(
            `step ${episode.stepCount} of ${episode.maxSteps}; ${(episode.clock.elapsedMs() / 1000).toFixed(1)} s on the clock${episode.clock.running ? '' : ' (paused)'}`,
          );
        continue;
      }
      let action = typed.kind === 'action' ? typed.action : null;
      if (typed.kind === 'blocks') {
        const blocks: string[] = [];
        for (const name of typed.prompts) {
          out(`${name} (end with a line holding a single "."):`);
          const acc: string[] = [];
          let block: string | null = null;
          while (block === null) {
            const l = await nextLine();
            if (l === null) {
              out('\n(input ended in the middle of a text block: the episode was not scored)');
              return 0;
            }
            block = blockLine(acc, l);
          }
          blocks.push(block);
        }
        action = typed.build(blocks);
      }
      let r: StepResult;
      if (action!.tool === 'run') {
        // A program: its output is shown as it comes, then how it ended (the step records the whole observation).
        const stream = terminalStream(mark);
        const write = (chunk: string) => void io.output.write(stream.push(chunk));
        const ran = await sandbox.exec(String(action!.args.command), { onStdout: write, onStderr: write });
        io.output.write(stream.end());
        r = ran.result!;
        if (ran.print) out(ran.print);
      } else {
        r = await episode.step(action!);
        out(r.observation);
      }
      if (r.terminated || r.truncated) {
        out(`\n${formatOutcome(r.info.outcome!, why)}`);
        if (opts.out) {
          const { episodeRecord } = await import('../core/formats/episode-record');
          const record = episodeRecord({
            instance,
            instruction,
            steps: episode.trajectory.steps,
            tools: episode.registry,
            patch: r.info.outcome!.patch,
            startedAt: episode.trajectory.startedAt,
            metrics: { reward: r.info.outcome!.reward, time_ms: episode.clock.elapsedMs(), player: 'human' },
          });
          appendFileSync(opts.out, `${JSON.stringify(record)}\n`);
          out(`Episode appended to ${opts.out}`);
        }
        return 0;
      }
    }
  } finally {
    rl.close();
    await sandbox.dispose();
  }
}
