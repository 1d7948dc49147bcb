import { parseArgs } from 'node:util';
import { PAPER_STEP_LIMIT } from '../core/episode/limits';
import { allFields, allFlagUsage, flagOptions, flagOptionsProblem, OptionFlagError, optionsFromFlags } from '../core/tasks/option-fields';
import { taskRegistry } from '../core/tasks/registry';
import type { AnyTaskSpec } from '../core/tasks/spec';

/** One entry per subcommand: usage line, then the handler. Handlers return the process exit code. */
interface Command {
  usage: string;
  summary: string;
  run(argv: string[]): Promise<number>;
}

function intOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a non-negative integer, got '${value}'`);
  return n;
}

class UsageError extends Error {}

const TASKS = taskRegistry.all();
/** `--task` and the generator flags of every kind, from the specs' option fields. */
const TASK_FLAGS = flagOptions(allFields(TASKS));
const KINDS = taskRegistry.kinds().join('|');

/** The spec `--task` names, or a usage error listing the kinds. */
function taskSpec(task: string | undefined): AnyTaskSpec {
  const spec = task === undefined ? undefined : taskRegistry.find(task);
  if (!spec) throw new UsageError(`--task must be ${taskRegistry.kinds().join(' or ')}`);
  return spec;
}

/** The generator options the flags give for `spec`: `n`, `seed`, its fields' flags, checked together. */
function taskOptions(spec: AnyTaskSpec, values: Record<string, string | boolean | undefined>, n: number): Record<string, unknown> {
  const options = { n, seed: values.seed ?? '1', ...optionsFromFlags(spec.options.fields, values) };
  const problem = flagOptionsProblem(spec, options);
  if (problem) throw new UsageError(problem);
  return options;
}

const COMMANDS: Record<string, Command> = {
  index: {
    usage: 'hgym index DIR',
    summary: 'index a directory: files, lines, definitions, call sites, resolved ratio, ambiguous calls, time',
    async run(argv) {
      const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
      if (positionals.length !== 1) throw new UsageError('expected one DIR');
      const { runIndexStats } = await import('../node/deps-cli');
      await runIndexStats(positionals[0]!);
      return 0;
    },
  },
  deps: {
    usage: 'hgym deps DIR [--min-deps 1] [--max-deps 5]',
    summary: 'one JSON line per public function with its direct in-repo dependencies (the reference dataset shape)',
    async run(argv) {
      const { positionals, values } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: { 'min-deps': { type: 'string' }, 'max-deps': { type: 'string' } },
      });
      if (positionals.length !== 1) throw new UsageError('expected one DIR');
      const minDeps = intOption(values['min-deps'], 'min-deps', 1);
      const maxDeps = intOption(values['max-deps'], 'max-deps', 5);
      if (minDeps > maxDeps) throw new UsageError('--min-deps is larger than --max-deps');
      const { runDeps } = await import('../node/deps-cli');
      await runDeps(positionals[0]!, { minDeps, maxDeps });
      return 0;
    },
  },
  generate: {
    usage: `hgym generate DIR --task ${KINDS} [--n 100] [--seed 1] [--out FILE] ${allFlagUsage(TASKS)} [--repo-name owner/name] [--describe llm --llm-url URL --llm-model M [--llm-cache FILE]]`,
    summary:
      'task instances as JSONL (stdout unless --out); seeded, so the same folder and options give the same bytes. The LLM key is read from HGYM_LLM_API_KEY',
    async run(argv) {
      const { positionals, values } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
          task: { type: 'string' },
          n: { type: 'string' },
          seed: { type: 'string' },
          out: { type: 'string' },
          ...TASK_FLAGS,
          'repo-name': { type: 'string' },
          describe: { type: 'string' },
          'llm-url': { type: 'string' },
          'llm-model': { type: 'string' },
          'llm-cache': { type: 'string' },
        },
      });
      if (positionals.length !== 1) throw new UsageError('expected one DIR');
      const spec = taskSpec(values.task);
      const options = taskOptions(spec, values, intOption(values.n, 'n', 100));
      if (values.describe !== undefined && values.describe !== 'llm')
        throw new UsageError('--describe takes only "llm" (the default describes from the docstring)');
      if (values.describe === 'llm' && !spec.describeWithLlm) {
        const kinds = TASKS.filter((s) => s.describeWithLlm).map((s) => s.kind);
        throw new UsageError(`--describe llm is for --task ${kinds.join(' or ')}`);
      }
      if (values.describe === 'llm' && (!values['llm-url'] || !values['llm-model'])) throw new UsageError('--describe llm needs --llm-url and --llm-model');
      if (values.describe === 'llm') {
        const problem = (await import('../core/llm/openai-client')).baseUrlProblem(values['llm-url']!);
        if (problem) throw new Error(`--llm-url ${problem}`);
      }
      const { runGenerate } = await import('../node/generate-cli');
      await runGenerate(positionals[0]!, {
        task: spec.kind,
        repoName: values['repo-name'],
        out: values.out,
        options,
        llm:
          values.describe === 'llm'
            ? { endpoint: { baseUrl: values['llm-url']!, model: values['llm-model']!, apiKey: process.env.HGYM_LLM_API_KEY }, cacheFile: values['llm-cache'] }
            : undefined,
      });
      return 0;
    },
  },
  play: {
    usage: `hgym play DIR --instances I.jsonl --id ID [--max-steps ${PAPER_STEP_LIMIT}] [--out RESULTS.jsonl]`,
    summary: 'play one episode in the terminal: shell commands and editor commands at a prompt, then submit prints the diff and the score',
    async run(argv) {
      const { positionals, values } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: { instances: { type: 'string' }, id: { type: 'string' }, 'max-steps': { type: 'string' }, out: { type: 'string' } },
      });
      if (positionals.length !== 1) throw new UsageError('expected one DIR');
      if (!values.instances || !values.id) throw new UsageError('--instances and --id are required');
      const maxSteps = intOption(values['max-steps'], 'max-steps', PAPER_STEP_LIMIT);
      if (maxSteps < 1) throw new UsageError('--max-steps must be at least 1');
      const { runPlay } = await import('../node/play-cli');
      return runPlay({ dir: positionals[0]!, instances: values.instances, id: values.id, maxSteps, out: values.out });
    },
  },
  score: {
    usage: 'hgym score --instances I.jsonl --results R.jsonl [--format table|jsonl] [--repo DIR]',
    summary: "per-result verdicts (the authors' reference verdict, the parser-checked strict one, our metrics) and a summary; strict needs --repo",
    async run(argv) {
      const { positionals, values } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: { instances: { type: 'string' }, results: { type: 'string' }, format: { type: 'string' }, repo: { type: 'string' } },
      });
      if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
      if (!values.instances || !values.results) throw new UsageError('--instances and --results are required');
      const format = values.format ?? 'table';
      if (format !== 'table' && format !== 'jsonl') throw new UsageError('--format must be table or jsonl');
      const { runScore } = await import('../node/score-cli');
      await runScore({ instances: values.instances, results: values.results, format, repo: values.repo });
      return 0;
    },
  },
  'train-data': {
    usage: `hgym train-data --instances I.jsonl --results R.jsonl [--all] [--max-steps ${PAPER_STEP_LIMIT}] [--out T.jsonl]`,
    summary: 'successful episodes as the multi-turn chat conversations the authors fine-tune on (--all keeps every episode)',
    async run(argv) {
      const { positionals, values } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
          instances: { type: 'string' },
          results: { type: 'string' },
          all: { type: 'boolean' },
          out: { type: 'string' },
          'max-steps': { type: 'string' },
        },
      });
      if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
      if (!values.instances || !values.results) throw new UsageError('--instances and --results are required');
      const { runTrainData } = await import('../node/train-cli');
      runTrainData({
        instances: values.instances,
        results: values.results,
        all: values.all === true,
        out: values.out,
        maxSteps: intOption(values['max-steps'], 'max-steps', PAPER_STEP_LIMIT),
      });
      return 0;
    },
  },
  run: {
    usage: `hgym run DIR (--instances I.jsonl | --task ${KINDS} [--n 50] [--seed 1] ${allFlagUsage(TASKS)}) --agent baseline|openai [--base-url URL --model M [--api-key-env VAR] [--text-actions] [--timeout-ms 120000]] [--concurrency 4] [--max-steps ${PAPER_STEP_LIMIT}] --out RESULTS.jsonl`,
    summary:
      'play many episodes with an agent; one OpenHands-shaped line per episode is appended to --out (ids already there are skipped). The key is read from the environment variable --api-key-env names (default OPENAI_API_KEY)',
    async run(argv) {
      const { positionals, values } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
          instances: { type: 'string' },
          task: { type: 'string' },
          n: { type: 'string' },
          seed: { type: 'string' },
          ...TASK_FLAGS,
          'repo-name': { type: 'string' },
          agent: { type: 'string' },
          'base-url': { type: 'string' },
          model: { type: 'string' },
          'api-key-env': { type: 'string' },
          'text-actions': { type: 'boolean' },
          'timeout-ms': { type: 'string' },
          concurrency: { type: 'string' },
          'max-steps': { type: 'string' },
          out: { type: 'string' },
        },
      });
      if (positionals.length !== 1) throw new UsageError('expected one DIR');
      if (!values.out) throw new UsageError('--out is required');
      if (!values.instances === !values.task) throw new UsageError('give either --instances or --task');
      const spec = values.task !== undefined ? taskSpec(values.task) : null;
      const generate = spec ? { task: spec.kind, options: taskOptions(spec, values, intOption(values.n, 'n', 50)), repoName: values['repo-name'] } : undefined;
      const agent = values.agent ?? '';
      const { agentProvider, agentIdList } = await import('../core/agents/providers');
      const provider = agentProvider(agent);
      if (!provider) throw new UsageError(`--agent must be ${agentIdList()}`);
      const keyEnv = values['api-key-env'] ?? 'OPENAI_API_KEY';
      if (provider.needsEndpoint && (!values['base-url'] || !values.model)) throw new UsageError(`--agent ${agent} needs --base-url and --model`);
      const maxSteps = intOption(values['max-steps'], 'max-steps', PAPER_STEP_LIMIT);
      if (maxSteps < 1) throw new UsageError('--max-steps must be at least 1');
      const concurrency = Math.max(1, intOption(values.concurrency, 'concurrency', 4));
      const abort = new AbortController();
      // First Ctrl-C: stop cleanly (finished episodes are kept, cut ones rerun on resume); second: exit now.
      const onSigint = () => (abort.signal.aborted ? process.exit(130) : abort.abort());
      process.on('SIGINT', onSigint);
      try {
        const { runEpisodes, runExitCode } = await import('../node/run-cli');
        const s = await runEpisodes({
          dir: positionals[0]!,
          instances: values.instances,
          generate,
          agent,
          llm: provider.needsEndpoint
            ? {
                baseUrl: values['base-url']!,
                model: values.model!,
                apiKey: process.env[keyEnv] || undefined,
                actionFormat: values['text-actions'] ? 'text' : 'auto',
                timeoutMs: values['timeout-ms'] !== undefined ? intOption(values['timeout-ms'], 'timeout-ms', 120_000) : undefined,
              }
            : undefined,
          concurrency,
          out: values.out,
          maxSteps,
          signal: abort.signal,
        });
        return runExitCode(s, abort.signal.aborted);
      } finally {
        process.off('SIGINT', onSigint);
      }
    },
  },
};

function help(): string {
  const lines = ['hgym — the Hybrid-Gym playground on the command line', '', 'Commands:'];
  for (const c of Object.values(COMMANDS)) lines.push(`  ${c.usage}`, `      ${c.summary}`);
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`hgym: unknown command '${name}'\n\n${help()}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof UsageError || err instanceof OptionFlagError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`hgym ${name}: ${(err as Error).message}\nusage: ${command.usage}`);
      return 2;
    }
    console.error(`hgym ${name}: ${(err as Error).message}`);
    return 1;
  }
}
