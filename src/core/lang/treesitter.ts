import { Language, Parser } from 'web-tree-sitter';
import { GRAMMAR_FILES, RUNTIME_FILE, type LanguageId } from './languages';

/** Reads a file from wasm/: the page and workers fetch it, Node reads it from disk (src/node/wasm.ts). */
export type WasmLoader = (fileName: string) => Promise<Uint8Array>;

export interface TreeSitter {
  /** A parser set to the language. Parsers are reused: do not delete them. */
  parser(language: LanguageId): Parser;
  language(language: LanguageId): Language;
}

let initialised: Promise<void> | null = null;
const languages = new Map<LanguageId, Promise<Language>>();

/**
 * Loads the web-tree-sitter runtime once per realm, then the grammars asked for (all by default). Grammars load
 * lazily and once; a grammar that does not match the runtime's ABI rejects with the grammar's name in the message.
 */
export async function loadTreeSitter(load: WasmLoader, wanted: readonly LanguageId[] = ['python', 'javascript', 'typescript', 'tsx']): Promise<TreeSitter> {
  initialised ??= load(RUNTIME_FILE).then((wasmBinary) => Parser.init({ wasmBinary } as object));
  await initialised;
  const loaded = new Map<LanguageId, Language>();
  await Promise.all(
    wanted.map(async (id) => {
      let pending = languages.get(id);
      if (!pending) {
        pending = load(GRAMMAR_FILES[id]).then(
          (bytes) => Language.load(bytes),
          (err: unknown) => Promise.reject(err),
        );
        pending = pending.catch((err: unknown) => {
          languages.delete(id);
          throw new Error(`Could not load the ${id} grammar (${GRAMMAR_FILES[id]}): ${String(err)}`);
        });
        languages.set(id, pending);
      }
      loaded.set(id, await pending);
    }),
  );
  const parsers = new Map<LanguageId, Parser>();
  const language = (id: LanguageId): Language => {
    const lang = loaded.get(id);
    if (!lang) throw new Error(`The ${id} grammar was not loaded`);
    return lang;
  };
  return {
    language,
    parser(id) {
      let p = parsers.get(id);
      if (!p) {
        p = new Parser();
        p.setLanguage(language(id));
        parsers.set(id, p);
      }
      return p;
    },
  };
}
