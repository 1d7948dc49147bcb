import type { Action } from '../../episode/trajectory';
import type { Feedback } from '../types';

/**
 * A baseline strategy is a generator: it yields one action at a time and receives that action's feedback, so the
 * strategy reads top to bottom like the steps a person would take.
 */
export type Play = Generator<Action, void, Feedback>;

export const bash = (command: string): Action => ({ tool: 'execute_bash', args: { command } });

export const view = (path: string, range?: [number, number]): Action => ({
  tool: 'str_replace_editor',
  args: { command: 'view', path, ...(range ? { view_range: range } : {}) },
});

export const insertAfter = (path: string, line: number, text: string): Action => ({
  tool: 'str_replace_editor',
  args: { command: 'insert', path, insert_line: line, new_str: text },
});

export const submit = (message: string): Action => ({ tool: 'submit', args: { message } });

export function absolute(root: string, rel: string): string {
  return `${root.replace(/\/+$/, '')}/${rel}`;
}
