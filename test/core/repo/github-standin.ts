// A local stand-in for GitHub's REST API and raw.githubusercontent.com on 127.0.0.1, answering the requests the
// GitHub loader makes with the same paths, status codes, bodies and headers (CORS, X-RateLimit-*) as the real hosts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInFile {
  path: string;
  bytes?: Uint8Array;
  /** 'blob' (default), 'commit' (a submodule) */
  type?: 'blob' | 'commit';
  /** '100644' (default), '120000' for a symlink */
  mode?: string;
}

export interface StandInRepo {
  fullName: string;
  defaultBranch: string;
  /** ref name -> commit SHA */
  refs: Record<string, string>;
  /** commit SHA -> files */
  commits: Record<string, StandInFile[]>;
  empty?: boolean;
  truncated?: boolean;
}

export interface StandIn {
  apiBase: string;
  rawBase: string;
  /** Every request: host part ('api' | 'raw'), path, and its headers. */
  log: { host: 'api' | 'raw'; path: string; headers: IncomingMessage['headers'] }[];
  /** API calls left before the rate limit answers 403; reset time in epoch seconds. */
  rateLimit: { limit: number; remaining: number; reset: number };
  /** Next API answer forced to this status (e.g. 429 with retry-after, 502), then back to normal. */
  failNext: { status: number; headers?: Record<string, string> } | null;
  /** Raw paths that answer 404. */
  missingRaw: Set<string>;
  close(): Promise<void>;
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers':
    'ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Poll-Interval, X-GitHub-Media-Type, X-GitHub-SSO, X-GitHub-Request-Id, Deprecation, Sunset',
};

export async function startGitHubStandIn(repos: StandInRepo[]): Promise<StandIn> {
  const byName = new Map(repos.map((r) => [r.fullName.toLowerCase(), r]));
  const state: Omit<StandIn, 'apiBase' | 'rawBase' | 'close'> = {
    log: [],
    rateLimit: { limit: 60, remaining: 60, reset: Math.floor(Date.now() / 1000) + 3600 },
    failNext: null,
    missingRaw: new Set(),
  };

  const json = (res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...CORS, ...extra });
    res.end(JSON.stringify(body));
  };

  const api = (req: IncomingMessage, res: ServerResponse, path: string) => {
    const rl = state.rateLimit;
    const rlHeaders = () => ({
      'x-ratelimit-limit': String(rl.limit),
      'x-ratelimit-remaining': String(rl.remaining),
      'x-ratelimit-reset': String(rl.reset),
      'x-ratelimit-used': String(rl.limit - rl.remaining),
      'x-ratelimit-resource': 'core',
    });
    if (state.failNext) {
      const { status, headers } = state.failNext;
      state.failNext = null;
      return json(res, status, { message: 'forced failure' }, { ...rlHeaders(), ...headers });
    }
    if (rl.remaining === 0) {
      return json(
        res,
        403,
        {
          message: "API rate limit exceeded for 127.0.0.1. (But here's the good news: Authenticated requests get a higher rate limit.)",
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
        },
        rlHeaders(),
      );
    }
    rl.remaining--;
    const notFound = () => json(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' }, rlHeaders());
    const m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path.split('?')[0]!);
    const repo = m ? byName.get(`${m[1]}/${m[2]}`.toLowerCase()) : undefined;
    if (!m || !repo) return notFound();
    const rest = m[3] ?? '';
    if (rest === '')
      return json(res, 200, { full_name: repo.fullName, name: repo.fullName.split('/')[1], private: false, default_branch: repo.defaultBranch }, rlHeaders());
    const commit = /^\/commits\/(.+)$/.exec(rest);
    if (commit) {
      if (repo.empty) return json(res, 409, { message: 'Git Repository is empty.', status: '409' }, rlHeaders());
      const ref = decodeURIComponent(commit[1]!);
      const sha = repo.refs[ref] ?? (repo.commits[ref] ? ref : undefined);
      if (!sha) return json(res, 422, { message: `No commit found for SHA: ${ref}`, status: '422' }, rlHeaders());
      if (req.headers.accept === 'application/vnd.github.sha') {
        res.writeHead(200, { 'content-type': 'application/vnd.github.sha; charset=utf-8', ...CORS, ...rlHeaders() });
        return res.end(sha);
      }
      return json(res, 200, { sha, files: [] }, rlHeaders());
    }
    const tree = /^\/git\/trees\/([0-9a-f]{40})$/.exec(rest);
    if (tree && repo.commits[tree[1]!] && path.includes('recursive=1')) {
      const files = repo.commits[tree[1]!]!;
      const dirs = new Set<string>();
      for (const f of files) for (let i = f.path.indexOf('/'); i > 0; i = f.path.indexOf('/', i + 1)) dirs.add(f.path.slice(0, i));
      const items = [
        ...[...dirs].map((d) => ({ path: d, mode: '040000', type: 'tree', sha: '0'.repeat(40) })),
        ...files.map((f) =>
          f.type === 'commit'
            ? { path: f.path, mode: '160000', type: 'commit', sha: '1'.repeat(40) }
            : { path: f.path, mode: f.mode ?? '100644', type: 'blob', sha: '2'.repeat(40), size: f.bytes!.length },
        ),
      ].sort((a, b) => (a.path < b.path ? -1 : 1));
      return json(res, 200, { sha: tree[1], tree: items, truncated: repo.truncated === true }, rlHeaders());
    }
    return notFound();
  };

  const raw = (res: ServerResponse, path: string) => {
    const [owner, name, sha, ...segments] = path.slice(1).split('/');
    const repo = byName.get(`${owner}/${name}`.toLowerCase());
    const filePath = segments.map(decodeURIComponent).join('/');
    const file = repo?.commits[sha!]?.find((f) => f.path === filePath && f.bytes);
    if (!file || state.missingRaw.has(filePath)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'access-control-allow-origin': '*' });
      return res.end('404: Not Found');
    }
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'access-control-allow-origin': '*', 'content-length': String(file.bytes!.length) });
    res.end(file.bytes);
  };

  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    const host = url.startsWith('/raw/') ? 'raw' : 'api';
    const path = url.slice(4); // after '/api' or '/raw'
    state.log.push({ host, path, headers: req.headers });
    if (host === 'raw') raw(res, path);
    else api(req, res, path);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    apiBase: `http://127.0.0.1:${port}/api`,
    rawBase: `http://127.0.0.1:${port}/raw`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/** A port nothing listens on: what fetch meets when the network is down. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
