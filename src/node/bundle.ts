import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Scripts that run in another thread or process (the index workers, the Python process) as one JavaScript file.
 * The built CLI (scripts/build-cli.mjs) ships them next to its own chunks, so `prebuilt` is found beside the
 * calling module and nothing is compiled at run time. From the TypeScript sources (tests, `npm run bench`) the
 * entry is bundled with esbuild once per host process and kept by content in node_modules/.cache/hgym (the user's
 * own folder), or in a private temporary folder when that cannot be written.
 */
export interface BundledScript {
  /** The caller's `import.meta.url`: both files below are relative to it. */
  from: string;
  /** The TypeScript entry, e.g. `./index-worker.ts`. */
  entry: string;
  /** The built file's name beside the built CLI's chunks, e.g. `index-worker.mjs`. */
  prebuilt: string;
  format: 'esm' | 'cjs';
}

const bundles = new Map<string, string>();
const require = createRequire(import.meta.url);

export function bundledScript(script: BundledScript): string {
  const prebuilt = fileURLToPath(new URL(`./${script.prebuilt}`, script.from));
  if (existsSync(prebuilt)) return prebuilt;
  const entry = fileURLToPath(new URL(script.entry, script.from));
  const known = bundles.get(entry);
  if (known) return known;
  // Loaded only here: the built CLI never needs the compiler.
  const { buildSync } = require('esbuild') as typeof import('esbuild');
  const out = buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: script.format,
    target: 'node20',
    // Packages included: the file may live where node_modules cannot be found, and a process under the permission
    // model may read only this one file.
    write: false,
    logLevel: 'silent',
  });
  const code = out.outputFiles[0]!.contents;
  const extension = script.format === 'esm' ? 'mjs' : 'cjs';
  const name = `${script.prebuilt.replace(/\.[cm]?js$/, '')}-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.${extension}`;
  const cache = join(dirname(require.resolve('pyodide/package.json')), '..', '.cache', 'hgym');
  let file: string;
  try {
    file = join(cache, name);
    if (!existsSync(file)) {
      mkdirSync(cache, { recursive: true });
      // Written beside and renamed: a parallel test file never runs half a bundle.
      const tmp = `${file}.${process.pid}`;
      writeFileSync(tmp, code);
      renameSync(tmp, file);
    }
  } catch {
    const dir = mkdtempSync(join(tmpdir(), 'hgym-bundle-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    file = join(dir, name);
    writeFileSync(file, code);
  }
  bundles.set(entry, file);
  return file;
}
