import type { RepoIndex } from '../index/types';
import type { LanguageId } from '../lang/languages';
import type { LlmEndpoint } from '../llm/openai-client';
import type { EpisodeMetrics } from '../scoring/metrics';
import type { ScoredOutput } from '../scoring/reference-localize';
import type { StrictContext } from '../scoring/workspace-patch';
import type { DescriptionCache } from './describe-llm';
import type { RepoMeta } from './repo-meta';

/**
 * A task kind, described once (Gymnasium's `EnvSpec`): what its instances look like, how they are generated, what
 * the player is told and starts from, the answer, and how an episode is scored and summarised. Every kind lives in
 * its own folder (src/core/tasks/<kind>/) and is registered in src/core/tasks/registry.ts; nothing else names it.
 */

/** The fields every instance has, whatever its kind. Line numbers in instances are 0-based. */
export interface InstanceBase {
  instance_id: string;
  repo: string;
  base_commit: string;
  /** Ours; the authors' rows have none and are recognised by their fields. */
  task?: string;
  language?: LanguageId;
  instruction?: string;
}

/** One generator option: the Repo screen's form field and the `hgym generate` flag are both made from it. */
export type OptionField =
  | { key: string; type: 'int'; label: string; flag: string; min?: number; max?: number; help?: string }
  | { key: string; type: 'boolean'; label: string; flag: string; help?: string }
  | { key: string; type: 'choice'; label: string; flag: string; choices: readonly string[]; help?: string };

/** What an LLM description step needs: the endpoint, a cache, and a hook for retries. */
export interface LlmDescribe {
  endpoint: LlmEndpoint;
  cache: DescriptionCache;
  onRetry?: (attempt: number, reason: string, delayMs: number) => void;
}

/** A definition the player should find: 0-based def line of the episode's start state. */
export interface GoldSite {
  file: string;
  line: number;
  name: string;
}

/** The answer, for the reveal on the Result screen and the CLI. */
export interface GoldAnswer {
  /** What was to be found, in words. */
  summary: string;
  sites: GoldSite[];
}

/** A verdict a spec has, and for which task languages. */
export interface VerdictDef<F extends (...args: never[]) => unknown> {
  languages: readonly LanguageId[];
  score: F;
}

/** One episode's score, typed by its spec's verdicts. */
export interface EpisodeScore<R = unknown, S = unknown> {
  instance_id: string | null;
  task: string;
  reference: R;
  /** Null when the repo is not at hand (or the spec has no strict verdict for the instance's language). */
  strict: S | null;
  metrics: EpisodeMetrics;
}

export interface TaskSpec<I extends InstanceBase = InstanceBase, O extends object = object, R = unknown, S = unknown, Sum = unknown> {
  /** The id: the instances' `task` field, the `--task` value, the share link's task. */
  kind: string;
  title: string;
  /** A word for tags and tables. */
  shortTitle: string;
  /** One instance in a few words (its target, or what it is about), for lists and storage notes. Default: the gold answer's first name. */
  instanceTitle?(instance: I): string;
  /** What to change in the generator's options when they yield no instance ("include tests"), if anything. */
  noneFoundHint?: string;
  /** Languages of the code it generates instances from. */
  languages: readonly LanguageId[];
  /**
   * Which of a folder's source files the authors' builder walks for this kind, by path, when it prunes some folders
   * (the CLI indexes only these; default: every file). Applied to the folders the CLI reads from disk.
   */
  walks?(path: string): boolean;
  /** The episode's step limit. */
  maxEpisodeSteps: number;
  /** The kind's rules for a model's answer, as system-prompt lines (default: DEFAULT_AGENT_RULES). */
  agentRules?: readonly string[];
  options: {
    defaults: O;
    fields: readonly OptionField[];
    /** Why options that are each valid do not go together (e.g. a min above a max), naming fields with `name`. */
    problem?(options: O, name: (key: string) => string): string | null;
  };
  /**
   * A variant of the kind the options select that is stored and shared apart (e.g. masked localization): its
   * suffix, or null.
   */
  variantOf(options: Partial<O>): string | null;
  /** Options that select a variant (the inverse of variantOf), for share links. */
  variantOptions(variant: string): Partial<O> | null;
  /** The fields that tell an authors' row of this kind, for messages: e.g. `file_path, module_name`. */
  recognisedBy: string;
  /** Whether an instance without our `task` field (an authors' row) is of this kind, by its own fields. */
  recognises(instance: Record<string, unknown>): boolean;
  /** Why an instance of this kind is unusable (a message naming the field), or null. */
  problem(instance: Record<string, unknown>): string | null;
  /** Seeded and deterministic: the same index, meta and options give the same instances. */
  generate(index: RepoIndex, meta: RepoMeta, options: Partial<O>): I[];
  /**
   * Optional: rewrite the instances' descriptions with an LLM (`hgym generate --describe llm`); `source` is the
   * repo's original text of a file.
   */
  describeWithLlm?(instances: I[], source: (path: string) => string, llm: LlmDescribe): Promise<I[]>;
  /** What the player is told (for instances that carry no `instruction`). */
  instruction(instance: I, workspace: string): string;
  /** Files the instance needs in the repo. */
  targetFiles(instance: I): string[];
  /** The start state of a repo file: the original, or the task's edit of it. */
  startText(instance: I, path: string, original: string): string;
  gold(instance: I): GoldAnswer;
  /** The gold definition for the metrics (first sight of its file and its def line). */
  goldDefinition(instance: I): GoldSite;
  /** Metrics of this kind beyond the common ones. */
  extraMetrics(instance: I, firstSight: (site: GoldSite) => number | null): Partial<EpisodeMetrics>;
  verdicts: {
    /** The authors' scorer port. */
    reference: VerdictDef<(instance: I, output: ScoredOutput) => R>;
    /** Checked with the parser on the patched start state. */
    strict: VerdictDef<(instance: I, patch: string, ctx: StrictContext) => S>;
  };
  /** The headline of a verdict (reference or strict). */
  succeeded(verdict: R | S): boolean;
  /** The episode's reward from the reference verdict: 1 for success, partial credit where the task has some. */
  reward(reference: R): number;
  summarize(scores: EpisodeScore<R, S>[]): Sum;
  /** Plain-text rendering for `hgym score`: one verdict's cells, and a summary's lines. */
  text: {
    reference(v: R): string;
    strict(v: S): string;
    /** A heading, its rows (label, value), and an optional sub-table (header row first). */
    summary(s: Sum): { heading: string; rows: string[][]; table?: { heading: string; rows: string[][] } };
  };
}

/** Any registered spec (the registry holds kinds whose types it does not know). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTaskSpec = TaskSpec<any, any, any, any, any>;

export type InstanceOf<T> = T extends TaskSpec<infer I, object, unknown, unknown, unknown> ? I : never;

/** The language an instance is played in: its own `language`, else its kind's first (an authors' row names none). */
export function languageOfInstance(spec: Pick<AnyTaskSpec, 'languages'>, instance: InstanceBase): LanguageId {
  return instance.language ?? spec.languages[0] ?? 'python';
}

/** The rules of the tasks whose answer is documentation: no code changes (the first two kinds'). */
export const DEFAULT_AGENT_RULES: readonly string[] = ['- Change no code: add only what the task asks for (a docstring, or `#` comment lines).'];
