/**
 * The CLI as a user times it (issue 11 §4): `hgym deps DIR` as a whole process (node start, module loading, wasm,
 * reading the folder, the parallel index and the records), on a ~12k-line and a ~60k-line real code base (oauthlib and
 * setuptools as Debian ships them; Jedi may resolve their own imports into the installed copy, which changes its
 * edges, not its work), beside the raw tree-sitter parse of the same files, our index + call graph
 * in-process (with the worker-thread pool, as the CLI runs it), and the authors' Jedi builder on the same folder
 * (scripts/jedi-deps.py, a fresh jedi.Script per call site as they ran it).
 *
 * Options: --runs=N (whole-process and in-process runs, median; default 3), --jedi=none (skip Jedi: minutes).
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildIndex } from '../src/core/index/build';
import { dependencySets } from '../src/core/index/dependencies';
import { builderFiles } from '../src/node/deps-cli';
import { nodeIndexPool } from '../src/node/index-pool';
import { loadTreeSitterNode } from '../src/node/wasm';
import { runJedi } from '../scripts/compare-jedi';
// @ts-expect-error -- a plain ES module script without types
import { buildCli, cliIsStale } from '../scripts/build-cli.mjs';
import { median, option, printTable, type BenchSection } from './section';

const run = promisify(execFile);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Two real libraries Debian ships (python3-oauthlib, python3-setuptools), each copied into a fresh repo root. */
const DIST = '/usr/lib/python3/dist-packages';
const CODE_BASES = ['oauthlib', 'setuptools'];
const TARGET_JEDI = 50;
const TARGET_PARSE = 1.5;

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

async function wholeProcess(dir: string): Promise<number> {
  const started = performance.now();
  await run(process.execPath, [join(ROOT, 'bin', 'hgym.mjs'), 'deps', dir], { maxBuffer: 1 << 28 });
  return performance.now() - started;
}

export const cliBench: BenchSection = {
  name: 'cli',
  title: '`hgym deps` as a whole process vs raw parse vs the Jedi builder',
  async run(options) {
    const runs = Math.max(1, Number(option(options, 'runs') ?? 3));
    const withJedi = option(options, 'jedi') !== 'none';
    if ((cliIsStale as () => boolean)()) await (buildCli as () => Promise<string>)();
    const rows: (string | number)[][] = [
      ['code base', 'lines', 'raw parse', 'index + graph', '/ parse', 'hgym deps process', 'Jedi builder', 'Jedi / process'],
    ];
    const ts = await loadTreeSitterNode(['python']);
    for (const name of CODE_BASES) {
      if (!existsSync(join(DIST, name))) throw new Error(`${DIST}/${name} is missing: apt-get install -y python3-${name}`);
      const dir = mkdtempSync(join(tmpdir(), 'hgym-bench-cli-'));
      cpSync(join(DIST, name), join(dir, name), { recursive: true, filter: (src) => !src.includes('__pycache__') });
      try {
        const files = await builderFiles(dir);
        const lines = files.reduce((n, f) => n + f.text.split('\n').length - (f.text.endsWith('\n') ? 1 : 0), 0);
        const parser = ts.parser('python');
        const parse = () => {
          const t = performance.now();
          for (const f of files) parser.parse(f.text)?.delete();
          return performance.now() - t;
        };
        const index = async () => {
          const t = performance.now();
          dependencySets(await buildIndex(files, ts, { pool: nodeIndexPool() }), {});
          return performance.now() - t;
        };
        parse();
        await index();
        await wholeProcess(dir);
        const parseMs = median(Array.from({ length: runs }, parse));
        const indexMs: number[] = [];
        const processMs: number[] = [];
        for (let i = 0; i < runs; i++) {
          indexMs.push(await index());
          processMs.push(await wholeProcess(dir));
        }
        const ix = median(indexMs);
        const proc = median(processMs);
        let jedi: number | null = null;
        if (withJedi) {
          const t = performance.now();
          await runJedi(dir, {});
          jedi = performance.now() - t;
        }
        rows.push([
          `${name} (${files.length} files)`,
          lines,
          s(parseMs),
          s(ix),
          `${(ix / parseMs).toFixed(2)}x ${verdict(ix / parseMs <= TARGET_PARSE)}`,
          s(proc),
          jedi === null ? 'skipped' : s(jedi),
          jedi === null ? '' : `${Math.round(jedi / proc)}x ${verdict(jedi / proc >= TARGET_JEDI)}`,
        ]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    printTable(rows);
    console.log(`targets: index + graph <= ${TARGET_PARSE}x raw parse (wall); whole process >= ${TARGET_JEDI}x faster than Jedi. Medians of ${runs}.`);
  },
};
