import runtimeUrl from '../../wasm/web-tree-sitter.wasm?url';
import pythonUrl from '../../wasm/tree-sitter-python.wasm?url';
import javascriptUrl from '../../wasm/tree-sitter-javascript.wasm?url';
import typescriptUrl from '../../wasm/tree-sitter-typescript.wasm?url';
import tsxUrl from '../../wasm/tree-sitter-tsx.wasm?url';
import type { WasmLoader } from '../core/lang/treesitter';

/** The wasm files of wasm/, as URLs vite fingerprints into the build (so a static host can cache them forever). */
const URLS: Record<string, string> = {
  'web-tree-sitter.wasm': runtimeUrl,
  'tree-sitter-python.wasm': pythonUrl,
  'tree-sitter-javascript.wasm': javascriptUrl,
  'tree-sitter-typescript.wasm': typescriptUrl,
  'tree-sitter-tsx.wasm': tsxUrl,
};

/** Fetches a wasm file of wasm/ in a page or a Worker. */
export const browserWasmLoader: WasmLoader = async (fileName) => {
  const url = URLS[fileName];
  if (!url) throw new Error(`No URL for ${fileName}`);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`Could not fetch ${fileName}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
};
