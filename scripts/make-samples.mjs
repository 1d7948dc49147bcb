// Builds the embedded sample repositories (public/samples/) from sources the pinned npm packages ship, so the
// playground works offline with nothing committed but this script:
//   - packages of CPython's standard library, from Pyodide's bundled python_stdlib.zip;
//   - jsdiff's published ES-module sources (node_modules/diff/libesm), a JavaScript sample with .d.ts types.
// Each sample is a zip holding the package folder and a SAMPLE.md saying where it came from, plus one index.json.
// Output is deterministic (sorted entries, fixed timestamps): the same install gives byte-identical zips.
import { readFileSync, readdirSync, statSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync, zipSync, strToU8 } from 'fflate';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'public', 'samples');
const MTIME = new Date('2026-01-01T00:00:00Z');

const version = (pkg) => JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;

/** Standard-library packages taken as samples: [package folder, what it is]. */
const STDLIB = [
  ['json', 'JSON encoder and decoder: a small package, a good first repo.'],
  ['tomllib', 'A TOML parser: one parser module with many helper functions.'],
  ['logging', 'The logging framework: handlers, formatters, configuration.'],
  ['http', 'HTTP client, server and cookie handling.'],
  ['email', 'Email parsing and generation: many modules calling each other.'],
  ['importlib', 'The import system itself: finders, loaders, metadata, resources.'],
  ['urllib', 'URL parsing and fetching.'],
  ['asyncio', 'The asyncio event loop, tasks, streams and subprocesses: the largest sample.'],
];

function countLines(files) {
  let n = 0;
  for (const bytes of Object.values(files)) {
    const text = new TextDecoder().decode(bytes);
    n += text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  }
  return n;
}

function writeSample(sample, files, note) {
  const entries = { 'SAMPLE.md': strToU8(note) };
  for (const path of Object.keys(files).sort()) entries[path] = files[path];
  const zipped = zipSync(Object.fromEntries(Object.entries(entries).map(([p, b]) => [p, [b, { mtime: MTIME, level: 6 }]])));
  writeFileSync(join(outDir, `${sample.id}.zip`), zipped);
  return {
    ...sample,
    files: Object.keys(entries).length,
    lines: countLines(files),
    bytes: Object.values(entries).reduce((s, b) => s + b.length, 0),
    zip: `${sample.id}.zip`,
    zipBytes: zipped.length,
  };
}

mkdirSync(outDir, { recursive: true });
const samples = [];

const pyodideVersion = version('pyodide');
const stdlib = unzipSync(readFileSync(join(root, 'node_modules', 'pyodide', 'python_stdlib.zip')));
for (const [pkg, description] of STDLIB) {
  const files = {};
  for (const [path, bytes] of Object.entries(stdlib)) {
    if (path.startsWith(`${pkg}/`) && path.endsWith('.py')) files[path] = bytes;
  }
  if (!Object.keys(files).length) throw new Error(`make-samples: ${pkg}/ is not in pyodide's python_stdlib.zip`);
  const note = `# ${pkg}\n\nThe \`${pkg}\` package of CPython's standard library, as bundled in Pyodide ${pyodideVersion}\n(python_stdlib.zip). ${description}\n`;
  samples.push(writeSample({ id: `cpython-${pkg}`, name: pkg, repo: `cpython/${pkg}`, language: 'python', description }, files, note));
}

const diffVersion = version('diff');
const libesm = join(root, 'node_modules', 'diff', 'libesm');
const jsFiles = {};
(function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full);
    else if (/\.(js|d\.ts)$/.test(name)) jsFiles[`diff/${relative(libesm, full).split('\\').join('/')}`] = readFileSync(full);
  }
})(libesm);
const jsDescription = 'jsdiff: text diffing and patches, its published ES modules with their type declarations.';
samples.push(
  writeSample(
    { id: 'jsdiff', name: 'jsdiff', repo: 'kpdecker/jsdiff', language: 'javascript', description: jsDescription },
    jsFiles,
    `# jsdiff\n\nThe \`diff\` package ${diffVersion} (kpdecker/jsdiff) from npm: libesm/ as published. ${jsDescription}\n`,
  ),
);

writeFileSync(join(outDir, 'index.json'), JSON.stringify({ generatedBy: 'scripts/make-samples.mjs', samples }, null, 2) + '\n');
console.log(`make-samples: ${samples.length} samples -> public/samples/ (${samples.map((s) => `${s.name} ${s.lines} lines`).join(', ')})`);
