import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadGitHubRepo, type GitHubLoadOptions } from '../../../src/core/repo/github';
import { parseGitHubSpec } from '../../../src/core/repo/github-spec';
import { DEFAULT_LIMITS } from '../../../src/core/repo/types';
import { stdlibPackage, must, errorOf } from './fixtures';
import { closedPort, startGitHubStandIn, type StandIn, type StandInFile } from './github-standin';

// The loader runs against a local stand-in server (node:http on 127.0.0.1, github-standin.ts) that speaks GitHub's
// REST API and raw.githubusercontent.com protocol and headers; these tests do not touch the real GitHub.

const MAIN = 'a'.repeat(40);
const FEATURE = 'b'.repeat(40);
const enc = new TextEncoder();
const json = stdlibPackage('json');

const mainFiles: StandInFile[] = [
  ...Object.entries(json).map(([path, bytes]) => ({ path: `src/${path}`, bytes })),
  { path: 'README.md', bytes: enc.encode('# widgets\n') },
  { path: 'docs/logo.png', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) },
  { path: 'data/huge.csv', bytes: new Uint8Array(DEFAULT_LIMITS.maxFileBytes + 1).fill(0x31) },
  { path: 'web/node_modules/left-pad/index.js', bytes: enc.encode('module.exports = 1;\n') },
  { path: 'src/json/__pycache__/decoder.cpython-311.pyc', bytes: new Uint8Array([0xa7, 0x0d, 0x0d, 0x0a]) },
  { path: 'link.py', bytes: enc.encode('src/json/decoder.py'), mode: '120000' },
  { path: 'vendor/lib', type: 'commit' },
  { path: 'docs/a file #1.md', bytes: enc.encode('spaces and a hash in the name\n') },
];

let gh: StandIn;
const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

beforeAll(async () => {
  gh = await startGitHubStandIn([
    {
      fullName: 'Acme/widgets',
      defaultBranch: 'main',
      refs: { main: MAIN, 'feature/x': FEATURE, 'v1.0': MAIN },
      commits: { [MAIN]: mainFiles, [FEATURE]: [{ path: 'feature.py', bytes: enc.encode('def f():\n    return 1\n') }] },
    },
    { fullName: 'acme/empty', defaultBranch: 'main', refs: {}, commits: {}, empty: true },
    { fullName: 'acme/monorepo', defaultBranch: 'main', refs: { main: MAIN }, commits: { [MAIN]: mainFiles }, truncated: true },
  ]);
});
afterAll(() => gh.close());
beforeEach(() => {
  gh.log.length = 0;
  gh.rateLimit.remaining = 60;
  gh.failNext = null;
  gh.missingRaw.clear();
});

const options = (extra: Partial<GitHubLoadOptions> = {}): GitHubLoadOptions => ({ fetch, apiBase: gh.apiBase, rawBase: gh.rawBase, now: () => NOW, ...extra });

