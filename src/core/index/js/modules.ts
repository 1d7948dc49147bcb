/**
 * Relative module specifiers to repo files, the way Node and TypeScript's bundler/ESM resolution find them:
 * `./x` tries x.ts, x.tsx, x.js, ... then x/index.*; a `.js` specifier written in TypeScript source names the `.ts`
 * file it compiles from. Bare specifiers (`react`, `node:fs`, tsconfig path aliases) are external: no repo file.
 */

export const EXTERNAL = 'external' as const;

const TS_FIRST = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.d.ts'];
const JS_FIRST = ['.js', '.jsx', '.mjs', '.cjs', '.ts', '.tsx', '.mts', '.cts', '.d.ts'];

/** A runtime extension written in a specifier, and the TypeScript sources it may stand for. */
const TS_SOURCES_OF: Record<string, string[]> = {
  '.js': ['.ts', '.tsx', '.d.ts'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts', '.d.mts'],
  '.cjs': ['.cts', '.d.cts'],
};

export class JsModuleMap {
  private files: Set<string>;
  private cache = new Map<string, string | typeof EXTERNAL | null>();

  constructor(paths: Iterable<string>) {
    this.files = new Set(paths);
  }

  /** The repo file `spec` names from `importer`, EXTERNAL for a bare specifier, null when no repo file matches. */
  resolve(importer: string, spec: string, typescript: boolean): string | typeof EXTERNAL | null {
    if (!spec.startsWith('./') && !spec.startsWith('../') && spec !== '.' && spec !== '..') return EXTERNAL;
    const slash = importer.lastIndexOf('/');
    const base = joinPath(slash < 0 ? '' : importer.slice(0, slash), spec);
    if (base === null) return null;
    const key = `${typescript ? 't' : 'j'}\0${base}`;
    let hit = this.cache.get(key);
    if (hit === undefined) {
      hit = this.find(base, typescript);
      this.cache.set(key, hit);
    }
    return hit;
  }

  private find(base: string, typescript: boolean): string | null {
    const runtimeExt = /\.(js|jsx|mjs|cjs)$/.exec(base)?.[0];
    if (runtimeExt) {
      const stem = base.slice(0, -runtimeExt.length);
      const sources = TS_SOURCES_OF[runtimeExt]!.map((e) => stem + e);
      for (const c of typescript ? [...sources, base] : [base, ...sources]) if (this.files.has(c)) return c;
    }
    if (this.files.has(base)) return base;
    const order = typescript ? TS_FIRST : JS_FIRST;
    for (const e of order) if (this.files.has(base + e)) return base + e;
    const dir = base === '' ? 'index' : `${base}/index`;
    for (const e of order) if (this.files.has(dir + e)) return dir + e;
    return null;
  }
}

/** POSIX join without a leading `/`; null when `..` climbs above the repo root. */
function joinPath(dir: string, spec: string): string | null {
  const parts = dir ? dir.split('/') : [];
  for (const p of spec.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') {
      if (!parts.length) return null;
      parts.pop();
    } else parts.push(p);
  }
  return parts.join('/');
}
