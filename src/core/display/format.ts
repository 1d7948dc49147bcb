/** `m:ss` (or `h:mm:ss`) for a duration in ms. */
export function formatClock(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** A tool call in a few words: the shell line, `view PATH`, the start of a thought; '' when the args say nothing. */
export function describeArgs(args: Record<string, unknown>): string {
  if (typeof args.command === 'string' && typeof args.path === 'string') return `${args.command} ${args.path}`;
  if (typeof args.command === 'string') return args.command;
  if (typeof args.thought === 'string') return args.thought.slice(0, 80);
  return '';
}
