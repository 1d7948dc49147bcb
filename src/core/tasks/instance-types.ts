/**
 * Task instances: the paper's dataset fields with the paper's meaning (hybrid-gym-reference.md §9), plus ours
 * (`task`, `language`, `instruction`, `difficulty`). Line numbers are 0-based lines of the ORIGINAL file.
 * Plain JSON: instances are written as JSONL, stored in IndexedDB and posted between Workers as they are.
 * Each kind's types live in its folder; this is the union of the kinds the app ships (see registry.ts).
 */
import type { DepInstance } from './dep-search/types';
import type { FuncLocInstance } from './func-localize/types';

export type { DepDifficulty, DepInstance, DepRow } from './dep-search/types';
export type { FuncLocDifficulty, FuncLocInstance, FuncLocRow } from './func-localize/types';

/** A task kind's id (a registered spec's `kind`). */
export type TaskKind = string;

export type TaskInstance = FuncLocInstance | DepInstance;
