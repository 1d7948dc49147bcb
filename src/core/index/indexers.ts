import type { LanguageIndexer } from './indexer';
import { jsIndexer } from './js/indexer';
import { pythonIndexer } from './python/indexer';

/** Every language indexer buildIndex knows; a file goes to the first whose `languages` holds its language. */
export const INDEXERS: LanguageIndexer[] = [pythonIndexer, jsIndexer];
