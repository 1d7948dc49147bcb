import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { applyPatch, parsePatch } from 'diff';
import { describe, expect, it } from 'vitest';
import { gitBlobId } from '../../../src/core/episode/diff/git-blob-id';
import { gitDiff, type FileChange } from '../../../src/core/episode/diff/git-diff';
import { builderFiles } from '../../../src/node/deps-cli';
import { realGitDiff, seededRandom } from './real-git';
import { FIXTURES } from '../../data';

const base = [
  'import os',
  '',
  '',
  'class Cart:',
  '    def __init__(self):',
  '        self.items = []',
  '',
  '    def add(self, item):',
  '        self.items.append(item)',
  '',
  '    def total(self):',
  '        return sum(i.price for i in self.items)',
  '',
  '',
  'def helper(x):',
  '    return x * 2',
  '',
  '',
  'def other(y):',
  '    return y + 1',
  '',
].join('\n');

function edit(text: string, at: number, insert: string[], remove = 0): string {
  const lines = text.split('\n');
  lines.splice(at, remove, ...insert);
  return lines.join('\n');
}

const NAMED: FileChange[] = [
  { path: 'insert_at_start.py', before: base, after: edit(base, 0, ['"""Module docstring."""', '']) },
  { path: 'insert_at_end.py', before: base, after: `${base}# trailing comment\n` },
  { path: 'docstring_in_method.py', before: base, after: edit(base, 11, ['        """Sum of the prices."""']) },
  {
    path: 'two_hunks.py',
    before: base,
    after: edit(edit(base, 15, ['    """Double x."""']), 3, ['# this function/class is called by the run function']),
  },
  { path: 'replace_line.py', before: base, after: base.replace('return x * 2', 'return 2 * x') },
  { path: 'delete_lines.py', before: base, after: edit(base, 7, [], 3) },
  { path: 'new_file.py', before: null, after: 'print("scratch")\n' },
  { path: 'new_file_no_newline.py', before: null, after: 'x = 1' },
  { path: 'new_empty_file.py', before: null, after: '' },
  { path: 'deleted_file.py', before: base, after: null },
  { path: 'no_newline_kept.py', before: 'a\nb\nc', after: 'a\nB\nc' },
  { path: 'no_newline_added.py', before: 'a\nb\nc', after: 'a\nb\nc\n' },
  { path: 'no_newline_removed.py', before: 'a\nb\nc\n', after: 'a\nb\nc' },
  { path: 'append_to_unterminated.py', before: 'a\nb', after: 'a\nb\nc\n' },
  { path: 'single_line_counts.py', before: 'only\n', after: 'only\nmore\n' },
  {
    path: 'blank_line_slide.py',
    before: 'def a():\n    pass\n\n\ndef b():\n    pass\n',
    after: 'def a():\n    pass\n\n\ndef c():\n    pass\n\n\ndef b():\n    pass\n',
  },
  { path: 'tabs\tand "quotes".py', before: 'x\n', after: 'y\n' },
  { path: 'with space.py', before: 'x\n', after: 'x\ny\n' },
  { path: 'café/ünïcode.py', before: 'x\n', after: 'x\n# é\n' },
  {
    path: 'long_func_name.py',
    before: `def ${'f'.repeat(100)}(argument_one, argument_two):\n${'    pass\n'.repeat(10)}`,
    after: `def ${'f'.repeat(100)}(argument_one, argument_two):\n${'    pass\n'.repeat(8)}    return 1\n    pass\n`,
  },
  { path: 'crlf.py', before: 'a\r\nb\r\nc\r\n', after: 'a\r\nB\r\nc\r\n' },
];

