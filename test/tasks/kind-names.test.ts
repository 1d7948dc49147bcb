import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { taskRegistry } from '../../src/core/tasks/registry';
import { taskView } from '../../src/ui/tasks/registry';

/**
 * Issue 10 §1: nothing outside a task's own folders names its kind. A source file under src/ may write a kind's
 * id as a string ('…', "…" or `…`, also as the start of one: 'func-localize-masked') only in
 * src/core/tasks/<kind>/ or src/ui/tasks/<kind>*. Paths that pass through a kind's folder (imports) do not count.
 * CSS may name a kind only as the tag class its view applies (`view.tagClass`).
 */
const SRC = resolve(__dirname, '../../src');
const kinds = taskRegistry.kinds();

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
/** A string literal that is the kind, or starts with it (not a path through the kind's folder). */
const literal = (kind: string) => new RegExp(`['"\`]${escape(kind)}(?![\\w/.])`);

function ownFolder(rel: string, kind: string): boolean {
  return rel.startsWith(`core/tasks/${kind}/`) || rel.startsWith(`ui/tasks/${kind}`);
}

describe('task kind names', () => {
  it('appear in source only in their own task folders', () => {
    const offenders: string[] = [];
    for (const file of files(SRC).filter((f) => /\.(ts|tsx|js|mjs)$/.test(f))) {
      const rel = relative(SRC, file).split('\\').join('/');
      const lines = readFileSync(file, 'utf8').split('\n');
      for (const kind of kinds) {
        if (ownFolder(rel, kind)) continue;
        lines.forEach((line, k) => literal(kind).test(line) && offenders.push(`src/${rel}:${k + 1}: ${line.trim()}`));
      }
    }
    expect(offenders).toEqual([]);
  });

  it('appear in CSS only as the tag class of their own view', () => {
    const offenders: string[] = [];
    for (const file of files(SRC).filter((f) => f.endsWith('.css'))) {
      const text = readFileSync(file, 'utf8');
      for (const kind of kinds) {
        const named = new RegExp(`${escape(kind)}(?![\\w-])`, 'g');
        const asClass = [...text.matchAll(new RegExp(`\\.${escape(kind)}(?![\\w-])`, 'g'))].length;
        const all = [...text.matchAll(named)].length;
        if (all > asClass) offenders.push(`${relative(SRC, file)}: ${kind} other than as a class`);
        if (asClass > 0 && taskView(kind).tagClass !== kind) offenders.push(`${relative(SRC, file)}: .${kind} is not the class its view applies`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('catches what it should', () => {
    for (const s of [`'func-localize'`, `"dep-search"`, '`func-localize-masked`', `x === 'dep-search' ?`])
      expect(
        kinds.some((k) => literal(k).test(s)),
        s,
      ).toBe(true);
    for (const s of [`'../core/tasks/dep-search/generate'`, `'./func-localize.tsx'`, `"func-localizer"`])
      expect(
        kinds.some((k) => literal(k).test(s)),
        s,
      ).toBe(false);
  });
});
