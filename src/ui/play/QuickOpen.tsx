import { useEffect, useMemo, useRef, useState } from 'react';

/** Ctrl/Cmd+P: type part of a path, arrows to move, Enter to open, Escape to close. */
export function QuickOpen({ files, onPick, onClose }: { files: string[]; onPick(path: string): void; onClose(): void }) {
  const [q, setQ] = useState('');
  const [at, setAt] = useState(0);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current!;
    if (!d.open) d.showModal();
    return () => d.close();
  }, []);
  const matches = useMemo(() => {
    const needle = q.toLowerCase();
    // Subsequence match, file-name hits first.
    const score = (p: string) => {
      const name = p.split('/').pop()!.toLowerCase();
      if (name.startsWith(needle)) return 0;
      if (name.includes(needle)) return 1;
      if (p.toLowerCase().includes(needle)) return 2;
      let i = 0;
      for (const c of p.toLowerCase()) if (c === needle[i]) i++;
      return i === needle.length ? 3 : -1;
    };
    return files
      .map((p) => ({ p, s: score(p) }))
      .filter((x) => x.s >= 0)
      .sort((a, b) => a.s - b.s || a.p.length - b.p.length)
      .slice(0, 50)
      .map((x) => x.p);
  }, [q, files]);
  const pick = (p: string | undefined) => {
    if (!p) return;
    onClose();
    onPick(p);
  };
  return (
    <dialog
      ref={ref}
      className="dialog quick-open"
      aria-label="Open a file"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <input
        type="text"
        autoFocus
        aria-label="File name"
        placeholder="Type part of a file name"
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setAt(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setAt((a) => Math.min(a + 1, matches.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setAt((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            pick(matches[at]);
          }
        }}
      />
      <ul className="plain quick-list" role="listbox" aria-label="Matching files">
        {matches.map((p, i) => (
          <li key={p} role="option" aria-selected={i === at}>
            <button className={`hit${i === at ? ' selected' : ''}`} onClick={() => pick(p)}>
              <span className="mono">{p}</span>
            </button>
          </li>
        ))}
      </ul>
    </dialog>
  );
}
