import { startOf } from '../../../src/core/tasks/make-episode';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Episode } from '../../../src/core/episode/episode';
import { editToAction } from '../../../src/core/episode/edit-action';
import { FIXTURES } from '../../data';

/**
 * Every editor edit must become a tool call that, run through the real episode engine, gives exactly the text the
 * person typed. The files are the toy-shop fixture's.
 */
const instance = JSON.parse(readFileSync(resolve(FIXTURES, 'scoring/dep-search.instances.jsonl'), 'utf8').split('\n')[0]!);
const cartPath = 'shop/core/cart.py';
const cart = readFileSync(resolve(FIXTURES, 'toy-shop', cartPath), 'utf8');

async function roundTrip(before: string, after: string) {
  const ep = new Episode();
  ep.reset(startOf(instance, [{ path: cartPath, text: before }]));
  const abs = `${ep.paths.absolute(cartPath)}`;
  const action = editToAction(abs, before, after);
  expect(action).not.toBeNull();
  const r = await ep.step(action!);
  expect(r.info.error, r.observation).toBe(false);
  expect(ep.workspace.read(cartPath)).toBe(after);
  return action!;
}

describe('editor edits as tool calls', () => {
  const lines = cart.split('\n');
  it('an added comment line becomes an insert after the line above it', async () => {
    const at = lines.findIndex((l) => l.includes('def total'));
    const after = [...lines.slice(0, at), '    # this function/class is called by the summary function', ...lines.slice(at)].join('\n');
    const action = await roundTrip(cart, after);
    expect(action.args).toMatchObject({ command: 'insert', insert_line: at });
  });
  it('lines added at the top and at the very end', async () => {
    await roundTrip(cart, `# header\n${cart}`);
    await roundTrip(cart, `${cart}# trailer\n`);
  });
  it('a changed line becomes a str_replace, widened until old_str is unique', async () => {
    // `return self.count()` style lines repeat in the file; a blank line repeats for sure.
    const blank = lines.findIndex((l, i) => i > 5 && l === '');
    const after = [...lines.slice(0, blank), '    # note', ...lines.slice(blank + 1)].join('\n');
    const action = await roundTrip(cart, after);
    expect(action.args.command).toBe('str_replace');
    const old = String(action.args.old_str);
    expect(cart.indexOf(old)).toBe(cart.lastIndexOf(old));
  });
  it('deleted lines leave no blank line behind', async () => {
    const at = lines.findIndex((l) => l.includes('def total'));
    const after = [...lines.slice(0, at - 1), ...lines.slice(at)].join('\n');
    await roundTrip(cart, after);
  });
  it('a file without a final newline, edited on its last line', async () => {
    const noNl = cart.replace(/\n$/, '');
    await roundTrip(noNl, `${noNl} # end`);
  });
  it('no change, no action', () => {
    expect(editToAction('/x', cart, cart)).toBeNull();
  });
});
