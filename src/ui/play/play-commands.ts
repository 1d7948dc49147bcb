/**
 * The Play screen's commands as data (Excalidraw's actions): one list drives the key bindings, the buttons' key hints
 * and the shortcuts overlay, so a key shown is a key that works. What each command does is the screen's (it holds
 * the state); this says what there is and how it is reached.
 */
export type PlayCommandId = 'open-file' | 'search' | 'save' | 'submit' | 'pause' | 'shortcuts';

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export interface PlayCommand {
  id: PlayCommandId;
  label: string;
  /** As shown to the player ("Ctrl/Cmd+P"). */
  keys: string;
  matches(e: KeyLike): boolean;
}

const mod = (e: KeyLike) => (e.ctrlKey || e.metaKey) && !e.altKey;

export const PLAY_COMMANDS: readonly PlayCommand[] = [
  { id: 'open-file', label: 'Open a file by name', keys: 'Ctrl/Cmd+P', matches: (e) => mod(e) && !e.shiftKey && e.key.toLowerCase() === 'p' },
  { id: 'search', label: 'Search across files', keys: 'Ctrl/Cmd+Shift+F', matches: (e) => mod(e) && e.shiftKey && e.key.toLowerCase() === 'f' },
  { id: 'save', label: 'Save the edit in the editor', keys: 'Ctrl/Cmd+S', matches: (e) => mod(e) && !e.shiftKey && e.key.toLowerCase() === 's' },
  { id: 'submit', label: 'Submit (asks first)', keys: 'Ctrl/Cmd+Enter', matches: (e) => mod(e) && e.key === 'Enter' },
  { id: 'pause', label: 'Pause or resume the clock', keys: 'Ctrl/Cmd+Shift+P', matches: (e) => mod(e) && e.shiftKey && e.key.toLowerCase() === 'p' },
  // Not while typing: '?' is text there.
  { id: 'shortcuts', label: 'Show these shortcuts', keys: '?', matches: (e) => !e.ctrlKey && !e.metaKey && !e.altKey && e.key === '?' },
];

export function playCommand(id: PlayCommandId): PlayCommand {
  return PLAY_COMMANDS.find((c) => c.id === id)!;
}

/**
 * The command a key press on the page means, or undefined. `typing`: the focus is in a text field, the editor or the
 * terminal, where keys without Ctrl/Cmd are text.
 */
export function commandForKey(e: KeyLike, typing: boolean): PlayCommand | undefined {
  return PLAY_COMMANDS.find((c) => c.matches(e) && (mod(e) || !typing));
}
