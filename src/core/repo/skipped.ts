import type { RepoLimits, SkipReason, SkippedFile } from './types';
import { formatBytes } from './units';

const ORDER: SkipReason[] = ['binary', 'not-utf8', 'too-large', 'repo-limit', 'ignored-folder', 'symlink'];

function phrase(reason: SkipReason, n: number, limits: RepoLimits): string {
  switch (reason) {
    case 'binary':
      return `${n} binary`;
    case 'not-utf8':
      return `${n} not UTF-8 text`;
    case 'too-large':
      return `${n} over ${formatBytes(limits.maxFileBytes)}`;
    case 'repo-limit':
      return `${n} past the ${formatBytes(limits.maxRepoBytes)} repo limit`;
    case 'ignored-folder':
      return `${n} in ignored folders (.git, node_modules, __pycache__, ...)`;
    case 'symlink':
      return `${n} symbolic link${n === 1 ? '' : 's'} (not followed)`;
  }
}

/** Counts per reason, for the "what was skipped and why" line. */
export function countSkipped(skipped: readonly SkippedFile[]): Record<SkipReason, number> {
  const counts: Record<SkipReason, number> = { binary: 0, 'not-utf8': 0, 'too-large': 0, 'repo-limit': 0, 'ignored-folder': 0, symlink: 0 };
  for (const s of skipped) counts[s.reason]++;
  return counts;
}

/** E.g. `3 binary, 1 over 1 MB` — empty when nothing was skipped. */
export function describeSkipped(skipped: readonly SkippedFile[], limits: RepoLimits): string {
  const counts = countSkipped(skipped);
  return ORDER.filter((r) => counts[r] > 0)
    .map((r) => phrase(r, counts[r], limits))
    .join(', ');
}
