import type { DepRow } from '../tasks/dep-search/types';
import { pyRstripChars, pyStrip } from './python-text';
import type { ScoredOutput } from './reference-localize';

/**
 * The `reference` verdict of dependency search: the authors' `eval_dep.py` (`evaluate_instance` and its helpers),
 * reproduced in behaviour with its quirks (hybrid-gym-reference.md §3.3):
 * - comments_only looks at added lines only (a removal of code still passes; a docstring fails);
 * - a relevant comment matches the FIRST dependency of its file whose expected line (decorator line, else start
 *   line, shifted by `compute_line_offset`) is within 5 lines, on either side;
 * - dependencies are tracked by NAME: two same-named dependencies collide, and the second comment is a duplicate;
 * - the expected-location map is keyed by (file, line): a later dependency with the same key replaces an earlier one
 *   in place;
 * - `\ No newline at end of file` and an empty line advance the new-file counter.
 * The strict verdict (strict-dep.ts) is where the fixes go.
 */

export interface DependencyLike {
  name: string;
  file_path: string;
  line_start: number;
  line_end?: number;
  type?: string;
  decorator_line?: number | null;
}

export interface ReferenceComment {
  file: string;
  line: number;
  content: string;
  matched_dep: string | null;
  status: 'correct' | 'duplicate' | 'false_positive';
}

export interface ReferenceDependencyDetail {
  name: string;
  file: string;
  expected_line: number;
  found: boolean;
  annotation_count: number;
}

export interface DependencyReferenceVerdict {
  instance_id: string | null;
  target_function: string;
  num_dependencies: number;
  true_positives: number;
  false_negatives: number;
  false_positives: number;
  duplicates: number;
  precision: number;
  recall: number;
  f1: number;
  partial_score: number;
  full_success: boolean;
  comments_only: boolean;
  /** The names found, in the order found (the script lists a Python set, whose order is arbitrary). */
  annotated_deps: string[];
  missed_deps: string[];
  false_positive_comments: ReferenceComment[];
  duplicate_comments: ReferenceComment[];
  details: ReferenceDependencyDetail[];
}

type Hunk = [oldStart: number, oldCount: number, newStart: number, newCount: number];

interface PatchFile {
  filename: string;
  added: { line: number; content: string }[];
  hunks: Hunk[];
}

const DIFF_HEADER = /^diff --git a\/([^\n]+) b\/([^\n]+)$/;
const HUNK = /^@@ -([0-9]+)(?:,([0-9]+))? \+([0-9]+)(?:,([0-9]+))? @@/;
const HEADER_PREFIXES = ['diff', '@@', 'index', '---', '+++'];

/** `parse_patch_with_details`: raw added lines with new-file numbers, and each hunk's header numbers. */
function parsePatchWithDetails(patch: string): PatchFile[] {
  if (!patch) return [];
  const files: PatchFile[] = [];
  let current: PatchFile | null = null;
  let counter = 0;
  for (const line of patch.split('\n')) {
    if (line.startsWith('diff --git')) {
      if (current) files.push(current);
      current = null;
      counter = 0;
      const m = DIFF_HEADER.exec(line);
      if (m) current = { filename: m[2]!, added: [], hunks: [] };
    } else if (line.startsWith('@@')) {
      const m = HUNK.exec(line);
      if (m) {
        const hunk: Hunk = [Number(m[1]), m[2] ? Number(m[2]) : 1, Number(m[3]), m[4] ? Number(m[4]) : 1];
        // The script appends hunks to the list of the file being read (or to a dangling list when none is).
        current?.hunks.push(hunk);
        counter = hunk[2];
      }
    } else if (line.startsWith('+') && !line.startsWith('+++')) {
      current?.added.push({ line: counter, content: line.slice(1) });
      counter += 1;
    } else if (line.startsWith('-') && !line.startsWith('---')) {
      // removed lines do not advance the new-file counter
    } else if (current && !HEADER_PREFIXES.some((p) => line.startsWith(p))) {
      counter += 1;
    }
  }
  if (current) files.push(current);
  return files;
}

/** `compute_line_offset`: how far an original 1-based line moved, assuming additions come first inside a hunk. */
export function referenceLineOffset(hunks: Hunk[], originalLine: number): number {
  if (hunks.length === 0) return 0;
  let cumulative = 0;
  const sorted = [...hunks].sort((a, b) => a[0] - b[0]);
  for (const [oldStart, oldCount, newStart, newCount] of sorted) {
    if (originalLine < oldStart) return cumulative;
    if (originalLine < oldStart + oldCount) return cumulative + (newCount - oldCount);
    cumulative = newStart + newCount - (oldStart + oldCount);
  }
  return cumulative;
}

function isCommentOrBlank(line: string): boolean {
  const stripped = pyStrip(line);
  return !stripped || stripped.startsWith('#');
}

/** The 16 phrasings `check_comment_content` accepts as they are, `x` being the lower-cased target name. */
function acceptedPhrasings(x: string): string[] {
  return [
    `this function/class is called by the ${x} function`,
    `this function is called by the ${x} function`,
    `this class is called by the ${x} function`,
    `this method is called by the ${x} function`,
    `this function/class is called by ${x} function`,
    `this function/class is called by ${x}`,
    `this function is called by ${x}`,
    `this class is called by ${x}`,
    `called by the ${x} function`,
    `called by ${x}`,
    `used by the ${x} function`,
    `used by ${x}`,
    `dependency of ${x}`,
    `this is a dependency of ${x}`,
    `this function/class is called by the ${x} method`,
    `this function is called by the ${x} method`,
  ];
}

