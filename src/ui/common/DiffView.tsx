/** A unified diff shown line by line, coloured by kind. Text only: repo content is never rendered as HTML. */
export function DiffView({ patch, label = 'Diff' }: { patch: string; label?: string }) {
  if (!patch.trim()) return <div className="empty">No changes: the workspace is as it started.</div>;
  const lines = patch.replace(/\n$/, '').split('\n');
  return (
    <pre className="diff" aria-label={label}>
      {lines.map((line, i) => {
        const kind =
          line.startsWith('diff --git') || line.startsWith('index ') || line.startsWith('--- ') || line.startsWith('+++ ')
            ? 'meta'
            : line.startsWith('@@')
              ? 'hunk'
              : line.startsWith('+')
                ? 'add'
                : line.startsWith('-')
                  ? 'del'
                  : 'ctx';
        return (
          <div key={i} className={`diff-line ${kind}`}>
            {line || ' '}
          </div>
        );
      })}
    </pre>
  );
}
