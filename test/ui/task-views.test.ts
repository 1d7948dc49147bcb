import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { instanceTitle, taskRegistry } from '../../src/core/tasks/registry';
import { taskView } from '../../src/ui/tasks/registry';
import { specView } from '../../src/ui/tasks/view';
import { findFileSpec, type FindFileInstance } from '../tasks/find-file-spec';

const instance: FindFileInstance = {
  task: 'find-file',
  instance_id: 'toy__find__Cart',
  repo: 'local/toy-shop',
  base_commit: 'x',
  name: 'Cart',
  file_path: 'shop/core/cart.py',
  line_start: 4,
};
const metrics = { steps: 3, time_ms: 0, first_gold_file_view_step: 1, first_gold_definition_view_step: null };

describe('task views', () => {
  it('every registered kind has a view', () => {
    for (const kind of taskRegistry.kinds()) expect(taskView(kind).kind).toBe(kind);
  });

  it('a kind without a view of its own is shown from its spec: verdicts, answer, title, every option field', () => {
    const view = specView(findFileSpec);
    const verdict = { success: true, marked: ['shop/core/cart.py'] };
    const score = { instance_id: instance.instance_id, task: 'find-file', reference: verdict, strict: null, metrics } as never;
    const verdicts = renderToStaticMarkup(createElement(view.Verdicts, { score }));
    expect(verdicts).toContain('Success');
    expect(verdicts).toContain('success=yes marked=shop/core/cart.py');
    expect(verdicts).not.toContain('Strict verdict');
    const answer = renderToStaticMarkup(createElement(view.Answer, { instance, score: null }));
    expect(answer).toContain('Cart in shop/core/cart.py');
    expect(answer).toContain('shop/core/cart.py:5');
    expect(instanceTitle(instance, taskRegistry.with(findFileSpec))).toBe('Cart');
    expect(view.form.keys).toEqual(['classesOnly']);
  });
});
