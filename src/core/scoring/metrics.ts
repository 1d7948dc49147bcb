import { callAction } from '../episode/tools/foreign';
import { standardTools } from '../episode/tools/registry';
import type { ToolLookup } from '../episode/tools/tool';

/**
 * Our own episode metrics, beyond the authors' verdicts: how many steps and how long, and when the player first
 * looked at the gold file and the gold definition. Computed from the trajectory alone (no repo needed).
 */

/**
 * One step of an episode's trajectory, as scoring needs it: the tool called (a registry name), its arguments, what
 * it returned, and the episode clock when it ended. The episode engine's own step type
 * (src/core/episode/trajectory.ts) has these fields and more, so its steps are accepted as they are. When a step
 * carries `views` (the file lines the engine knows it showed) those are used; otherwise the views are inferred from
 * the arguments (an editor `view`, or `cat`/`head`/`tail`/`sed -n`/`nl` in a shell command line).
 */
export interface TrajectoryStep {
  tool: string;
  args: Record<string, unknown>;
  observation: string;
  /** ms since the episode's reset when the observation was ready (pauses excluded). */
  elapsedMs: number;
  /** Repo-relative paths with 1-based inclusive lines. */
  views?: { path: string; start: number; end: number }[];
  /** The player's reasoning before the call, when a model gave one. */
  thought?: string;
}

/** A file region the player saw: 1-based inclusive lines, or the whole file (`from: 1, to: Infinity`). */
export interface ViewedRegion {
  path: string;
  from: number;
  to: number;
}

export interface EpisodeMetrics {
  steps: number;
  /** ms on the episode clock from reset to the last observation. */
  time_ms: number;
  /** 1-based step at which a view/cat/head/tail/sed -n first touched the gold file, or null. */
  first_gold_file_view_step: number | null;
  /** 1-based step at which a viewed region first covered the gold definition's def line, or null. */
  first_gold_definition_view_step: number | null;
  /** Dependency search: for each dependency (instance order), the step at which its definition was first seen. */
  first_dependency_view_steps?: (number | null)[];
}

/** Splits a shell command line into words, honouring quotes; pipes and `;`/`&&`/`||` become separate words. */
function shellWords(command: string): string[] {
  const words: string[] = [];
  let cur = '';
  let quote: string | null = null;
  let has = false;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < command.length) cur += command[++i];
      else cur += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      has = true;
    } else if (c === '\\' && i + 1 < command.length) {
      cur += command[++i];
      has = true;
    } else if (/\s/.test(c)) {
      if (has) words.push(cur);
      cur = '';
      has = false;
    } else if (c === '|' || c === ';' || c === '&') {
      if (has) words.push(cur);
      cur = '';
      has = false;
      const two = command.slice(i, i + 2);
      if (two === '&&' || two === '||') i++;
      words.push('|');
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) words.push(cur);
  return words;
}

