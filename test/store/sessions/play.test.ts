import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeAll, describe, expect, it } from 'vitest';
import { scoreEpisode, scoreSucceeded } from '../../../src/core/scoring/score';
import { taskRegistry } from '../../../src/core/tasks/registry';
import type { StoredInstance } from '../../../src/store/sessions/instances';
import { createPlaySession, type PlaySession } from '../../../src/store/sessions/play';
import { createNodeSandboxSession } from '../../../src/sandbox/node/node-session';
import { generateIn, openTab, saveToyShop, treeSitter, type Tab } from './tab';

/**
 * The play session in Node, over fake-indexeddb, on instances generated from the toy-shop repo by the real task
 * registry: what a reload (a new session over the same storage) brings back, and what a submit scores.
 */

/** A controlled wall clock and the session's repeating timer, ticked by hand. */
function manualTime(start = 1_000_000) {
  let now = start;
  const ticks = new Set<() => void>();
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
    tick: () => ticks.forEach((t) => t()),
    every: (_ms: number, run: () => void) => {
      ticks.add(run);
      return () => void ticks.delete(run);
    },
  };
}

function playIn(tab: Tab, time: ReturnType<typeof manualTime>): PlaySession {
  return createPlaySession({ storage: tab.storage, repoFiles: tab.repoFiles, treeSitter, now: time.now, every: time.every });
}

const Q = '"""';

