/**
 * A parser of unified git diffs (`git diff --no-color`, as the episode's `test_result.git_patch`): files with their
 * extended headers, hunks, and every line with its old-file and new-file line numbers. Unlike the authors' scorers
 * (ported as they are in reference-*.ts), it reads hunks by their counts, so an added line whose text starts with
 * `++` or a removed line starting with `--` is still an added or removed line. Line numbers here are 1-based, as in
 * hunk headers.
 */

export type DiffLineKind = 'context' | 'add' | 'remove';

export interface DiffLine {
  kind: DiffLineKind;
  /** The line's text without its +/-/space prefix. */
  text: string;
  /** 1-based line in the old file (context and removed lines). */
  oldLine: number | null;
  /** 1-based line in the new file (context and added lines). */
  newLine: number | null;
  /** Followed by `\ No newline at end of file`. */
  noNewline: boolean;
}

export interface DiffHunk {
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
  /** Text after the closing `@@` (git's function-context hint). */
  section: string;
  lines: DiffLine[];
}

export type FileStatus = 'modified' | 'added' | 'deleted' | 'renamed' | 'copied';

export interface FilePatch {
  /** Path before the change (null for a new file). */
  oldPath: string | null;
  /** Path after the change (null for a deleted file). */
  newPath: string | null;
  status: FileStatus;
  binary: boolean;
  hunks: DiffHunk[];
}

export interface ParsedPatch {
  files: FilePatch[];
  /** Problems found while reading (a hunk cut short, a hunk before any file header); the rest is still parsed. */
  warnings: string[];
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@(.*)$/;

/** Git quotes paths with unusual characters: `"a/caf\303\251.py"`. */
function unquote(path: string): string {
  if (!path.startsWith('"') || !path.endsWith('"')) return path;
  const body = path.slice(1, -1);
  const bytes: number[] = [];
  const esc: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\' && i + 1 < body.length) {
      const n = body[i + 1]!;
      if (/[0-7]/.test(n)) {
        bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
        i += 3;
      } else {
        bytes.push(esc[n] ?? n.charCodeAt(0));
        i += 1;
      }
    } else bytes.push(...new TextEncoder().encode(c));
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** `a/x.py` → `x.py`; `/dev/null` → null. Strips the first path component git adds (a/, b/, or a custom prefix). */
function headerPath(raw: string): string | null {
  const p = unquote(raw.replace(/\t.*$/, '').trim());
  if (p === '/dev/null') return null;
  const slash = p.indexOf('/');
  return slash >= 0 ? p.slice(slash + 1) : p;
}

/** The two paths of `diff --git a/X b/Y` when X and Y are the same path (the usual case), else a best split. */
function gitHeaderPaths(rest: string): [string, string] {
  const quoted = rest.match(/^("(?:[^"\\]|\\.)*"|\S+) ("(?:[^"\\]|\\.)*"|\S+)$/);
  if (rest.startsWith('"') && quoted) return [headerPath(quoted[1]!) ?? '', headerPath(quoted[2]!) ?? ''];
  // Unquoted paths may contain spaces: prefer the split where both halves name the same path.
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half) && rest[half] === ' ') {
    const a = headerPath(rest.slice(0, half));
    const b = headerPath(rest.slice(half + 1));
    if (a !== null && a === b) return [a, b];
  }
  const at = rest.lastIndexOf(' b/');
  if (at >= 0) return [headerPath(rest.slice(0, at)) ?? '', headerPath(rest.slice(at + 1)) ?? ''];
  const sp = rest.indexOf(' ');
  return [headerPath(rest.slice(0, sp)) ?? '', headerPath(rest.slice(sp + 1)) ?? ''];
}

