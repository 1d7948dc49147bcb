import { RepoInputError } from './build';
import type { FetchLike, FetchResponseLike } from './fetch';
import { formatGitHubSpec, parseGitHubSpec, type GitHubSpec } from './github-spec';
import { listing, loadFromSource, type RepoEntrySource } from './source';
import type { LoadOptions, Repo, Result } from './types';

/**
 * Public GitHub repositories, fetched from the browser. The zip download (`/repos/{o}/{n}/zipball/{ref}`) cannot
 * be used: it redirects to codeload.github.com, which only allows the origin https://render.githubusercontent.com
 * (octokit/rest.js#3, octokit/core.js#158, github/docs#31715). What does allow any origin: the REST API
 * (api.github.com, which also exposes the X-RateLimit-* headers) and raw.githubusercontent.com
 * (`Access-Control-Allow-Origin: *`). So: three API calls (repo -> default branch; ref -> commit SHA; recursive
 * tree of that commit, with every file's size), then each kept file from raw.githubusercontent.com at that SHA,
 * several at a time. Raw downloads do not count against the API's 60 requests/hour for anonymous users.
 */
export interface GitHubLoadOptions extends LoadOptions {
  fetch: FetchLike;
  /** Default https://api.github.com; tests point it at a local stand-in server. */
  apiBase?: string;
  /** Default https://raw.githubusercontent.com. */
  rawBase?: string;
  /** A personal access token raises the API limit to 5,000/hour; it is sent to the API only, never to raw. */
  token?: string;
  /** Parallel raw downloads (default 8). */
  concurrency?: number;
}

export const GITHUB_API = 'https://api.github.com';
export const GITHUB_RAW = 'https://raw.githubusercontent.com';

interface TreeItem {
  path: string;
  mode: string;
  type: string;
  size?: number;
}

function minutesUntil(epochSeconds: number, now: number): string {
  const minutes = Math.max(1, Math.ceil((epochSeconds * 1000 - now) / 60_000));
  return minutes === 1 ? 'in about a minute' : `in ${minutes} minutes`;
}

/** The message for a refused request that is not specific to one endpoint (rate limits, auth, outages). */
export function describeGitHubRefusal(response: FetchResponseLike, now: number): string | null {
  const { status, headers } = response;
  if ((status === 403 || status === 429) && headers.get('x-ratelimit-remaining') === '0') {
    const limit = headers.get('x-ratelimit-limit');
    const reset = Number(headers.get('x-ratelimit-reset'));
    const when =
      Number.isFinite(reset) && reset > 0 ? ` It resets at ${new Date(reset * 1000).toISOString().slice(11, 16)} UTC (${minutesUntil(reset, now)}).` : '';
    return (
      `GitHub's API rate limit is used up${limit ? ` (${limit} requests per hour for this network without a token)` : ''}.${when} ` +
      'Until then, download the repository as a zip on GitHub (Code > Download ZIP) and upload it here, or add a token.'
    );
  }
  if (status === 403 || status === 429) {
    const retry = Number(headers.get('retry-after'));
    if (Number.isFinite(retry) && retry > 0) return `GitHub asks to slow down (HTTP ${status}): try again in ${retry} seconds.`;
    if (status === 429) return 'GitHub is rate-limiting these requests (HTTP 429): try again in a few minutes.';
    return 'GitHub refused the request (HTTP 403 Forbidden).';
  }
  if (status === 401) return 'GitHub did not accept the token (HTTP 401): check it or remove it.';
  if (status >= 500) return `GitHub is having trouble (HTTP ${status}): try again in a few minutes.`;
  return null;
}

class GitHubClient {
  private readonly api: string;
  private readonly raw: string;
  private readonly now: () => number;
  constructor(
    readonly spec: GitHubSpec,
    private readonly options: GitHubLoadOptions,
  ) {
    this.api = (options.apiBase ?? GITHUB_API).replace(/\/$/, '');
    this.raw = (options.rawBase ?? GITHUB_RAW).replace(/\/$/, '');
    this.now = options.now ?? Date.now;
  }

  private get repoPath(): string {
    return `/repos/${this.spec.owner}/${this.spec.name}`;
  }

  /** GET with the offline / rate-limit / outage messages; `notFound` words a 404 (or 409/422) for this request. */
  private async get(url: string, headers: Record<string, string>, notFound: (status: number) => string | null): Promise<FetchResponseLike> {
    let response: FetchResponseLike;
    try {
      response = await this.options.fetch(url, { headers, ...(this.options.signal ? { signal: this.options.signal } : {}) });
    } catch (e) {
      if (this.options.signal?.aborted) throw new RepoInputError(`Loading ${formatGitHubSpec(this.spec)} was cancelled.`);
      const host = new URL(url).host;
      throw new RepoInputError(
        `Could not reach GitHub (${host}): this device seems to be offline, or a network filter or browser extension blocks it ` +
          `(${e instanceof Error ? e.message : String(e)}). Samples, zip uploads and local folders work offline.`,
      );
    }
    if (response.ok) return response;
    const refusal = describeGitHubRefusal(response, this.now());
    if (refusal) throw new RepoInputError(refusal);
    const specific = notFound(response.status);
    throw new RepoInputError(specific ?? `GitHub answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''} for ${url}.`);
  }

  private apiHeaders(accept = 'application/vnd.github+json'): Record<string, string> {
    return { Accept: accept, ...(this.options.token ? { Authorization: `Bearer ${this.options.token}` } : {}) };
  }

