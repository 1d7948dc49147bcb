/**
 * fnmatch-style patterns (`*`, `?`, `[a-z]`, `[!x]`, `\` escapes) as used by `find -name`, `grep --include` and the
 * shell's own file-name expansion. `*` and `?` never match `/` when `pathname` is set (shell expansion matches one
 * path segment at a time); find's `-path` lets them cross `/`, as fnmatch without FNM_PATHNAME does.
 */

export function hasGlob(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || c === '[') return true;
  }
  return false;
}

export function globToRegExp(pattern: string, opts: { ignoreCase?: boolean; pathname?: boolean } = {}): RegExp {
  const any = opts.pathname ? '[^/]' : '[\\s\\S]';
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) {
      re += escapeRegExp(pattern[++i]);
    } else if (c === '*') {
      re += `${any}*`;
    } else if (c === '?') {
      re += any;
    } else if (c === '[') {
      const end = bracketEnd(pattern, i);
      if (end === -1) {
        re += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, end);
      let negate = false;
      if (body.startsWith('!') || body.startsWith('^')) {
        negate = true;
        body = body.slice(1);
      }
      re += `[${negate ? '^' : ''}${body.replace(/\\/g, '\\\\').replace(/^\]/, '\\]')}]`;
      i = end;
    } else {
      re += escapeRegExp(c);
    }
  }
  return new RegExp(`^${re}$`, opts.ignoreCase ? 'i' : '');
}

/** Index of the `]` closing the bracket expression that opens at `open`, or -1 (then `[` is literal). */
function bracketEnd(pattern: string, open: number): number {
  let j = open + 1;
  if (pattern[j] === '!' || pattern[j] === '^') j++;
  if (pattern[j] === ']') j++;
  for (; j < pattern.length; j++) if (pattern[j] === ']') return j;
  return -1;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Removes the backslash escapes of a pattern that matched nothing (the shell then passes it on literally). */
export function unescapeGlob(pattern: string): string {
  return pattern.replace(/\\(.)/g, '$1');
}
