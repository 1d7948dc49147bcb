import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { DescriptionCache } from '../core/tasks/describe-llm';

/**
 * The LLM description cache of `hgym generate --describe llm`, kept in a JSON file so a second run (or a run with
 * more instances) only asks the model about what it has not described yet. Written after every new entry: an
 * interrupted run keeps what it paid for.
 */
export function fileDescriptionCache(path: string): DescriptionCache {
  let entries: Record<string, string> = {};
  if (existsSync(path)) {
    try {
      entries = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
    } catch (err) {
      throw new Error(`${path} is not a description cache (JSON object): ${(err as Error).message}. Delete it or pick another --llm-cache file.`, {
        cause: err,
      });
    }
  }
  return {
    get: async (key) => entries[key],
    set: async (key, value) => {
      entries[key] = value;
      writeFileSync(path, `${JSON.stringify(entries, null, 1)}\n`);
    },
  };
}