function numberArg(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** Regions shown by one segment of a pipeline (`cat f`, `head -n 40 f`, `sed -n '10,20p' f`, `tail f`). */
function segmentRegions(words: string[]): ViewedRegion[] {
  const [cmd, ...rest] = words;
  const out: ViewedRegion[] = [];
  if (cmd === 'cat' || cmd === 'nl' || cmd === 'less' || cmd === 'more') {
    for (const w of rest) if (!w.startsWith('-')) out.push({ path: w, from: 1, to: Infinity });
  } else if (cmd === 'head' || cmd === 'tail') {
    let n = 10;
    const files: string[] = [];
    for (let i = 0; i < rest.length; i++) {
      const w = rest[i]!;
      if (w === '-n' || w === '--lines') n = numberArg(rest[++i]?.replace(/^[+-]/, '')) ?? n;
      else if (/^-n?\d+$/.test(w)) n = Number(w.replace(/^-n?/, ''));
      else if (w.startsWith('--lines=')) n = numberArg(w.slice(8)) ?? n;
      else if (!w.startsWith('-')) files.push(w);
    }
    // tail's region depends on the file's length: record it as "somewhere in the file" (covers nothing for sure).
    for (const f of files) out.push(cmd === 'head' ? { path: f, from: 1, to: n } : { path: f, from: Infinity, to: Infinity });
  } else if (cmd === 'sed') {
    let quiet = false;
    let script: string | null = null;
    const files: string[] = [];
    for (let i = 0; i < rest.length; i++) {
      const w = rest[i]!;
      if (w === '-n' || w === '--quiet' || w === '--silent') quiet = true;
      else if (w === '-e') script = rest[++i] ?? null;
      else if (w.startsWith('-')) continue;
      else if (script === null) script = w;
      else files.push(w);
    }
    if (!quiet || script === null) return out;
    const m = /^(\d+)(?:,(\d+|\$))?p$/.exec(script.trim());
    if (!m) return out;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : m[2] === '$' ? Infinity : Number(m[2]);
    for (const f of files) out.push({ path: f, from, to });
  }
  return out;
}

/** `a/./b/../c` → `a/c`; keeps a leading `/`. */
function normalizePath(path: string): string {
  const abs = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (!part || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return (abs ? '/' : '') + out.join('/');
}

function resolveIn(cwd: string, path: string): string {
  if (path.startsWith('/') || !cwd) return normalizePath(path);
  return normalizePath(`${cwd}/${path}`);
}

const REDIRECT = /^\d*(>>?|<|>&)/;

/**
 * The file regions one step showed: an editor `view` (with an optional `view_range`) or a shell viewing command.
 * `cwd` is the shell's folder before the step (a `cd` in the command moves it); returns the folder after it. Which
 * it is comes from the tool's action kind in `tools` (`read` shows `path`, `run` runs `command`), or for a tool not
 * there from its name (foreign.ts); a command line with no path is read as a shell line.
 */
export function viewedRegions(step: TrajectoryStep, cwd = '', tools: ToolLookup = standardTools): { regions: ViewedRegion[]; cwd: string } {
  const { tool, args } = step;
  // The engine's own record is exact and repo-relative: no inference, no folder to track.
  if (step.views) return { regions: step.views.map((v) => ({ path: v.path, from: v.start, to: v.end })), cwd };
  const command = typeof args.command === 'string' ? args.command : null;
  const path = typeof args.path === 'string' ? args.path : null;
  const kind = callAction(tools, tool, args);
  if (path !== null && kind === 'read') {
    const range = args.view_range ?? args.range;
    const at = resolveIn(cwd, path);
    if (Array.isArray(range) && range.length === 2) {
      const from = numberArg(range[0]) ?? 1;
      const endRaw = Number(range[1]);
      return { regions: [{ path: at, from, to: endRaw === -1 || !Number.isFinite(endRaw) ? Infinity : endRaw }], cwd };
    }
    const from = numberArg(args.start ?? args.from);
    const to = numberArg(args.end ?? args.to);
    return { regions: [{ path: at, from: from ?? 1, to: to ?? Infinity }], cwd };
  }
  if (command === null || !(kind === 'run' || !path)) return { regions: [], cwd };
  const regions: ViewedRegion[] = [];
  let seg: string[] = [];
  let skipNext = false;
  for (const w of [...shellWords(command), '|']) {
    if (skipNext) {
      skipNext = false;
      continue;
    }
    if (w !== '|' && REDIRECT.test(w)) {
      skipNext = w.replace(REDIRECT, '') === '';
      continue;
    }
    if (w !== '|') {
      seg.push(w);
      continue;
    }
    if (seg[0] === 'cd') cwd = seg[1] === undefined || seg[1] === '~' ? '' : resolveIn(cwd, seg[1]);
    else if (seg.length) regions.push(...segmentRegions(seg).map((r) => ({ ...r, path: resolveIn(cwd, r.path) })));
    seg = [];
  }
  return { regions, cwd };
}

/** True when `viewed` (as the player wrote it: relative to some folder, or absolute) names the repo path `gold`. */
export function sameRepoPath(viewed: string, gold: string): boolean {
  const v = normalizePath(viewed.replace(/\\/g, '/'));
  const g = gold.replace(/^\.?\//, '');
  return v === g || v.endsWith(`/${g}`);
}

export interface GoldDefinition {
  file: string;
  /** 0-based def line in the episode's start state. */
  line: number;
}

function firstStep(steps: TrajectoryStep[], tools: ToolLookup, hit: (r: ViewedRegion) => boolean): number | null {
  let cwd = '';
  for (let i = 0; i < steps.length; i++) {
    const seen = viewedRegions(steps[i]!, cwd, tools);
    cwd = seen.cwd;
    if (seen.regions.some(hit)) return i + 1;
  }
  return null;
}

function firstDefinitionView(steps: TrajectoryStep[], tools: ToolLookup, gold: GoldDefinition): number | null {
  return firstStep(steps, tools, (r) => sameRepoPath(r.path, gold.file) && r.from <= gold.line + 1 && gold.line + 1 <= r.to);
}

/**
 * Metrics of one episode: steps, time, and when the gold file and the gold definition (`gold`: 0-based def line of
 * the start state) were first seen. A task adds its own (`extra`, given a first-sight finder for other sites).
 * `tools`: where the steps' tools are looked up (see viewedRegions).
 */
export function episodeMetrics(
  gold: GoldDefinition,
  steps: TrajectoryStep[],
  extra?: (firstSight: (site: GoldDefinition) => number | null) => Partial<EpisodeMetrics>,
  tools: ToolLookup = standardTools,
): EpisodeMetrics {
  const time = steps.reduce((m, s) => Math.max(m, Number.isFinite(s.elapsedMs) ? s.elapsedMs : 0), 0);
  const metrics: EpisodeMetrics = {
    steps: steps.length,
    time_ms: time,
    first_gold_file_view_step: firstStep(steps, tools, (r) => sameRepoPath(r.path, gold.file)),
    first_gold_definition_view_step: firstDefinitionView(steps, tools, gold),
  };
  return extra ? { ...metrics, ...extra((site) => firstDefinitionView(steps, tools, site)) } : metrics;
}
