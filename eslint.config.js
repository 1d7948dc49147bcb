// ESLint: the recommended JavaScript, TypeScript and React-hooks rules, and the layer rule of CONTRIBUTING.md.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import layers from './eslint/layers.js';

export default defineConfig(
  {
    ignores: ['dist/', 'build/', 'node_modules/', 'wasm/', 'public/', 'test/fixtures/', 'test-results/', '.cache/', '.ci/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      // The code runs in the page, Workers and Node; tsc checks which globals each file may use.
      globals: { ...globals.browser, ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_`-prefixed names are the code's way of saying "unused on purpose" (a parameter kept for its position).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // A promise nobody awaits loses its error. These three rules need types, which doubles the run (about 25 s on 2
    // cores); the rest of recommendedTypeChecked stays off: tsc --strict already covers most of what it finds.
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { layers },
    rules: { 'layers/no-upward-import': 'error' },
  },
);
