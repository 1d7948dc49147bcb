// Builds the `hgym` CLI as plain JavaScript into build/cli/ (run on install, and by bin/hgym.mjs when a source
// file changed since), so a command never compiles TypeScript at run time:
//   hgym.mjs + chunks   the CLI, split so each command loads only the modules it imports
//   index-worker.mjs    a thread of the parallel index (src/node/index-pool.ts)
//   python-process.cjs  the Python engine's process, one file, as the permission model reads only it
//   inputs.json         every source file that went in, with its modification time (the freshness check)
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_DIR = join(root, 'build', 'cli');
const INPUTS = join(CLI_DIR, 'inputs.json');

/** Whether build/cli is missing or older than one of its sources (a few ms: one stat per source file). */
export function cliIsStale() {
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(INPUTS, 'utf8'));
  } catch {
    return true;
  }
  for (const [file, mtime] of Object.entries(inputs)) {
    try {
      if (statSync(join(root, file)).mtimeMs !== mtime) return true;
    } catch {
      return true;
    }
  }
  return false;
}

export async function buildCli() {
  const { build } = await import('esbuild');
  const common = { absWorkingDir: root, bundle: true, platform: 'node', target: 'node20', metafile: true, logLevel: 'warning' };
  // Built beside and swapped in, so a command starting meanwhile finds the old build or the new one, not half.
  const out = `${CLI_DIR}.${process.pid}.tmp`;
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const results = await Promise.all([
    build({
      ...common,
      entryPoints: { hgym: 'src/cli/main.ts', 'index-worker': 'src/node/index-worker.ts' },
      outdir: out,
      outExtension: { '.js': '.mjs' },
      format: 'esm',
      splitting: true,
      // Packages load from node_modules as they are; only our own TypeScript is compiled.
      packages: 'external',
      chunkNames: 'chunk-[hash]',
    }),
    build({ ...common, entryPoints: ['src/sandbox/node/python-process.ts'], outfile: join(out, 'python-process.cjs'), format: 'cjs' }),
  ]);
  const inputs = {};
  for (const r of results) {
    for (const file of Object.keys(r.metafile.inputs)) {
      if (!file.startsWith('node_modules/')) inputs[file] = statSync(join(root, file)).mtimeMs;
    }
  }
  writeFileSync(join(out, 'inputs.json'), JSON.stringify(inputs));
  rmSync(CLI_DIR, { recursive: true, force: true });
  renameSync(out, CLI_DIR);
  return join(CLI_DIR, 'hgym.mjs');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCli();
