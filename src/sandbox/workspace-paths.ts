/**
 * Workspace paths (POSIX, relative, no `..`) and where they live inside an engine's file system. A path that tries to
 * leave the workspace is refused rather than normalised, so a sandbox never writes outside its root.
 */
export function normaliseWorkspacePath(path: string): string | null {
  const parts: string[] = [];
  for (const seg of path.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') return null;
    parts.push(seg);
  }
  return parts.join('/');
}

/** A folder name for the workspace root from a repo name ("owner/name" -> "name"), safe in any file system. */
export function workspaceSlug(name: string | undefined): string {
  const last = (name ?? '').split('/').filter(Boolean).pop() ?? '';
  const slug = last.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '');
  return slug || 'repo';
}
