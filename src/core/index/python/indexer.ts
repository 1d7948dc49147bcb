import type { LanguageIndexer } from '../indexer';
import { extractPython } from './extract';
import type { PythonFileFacts } from './facts';
import { PythonResolver } from './resolve';

/** Python: tree-sitter extraction plus a resolver that imitates the authors' Jedi-based dependency builder. */
export const pythonIndexer: LanguageIndexer = {
  languages: ['python'],
  extract(tree, path, _language, source, firstDefinitionId) {
    return extractPython(tree, path, source, firstDefinitionId);
  },
  resolve(index, files, calls, context) {
    const facts = new Map<string, PythonFileFacts>();
    for (const f of files) {
      const fact = context?.facts.get(f.path) as PythonFileFacts | undefined;
      if (fact) facts.set(f.path, fact);
    }
    return new PythonResolver(index.definitions, files, facts, context?.rootName ?? null).resolveCalls(calls);
  },
};