export function parseGitDiff(patch: string): ParsedPatch {
  const files: FilePatch[] = [];
  const warnings: string[] = [];
  const lines = patch.split('\n');
  let file: FilePatch | null = null;
  let hunk: DiffHunk | null = null;
  let oldLeft = 0;
  let newLeft = 0;
  let oldNo = 0;
  let newNo = 0;

  const closeHunk = () => {
    if (hunk && (oldLeft > 0 || newLeft > 0)) {
      warnings.push(`${file?.newPath ?? file?.oldPath}: hunk @@ -${hunk.oldStart} +${hunk.newStart} @@ ends ${oldLeft} old / ${newLeft} new lines early`);
    }
    hunk = null;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (hunk && (oldLeft > 0 || newLeft > 0)) {
      const tag = line[0];
      // A blank line inside a hunk is a context line whose single space was stripped (some editors do that).
      if (tag === ' ' || line === '') {
        hunk.lines.push({ kind: 'context', text: line.slice(1), oldLine: oldNo++, newLine: newNo++, noNewline: false });
        oldLeft--;
        newLeft--;
        continue;
      }
      if (tag === '+') {
        hunk.lines.push({ kind: 'add', text: line.slice(1), oldLine: null, newLine: newNo++, noNewline: false });
        newLeft--;
        continue;
      }
      if (tag === '-') {
        hunk.lines.push({ kind: 'remove', text: line.slice(1), oldLine: oldNo++, newLine: null, noNewline: false });
        oldLeft--;
        continue;
      }
      if (tag === '\\') {
        const last = hunk.lines[hunk.lines.length - 1];
        if (last) last.noNewline = true;
        continue;
      }
      closeHunk();
    }
    if (line.startsWith('\\') && file?.hunks.length) {
      const h = file.hunks[file.hunks.length - 1]!;
      const last = h.lines[h.lines.length - 1];
      if (last) last.noNewline = true;
      continue;
    }
    if (line.startsWith('diff --git ')) {
      closeHunk();
      const [a, b] = gitHeaderPaths(line.slice('diff --git '.length));
      file = { oldPath: a, newPath: b, status: 'modified', binary: false, hunks: [] };
      files.push(file);
      continue;
    }
    if (!file) {
      if (line.startsWith('@@')) warnings.push(`a hunk before any "diff --git" header (line ${i + 1}) was ignored`);
      continue;
    }
    if (line.startsWith('new file mode')) file.status = 'added';
    else if (line.startsWith('deleted file mode')) file.status = 'deleted';
    else if (line.startsWith('rename from ')) {
      file.status = 'renamed';
      file.oldPath = unquote(line.slice('rename from '.length));
    } else if (line.startsWith('rename to ')) file.newPath = unquote(line.slice('rename to '.length));
    else if (line.startsWith('copy from ')) {
      file.status = 'copied';
      file.oldPath = unquote(line.slice('copy from '.length));
    } else if (line.startsWith('copy to ')) file.newPath = unquote(line.slice('copy to '.length));
    else if (line.startsWith('Binary files ') || line.startsWith('GIT binary patch')) file.binary = true;
    else if (line.startsWith('--- ')) {
      file.oldPath = headerPath(line.slice(4));
      if (file.oldPath === null) file.status = 'added';
    } else if (line.startsWith('+++ ')) {
      file.newPath = headerPath(line.slice(4));
      if (file.newPath === null) file.status = 'deleted';
    } else if (line.startsWith('@@')) {
      const m = HUNK.exec(line);
      if (!m) {
        warnings.push(`unreadable hunk header at line ${i + 1}: ${line.slice(0, 80)}`);
        continue;
      }
      const h: DiffHunk = {
        oldStart: Number(m[1]),
        oldCount: m[2] === undefined ? 1 : Number(m[2]),
        newStart: Number(m[3]),
        newCount: m[4] === undefined ? 1 : Number(m[4]),
        section: m[5]!.trim(),
        lines: [],
      };
      hunk = h;
      file.hunks.push(h);
      oldLeft = h.oldCount;
      newLeft = h.newCount;
      // An empty side starts "after line N": its first real line is N + 1.
      oldNo = h.oldCount === 0 ? h.oldStart + 1 : h.oldStart;
      newNo = h.newCount === 0 ? h.newStart + 1 : h.newStart;
    }
  }
  closeHunk();
  for (const f of files) {
    if (f.status === 'added') f.oldPath = null;
    if (f.status === 'deleted') f.newPath = null;
  }
  return { files, warnings };
}

