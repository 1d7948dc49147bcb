import { PAPER_STEP_LIMIT } from '../../src/core/episode/episode';
import { addedLines, parseGitDiff, patchPath } from '../../src/core/scoring/git-diff';
import { repoSlug } from '../../src/core/tasks/repo-meta';
import { createRng } from '../../src/core/tasks/rng';
import type { InstanceBase, TaskSpec } from '../../src/core/tasks/spec';

/**
 * A test-only task kind, registered only in tests (issue 10 §1): "which file defines NAME? mark it". It proves the
 * seam: generated, played, scored and exported through the CLI's code with no change in src/.
 */
export interface FindFileInstance extends InstanceBase {
  task: 'find-file';
  name: string;
  file_path: string;
  line_start: number;
}

export interface FindFileOptions {
  n: number;
  seed: number | string;
  classesOnly: boolean;
}

export interface FindFileVerdict {
  success: boolean;
  marked: string[];
}

export const marker = (name: string) => `# defines ${name}`;

function verdict(instance: FindFileInstance, patch: string): FindFileVerdict {
  const marked = parseGitDiff(patch)
    .files.filter((f) => addedLines(f).some((l) => l.text.trim() === marker(instance.name)))
    .map(patchPath);
  return { success: marked.length === 1 && marked[0] === instance.file_path, marked };
}

export const findFileSpec: TaskSpec<FindFileInstance, FindFileOptions, FindFileVerdict, FindFileVerdict, { instances: number; success: number }> = {
  kind: 'find-file',
  title: 'File finding',
  shortTitle: 'file',
  languages: ['python'],
  maxEpisodeSteps: PAPER_STEP_LIMIT,
  agentRules: ['- Mark the file with the marker line only.'],
  options: {
    defaults: { n: 5, seed: 1, classesOnly: false },
    fields: [{ key: 'classesOnly', type: 'boolean', label: 'Classes only', flag: 'classes-only' }],
  },
  variantOf: () => null,
  variantOptions: () => null,
  recognisedBy: 'name, file_path, line_start',
  recognises: () => false,
  problem: (i) => (typeof i.name === 'string' && typeof i.file_path === 'string' ? null : 'name and file_path must be strings'),
  generate(index, meta, options) {
    const o = { ...findFileSpec.options.defaults, ...options };
    const names = new Map<string, number>();
    for (const d of index.definitions) names.set(d.name, (names.get(d.name) ?? 0) + 1);
    const defs = index.definitions.filter((d) => d.parent === null && names.get(d.name) === 1 && (!o.classesOnly || d.type === 'class'));
    return createRng(o.seed)
      .shuffle(defs)
      .slice(0, o.n)
      .map((d) => ({
        task: 'find-file' as const,
        instance_id: `${repoSlug(meta)}__find__${d.name}`,
        repo: meta.repo,
        base_commit: meta.baseCommit,
        language: 'python' as const,
        name: d.name,
        file_path: d.file,
        line_start: d.lineStart,
      }));
  },
  instruction: (i, workspace) =>
    `The repository is at ${workspace}. Which file defines \`${i.name}\`? Add the line \`${marker(i.name)}\` at the top of that file, then submit.`,
  targetFiles: (i) => [i.file_path],
  startText: (_i, _path, original) => original,
  gold: (i) => ({ summary: `${i.name} in ${i.file_path}`, sites: [{ file: i.file_path, line: i.line_start, name: i.name }] }),
  goldDefinition: (i) => ({ file: i.file_path, line: i.line_start, name: i.name }),
  extraMetrics: () => ({}),
  verdicts: {
    reference: { languages: ['python'], score: (i, output) => verdict(i, output.test_result?.git_patch ?? '') },
    strict: { languages: ['python'], score: (i, patch) => verdict(i, patch) },
  },
  succeeded: (v) => v.success,
  reward: (r) => (r.success ? 1 : 0),
  summarize: (scores) => ({ instances: scores.length, success: scores.filter((s) => s.reference.success).length }),
  text: {
    reference: (r) => `success=${r.success ? 'yes' : 'no'} marked=${r.marked.join(',') || '-'}`,
    strict: (s) => `success=${s.success ? 'yes' : 'no'}`,
    summary: (s) => ({ heading: `file finding: ${s.instances} episodes`, rows: [['success', `${s.success}/${s.instances}`]] }),
  },
};
