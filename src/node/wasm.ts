import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTreeSitter, type TreeSitter } from '../core/lang/treesitter';
import type { LanguageId } from '../core/lang/languages';

/** The project's wasm/ folder (filled by scripts/copy-wasm.mjs on install). */
export const WASM_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'wasm');

export async function nodeWasmLoader(fileName: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(join(WASM_DIR, fileName)));
  } catch (err) {
    throw new Error(`${fileName} is missing from ${WASM_DIR}: run \`npm install\` (it copies the wasm files). ${String(err)}`, { cause: err });
  }
}

export function loadTreeSitterNode(wanted?: readonly LanguageId[]): Promise<TreeSitter> {
  return loadTreeSitter(nodeWasmLoader, wanted);
}
