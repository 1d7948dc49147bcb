import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
// @ts-expect-error eslint/layers.js is plain JavaScript, without types
import { LAYERS } from '../../eslint/layers.js';

const ROOT = resolve(import.meta.dirname, '../..');
// The project's own eslint.config.js; the files below are in memory, where the type-aware rules cannot look.
const eslint = new ESLint({
  cwd: ROOT,
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-misused-promises': 'off',
      '@typescript-eslint/await-thenable': 'off',
    },
  },
});

/** The layer findings on `code` as if it were the file `path`: `line message` each. */
async function layerErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, path) });
  return result!.messages.filter((m) => m.ruleId === 'layers/no-upward-import').map((m) => `${m.line} ${m.message}`);
}

describe('the layer rule', () => {
  it('refuses a src/core file that imports src/ui, in every form of import', async () => {
    const code = [
      "import { instanceTitle } from '../../ui/common/format';",
      "import type { Route } from '../../ui/router';",
      "export { App } from '../../ui/App';",
      "export * from '../../ui/App';",
      "export const later = () => import('../../ui/App');",
    ].join('\n');
    expect(await layerErrors('src/core/tasks/probe.ts', code)).toEqual([
      '1 src/core may not import from src/ui (../../ui/common/format): see CONTRIBUTING.md, "Layers".',
      '2 src/core may not import from src/ui (../../ui/router): see CONTRIBUTING.md, "Layers".',
      '3 src/core may not import from src/ui (../../ui/App): see CONTRIBUTING.md, "Layers".',
      '4 src/core may not import from src/ui (../../ui/App): see CONTRIBUTING.md, "Layers".',
      '5 src/core may not import from src/ui (../../ui/App): see CONTRIBUTING.md, "Layers".',
    ]);
  });

  it('refuses React, the editor, Node built-ins in src/core', async () => {
    const code = "import 'react';\nimport 'react-dom/client';\nimport '@codemirror/view';\nimport 'node:fs';\nimport 'path';\n";
    expect((await layerErrors('src/core/probe.ts', code)).map((e) => e.split(' ')[0])).toEqual(['1', '2', '3', '4', '5']);
  });

  it('resolves the path: a folder of the layer itself may share a banned name', async () => {
    // src/core/repo/store.ts is core's IndexedDB store, not src/store; src/sandbox/node/ is the sandbox's own.
    expect(await layerErrors('src/core/repo/probe.ts', "import { x } from './store';\nexport { x };\n")).toEqual([]);
    expect(await layerErrors('src/node/probe.ts', "import '../sandbox/node/python-node';\n")).toEqual([]);
    expect(await layerErrors('src/core/probe.ts', "import '../store/db';\n")).toHaveLength(1);
  });

  it('lets each layer import what is below it', async () => {
    expect(await layerErrors('src/store/probe.ts', "import '../core/tasks/describe';\nimport '../sandbox/session';\nimport '../browser/wasm';\n")).toEqual([]);
    expect(await layerErrors('src/ui/probe.tsx', "import '../store/play';\nimport 'react';\n")).toEqual([]);
  });

  it.each(Object.entries(LAYERS as Record<string, { folders: string[] }>).flatMap(([layer, { folders }]) => folders.map((to) => [layer, to])))(
    'refuses src/%s importing src/%s',
    async (layer, to) => {
      expect(await layerErrors(`src/${layer}/a/probe.ts`, `import '../../${to}/x';\n`)).toEqual([
        `1 src/${layer} may not import from src/${to} (../../${to}/x): see CONTRIBUTING.md, "Layers".`,
      ]);
    },
  );
});