/** Waits for the writes a session does without awaiting them (drafts, the clock). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('the play session', () => {
  const factory = new IDBFactory();
  let repoId: string;
  let instances: StoredInstance[];

  beforeAll(async () => {
    const tab = openTab(factory);
    repoId = await saveToyShop(tab);
    instances = await generateIn(tab, repoId, { task: taskRegistry.kinds()[0]!, n: 3, seed: 1 });
  });

  it('comes back after a reload with the same trajectory, edits, drafts and clock, and scores the submit as the scorer does', async () => {
    expect(instances.length).toBe(3);
    const stored = instances[0]!;
    const spec = taskRegistry.require(stored.instance);
    const gold = spec.gold(stored.instance).sites[0]!;
    const time = manualTime();
    const a = playIn(openTab(factory), time);
    const id = await a.getState().startNew(stored.key);
    expect(a.getState().record?.instanceKey).toBe(stored.key);

    // A search, a file opened, an edit saved (a docstring under the target's def line), a draft left unsaved.
    await a.getState().search(gold.name);
    expect(a.getState().searchResults?.hits.some((h) => h.path === gold.file)).toBe(true);
    time.advance(4_000);
    await a.getState().openFile(gold.file);
    const before = a.episode()!.workspace.read(gold.file)!;
    const lines = before.split('\n');
    let end = gold.line;
    while (!lines[end]!.trimEnd().endsWith(':')) end++;
    const indent = /^\s*/.exec(lines[end + 1]!)![0];
    lines.splice(end + 1, 0, `${indent}${Q}What the task describes.${Q}`);
    a.getState().setDraft(gold.file, lines.join('\n'));
    await a.getState().saveFile(gold.file);
    expect(a.getState().stepCount).toBe(3);
    const edited = a.episode()!.workspace.read(gold.file)!;
    expect(edited).not.toBe(before);
    // The docstring goes on in the editor, not saved yet.
    const draft = edited.replace(`What the task describes.${Q}`, `What the task describes.\n\n${indent}Not saved yet.\n${indent}${Q}`);
    a.getState().setDraft(gold.file, draft);
    // Time read between steps is written by the clock's timer alone.
    time.advance(2_500);
    time.tick();
    await settle();
    const elapsed = a.episode()!.clock.elapsedMs();
    expect(elapsed).toBe(6_500);

    // The reload: a new tab over the same IndexedDB; time goes on from where the clock was written.
    time.advance(60_000);
    const b = playIn(openTab(factory), time);
    await b.getState().load(id);
    const s = b.getState();
    expect(s.error).toBeNull();
    expect(s.stepCount).toBe(3);
    expect(s.record!.snapshot.trajectory.steps.map((t) => [t.tool, t.args])).toEqual(
      a.getState().record!.snapshot.trajectory.steps.map((t) => [t.tool, t.args]),
    );
    expect(b.episode()!.workspace.read(gold.file)).toBe(edited);
    expect(s.record!.ui.drafts).toEqual({ [gold.file]: draft });
    expect(s.record!.ui.open).toEqual([gold.file]);
    expect(b.episode()!.clock.elapsedMs()).toBe(elapsed);
    expect(s.paused).toBe(false);

    // Submit: the unsaved draft is saved first (an edit step), then the episode is scored.
    await b.getState().submit();
    const end_ = b.getState();
    expect(end_.record!.status).toBe('submitted');
    const steps = end_.record!.snapshot.trajectory.steps;
    expect(steps.map((t) => t.tool).slice(-2)).toEqual(['str_replace_editor', 'submit']);
    const outcome = end_.record!.snapshot.outcome!;
    expect(outcome.patch).toContain(`+${indent}Not saved yet.`);
    const files = (await openTab(factory).repoFiles(repoId)).files;
    const expected = scoreEpisode(
      stored.instance,
      { instance_id: stored.instance.instance_id, test_result: { git_patch: outcome.patch }, history: steps },
      { strict: { readFile: (p) => files.find((f) => f.path === p)?.text, ts: await treeSitter() }, steps },
    );
    expect(end_.record!.score).toEqual(expected);
    expect(scoreSucceeded(end_.record!.score!)).toBe(true);
    // And that is what is stored.
    const c = playIn(openTab(factory), time);
    await c.getState().load(id);
    expect(c.getState().record!.score).toEqual(expected);
    a.dispose();
    b.dispose();
    c.dispose();
  });

  it('searches as written (a grep step): each hit is a line of the workspace; quotes and brackets are not pattern syntax', async () => {
    const time = manualTime();
    const session = playIn(openTab(factory), time);
    await session.getState().startNew(instances[1]!.key);
    await session.getState().search('def format_price(');
    const found = session.getState().searchResults!;
    expect(found.hits.length).toBeGreaterThan(0);
    for (const h of found.hits) expect(session.episode()!.workspace.read(h.path)!.split('\n')[h.line - 1]).toBe(h.text);
    await session.getState().search(`it's "quoted" [x]`);
    expect(session.getState().searchResults).toMatchObject({ query: `it's "quoted" [x]`, hits: [] });
    expect(session.getState().record!.snapshot.trajectory.steps.map((t) => t.args.command)).toEqual([
      "grep -rnF -- 'def format_price(' .",
      `grep -rnF -- 'it'\\''s "quoted" [x]' .`,
    ]);
    expect(session.getState().lastObservation!.observation).not.toMatch(/error|unterminated/i);
    session.dispose();
  });

  it('runs a Python line in the injected sandbox: a `run` step, its output streamed, the files it wrote in the workspace', async () => {
    const time = manualTime();
    const tab = openTab(factory);
    const session = createPlaySession({
      storage: tab.storage,
      repoFiles: tab.repoFiles,
      treeSitter,
      every: time.every,
      sandbox: (ep, language) => createNodeSandboxSession(ep, { language }),
    });
    let changes = 0;
    session.onSandboxChange(() => changes++);
    const id = await session.getState().startNew(instances[2]!.key);
    expect(changes).toBe(1);
    expect(session.sandbox()).not.toBeNull();
    let streamed = '';
    const printed = await session.getState().runShell(`python3 -c "open('note.txt', 'w').write('hi'); print(6 * 7)"`, (c) => (streamed += c));
    // The output came as it was printed; what is left to print is the note of the files written.
    expect(streamed).toContain('42');
    expect(printed).toBe('[Files the program wrote, now in the workspace: note.txt]');
    expect(session.episode()!.workspace.read('note.txt')).toBe('hi');
    expect(session.getState().revision).toBeGreaterThan(0);
    const steps = session.getState().record!.snapshot.trajectory.steps;
    expect(steps.map((t) => t.tool)).toEqual(['run']);
    expect(session.getState().lastObservation!.observation).toContain('42');
    // Stored like any step: a reload has it.
    const again = playIn(openTab(factory), time);
    await again.getState().load(id);
    expect(again.getState().record!.snapshot.trajectory.steps.map((t) => t.tool)).toEqual(['run']);
    expect(again.episode()!.workspace.read('note.txt')).toBe('hi');
    session.dispose();
    again.dispose();
  }, 120_000);
});