/**
 * `check_comment_content`: a `#` line saying the definition is called/used by the target. Shared with the strict
 * verdict, which changes where a comment must be, not what it must say.
 */
export function isRelevantDependencyComment(line: string, targetName: string): boolean {
  const stripped = pyStrip(line).toLowerCase();
  if (!stripped.startsWith('#')) return false;
  const content = pyRstripChars(pyStrip(stripped.slice(1)), '.,;:!');
  const x = targetName.toLowerCase();
  if (acceptedPhrasings(x).includes(content)) return true;
  const relation = content.includes('called by') || content.includes('used by') || content.includes('dependency');
  return content.includes(x) && relation;
}

/** The expected 0-based line: `dep.get('decorator_line', dep['line_start'])` (a present null stays null). */
function expectedLine0(dep: DependencyLike): number {
  const v = 'decorator_line' in dep ? dep.decorator_line : dep.line_start;
  if (typeof v !== 'number') throw new Error(`dependency ${dep.name} in ${dep.file_path}: decorator_line must be a number`);
  return v;
}

/** `evaluate_instance` of eval_dep.py. */
export function scoreDependencyReference(row: DepRow, output: ScoredOutput): DependencyReferenceVerdict {
  const instance: Record<string, unknown> = { ...row };
  const targetName = String(instance.target_function_name);
  const dependencies = (Array.isArray(instance.dependencies) ? instance.dependencies : []) as DependencyLike[];
  const numDeps = dependencies.length;
  const result: DependencyReferenceVerdict = {
    instance_id: output.instance_id ?? null,
    target_function: targetName,
    num_dependencies: numDeps,
    true_positives: 0,
    false_negatives: 0,
    false_positives: 0,
    duplicates: 0,
    precision: 0,
    recall: 0,
    f1: 0,
    partial_score: 0,
    full_success: false,
    comments_only: false,
    annotated_deps: [],
    missed_deps: [],
    false_positive_comments: [],
    duplicate_comments: [],
    details: [],
  };
  const patch = typeof output.test_result?.git_patch === 'string' ? output.test_result.git_patch : '';
  if (!patch) {
    result.missed_deps = dependencies.map((d) => d.name);
    result.false_negatives = numDeps;
    return result;
  }

  const files = parsePatchWithDetails(patch);
  result.comments_only = files.every((f) => f.added.every((a) => isCommentOrBlank(a.content)));

  // (file, 1-based original line) → dependency; a Map keeps the first insertion position when a key is reset.
  const expected = new Map<string, { file: string; line: number; dep: DependencyLike }>();
  for (const dep of dependencies) {
    const line = expectedLine0(dep) + 1;
    expected.set(JSON.stringify([dep.file_path, line]), { file: dep.file_path, line, dep });
  }

  const found = new Set<string>();
  const annotationCounts = new Map<string, number>();
  const comments: ReferenceComment[] = [];
  for (const file of files) {
    for (const added of file.added) {
      if (!isRelevantDependencyComment(added.content, targetName)) continue;
      const comment: ReferenceComment = { file: file.filename, line: added.line, content: pyStrip(added.content), matched_dep: null, status: 'false_positive' };
      comments.push(comment);
      for (const { file: depFile, line, dep } of expected.values()) {
        if (depFile !== file.filename) continue;
        const adjusted = line + referenceLineOffset(file.hunks, line);
        if (Math.abs(added.line - adjusted) <= 5) {
          comment.matched_dep = dep.name;
          annotationCounts.set(dep.name, (annotationCounts.get(dep.name) ?? 0) + 1);
          if (found.has(dep.name)) comment.status = 'duplicate';
          else {
            comment.status = 'correct';
            found.add(dep.name);
          }
          break;
        }
      }
    }
  }

  const tp = found.size;
  const fp = comments.filter((c) => c.status === 'false_positive').length;
  const dup = comments.filter((c) => c.status === 'duplicate').length;
  const predictions = tp + fp + dup;
  const precision = predictions > 0 ? tp / predictions : 0;
  const recall = numDeps > 0 ? tp / numDeps : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;

  result.true_positives = tp;
  result.false_negatives = numDeps - tp;
  result.false_positives = fp;
  result.duplicates = dup;
  result.precision = precision;
  result.recall = recall;
  result.f1 = f1;
  result.partial_score = recall;
  result.annotated_deps = [...found];
  result.missed_deps = dependencies.filter((d) => !found.has(d.name)).map((d) => d.name);
  result.false_positive_comments = comments.filter((c) => c.status === 'false_positive');
  result.duplicate_comments = comments.filter((c) => c.status === 'duplicate');
  result.full_success = tp === numDeps && fp === 0 && dup === 0 && result.comments_only;
  result.details = dependencies.map((d) => ({
    name: d.name,
    file: d.file_path,
    expected_line: expectedLine0(d) + 1,
    found: found.has(d.name),
    annotation_count: annotationCounts.get(d.name) ?? 0,
  }));
  return result;
}
