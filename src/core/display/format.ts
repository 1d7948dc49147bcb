import { standardTools } from '../episode/tools/registry';
import type { ToolLookup } from '../episode/tools/tool';

/** `m:ss` (or `h:mm:ss`) for a duration in ms. */
export function formatClock(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/**
 * A tool call in a few words, as its tool summarizes it (`summarize` in tool.ts), looked up in `tools` (the
 * episode's registry; the standard tools by default); `describeArgs` for a tool not there or without a summary.
 */
export function describeCall(tool: string, args: Record<string, unknown>, tools: ToolLookup = standardTools): string {
  const summarize = tools.get(tool)?.summarize;
  return summarize ? summarize(args) : describeArgs(args);
}

/** A call of an unknown tool in a few words, from its arguments' names: the shell line, `view PATH`, the start of a thought; '' when they say nothing. */
export function describeArgs(args: Record<string, unknown>): string {
  if (typeof args.command === 'string' && typeof args.path === 'string') return `${args.command} ${args.path}`;
  if (typeof args.command === 'string') return args.command;
  if (typeof args.thought === 'string') return args.thought.slice(0, 80);
  return '';
}
