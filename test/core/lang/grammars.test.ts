import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGE_IDS, GRAMMAR_FILES, languageOf, type LanguageId } from '../../../src/core/lang/languages';
import { WASM_DIR, loadTreeSitterNode } from '../../../src/node/wasm';

interface ManifestEntry {
  file: string;
  package: string;
  version: string;
  language: string | null;
  abi: number | null;
  sha256: string;
}
const manifest = JSON.parse(readFileSync(join(WASM_DIR, 'manifest.json'), 'utf8')) as { files: ManifestEntry[] };
const installedVersion = (pkg: string) => JSON.parse(readFileSync(join(WASM_DIR, '..', 'node_modules', pkg, 'package.json'), 'utf8')).version as string;

const SNIPPETS: Record<LanguageId, [string, string]> = {
  python: ['def f(x):\n    return g(x)\n', 'function_definition'],
  javascript: ['function f(x) { return g(x); }', 'function_declaration'],
  typescript: ['function f(x: number): number { return g(x); }', 'function_declaration'],
  tsx: ['const A = (p: {n: number}) => <div>{p.n}</div>;', 'jsx_element'],
};

describe('wasm manifest', () => {
  it('lists the runtime and every grammar the app ships, with the installed versions and true checksums', () => {
    const files = manifest.files.map((f) => f.file).sort();
    expect(files).toEqual(['web-tree-sitter.wasm', ...Object.values(GRAMMAR_FILES)].sort());
    for (const entry of manifest.files) {
      expect(entry.version).toBe(installedVersion(entry.package));
      const sum = createHash('sha256')
        .update(readFileSync(join(WASM_DIR, entry.file)))
        .digest('hex');
      expect(sum).toBe(entry.sha256);
      if (entry.language) expect(entry.abi).toBeGreaterThanOrEqual(14);
    }
  });
});

describe('grammars', () => {
  it.each(LANGUAGE_IDS.map((l) => [l]))('%s loads in web-tree-sitter and parses a snippet', async (lang) => {
    const ts = await loadTreeSitterNode([lang]);
    const [src, kind] = SNIPPETS[lang];
    const tree = ts.parser(lang).parse(src)!;
    expect(tree.rootNode.hasError).toBe(false);
    expect(tree.rootNode.descendantsOfType(kind).length).toBeGreaterThan(0);
    expect(ts.language(lang).abiVersion).toBe(manifest.files.find((f) => f.language === lang)!.abi);
    tree.delete();
  });

  it('maps file extensions to languages', () => {
    expect(languageOf('a/b.py')).toBe('python');
    expect(languageOf('x.d.ts')).toBe('typescript');
    expect(languageOf('c.tsx')).toBe('tsx');
    expect(languageOf('m.mjs')).toBe('javascript');
    expect(languageOf('README')).toBe(null);
    expect(languageOf('dir.py/README')).toBe(null);
  });
});
