// The layer rule of CONTRIBUTING.md ("Layers"): what each folder of src/ may not import.
//
// no-restricted-imports matches the import string, and the string does not say where it points: from
// src/core/repo/index.ts './store' is src/core/repo/store.ts, from src/core/x.ts '../store' is src/store. This rule
// resolves relative paths against the importing file, so a layer's own sub-folders can have any name, and it checks
// import(), export ... from and import type alike.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

/** Per folder of src/: the folders of src/ and the packages (a trailing '/*' or ':*' takes a prefix) it may not import. */
export const LAYERS = {
  core: {
    folders: ['store', 'ui', 'sandbox', 'workers', 'node', 'cli', 'browser'],
    // Runs unchanged in Node, a Worker and the page: no React, no DOM-only libraries, no Node built-ins.
    packages: [
      'react',
      'react/*',
      'react-dom',
      'react-dom/*',
      'codemirror',
      '@codemirror/*',
      '@lezer/*',
      '@xterm/*',
      '@webcontainer/api',
      'node:*',
      ...builtinModules,
    ],
  },
  store: { folders: ['ui'] },
  sandbox: { folders: ['store', 'ui'] },
  workers: { folders: ['store', 'ui'] },
  browser: { folders: ['store', 'ui', 'node', 'cli'], packages: ['react', 'react/*', 'react-dom', 'react-dom/*'] },
  node: { folders: ['store', 'ui', 'workers', 'browser'] },
  cli: { folders: ['store', 'ui', 'workers', 'browser'] },
};

const packageMatches = (pattern, name) => (pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern || name.startsWith(`${pattern}/`));

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'A folder of src/ imports only from the layers below it (CONTRIBUTING.md, "Layers").' },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
    messages: {
      folder: 'src/{{from}} may not import from src/{{to}} ({{spec}}): see CONTRIBUTING.md, "Layers".',
      package: 'src/{{from}} may not import {{spec}}: see CONTRIBUTING.md, "Layers".',
    },
  },
  create(context) {
    const src = resolve(context.options[0]?.root ?? context.cwd, 'src');
    const file = context.physicalFilename;
    const [from, ...rest] = relative(src, file).split(sep);
    const layer = rest.length ? LAYERS[from] : undefined;
    if (!layer) return {};
    const check = (source) => {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const spec = source.value;
      if (spec.startsWith('.') || spec.startsWith('/')) {
        const target = resolve(spec.startsWith('/') ? resolve(src, '..') : dirname(file), spec.slice(spec.startsWith('/') ? 1 : 0));
        const to = relative(src, target).split(sep)[0];
        if ((layer.folders ?? []).includes(to)) {
          context.report({ node: source, messageId: 'folder', data: { from, to, spec } });
        }
      } else if ((layer.packages ?? []).some((p) => packageMatches(p, spec))) {
        context.report({ node: source, messageId: 'package', data: { from, spec } });
      }
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

export default { rules: { 'no-upward-import': rule } };