  private async json(response: FetchResponseLike, what: string): Promise<unknown> {
    try {
      return JSON.parse(new TextDecoder().decode(await response.arrayBuffer()));
    } catch {
      throw new RepoInputError(`GitHub's answer for ${what} could not be read (not JSON): try again.`);
    }
  }

  private missingRepo = (status: number) =>
    status === 404 ? `GitHub has no public repository ${this.spec.owner}/${this.spec.name}: check the spelling, or it is private.` : null;

  /** The repo's canonical name and default branch. */
  async repository(): Promise<{ fullName: string; defaultBranch: string }> {
    const res = await this.get(this.api + this.repoPath, this.apiHeaders(), this.missingRepo);
    const body = (await this.json(res, 'the repository')) as { full_name?: unknown; default_branch?: unknown };
    const fullName = typeof body.full_name === 'string' ? body.full_name : `${this.spec.owner}/${this.spec.name}`;
    return { fullName, defaultBranch: typeof body.default_branch === 'string' ? body.default_branch : 'HEAD' };
  }

  /** The commit SHA a branch, tag or SHA names: pins every later request to one snapshot. */
  async commitSha(ref: string): Promise<string> {
    const res = await this.get(`${this.api}${this.repoPath}/commits/${encodeURIComponent(ref)}`, this.apiHeaders('application/vnd.github.sha'), (status) => {
      if (status === 404 || status === 422) return `${this.spec.owner}/${this.spec.name} has no branch, tag or commit named "${ref}".`;
      if (status === 409) return `${this.spec.owner}/${this.spec.name} is empty: it has no commits yet.`;
      return null;
    });
    const text = new TextDecoder().decode(await res.arrayBuffer()).trim();
    if (/^[0-9a-f]{40}$/i.test(text)) return text.toLowerCase();
    try {
      const sha = (JSON.parse(text) as { sha?: unknown }).sha;
      if (typeof sha === 'string' && /^[0-9a-f]{40}$/i.test(sha)) return sha.toLowerCase();
    } catch {
      // fall through to the message below
    }
    throw new RepoInputError(`GitHub's answer for "${ref}" of ${this.spec.owner}/${this.spec.name} has no commit SHA: try again.`);
  }

  /** Every file of the commit, with sizes: regular files only (no symlinks, no submodules). */
  async files(sha: string): Promise<TreeItem[]> {
    const res = await this.get(`${this.api}${this.repoPath}/git/trees/${sha}?recursive=1`, this.apiHeaders(), this.missingRepo);
    const body = (await this.json(res, 'the file list')) as { tree?: unknown; truncated?: unknown };
    if (body.truncated === true) {
      throw new RepoInputError(
        `${this.spec.owner}/${this.spec.name} is too large for GitHub's file listing (over 100,000 entries). Download it as a zip on GitHub and upload the part you need.`,
      );
    }
    if (!Array.isArray(body.tree)) throw new RepoInputError(`GitHub's file list for ${this.spec.owner}/${this.spec.name} could not be read: try again.`);
    return (body.tree as TreeItem[]).filter((t) => t && t.type === 'blob' && t.mode !== '120000' && typeof t.path === 'string');
  }

  rawUrl(sha: string, path: string): string {
    return `${this.raw}/${this.spec.owner}/${this.spec.name}/${sha}/${path.split('/').map(encodeURIComponent).join('/')}`;
  }

  async download(sha: string, path: string): Promise<Uint8Array> {
    const res = await this.get(this.rawUrl(sha, path), {}, (status) =>
      status === 404 ? `${path} could not be downloaded from ${this.spec.owner}/${this.spec.name} (HTTP 404 at ${sha.slice(0, 7)}).` : null,
    );
    try {
      return new Uint8Array(await res.arrayBuffer());
    } catch (e) {
      throw new RepoInputError(`The download of ${path} was interrupted (${e instanceof Error ? e.message : String(e)}): check the connection and try again.`);
    }
  }
}

/** A public GitHub repository (`https://github.com/o/n[/tree/ref]`, `o/n`, `o/n@ref`) as a source, pinned to one commit. */
export function githubSource(input: string, options: GitHubLoadOptions): RepoEntrySource {
  return {
    async list() {
      const spec = parseGitHubSpec(input);
      if (!spec.ok) return spec;
      const client = new GitHubClient(spec.value, options);
      return listing(
        async () => {
          const repo = await client.repository();
          const ref = spec.value.ref ?? repo.defaultBranch;
          const sha = await client.commitSha(ref);
          const files = await client.files(sha);
          const entries = files.map((f) => ({ path: f.path, size: typeof f.size === 'number' ? f.size : 0, read: () => client.download(sha, f.path) }));
          const [owner, name] = repo.fullName.split('/') as [string, string];
          const meta = {
            name: repo.fullName,
            id: `github-${owner}-${name}-${sha.slice(0, 12)}`.toLowerCase(),
            source: { kind: 'github' as const, label: `${repo.fullName}@${ref}` },
            stripTopFolder: false,
            rootFolder: name,
          };
          return { meta, entries, skipped: [], readAhead: Math.max(0, (options.concurrency ?? 8) - 1) };
        },
        (detail) => `Loading ${formatGitHubSpec(spec.value)} from GitHub failed: ${detail}`,
      );
    },
  };
}

/** A public GitHub repository as a Repo. */
export function loadGitHubRepo(input: string, options: GitHubLoadOptions): Promise<Result<Repo>> {
  return loadFromSource(githubSource(input, options), options);
}
