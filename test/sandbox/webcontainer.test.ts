import { spawn } from 'node:child_process';
import { watch, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { FileSystemTree } from '@webcontainer/api';
import { WebContainer } from '@webcontainer/api';
import { WebContainerSandbox } from '../../src/sandbox/webcontainer';
import type { SandboxStatus } from '../../src/sandbox/types';

vi.mock('@webcontainer/api', () => ({ WebContainer: { boot: vi.fn() } }));
const boot = vi.mocked(WebContainer.boot);

/**
 * A stand-in for a booted WebContainer with the same surface the adapter uses, backed by a real folder and real
 * processes: `node` and `npm` really run, so the contract is checked on real output, exit codes and file writes.
 */
class FolderContainer {
  readonly dir = mkdtempSync(join(tmpdir(), 'hgym-wc-'));
  mounted: FileSystemTree | null = null;
  tornDown = false;
  readonly spawned: { command: string; args: string[]; cwd?: string }[] = [];

  fs = {
    mkdir: async (path: string) => void mkdirSync(join(this.dir, path), { recursive: true }),
    writeFile: async (path: string, data: string) => writeFileSync(join(this.dir, path), data),
    readFile: async (path: string) => readFileSync(join(this.dir, path), 'utf8'),
    rm: async (path: string) => rmSync(join(this.dir, path), { force: true, recursive: true }),
    watch: (path: string, _opts: unknown, listener: (event: 'rename' | 'change', filename: string) => void) =>
      watch(join(this.dir, path), { recursive: true }, (event, filename) => filename && listener(event, filename)),
  };

  async mount(tree: FileSystemTree, at = this.dir): Promise<void> {
    this.mounted ??= tree;
    for (const [name, node] of Object.entries(tree)) {
      if ('directory' in node) {
        mkdirSync(join(at, name), { recursive: true });
        await this.mount(node.directory, join(at, name));
      } else if ('contents' in node.file) writeFileSync(join(at, name), node.file.contents);
    }
  }

  async spawn(command: string, args: string[], options: { cwd?: string } = {}) {
    this.spawned.push({ command, args, cwd: options.cwd });
    const child = spawn(command, args, { cwd: join(this.dir, options.cwd ?? ''), env: { ...process.env, NO_UPDATE_NOTIFIER: '1' } });
    const output = new ReadableStream<string>({
      start(controller) {
        child.stdout.on('data', (b: Buffer) => controller.enqueue(b.toString()));
        child.stderr.on('data', (b: Buffer) => controller.enqueue(b.toString()));
        child.on('close', () => controller.close());
      },
    });
    const exit = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 137)));
    return { output, exit, kill: () => child.kill('SIGKILL'), input: new WritableStream<string>(), resize() {} };
  }

  teardown(): void {
    this.tornDown = true;
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const ONLINE = { crossOriginIsolated: true, online: true };
const FILES = [
  { path: 'package.json', text: JSON.stringify({ name: 'demo', scripts: { test: 'node test/run.js' } }) },
  { path: 'src/add.js', text: 'module.exports = (a, b) => a + b;\n' },
  {
    path: 'test/run.js',
    text: "const add = require('../src/add');\nif (add(2, 2) !== 4) { console.error('add is broken'); process.exit(1); }\nconsole.log('1 passing');\n",
  },
  { path: 'old.txt', text: 'remove me' },
];

let container: FolderContainer;
beforeEach(() => {
  boot.mockReset();
  container = new FolderContainer();
});
afterEach(() => {
  if (!container.tornDown) container.teardown();
});

describe('WebContainerSandbox: when it cannot run', () => {
  test('a page that is not cross-origin isolated: unavailable with the reason, and boot is never tried', async () => {
    const sb = new WebContainerSandbox({ environment: { crossOriginIsolated: false, online: true } });
    expect(sb.status()).toEqual({ state: 'unavailable', detail: expect.stringContaining('not cross-origin isolated') });
    const r = await sb.exec('node -v');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('COOP/COEP');
    expect(boot).not.toHaveBeenCalled();
  });

  test('offline: unavailable with the reason, and boot is never tried', async () => {
    const sb = new WebContainerSandbox({ environment: { crossOriginIsolated: true, online: false } });
    expect(sb.status().detail).toBe('Node is unavailable offline: WebContainer loads its runtime from StackBlitz');
    expect((await sb.exec('npm test')).stderr).toContain('offline');
    expect(boot).not.toHaveBeenCalled();
  });

  test('a boot that never settles is given up after the timeout, once, with a status that says so', async () => {
    boot.mockReturnValue(new Promise(() => {}));
    const sb = new WebContainerSandbox({ environment: ONLINE, bootTimeoutMs: 300 });
    const seen: SandboxStatus[] = [];
    sb.subscribe((s) => seen.push(s));
    const r = await sb.exec('node -v');
    expect(r).toMatchObject({ exitCode: 1, timedOut: false });
    expect(r.stderr).toContain('WebContainer did not boot within 0.3 s');
    expect(seen.map((s) => s.state)).toEqual(['starting', 'unavailable']);
    expect(sb.status().detail).toMatch(/^Node is unavailable: WebContainer did not boot/);
    // One boot per page: no second attempt that would throw "only one instance".
    await sb.exec('node -v');
    expect(boot).toHaveBeenCalledTimes(1);
  });

  test('a boot that completes after the timeout is torn down (it holds the page only instance)', async () => {
    let finishBoot!: (wc: unknown) => void;
    boot.mockReturnValue(new Promise((resolve) => (finishBoot = resolve as (wc: unknown) => void)));
    const sb = new WebContainerSandbox({ environment: ONLINE, bootTimeoutMs: 100 });
    expect(await sb.start()).toBe(false);
    finishBoot(container);
    await new Promise((r) => setTimeout(r, 0));
    expect(container.tornDown).toBe(true);
  });
});

describe('WebContainerSandbox: booted (a folder-backed stand-in running real node and npm)', () => {
  test('boots lazily, mounts the workspace as a tree, runs node and npm test with output streamed', async () => {
    boot.mockResolvedValue(container as unknown as WebContainer);
    const sb = new WebContainerSandbox({ environment: ONLINE });
    await sb.writeFiles(FILES);
    expect(sb.status().state).toBe('idle');
    expect(boot).not.toHaveBeenCalled();
    const chunks: string[] = [];
    const r = await sb.exec('node -e "console.log(require(\'./src/add\')(20, 22))"', { onStdout: (c) => chunks.push(c) });
    expect(boot).toHaveBeenCalledWith({ coep: 'credentialless', workdirName: 'workspace' });
    expect(container.mounted).toMatchObject({
      'package.json': { file: { contents: FILES[0]!.text } },
      src: { directory: { 'add.js': { file: { contents: FILES[1]!.text } } } },
    });
    expect(r).toMatchObject({ exitCode: 0, stdout: '42\n', timedOut: false, changes: [] });
    expect(chunks.join('')).toBe('42\n');
    expect(sb.status().state).toBe('ready');

    const test1 = await sb.exec('npm test');
    expect(test1.exitCode).toBe(0);
    expect(test1.stdout).toContain('1 passing');
    // An edit pushed through writeFiles reaches the running container.
    await sb.writeFiles([{ path: 'src/add.js', text: 'module.exports = (a, b) => a - b;\n' }]);
    const test2 = await sb.exec('npm test');
    expect(test2.exitCode).not.toBe(0);
    expect(test2.stdout).toContain('add is broken');
    await sb.dispose();
    expect(container.tornDown).toBe(true);
    expect(sb.status()).toEqual({ state: 'unavailable', detail: 'closed' });
  });

  test('files a program writes or deletes come back as changes; node_modules does not', async () => {
    boot.mockResolvedValue(container as unknown as WebContainer);
    const sb = new WebContainerSandbox({ environment: ONLINE });
    await sb.writeFiles(FILES);
    const script =
      "const fs=require('fs');fs.mkdirSync('out',{recursive:true});fs.writeFileSync('out/r.txt','made');fs.rmSync('old.txt');fs.mkdirSync('node_modules/x',{recursive:true});fs.writeFileSync('node_modules/x/i.js','1')";
    const r = await sb.exec(`node -e "${script}"`);
    expect(r.exitCode).toBe(0);
    expect([...r.changes].sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { kind: 'delete', path: 'old.txt' },
      { kind: 'write', path: 'out/r.txt', text: 'made' },
    ]);
    const again = await sb.exec('node -e "1"');
    expect(again.changes).toEqual([]);
    await sb.dispose();
  });

  test('cwd, exit codes, the time limit and other programs', async () => {
    boot.mockResolvedValue(container as unknown as WebContainer);
    const sb = new WebContainerSandbox({ environment: ONLINE });
    await sb.writeFiles(FILES);
    const inTest = await sb.exec('node run.js', { cwd: 'test' });
    expect(inTest).toMatchObject({ exitCode: 0, stdout: '1 passing\n' });
    expect(container.spawned.at(-1)).toEqual({ command: 'node', args: ['run.js'], cwd: 'test' });
    expect((await sb.exec('node -e "process.exit(3)"')).exitCode).toBe(3);
    const loop = await sb.exec('node -e "while (true) {}"', { timeoutMs: 500 });
    expect(loop).toMatchObject({ exitCode: 124, timedOut: true });
    expect(loop.stderr).toContain('time limit of 0.5 s');
    expect((await sb.exec('node -e "console.log(1)"')).stdout).toBe('1\n');
    expect(await sb.exec('python x.py')).toMatchObject({ exitCode: 127 });
    expect(sb.handles('npm test')).toBe(true);
    expect(sb.handles('python x.py')).toBe(false);
    await sb.dispose();
  });
});
