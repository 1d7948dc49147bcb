import type { ComponentType, ReactNode } from 'react';
import type { EpisodeScore } from '../../core/scoring/score';
import type { AnyTaskSpec, InstanceBase } from '../../core/tasks/spec';

/**
 * What the screens show that is particular to a task kind (the UI side of its TaskSpec): one view per kind in
 * src/ui/tasks/<kind>.tsx, registered in src/ui/tasks/registry.ts. A kind without a view gets `specView(spec)`,
 * made from its spec alone. Screens look the view up by the instance's kind and never name a kind.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface TaskView<I extends InstanceBase = any> {
  kind: string;
  /** The tag's extra class (its colour in styles.css), or ''. */
  tagClass: string;
  /** The difficulty signals shown in the Repo screen's list. */
  difficulty(instance: I): string;
  /** Generator form: the option fields it shows (by key, in the spec's order) and their labels where not the spec's. */
  form: { keys: readonly string[]; labels?: Readonly<Record<string, string>> };
  /** The Result screen's verdict cards. */
  Verdicts: ComponentType<{ score: EpisodeScore }>;
  /** The Result screen's answer reveal. */
  Answer: ComponentType<{ instance: I; score: EpisodeScore | null }>;
  /** The Play screen's task panel, below the instruction (e.g. a button that opens the target). */
  PlayHint?: ComponentType<{ instance: I; openFile(path: string, line: number): void }>;
}

/** ", 2 same-named" for the difficulty signals, or ''. */
export const sameNamed = (d: { same_name_definitions: number }) => (d.same_name_definitions > 0 ? `, ${d.same_name_definitions} same-named` : '');

export function Verdict({ title, ok, children }: { title: string; ok: boolean; children: ReactNode }) {
  return (
    <div className={`card verdict ${ok ? 'pass' : 'fail'}`} aria-label={title}>
      <div className="section-title">
        <h3>{title}</h3>
        <span className={`badge ${ok ? 'ok' : 'bad'}`}>{ok ? 'Success' : 'Not solved'}</span>
      </div>
      <div className="stack">{children}</div>
    </div>
  );
}

export function Check({ ok, label }: { ok: boolean; label: string }) {
  return (
    <p className={ok ? 'check ok' : 'check bad'}>
      <span aria-hidden="true">{ok ? '✓' : '✗'}</span> {label}
    </p>
  );
}

/** The view of a kind that has none of its own: everything from its spec (gold answer, verdict texts). */
export function specView(spec: AnyTaskSpec): TaskView {
  return {
    kind: spec.kind,
    tagClass: '',
    difficulty: () => '',
    form: { keys: spec.options.fields.map((f) => f.key) },
    Verdicts: ({ score }) => (
      <>
        <Verdict title="Reference verdict" ok={spec.succeeded(score.reference)}>
          <p className="mono">{spec.text.reference(score.reference)}</p>
        </Verdict>
        {score.strict !== null && (
          <Verdict title="Strict verdict" ok={spec.succeeded(score.strict)}>
            <p className="mono">{spec.text.strict(score.strict)}</p>
          </Verdict>
        )}
      </>
    ),
    Answer: ({ instance }) => {
      const gold = spec.gold(instance);
      return (
        <div className="stack">
          <p>{gold.summary}</p>
          <ul>
            {gold.sites.map((s) => (
              <li key={`${s.file}:${s.line}`} className="mono">
                {s.name} in {s.file}:{s.line + 1}
              </li>
            ))}
          </ul>
        </div>
      );
    },
  };
}
