import { beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../../src/core/index/build';
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
    expect(ix.stats).toMatchObject({ files: 4, lines: 10 + 2 + 4 + 0, definitions: 5, callSites: 3, resolved: 2, ambiguous: 0, filesWithErrors: 1, filesSkipped: 1 });
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
