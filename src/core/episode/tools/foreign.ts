import { stringArg, type OpenHandsActionKind, type ToolLookup } from './tool';

/**
 * The action kind of a call to a tool no registry here knows: a trajectory from another harness (OpenHands' older
 * tools, SWE-agent's) or a model calling a tool by another name. Told by the tool's name, or by an editor-style
 * `command` argument; null when neither says.
 */

const SHELL_NAMES = new Set(['shell', 'bash', 'cmd', 'terminal']);
const VIEW_NAMES = new Set(['view', 'read', 'open', 'cat']);
const EDIT_NAMES = new Set(['str_replace', 'insert', 'create', 'undo_edit', 'edit', 'write']);

export function foreignAction(tool: string, args: Record<string, unknown>): OpenHandsActionKind | null {
  const command = stringArg(args, 'command');
  if (SHELL_NAMES.has(tool)) return 'run';
  if (VIEW_NAMES.has(tool) || (command !== null && VIEW_NAMES.has(command))) return 'read';
  if (EDIT_NAMES.has(tool) || (command !== null && EDIT_NAMES.has(command))) return 'edit';
  if (tool === 'finish') return 'finish';
  return null;
}

/** A call's action kind: its tool's, when `tools` has it, else as for a foreign tool. */
export function callAction(tools: ToolLookup, tool: string, args: Record<string, unknown>): OpenHandsActionKind | null {
  const known = tools.get(tool);
  return known ? (known.action?.(args) ?? null) : foreignAction(tool, args);
}
