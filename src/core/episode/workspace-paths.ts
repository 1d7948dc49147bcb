/**
 * Paths as a player types them, mapped onto workspace paths. The player sees the repo at an absolute root
 * (`/workspace/<owner>__<repo>__<commit8>`, as the paper's agents did); files inside are stored by their
 * repo-relative POSIX path ('' is the root). Absolute paths must lie under the root and relative ones are taken from
 * the current directory; `..` may move around inside but never above the root, so no tool can name a file outside.
 */

export type ResolvedPath = { ok: true; rel: string } | { ok: false; error: string };

export class WorkspacePaths {
  constructor(readonly root: string) {}

  /** `input` resolved against `cwd` (repo-relative) to a repo-relative path. */
  resolve(input: string, cwd = ''): ResolvedPath {
    if (input === '') return { ok: false, error: 'empty path' };
    const outside: ResolvedPath = { ok: false, error: `${input} is outside the workspace ${this.root}` };
    let segments: string[];
    if (input.startsWith('/')) {
      if (input !== this.root && !input.startsWith(`${this.root}/`)) return outside;
      segments = [];
      input = input.slice(this.root.length);
    } else {
      segments = cwd ? cwd.split('/') : [];
    }
    for (const part of input.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') {
        if (segments.length === 0) return outside;
        segments.pop();
      } else {
        segments.push(part);
      }
    }
    return { ok: true, rel: segments.join('/') };
  }

  /** The absolute path the player sees for a repo-relative one. */
  absolute(rel: string): string {
    return rel ? `${this.root}/${rel}` : this.root;
  }
}

export function parentOf(rel: string): string {
  const i = rel.lastIndexOf('/');
  return i === -1 ? '' : rel.slice(0, i);
}

export function baseName(rel: string): string {
  return rel.slice(rel.lastIndexOf('/') + 1);
}

export function joinRel(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}
