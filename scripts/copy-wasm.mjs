// Places the tree-sitter runtime and grammars (wasm/) and the Pyodide runtime (public/pyodide/) from the pinned npm
// packages. Nothing binary is committed; this runs on install and before every build, and writes a manifest that
// test/core/lang/grammars.test.ts checks against the installed packages.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** What the app ships: [package, file in package, file in wasm/, language id or null for the runtime] */
const GRAMMARS = [
  ['web-tree-sitter', 'web-tree-sitter.wasm', 'web-tree-sitter.wasm', null],
  ['tree-sitter-python', 'tree-sitter-python.wasm', 'tree-sitter-python.wasm', 'python'],
  ['tree-sitter-javascript', 'tree-sitter-javascript.wasm', 'tree-sitter-javascript.wasm', 'javascript'],
  ['tree-sitter-typescript', 'tree-sitter-typescript.wasm', 'tree-sitter-typescript.wasm', 'typescript'],
  ['tree-sitter-typescript', 'tree-sitter-tsx.wasm', 'tree-sitter-tsx.wasm', 'tsx'],
];
const PYODIDE_FILES = ['pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json', 'pyodide.mjs'];

function packageDir(name) {
  // Not require.resolve: some packages do not export ./package.json.
  return join(root, 'node_modules', name);
}
function sha256(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** The ABI a grammar was generated with, read by loading it in the pinned runtime (a grammar the runtime cannot
 * load fails the install here, loudly, rather than in the browser). */
async function grammarAbi(path) {
  const { Parser, Language } = await import('web-tree-sitter');
  await Parser.init();
  const lang = await Language.load(readFileSync(path));
  return lang.abiVersion;
}

const wasmDir = join(root, 'wasm');
mkdirSync(wasmDir, { recursive: true });
const manifest = { generatedBy: 'scripts/copy-wasm.mjs', files: [] };
for (const [pkg, from, to, language] of GRAMMARS) {
  const dir = packageDir(pkg);
  const version = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  const src = join(dir, from);
  copyFileSync(src, join(wasmDir, to));
  manifest.files.push({ file: to, package: pkg, version, language, abi: language ? await grammarAbi(src) : null, sha256: sha256(src) });
}
writeFileSync(join(wasmDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');

const pyDir = join(root, 'public', 'pyodide');
mkdirSync(pyDir, { recursive: true });
const pyPkg = packageDir('pyodide');
for (const f of PYODIDE_FILES) copyFileSync(join(pyPkg, f), join(pyDir, f));

console.log(`copy-wasm: ${manifest.files.length} wasm files -> wasm/, pyodide -> public/pyodide/`);
