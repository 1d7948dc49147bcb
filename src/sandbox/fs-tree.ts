import type { DirectoryNode, FileSystemTree } from '@webcontainer/api';
import type { FileWrite } from './types';
import { normaliseWorkspacePath } from './workspace-paths';

/**
 * Workspace files as the nested tree WebContainer's `mount` takes. A path whose folder is already a file (or the
 * reverse) cannot exist in a real file system; the later one is skipped and reported so the caller can say so.
 */
export function toFileSystemTree(files: FileWrite[]): { tree: FileSystemTree; skipped: string[] } {
  const tree: FileSystemTree = {};
  const skipped: string[] = [];
  for (const f of files) {
    const path = normaliseWorkspacePath(f.path);
    if (!path) {
      skipped.push(f.path);
      continue;
    }
    const parts = path.split('/');
    const name = parts.pop()!;
    let dir: FileSystemTree | null = tree;
    for (const part of parts) {
      const node: FileSystemTree[string] | undefined = dir[part];
      if (node === undefined) {
        const child: DirectoryNode = { directory: {} };
        dir[part] = child;
        dir = child.directory;
      } else if ('directory' in node) dir = node.directory;
      else {
        dir = null;
        break;
      }
    }
    if (!dir || (dir[name] && 'directory' in dir[name]!)) skipped.push(f.path);
    else dir[name] = { file: { contents: f.text } };
  }
  return { tree, skipped };
}
