import { gitDiff, type FileChange } from './diff/git-diff';
import { parentOf } from './workspace-paths';

/**
 * The files of one episode: a copy-on-write layer over the start state (the repo with the task's edit applied).
 * Only what the player changes is stored, so a 100k-line repo costs nothing to open and a snapshot holds just the
 * edits. Directories are not stored: they are the ancestors of the files that exist, as in git (so an emptied folder
 * disappears, and there is no mkdir).
 */

export interface WorkspaceEntry {
  name: string;
  kind: 'file' | 'dir';
}

/** The player's changes as plain JSON: what the snapshot of an episode stores. */
export interface WorkspaceOverlay {
  written: Record<string, string>;
  deleted: string[];
}

export class Workspace {
  private readonly written = new Map<string, string>();
  private readonly deleted = new Set<string>();
  private fileList: string[] | null = null;
  private dirSet: Set<string> | null = null;

  /** `start`: repo-relative path -> text; kept by reference and never modified. */
  constructor(private readonly start: ReadonlyMap<string, string>) {}

  read(path: string): string | undefined {
    if (this.deleted.has(path)) return undefined;
    return this.written.get(path) ?? this.start.get(path);
  }

  /** The text at the start of the episode, before any edit. */
  readStart(path: string): string | undefined {
    return this.start.get(path);
  }

  isFile(path: string): boolean {
    return this.read(path) !== undefined;
  }

  isDir(path: string): boolean {
    return path === '' || this.dirs().has(path);
  }

  exists(path: string): boolean {
    return this.isFile(path) || this.isDir(path);
  }

  /**
   * Writes a file, creating it (and so its folders) if needed. Callers check first that `path` is not a folder and
   * that no ancestor is a file; this only keeps the layer minimal (writing back the start text drops the change).
   */
  write(path: string, text: string): void {
    const existed = this.isFile(path);
    this.deleted.delete(path);
    if (this.start.get(path) === text) this.written.delete(path);
    else this.written.set(path, text);
    if (!existed) this.invalidate();
  }

  remove(path: string): void {
    if (!this.isFile(path)) return;
    this.written.delete(path);
    if (this.start.has(path)) this.deleted.add(path);
    this.invalidate();
  }

  /** Every file, sorted by path. */
  files(): readonly string[] {
    if (!this.fileList) {
      const all = new Set<string>();
      for (const p of this.start.keys()) if (!this.deleted.has(p)) all.add(p);
      for (const p of this.written.keys()) all.add(p);
      this.fileList = [...all].sort(byPath);
    }
    return this.fileList;
  }

  /** Files under a folder ('' = all), sorted. */
  filesUnder(dir: string): string[] {
    if (dir === '') return [...this.files()];
    const prefix = `${dir}/`;
    return this.files().filter((p) => p.startsWith(prefix));
  }

  /** The direct children of a folder, sorted by name; [] for a missing folder. */
  list(dir: string): WorkspaceEntry[] {
    const seen = new Map<string, WorkspaceEntry['kind']>();
    for (const p of this.filesUnder(dir)) {
      const rest = dir ? p.slice(dir.length + 1) : p;
      const slash = rest.indexOf('/');
      if (slash === -1) seen.set(rest, 'file');
      else seen.set(rest.slice(0, slash), 'dir');
    }
    return [...seen].map(([name, kind]) => ({ name, kind })).sort((a, b) => byPath(a.name, b.name));
  }

  /** Changed files in path order: created (`before` null), deleted (`after` null) or modified. */
  changedFiles(): FileChange[] {
    const out: FileChange[] = [];
    for (const [path, after] of this.written) out.push({ path, before: this.start.get(path) ?? null, after });
    for (const path of this.deleted) out.push({ path, before: this.start.get(path) ?? null, after: null });
    return out.sort((a, b) => byPath(a.path, b.path));
  }

  /** `git diff` of the workspace against its start state ('' when nothing changed). */
  diff(): string {
    return gitDiff(this.changedFiles());
  }

  overlay(): WorkspaceOverlay {
    const written: Record<string, string> = {};
    for (const [p, t] of [...this.written].sort((a, b) => byPath(a[0], b[0]))) written[p] = t;
    return { written, deleted: [...this.deleted].sort(byPath) };
  }

  /** Replaces the player's changes with a saved overlay (the start state must be the same one). */
  applyOverlay(overlay: WorkspaceOverlay): void {
    this.written.clear();
    this.deleted.clear();
    for (const [p, t] of Object.entries(overlay.written)) this.write(p, t);
    for (const p of overlay.deleted) this.remove(p);
    this.invalidate();
  }

  private dirs(): Set<string> {
    if (!this.dirSet) {
      const dirs = new Set<string>();
      for (const p of this.files()) {
        for (let d = parentOf(p); d !== '' && !dirs.has(d); d = parentOf(d)) dirs.add(d);
      }
      this.dirSet = dirs;
    }
    return this.dirSet;
  }

  private invalidate(): void {
    this.fileList = null;
    this.dirSet = null;
  }
}

function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
