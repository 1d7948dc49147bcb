import type { SandboxChoice } from './choose';
import { tokenizeCommand } from './command-line';
import { EXIT, type ExecOptions, type ExecResult, type Sandbox, type SandboxKind, type SandboxStatus } from './types';
import { WorkspaceSync, type SyncedWorkspace } from './workspace-sync';

/** Which program names belong to which engine, to explain a command whose engine cannot run here. */
const PROGRAM_ENGINE: Record<string, SandboxKind> = { python: 'python', python3: 'python', node: 'node', npm: 'node', npx: 'node' };

/** The engine a program belongs to (`python3.14`, `/usr/bin/python` included), or undefined for any other program. */
export function engineForProgram(program: string): SandboxKind | undefined {
  const name = program.slice(program.lastIndexOf('/') + 1).replace(/^(python3)\.\d+$/, '$1');
  return PROGRAM_ENGINE[name];
}

/** The program names each engine answers to, as shell commands. */
export function programsOf(kind: SandboxKind): string[] {
  return Object.keys(PROGRAM_ENGINE).filter((p) => PROGRAM_ENGINE[p] === kind);
}

/**
 * One terminal for every engine: a command goes to the first sandbox that handles it (python to Pyodide, node/npm to
 * WebContainer, the rest to the memory shell), with the workspace synced both ways around it. A command meant for an
 * engine this page cannot run gets that engine's reason instead of "command not found".
 */
export class SandboxRouter {
  readonly sandboxes: Sandbox[];
  private readonly syncs = new Map<Sandbox, WorkspaceSync>();
  private readonly unavailable: Map<SandboxKind, { label: string; reason: string }>;

  constructor(choice: SandboxChoice, workspace: SyncedWorkspace) {
    this.sandboxes = choice.available.map((p) => p.create());
    this.unavailable = new Map(choice.unavailable.map((u) => [u.plugin.kind, { label: u.plugin.label, reason: u.reason }]));
    // The memory shell works on the workspace itself; the others hold a copy.
    for (const s of this.sandboxes) if (s.kind !== 'memory') this.syncs.set(s, new WorkspaceSync(s, workspace));
  }

  /**
   * The sync that keeps this sandbox's copy of the workspace (undefined for the memory shell, which has none), so a
   * shell command (`sandboxCommand`) and the router share one record of what the sandbox holds.
   */
  syncFor(sandbox: Sandbox): WorkspaceSync | undefined {
    return this.syncs.get(sandbox);
  }

  /** The sandbox a command would run in, or why none can. */
  route(command: string): { sandbox: Sandbox } | { reason: string } {
    const t = tokenizeCommand(command.trim());
    const program = t.ok ? (t.words[0] ?? '') : '';
    const engine = engineForProgram(program);
    const own = engine ? this.sandboxes.find((s) => s.kind === engine) : undefined;
    if (own && own.status().state !== 'unavailable') return { sandbox: own };
    if (own) return { reason: own.status().detail ?? `${own.label} is unavailable` };
    if (engine && this.unavailable.has(engine)) return { reason: this.unavailable.get(engine)!.reason };
    const any = this.sandboxes.find((s) => s.kind !== engine && s.handles(command) && s.status().state !== 'unavailable');
    return any ? { sandbox: any } : { reason: `${program}: command not found` };
  }

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult & { ranIn: SandboxKind | null }> {
    const r = this.route(command);
    if ('reason' in r) {
      const stderr = `${r.reason}\n`;
      options.onStderr?.(stderr);
      return { exitCode: EXIT.notFound, stdout: '', stderr, timedOut: false, changes: [], durationMs: 0, ranIn: null };
    }
    const sync = this.syncs.get(r.sandbox);
    const result = sync ? await sync.exec(command, options) : await r.sandbox.exec(command, options);
    return { ...result, ranIn: r.sandbox.kind };
  }

  /** Every engine's status, for the terminal's status line (unavailable ones included, with their reason). */
  statuses(): { kind: SandboxKind; label: string; status: SandboxStatus }[] {
    const live = this.sandboxes.map((s) => ({ kind: s.kind, label: s.label, status: s.status() }));
    const missing = [...this.unavailable].map(([kind, { label, reason }]) => ({
      kind,
      label,
      status: { state: 'unavailable' as const, detail: reason },
    }));
    return [...live, ...missing];
  }

  /** Calls back whenever any engine's status changes. */
  subscribe(listener: () => void): () => void {
    const offs = this.sandboxes.map((s) => s.subscribe(listener));
    return () => offs.forEach((off) => off());
  }

  async dispose(): Promise<void> {
    await Promise.all(this.sandboxes.map((s) => s.dispose()));
  }
}
