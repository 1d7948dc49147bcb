import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkspaceShell } from '../../../../src/core/episode/shell/shell';
import { Workspace } from '../../../../src/core/episode/workspace';
import { WorkspacePaths } from '../../../../src/core/episode/workspace-paths';

/**
 * Helpers to hold the workspace shell against the real tools: the same files in a temp folder for GNU bash, grep
 * and find (LC_ALL=C), and in a Workspace for our shell; and a run of our shell in a child process, so that a
 * command that hangs fails its test after a timeout instead of hanging the test runner.
 */

export type Files = Record<string, string>;
export type Run = { output: string; code: number };

export const ROOT = '/workspace/shell__test__fixture';

/** The comparisons need GNU bash, grep and find (Debian's, as CI has); elsewhere (BSD tools) they are skipped. */
export const GNU_TOOLS =
  ['grep', 'find'].every((tool) => {
    const r = spawnSync(tool, ['--version'], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } });
    return r.status === 0 && r.stdout.includes('GNU');
  }) && spawnSync('/bin/bash', ['--version'], { encoding: 'utf8' }).stdout?.includes('GNU bash') === true;
if (!GNU_TOOLS) console.warn('skipping the comparisons with GNU bash, grep and find: this machine does not have them in /usr/bin:/bin');

/** A command line run by bash: stderr then stdout, as our shell's output puts them. */
export function realBash(dir: string, command: string): Run {
  const r = spawnSync('/bin/bash', ['--norc', '--noprofile', '-c', command], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin', LC_ALL: 'C', HOME: dir },
  });
  return { output: r.stderr + r.stdout, code: r.status ?? -1 };
}

/** The files written to a new temp folder (paths may have folders). */
export function writeFiles(files: Files): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'hgym-shell-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function shellOver(files: Files, options: ConstructorParameters<typeof WorkspaceShell>[1] = {}): WorkspaceShell {
  return new WorkspaceShell({ workspace: new Workspace(new Map(Object.entries(files))), paths: new WorkspacePaths(ROOT), cwd: '' }, options);
}

/** bash's and our output for one command line over the same files. */
export async function bothShells(files: Files, command: string): Promise<{ real: Run; ours: Run }> {
  const tree = writeFiles(files);
  try {
    const r = await shellOver(files).run(command);
    return { real: realBash(tree.dir, command), ours: { output: r.output, code: r.code } };
  } finally {
    tree.cleanup();
  }
}

const RUN_SHELL = fileURLToPath(new URL('./run-shell.ts', import.meta.url));

/** Our shell's run in a child process; null when it did not finish within `timeoutMs` (the child is killed). */
export function runIsolated(files: Files, command: string, timeoutMs: number): Promise<Run | null> {
  return new Promise((done, failed) => {
    const child = execFile(process.execPath, ['--import', 'tsx', RUN_SHELL], { timeout: timeoutMs, killSignal: 'SIGKILL', encoding: 'utf8' }, (err, stdout) => {
      if (err && (err as { killed?: boolean }).killed) done(null);
      else if (err) failed(err);
      else done(JSON.parse(stdout) as Run);
    });
    child.stdin!.end(JSON.stringify({ files, command }));
  });
}
