import { parseArgs } from 'node:util';

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

const COMMANDS: Record<string, Command> = {
  index: {
    usage: 'hgym index DIR',
    summary: 'index a directory: files, lines, definitions, call sites, resolved ratio, ambiguous calls, time',
    async run(argv) {
      const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
      if (positionals.length !== 1) throw new UsageError('expected one DIR');
      const { runIndexStats } = await import('../node/deps-cli');
      await runIndexStats(positionals[0]);
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
      await runDeps(positionals[0], { minDeps, maxDeps });
      return 0;
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
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`hgym ${name}: ${(err as Error).message}\nusage: ${command.usage}`);
      return 2;
    }
    console.error(`hgym ${name}: ${(err as Error).message}`);
    return 1;
  }
}
