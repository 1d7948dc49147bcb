import type { Result } from './types';

/** A public GitHub repository and, optionally, a branch, tag or commit (default: the repo's default branch). */
export interface GitHubSpec {
  owner: string;
  name: string;
  ref?: string;
}

// GitHub's own rules: owners are alphanumerics and single hyphens (<= 39), repo names also allow `.` and `_`.
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const NAME = /^[A-Za-z0-9._-]{1,100}$/;

function validRef(ref: string): boolean {
  // git check-ref-format's main rules; a commit SHA passes too.
  // eslint-disable-next-line no-control-regex -- git check-ref-format refuses control characters
  return ref.length > 0 && !/[\s~^:?*[\\\x00-\x1f\x7f]|\.\.|@\{|^\/|\/$|\.lock$/.test(ref);
}

const usage = 'use https://github.com/owner/name, https://github.com/owner/name/tree/branch, owner/name or owner/name@ref';

/**
 * Parses `https://github.com/owner/name`, `.../tree/<ref>` (the rest of the path is the ref, so branch names with
 * slashes work), `.../commit/<sha>`, `github.com/owner/name.git`, `owner/name` and `owner/name@ref`.
 */
export function parseGitHubSpec(input: string): Result<GitHubSpec> {
  const text = input.trim();
  const bad: Result<GitHubSpec> = { ok: false, error: `"${text}" is not a GitHub repository: ${usage}.` };
  let owner: string | undefined;
  let name: string | undefined;
  let ref: string | undefined;

  const url = /^(?:https?:\/\/)?(?:www\.)?github\.com\/([^?#]*)(?:[?#].*)?$/i.exec(text);
  if (url) {
    const segments = url[1]!.split('/').filter((s) => s !== '');
    [owner, name] = segments;
    const rest = segments.slice(2);
    if (rest.length > 0) {
      if ((rest[0] !== 'tree' && rest[0] !== 'commit') || rest.length < 2) return bad;
      try {
        ref = decodeURIComponent(rest.slice(1).join('/'));
      } catch {
        return bad;
      }
    }
  } else {
    const short = /^([^/@\s]+)\/([^/@\s]+)(?:@(.+))?$/.exec(text);
    if (!short) return bad;
    [, owner, name, ref] = short;
  }
  if (!owner || !name) return bad;
  name = name.replace(/\.git$/i, '');
  if (!OWNER.test(owner)) return { ok: false, error: `"${owner}" is not a valid GitHub user or organisation name (${usage}).` };
  if (!NAME.test(name) || name === '.' || name === '..') return { ok: false, error: `"${name}" is not a valid GitHub repository name (${usage}).` };
  if (ref !== undefined && !validRef(ref)) return { ok: false, error: `"${ref}" is not a valid branch, tag or commit name.` };
  return { ok: true, value: ref === undefined ? { owner, name } : { owner, name, ref } };
}

/** `owner/name@ref` (or `owner/name`), the canonical label. */
export function formatGitHubSpec(spec: GitHubSpec): string {
  return spec.ref ? `${spec.owner}/${spec.name}@${spec.ref}` : `${spec.owner}/${spec.name}`;
}
