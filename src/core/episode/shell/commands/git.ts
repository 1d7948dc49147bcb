import { gitDiff } from '../../diff/git-diff';
import { fail, ok, type ShellCommand } from '../command';

/**
 * `git diff` and `git status` show the player's changes against the start of the episode (the workspace is a fresh
 * repository with one commit, as in the paper's harness). Other git commands are not available.
 */
export const git: ShellCommand = ({ args, state }) => {
  const [sub, ...rest] = args;
  const paths = rest.filter((a) => !a.startsWith('-') && a !== '--');
  const wanted = (p: string) =>
    paths.length === 0 ||
    paths.some((arg) => {
      const r = state.paths.resolve(arg, state.cwd);
      return r.ok && (r.rel === '' || p === r.rel || p.startsWith(`${r.rel}/`));
    });
  if (sub === 'diff') {
    return ok(gitDiff(state.workspace.changedFiles().filter((c) => wanted(c.path))));
  }
  if (sub === 'status') {
    const changes = state.workspace.changedFiles().filter((c) => wanted(c.path));
    const code = (c: { before: string | null; after: string | null }) => (c.before === null ? '??' : c.after === null ? ' D' : ' M');
    if (rest.includes('-s') || rest.includes('--short') || rest.includes('--porcelain')) {
      return ok(changes.map((c) => `${code(c)} ${c.path}\n`).join(''));
    }
    if (changes.length === 0) return ok('On branch main\nnothing to commit, working tree clean\n');
    const tracked = changes.filter((c) => c.before !== null);
    const created = changes.filter((c) => c.before === null);
    const lines = ['On branch main'];
    if (tracked.length) {
      lines.push('Changes not staged for commit:');
      for (const c of tracked) lines.push(`\t${c.after === null ? 'deleted:    ' : 'modified:   '}${c.path}`);
      lines.push('');
    }
    if (created.length) {
      lines.push('Untracked files:');
      for (const c of created) lines.push(`\t${c.path}`);
      lines.push('');
    }
    return ok(`${lines.join('\n')}\n`);
  }
  return fail(`git: only 'git diff [PATH...]' and 'git status' are available in this workspace`);
};