describe('gitDiff is byte-for-byte what git diff prints', () => {
  it('computes git blob ids', () => {
    expect(gitBlobId('')).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
    expect(gitBlobId('hello\n')).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
  });

  it.each(NAMED.map((c) => [c.path, c] as const))('%s', (_name, change) => {
    const ours = gitDiff([change]);
    expect(ours).not.toBe('');
    expect(ours).toBe(realGitDiff([change]));
  });

  it('orders files by path and joins them into one patch, as git does', () => {
    expect(gitDiff(NAMED)).toBe(realGitDiff(NAMED));
  });

  it('is empty when nothing changed', () => {
    expect(gitDiff([{ path: 'a.py', before: 'x\n', after: 'x\n' }])).toBe('');
  });

  it('agrees with git on 400 random edits of files made of repetitive lines (where diff alignments are ambiguous)', () => {
    const rnd = seededRandom(20240611);
    const vocab = [
      '',
      '',
      'def f(x):',
      '    return x',
      '    pass',
      'class A:',
      '    def m(self):',
      '        return 1',
      '# c',
      '    """doc"""',
      'x = 1',
      '    ',
      '\tfoo()',
      '    if x:',
      '        y()',
    ];
    const pick = () => vocab[Math.floor(rnd() * vocab.length)]!;
    const changes: FileChange[] = [];
    for (let i = 0; i < 400; i++) {
      const lines = Array.from({ length: Math.floor(rnd() * 60) }, pick);
      let before = lines.join('\n');
      if (before && rnd() < 0.85) before += '\n';
      const after = before.split('\n');
      const edits = 1 + Math.floor(rnd() * 5);
      for (let k = 0; k < edits; k++) {
        const at = Math.floor(rnd() * (after.length + 1));
        const r = rnd();
        if (r < 0.4) after.splice(at, 0, ...Array.from({ length: 1 + Math.floor(rnd() * 4) }, pick));
        else if (r < 0.7) after.splice(at, 1 + Math.floor(rnd() * 3));
        else after[Math.min(at, after.length - 1)] = pick();
      }
      changes.push({ path: `r${String(i).padStart(3, '0')}.py`, before, after: after.join('\n') });
    }
    const ours = gitDiff(changes).split(/^(?=diff --git )/m);
    const real = realGitDiff(changes).split(/^(?=diff --git )/m);
    expect(ours.length).toBeGreaterThan(300);
    const mismatched = ours.filter((section, i) => section !== real[i]);
    expect(mismatched).toEqual([]);
    expect(ours.length).toBe(real.length);
  });

  it('agrees with git on large files with many scattered changes (the search heuristics for costly diffs)', () => {
    const rnd = seededRandom(7);
    const changes: FileChange[] = [];
    for (let i = 0; i < 6; i++) {
      const lines = Array.from({ length: 3000 }, () => (rnd() < 0.7 ? `line ${Math.floor(rnd() * 2000)}` : ['', '    pass', 'x = 1'][Math.floor(rnd() * 3)]));
      const after = [...lines];
      for (let k = 0; k < 400; k++) {
        const at = Math.floor(rnd() * after.length);
        if (rnd() < 0.5) after.splice(at, 1 + Math.floor(rnd() * 3));
        else after.splice(at, 0, `new ${Math.floor(rnd() * 500)}`);
      }
      changes.push({ path: `big${i}.py`, before: `${lines.join('\n')}\n`, after: `${after.join('\n')}\n` });
    }
    expect(gitDiff(changes)).toBe(realGitDiff(changes));
  });
});

describe("gitDiff reproduces the patches of the authors' fixture results", () => {
  const toyShop = builderFiles(resolve(FIXTURES, 'toy-shop'));

  for (const task of ['func-localize', 'dep-search'] as const) {
    it(`${task}: every fixture patch, re-made from the edited files, comes out identical`, async () => {
      const files = new Map((await toyShop).map((f) => [f.path, f.text]));
      const instance = JSON.parse(readFileSync(resolve(FIXTURES, `scoring/${task}.instances.jsonl`), 'utf8').split('\n')[0]!);
      if (task === 'func-localize') {
        const lines = files.get(instance.file_path)!.split('\n');
        lines.splice(instance.docstring_line_start, instance.docstring_line_end - instance.docstring_line_start + 1);
        files.set(instance.file_path, lines.join('\n'));
      }
      const results = readFileSync(resolve(FIXTURES, `scoring/${task}.results.jsonl`), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
      let nonEmpty = 0;
      for (const r of results) {
        const patch: string = r.test_result.git_patch;
        const changes: FileChange[] = parsePatch(patch)
          .filter((p) => p.newFileName ?? p.oldFileName)
          .map((p) => {
            const path = (p.newFileName ?? p.oldFileName)!.replace(/^[ab]\//, '');
            const before = files.get(path) ?? null;
            const after = applyPatch(before ?? '', p);
            if (after === false) throw new Error(`fixture ${r.case}: patch does not apply to ${path}`);
            return { path, before, after };
          });
        expect(gitDiff(changes), r.case).toBe(patch);
        if (patch) nonEmpty++;
      }
      expect(nonEmpty).toBeGreaterThanOrEqual(8);
    });
  }
});
