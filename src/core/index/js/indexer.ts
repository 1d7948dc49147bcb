import type { LanguageIndexer } from '../indexer';
import { extractJs } from './extract';
import type { JsFileFacts } from './facts';
import { JsResolver } from './resolve';

/** JavaScript, TypeScript and TSX: one extractor over the three grammars, one resolver over their files together. */
export const jsIndexer: LanguageIndexer = {
  languages: ['javascript', 'typescript', 'tsx'],
  extract(tree, path, language, source, firstDefinitionId) {
    return extractJs(tree, path, language, source, firstDefinitionId);
  },
  resolve(index, files, calls, context) {
    const facts = new Map<string, JsFileFacts>();
    for (const f of files) {
      const fact = context?.facts.get(f.path) as JsFileFacts | undefined;
      if (fact) facts.set(f.path, fact);
    }
    return new JsResolver(index.definitions, files, facts).resolveCalls(calls);
  },
};
