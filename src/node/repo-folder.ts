import { languageOf, type LanguageId } from '../core/lang/languages';
import { resolveLimits } from '../core/repo/build';
import type { WalkOptions } from '../core/repo/folder';
import { compareWalkOrder } from '../core/repo/paths';
import { describeSkipped } from '../core/repo/skipped';
import type { Repo, RepoFile } from '../core/repo/types';
import { basename, resolve } from 'node:path';
import type { TaskRegistry } from '../core/tasks/registry';
import type { AnyTaskSpec } from '../core/tasks/spec';
import { contentFingerprint, type RepoMeta as TaskRepoMeta } from '../core/tasks/repo-meta';
import type { InstanceBase } from '../core/tasks/spec';
import { loadDiskRepo } from './disk-source';

/** A repo folder as every CLI command reads it. */
export interface RepoFolder {
  repo: Repo;
  /** The repo's text files in `os.walk` order (the order the authors' builders see them, and the index gets them). */
  files: RepoFile[];
}

/**
 * Reads DIR through the disk source and the shared builder: the page's limits and rules. `warn` (the CLI's stderr)
 * is told what was not read, e.g. `1 symbolic link (not followed)`. A folder that cannot be read is an Error with the
 * builder's message.
 */
export async function readRepoFolder(dir: string, warn?: (line: string) => void, walk: WalkOptions = {}): Promise<RepoFolder> {
  const loaded = await loadDiskRepo(dir, {}, walk);
  if (!loaded.ok) throw new Error(loaded.error);
  const repo = loaded.value;
  if (warn && repo.skipped.length) warn(`${dir}: not read: ${describeSkipped(repo.skipped, resolveLimits())}`);
  return { repo, files: [...repo.files].sort((a, b) => compareWalkOrder(a.path, b.path)) };
}

/** The files the index parses: those of a language it knows, or of `languages` when given. */
export function sourceFiles<F extends { path: string }>(files: readonly F[], languages?: readonly LanguageId[]): F[] {
  return files.filter((f) => {
    const language = languageOf(f.path);
    return language !== null && (!languages || languages.includes(language));
  });
}

/** `python`, `python or typescript`: the languages a command needs, for its messages. */
export function languageList(languages: readonly LanguageId[]): string {
  return languages.join(' or ');
}

/** The languages of these instances: each one's own, or its spec's when the row names none. */
export function instanceLanguages(instances: readonly InstanceBase[], registry: TaskRegistry): LanguageId[] {
  const languages = new Set<LanguageId>();
  for (const i of instances) for (const l of i.language ? [i.language] : (registry.of(i)?.languages ?? [])) languages.add(l);
  return [...languages];
}

/**
 * What a task's generator gets from a folder: the source files of its languages that its builder walks, in walk
 * order, and the repo's name and content fingerprint (over the source files that walk reaches, every language, as
 * `hgym generate` has always computed it, so `generate` and `run --task` give the same ids).
 */
export function generatorInput(dir: string, files: readonly RepoFile[], spec: AnyTaskSpec, repoName?: string): { code: RepoFile[]; meta: TaskRepoMeta } {
  const walked = sourceFiles(files).filter((f) => spec.walks?.(f.path) ?? true);
  const code = sourceFiles(walked, spec.languages);
  if (!code.length) throw new Error(`${dir} holds no ${languageList(spec.languages)} files: ${spec.title} needs ${languageList(spec.languages)} code`);
  return { code, meta: { repo: repoName ?? `local/${basename(resolve(dir))}`, baseCommit: contentFingerprint(walked) } };
}
