import type { ExecOptions, ExecResult, FileChange, Sandbox } from './types';

/**
 * The files side of the episode's Workspace (src/core/episode/workspace.ts) a sandbox needs; the Workspace fits it
 * as it is. Kept structural so the sandbox does not depend on the engine's internals.
 */
export interface SyncedWorkspace {
  files(): readonly string[];
  read(path: string): string | undefined;
  write(path: string, text: string): void;
  remove(path: string): void;
}

/**
 * Keeps a sandbox's copy of the files and the episode's workspace the same, both ways: before each command, what
 * changed in the workspace (editor edits, str_replace, ...) is pushed; after it, what the program wrote or deleted
 * is applied to the workspace, so it shows in the editor and in the episode's diff.
 */
export class WorkspaceSync {
  /** What the sandbox holds: path -> text as last pushed or reported. */
  private readonly mirrored = new Map<string, string>();

  constructor(
    readonly sandbox: Sandbox,
    private readonly workspace: SyncedWorkspace,
  ) {}

  /** Sends the workspace's changes since the last push (all files the first time). Returns how many moved. */
  async push(): Promise<{ written: number; deleted: number }> {
    const writes: { path: string; text: string }[] = [];
    const present = new Set<string>();
    for (const path of this.workspace.files()) {
      present.add(path);
      const text = this.workspace.read(path);
      // Same string object in the common case: the comparison is a pointer check, so a big repo costs little.
      if (text !== undefined && this.mirrored.get(path) !== text) writes.push({ path, text });
    }
    const deletes = [...this.mirrored.keys()].filter((p) => !present.has(p));
    if (deletes.length) await this.sandbox.deleteFiles(deletes);
    if (writes.length) await this.sandbox.writeFiles(writes);
    for (const p of deletes) this.mirrored.delete(p);
    for (const w of writes) this.mirrored.set(w.path, w.text);
    return { written: writes.length, deleted: deletes.length };
  }

  /** Applies what a command did to the workspace; returns the paths it touched. */
  pull(changes: FileChange[]): string[] {
    for (const c of changes) {
      if (c.kind === 'write') {
        this.workspace.write(c.path, c.text);
        this.mirrored.set(c.path, c.text);
      } else {
        this.workspace.remove(c.path);
        this.mirrored.delete(c.path);
      }
    }
    return changes.map((c) => c.path);
  }

  /** push, exec, pull: a command that sees the workspace as it is and leaves its edits in it. */
  async exec(command: string, options?: ExecOptions): Promise<ExecResult> {
    await this.push();
    const result = await this.sandbox.exec(command, options);
    this.pull(result.changes);
    return result;
  }
}
