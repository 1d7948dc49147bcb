import { beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../../src/core/index/build';
import { describeTooDeep } from '../../../src/core/index/too-deep';
import type { TreeSitter } from '../../../src/core/lang/treesitter';
import { loadTreeSitterNode } from '../../../src/node/wasm';

let ts: TreeSitter;
beforeAll(async () => {
  ts = await loadTreeSitterNode(['python']);
});

const FILES = [
  { path: 'README.md', text: '# not code\n' },
  { path: 'app/core.py', text: 'from .util import helper\n\n\n@helper\ndef run():\n    return helper() + local()\n\n\ndef local():\n    return 1\n' },
  { path: 'app/util.py', text: 'def helper(f=None):\n    return f\n' },
  { path: 'app/broken.py', text: 'def ok():\n    return helper()\n\ndef bad(:\n' },
  { path: 'app/__init__.py', text: '' },
];

describe('buildIndex', () => {
  it('reports progress after every file and yields to the event loop', async () => {
    const seen: [number, number, string][] = [];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    try {
      await buildIndex(FILES, ts, { onProgress: (d, t, p) => seen.push([d, t, p]), yieldEvery: 1 });
    } finally {
      clearInterval(timer);
    }
    expect(seen).toEqual(FILES.map((f, i) => [i + 1, FILES.length, f.path]));
    expect(ticks).toBeGreaterThan(0);
  });

  it('counts files, lines, definitions, call sites, resolutions, errors and skipped files', async () => {
    const ix = await buildIndex(FILES, ts);
    expect(ix.stats).toMatchObject({
      files: 4,
      lines: 10 + 2 + 4 + 0,
      definitions: 5,
      callSites: 3,
      resolved: 2,
      ambiguous: 0,
      filesWithErrors: 1,
      filesSkipped: 1,
    });
    expect(ix.files.map((f) => [f.path, f.hasError])).toEqual([
      ['app/core.py', false],
      ['app/util.py', false],
      ['app/broken.py', true],
      ['app/__init__.py', false],
    ]);
    ix.definitions.forEach((d, i) => expect(d.id).toBe(i));
  });

  it('builds callees: own decorators first, deduplicated, in call order', async () => {
    const ix = await buildIndex(FILES, ts);
    const run = ix.definitions.find((d) => d.name === 'run')!;
    expect(ix.callees[run.id]!.map((id) => ix.definitions[id]!.name)).toEqual(['helper', 'local']);
    const local = ix.definitions.find((d) => d.name === 'local')!;
    expect(ix.callees[local.id]).toEqual([]);
  });

  it('parses only the languages asked for', async () => {
    const ix = await buildIndex(FILES, ts, { languages: ['javascript'] });
    expect(ix.stats).toMatchObject({ files: 0, filesSkipped: FILES.length, definitions: 0 });
  });
});

describe('a file nested too deep to walk', () => {
  const deepParens = 'x = ' + '('.repeat(2000) + '1' + ')'.repeat(2000) + '\n'; // 4 KB
  const deepCalls = 'y = ' + 'f('.repeat(3000) + ')'.repeat(3000) + '\n';
  const deepArrays = 'const a = ' + '['.repeat(50_000) + ']'.repeat(50_000) + ';\n';
  let all: TreeSitter;
  beforeAll(async () => {
    all = await loadTreeSitterNode();
  });

  it('is skipped and named; the rest of the repo indexes exactly as without it', async () => {
    const bad = [
      { path: 'a/b.py', text: deepParens },
      { path: 'app/calls.py', text: deepCalls },
      { path: 'web/arrays.js', text: deepArrays },
    ];
    // The bad files first and in the middle: a failed walk must leave nothing behind for the files after it.
    const withBad = await buildIndex([bad[0]!, ...FILES.slice(0, 2), bad[1]!, ...FILES.slice(2), bad[2]!], all);
    const without = await buildIndex(FILES, all);
    expect(withBad.stats.filesTooDeep).toEqual(['a/b.py', 'app/calls.py', 'web/arrays.js']);
    expect(withBad.stats.filesSkipped).toBe(without.stats.filesSkipped + 3);
    const { ms: _a, filesSkipped: _b, filesTooDeep: _c, ...rest } = withBad.stats;
    const { ms: _d, filesSkipped: _e, filesTooDeep: _f, ...restWithout } = without.stats;
    expect(rest).toEqual(restWithout);
    expect(withBad.files).toEqual(without.files);
    expect(withBad.definitions).toEqual(without.definitions);
    expect(withBad.calls).toEqual(without.calls);
    expect(withBad.callees).toEqual(without.callees);
    expect(without.stats.filesTooDeep).toEqual([]);
    expect(describeTooDeep(withBad.stats.filesTooDeep)).toBe('3 files too deeply nested to index: a/b.py, app/calls.py, web/arrays.js');
    expect(describeTooDeep(['a/b.py'])).toBe('1 file too deeply nested to index: a/b.py');
    expect(describeTooDeep([])).toBe('');
  });

  it('that only looks deep (nested lists with nothing to visit inside, long flat chains) is indexed as usual', async () => {
    const lists = 'y = ' + '['.repeat(2000) + ']'.repeat(2000) + '\n';
    const sum = 'z = 1' + ' + 1'.repeat(30_000) + '\n';
    const ix = await buildIndex(
      [
        { path: 'lists.py', text: lists },
        { path: 'sum.py', text: sum },
      ],
      all,
    );
    expect(ix.stats.filesTooDeep).toEqual([]);
    expect(ix.files.map((f) => f.path)).toEqual(['lists.py', 'sum.py']);
  });
});
