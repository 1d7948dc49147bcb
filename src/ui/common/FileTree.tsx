import { useMemo, useState } from 'react';

interface Folder {
  name: string;
  path: string;
  folders: Folder[];
  files: { name: string; path: string }[];
}

function buildTree(paths: readonly string[]): Folder {
  const root: Folder = { name: '', path: '', folders: [], files: [] };
  const byPath = new Map<string, Folder>([['', root]]);
  for (const p of [...paths].sort()) {
    const parts = p.split('/');
    let parent = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const path = parts.slice(0, i + 1).join('/');
      let f = byPath.get(path);
      if (!f) {
        f = { name: parts[i]!, path, folders: [], files: [] };
        byPath.set(path, f);
        parent.folders.push(f);
      }
      parent = f;
    }
    parent.files.push({ name: parts[parts.length - 1]!, path: p });
  }
  return root;
}

export interface FileTreeProps {
  paths: readonly string[];
  selected?: string | null;
  /** Paths shown with a marker (changed in the workspace). */
  marked?: ReadonlySet<string>;
  onOpen(path: string): void;
  label?: string;
}

/** A collapsible file tree; top-level folders start open. Items are buttons: Tab and Enter work. */
export function FileTree({ paths, selected, marked, onOpen, label = 'Files' }: FileTreeProps) {
  const tree = useMemo(() => buildTree(paths), [paths]);
  const [closed, setClosed] = useState<Set<string>>(() => new Set());
  const toggle = (path: string) =>
    setClosed((c) => {
      const n = new Set(c);
      if (n.has(path)) n.delete(path);
      else n.add(path);
      return n;
    });
  const render = (folder: Folder, depth: number): React.ReactNode => (
    <>
      {folder.folders.map((f) => {
        const open = !closed.has(f.path);
        return (
          <li key={f.path} role="treeitem" aria-expanded={open} aria-selected={false}>
            <button className="tree-row folder" style={{ paddingLeft: 8 + depth * 14 }} onClick={() => toggle(f.path)}>
              <span className="tree-caret" aria-hidden="true">
                {open ? '▾' : '▸'}
              </span>
              {f.name}
            </button>
            {open && <ul role="group">{render(f, depth + 1)}</ul>}
          </li>
        );
      })}
      {folder.files.map((f) => (
        <li key={f.path} role="treeitem" aria-selected={selected === f.path}>
          <button
            className={`tree-row file${selected === f.path ? ' selected' : ''}`}
            style={{ paddingLeft: 22 + depth * 14 }}
            onClick={() => onOpen(f.path)}
            title={f.path}
            data-path={f.path}
          >
            {f.name}
            {marked?.has(f.path) && (
              <span className="tree-mark" aria-label="changed">
                {' '}
                ●
              </span>
            )}
          </button>
        </li>
      ))}
    </>
  );
  return (
    <ul className="file-tree" role="tree" aria-label={label}>
      {render(tree, 0)}
    </ul>
  );
}
