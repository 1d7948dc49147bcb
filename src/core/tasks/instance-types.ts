/**
 * Task instances: the paper's dataset fields with the paper's meaning (hybrid-gym-reference.md §9), plus ours
 * (`task`, `language`, `instruction`, `difficulty`). Line numbers are 0-based lines of the ORIGINAL file.
 * Plain JSON: instances are written as JSONL, stored in IndexedDB and posted between Workers as they are.
 * Each kind's types live in its folder (see registry.ts); generic layers carry an instance as TaskInstance.
 */
import type { InstanceBase } from './spec';

export type { DepDifficulty, DepInstance, DepRow } from './dep-search/types';
export type { FuncLocDifficulty, FuncLocInstance, FuncLocRow } from './func-localize/types';

/** A task kind's id (a registered spec's `kind`). */
export type TaskKind = string;

/**
 * An instance of any registered kind, as the layers that do not care which (storage, workers, screens, formats)
 * carry it: its spec (`taskRegistry.require(instance)`) knows its fields; each kind's own code uses its own type.
 */
export type TaskInstance = InstanceBase;