describe('parseGitHubSpec', () => {
  it.each([
    ['https://github.com/psf/requests', { owner: 'psf', name: 'requests' }],
    ['https://github.com/psf/requests/', { owner: 'psf', name: 'requests' }],
    ['github.com/psf/requests.git', { owner: 'psf', name: 'requests' }],
    ['http://www.github.com/psf/requests?tab=readme#top', { owner: 'psf', name: 'requests' }],
    ['https://github.com/psf/requests/tree/v2.32.3', { owner: 'psf', name: 'requests', ref: 'v2.32.3' }],
    ['https://github.com/acme/widgets/tree/feature/x', { owner: 'acme', name: 'widgets', ref: 'feature/x' }],
    ['https://github.com/acme/widgets/commit/' + MAIN, { owner: 'acme', name: 'widgets', ref: MAIN }],
    ['pallets/click', { owner: 'pallets', name: 'click' }],
    ['  pallets/click@8.1.x ', { owner: 'pallets', name: 'click', ref: '8.1.x' }],
    ['my-org/my_repo.js@feature/a-b', { owner: 'my-org', name: 'my_repo.js', ref: 'feature/a-b' }],
  ])('parses %s', (input, expected) => {
    expect(parseGitHubSpec(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    'requests',
    'https://gitlab.com/a/b',
    'https://github.com/psf',
    'https://github.com/psf/requests/blob/main/setup.py',
    '-bad/name',
    'a/..',
    'owner/name@bad..ref',
    'owner/name@',
    'owner/name@with space',
  ])('refuses %s with a message', (input) => {
    const r = parseGitHubSpec(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.length).toBeGreaterThan(20);
  });
});

describe('loadGitHubRepo (against the local stand-in)', () => {
  it('loads the default branch at one pinned commit, downloading only the files it can keep', async () => {
    const repo = must(await loadGitHubRepo('https://github.com/acme/widgets', options()));
    expect(repo.name).toBe('Acme/widgets');
    expect(repo.source).toEqual({ kind: 'github', label: 'Acme/widgets@main' });
    expect(repo.id).toBe(`github-acme-widgets-${MAIN.slice(0, 12)}`);
    expect(repo.rootFolder).toBe('widgets');
    expect(repo.files.map((f) => f.path)).toEqual([
      'README.md',
      'docs/a file #1.md',
      ...Object.keys(json)
        .map((p) => `src/${p}`)
        .sort(),
    ]);
    for (const [p, bytes] of Object.entries(json)) expect(repo.files.find((f) => f.path === `src/${p}`)!.text).toBe(new TextDecoder().decode(bytes));
    expect(repo.skipped.map((s) => [s.path, s.reason])).toEqual([
      ['data/huge.csv', 'too-large'],
      ['docs/logo.png', 'binary'],
      ['src/json/__pycache__/decoder.cpython-311.pyc', 'ignored-folder'],
      ['web/node_modules/left-pad/index.js', 'ignored-folder'],
    ]);
    // Three API calls, then raw downloads pinned to the SHA; none for skipped-by-plan files, symlinks or submodules.
    const apiCalls = gh.log.filter((l) => l.host === 'api').map((l) => l.path);
    expect(apiCalls).toEqual(['/repos/acme/widgets', '/repos/acme/widgets/commits/main', `/repos/acme/widgets/git/trees/${MAIN}?recursive=1`]);
    const rawPaths = gh.log.filter((l) => l.host === 'raw').map((l) => l.path);
    expect(rawPaths.every((p) => p.startsWith(`/acme/widgets/${MAIN}/`))).toBe(true);
    expect(rawPaths.map((p) => decodeURIComponent(p.slice(`/acme/widgets/${MAIN}/`.length))).sort()).toEqual(
      ['README.md', 'docs/a file #1.md', 'docs/logo.png', ...Object.keys(json).map((p) => `src/${p}`)].sort(),
    );
  });

  it('resolves branches with slashes, tags and owner/name@ref', async () => {
    const feature = must(await loadGitHubRepo('https://github.com/acme/widgets/tree/feature/x', options()));
    expect(feature.files.map((f) => f.path)).toEqual(['feature.py']);
    expect(feature.source.label).toBe('Acme/widgets@feature/x');
    expect(gh.log.some((l) => l.path === '/repos/acme/widgets/commits/feature%2Fx')).toBe(true);
    const tag = must(await loadGitHubRepo('acme/widgets@v1.0', options()));
    expect(tag.id).toBe(`github-acme-widgets-${MAIN.slice(0, 12)}`);
  });

  it('sends a token to the API only, never to raw', async () => {
    must(await loadGitHubRepo('acme/widgets@feature/x', options({ token: 'ghp_example' })));
    for (const l of gh.log) expect(l.headers.authorization).toBe(l.host === 'api' ? 'Bearer ghp_example' : undefined);
  });

  it('says when the repository or the ref does not exist', async () => {
    expect(errorOf(await loadGitHubRepo('acme/nothing', options()))).toBe(
      'GitHub has no public repository acme/nothing: check the spelling, or it is private.',
    );
    expect(errorOf(await loadGitHubRepo('acme/widgets@nope', options()))).toBe('acme/widgets has no branch, tag or commit named "nope".');
    expect(errorOf(await loadGitHubRepo('acme/empty', options()))).toBe('acme/empty is empty: it has no commits yet.');
    expect(errorOf(await loadGitHubRepo('acme/monorepo', options()))).toMatch(/too large for GitHub's file listing/);
  });

  it('says when the rate limit is used up and when it resets', async () => {
    gh.rateLimit.remaining = 0;
    gh.rateLimit.reset = Math.floor(NOW / 1000) + 23 * 60;
    expect(errorOf(await loadGitHubRepo('acme/widgets', options()))).toBe(
      "GitHub's API rate limit is used up (60 requests per hour for this network without a token). It resets at 12:23 UTC (in 23 minutes). " +
        'Until then, download the repository as a zip on GitHub (Code > Download ZIP) and upload it here, or add a token.',
    );
    // Used up half-way: the first call succeeds, the second meets the limit.
    gh.rateLimit.remaining = 1;
    expect(errorOf(await loadGitHubRepo('acme/widgets', options()))).toMatch(/^GitHub's API rate limit is used up/);
  });

  it('explains secondary limits, outages and a file that cannot be downloaded', async () => {
    gh.failNext = { status: 429, headers: { 'retry-after': '60' } };
    expect(errorOf(await loadGitHubRepo('acme/widgets', options()))).toBe('GitHub asks to slow down (HTTP 429): try again in 60 seconds.');
    gh.failNext = { status: 502 };
    expect(errorOf(await loadGitHubRepo('acme/widgets', options()))).toBe('GitHub is having trouble (HTTP 502): try again in a few minutes.');
    gh.missingRaw.add('src/json/encoder.py');
    expect(errorOf(await loadGitHubRepo('acme/widgets', options()))).toBe(
      `src/json/encoder.py could not be downloaded from acme/widgets (HTTP 404 at ${MAIN.slice(0, 7)}).`,
    );
  });

  it('says so when offline (fetch rejects with a TypeError)', async () => {
    const port = await closedPort();
    const offline = await loadGitHubRepo('acme/widgets', options({ apiBase: `http://127.0.0.1:${port}` }));
    expect(errorOf(offline)).toMatch(
      new RegExp(
        `^Could not reach GitHub \\(127\\.0\\.0\\.1:${port}\\): this device seems to be offline, or a network filter or browser extension blocks it \\(fetch failed\\)\\. Samples, zip uploads and local folders work offline\\.$`,
      ),
    );
    const invalid = await loadGitHubRepo('not a repo', options());
    expect(errorOf(invalid)).toMatch(/is not a GitHub repository/);
  });
});
