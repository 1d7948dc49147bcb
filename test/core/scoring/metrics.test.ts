import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { viewedRegions, type TrajectoryStep } from '../../../src/core/scoring/metrics';
import { taskMetrics } from '../../../src/core/scoring/score';
import { taskRegistry } from '../../../src/core/tasks/registry';
import { SCORING } from '../../data';

const DIR = SCORING;
const FL = JSON.parse(readFileSync(resolve(DIR, 'func-localize.instances.jsonl'), 'utf8').split('\n')[0]!) as Record<string, unknown>;
const DS = JSON.parse(readFileSync(resolve(DIR, 'dep-search.instances.jsonl'), 'utf8').split('\n')[0]!) as Record<string, unknown>;

const step = (tool: string, args: Record<string, unknown>, elapsedMs: number): TrajectoryStep => ({ tool, args, observation: '', elapsedMs });

describe('viewed regions of a step', () => {
  it('reads editor views with and without a range', () => {
    expect(viewedRegions(step('view', { path: '/workspace/r/shop/util/money.py', view_range: [30, -1] }, 0)).regions).toEqual([
      { path: '/workspace/r/shop/util/money.py', from: 30, to: Infinity },
    ]);
    expect(viewedRegions(step('str_replace_editor', { command: 'view', path: 'shop/a.py' }, 0)).regions).toEqual([
      { path: 'shop/a.py', from: 1, to: Infinity },
    ]);
    expect(viewedRegions(step('str_replace_editor', { command: 'str_replace', path: 'shop/a.py' }, 0)).regions).toEqual([]);
  });

  it('reads cat/head/tail/sed -n in pipelines, ignoring redirections, and follows cd', () => {
    const r = viewedRegions(
      step('shell', { command: "cd shop/util && sed -n '35,50p' money.py | head -3; head -n 5 ../core/cart.py 2>/dev/null; cat a.py > /tmp/x" }, 0),
    );
    expect(r.regions).toEqual([
      { path: 'shop/util/money.py', from: 35, to: 50 },
      { path: 'shop/core/cart.py', from: 1, to: 5 },
      { path: 'shop/util/a.py', from: 1, to: Infinity },
    ]);
    expect(r.cwd).toBe('shop/util');
    expect(viewedRegions(step('shell', { command: 'grep -rn format_price .' }, 0)).regions).toEqual([]);
  });

  it("trusts the engine's own views when a step has them", () => {
    const s: TrajectoryStep = { ...step('shell', { command: 'cat x' }, 0), views: [{ path: 'shop/util/money.py', start: 1, end: 47 }] };
    expect(viewedRegions(s).regions).toEqual([{ path: 'shop/util/money.py', from: 1, to: 47 }]);
  });
});

describe('episode metrics', () => {
  it('counts steps and time, and finds the first views of the gold file and definition', () => {
    const steps = [
      step('shell', { command: 'grep -rn "price" .' }, 1200),
      step('shell', { command: 'head -n 20 shop/util/money.py' }, 2500), // the file, not line 41
      step('view', { path: '/workspace/toy__shop__fixture/shop/util/money.py', view_range: [38, 45] }, 4000),
      step('submit', {}, 5000),
    ];
    expect(taskMetrics(taskRegistry.get('func-localize'), FL, steps)).toEqual({
      steps: 4,
      time_ms: 5000,
      first_gold_file_view_step: 2,
      first_gold_definition_view_step: 3,
    });
  });

  it('gives dependency search a first-view step per dependency (null when never seen)', () => {
    const steps = [step('shell', { command: 'cat shop/core/cart.py' }, 10), step('shell', { command: "sed -n '9,11p' shop/core/base.py" }, 20)];
    const m = taskMetrics(taskRegistry.get('dep-search'), DS, steps);
    expect(m.first_gold_file_view_step).toBe(1);
    expect(m.first_gold_definition_view_step).toBe(1);
    expect(m.first_dependency_view_steps).toEqual([null, 1, 2]);
  });

  it('is all nulls and zeros for an empty trajectory', () => {
    expect(taskMetrics(taskRegistry.get('func-localize'), FL, [])).toEqual({
      steps: 0,
      time_ms: 0,
      first_gold_file_view_step: null,
      first_gold_definition_view_step: null,
    });
  });
});
