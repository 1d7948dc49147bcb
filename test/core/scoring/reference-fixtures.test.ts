import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scoreDependencyReference } from '../../../src/core/scoring/reference-dep';
import { scoreLocalizationReference } from '../../../src/core/scoring/reference-localize';
import { SCORING } from '../../data';

/** Every verdict in test/fixtures/scoring came from the authors' own scripts: ours must equal each field. */
const DIR = SCORING;

function jsonl(name: string): Record<string, unknown>[] {
  return readFileSync(resolve(DIR, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The expected line minus the fixture's own `case` label: every other field is the script's output. */
function scriptFields(expected: Record<string, unknown>): Record<string, unknown> {
  const { case: _case, ...rest } = expected;
  return rest;
}

describe.each([
  ['func-localize', scoreLocalizationReference],
  ['dep-search', scoreDependencyReference],
] as const)("reference verdicts of %s reproduce the authors' scorer on every fixture case", (task, score) => {
  const [instance] = jsonl(`${task}.instances.jsonl`);
  const results = jsonl(`${task}.results.jsonl`);
  const expected = jsonl(`${task}.expected.jsonl`);

  it('has one expected line per result, in the same order', () => {
    expect(results.map((r) => r.case)).toEqual(expected.map((e) => e.case));
    expect(results.length).toBeGreaterThanOrEqual(10);
  });

  it.each(results.map((r, i) => [r.case as string, i]))('%s', (_case, i) => {
    const verdict = score(instance as never, results[i]!) as unknown as Record<string, unknown>;
    const want = scriptFields(expected[i]!);
    for (const [key, value] of Object.entries(want)) expect(verdict[key], key).toStrictEqual(value);
  });
});