/** The path a file patch is about: the new path, or the old one for a deletion. */
export function patchPath(f: FilePatch): string {
  return (f.newPath ?? f.oldPath)!;
}

export function addedLines(f: FilePatch): DiffLine[] {
  return f.hunks.flatMap((h) => h.lines.filter((l) => l.kind === 'add'));
}

export function removedLines(f: FilePatch): DiffLine[] {
  return f.hunks.flatMap((h) => h.lines.filter((l) => l.kind === 'remove'));
}

/**
 * Where a line of the old file (1-based) is in the new file, or null when the patch removed it. Exact, from the
 * hunks' own lines (the authors' `compute_line_offset` assumes additions come first inside a hunk).
 */
export function mapOldLine(f: FilePatch | undefined, oldLine: number): number | null {
  if (!f) return oldLine;
  let shift = 0;
  for (const h of f.hunks) {
    // An empty side's start means "after line N": its first line would be N + 1.
    const oldFirst = h.oldCount === 0 ? h.oldStart + 1 : h.oldStart;
    const newFirst = h.newCount === 0 ? h.newStart + 1 : h.newStart;
    if (oldLine < oldFirst) break;
    const inside = h.lines.find((l) => l.oldLine === oldLine);
    if (inside) return inside.kind === 'context' ? inside.newLine : null;
    shift = newFirst + h.newCount - (oldFirst + h.oldCount);
  }
  return oldLine + shift;
}

export type ApplyResult = { ok: true; text: string } | { ok: false; error: string };

/**
 * Applies one file's hunks to its old text, exactly (no fuzz, no offset search): every context and removed line
 * must match. Handles `\ No newline at end of file` on either side.
 */
export function applyFilePatch(oldText: string, f: FilePatch): ApplyResult {
  const endsWithNewline = oldText.endsWith('\n');
  const old = oldText === '' ? [] : (endsWithNewline ? oldText.slice(0, -1) : oldText).split('\n');
  const out: string[] = [];
  let next = 0; // index into old
  let newEndsWithNewline = endsWithNewline;
  const where = patchPath(f);
  for (let k = 0; k < f.hunks.length; k++) {
    const h = f.hunks[k]!;
    const start = h.oldCount === 0 ? h.oldStart : h.oldStart - 1;
    if (start < next || start > old.length)
      return { ok: false, error: `${where}: hunk ${k + 1} (@@ -${h.oldStart},${h.oldCount} @@) is out of order or past the end of the file` };
    while (next < start) out.push(old[next++]!);
    for (const l of h.lines) {
      if (l.kind === 'add') {
        out.push(l.text);
        continue;
      }
      if (old[next] !== l.text) {
        return {
          ok: false,
          error: `${where}: hunk ${k + 1} does not apply at line ${next + 1}: expected ${JSON.stringify(l.text)}, found ${JSON.stringify(old[next] ?? '<end of file>')}`,
        };
      }
      next++;
      if (l.kind === 'context') out.push(l.text);
    }
    if (next === old.length) {
      // This hunk reaches the end of the file: its last new-side line decides the final newline.
      const lastNew = [...h.lines].reverse().find((l) => l.kind !== 'remove');
      newEndsWithNewline = lastNew ? !lastNew.noNewline : true;
    }
  }
  while (next < old.length) out.push(old[next++]!);
  if (out.length === 0) return { ok: true, text: '' };
  return { ok: true, text: out.join('\n') + (newEndsWithNewline ? '\n' : '') };
}
