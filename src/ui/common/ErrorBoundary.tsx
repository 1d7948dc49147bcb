import { Component, type ReactNode } from 'react';
import { useStorageStatus } from '../../store/db';

/**
 * Catches what a screen throws while rendering, so a bug or a stored record the screen cannot read shows a message
 * instead of a blank page. It touches no storage: everything saved stays saved. A new `resetKey` (App passes the
 * route) clears the error, so opening another screen (the Home link, the top bar) shows that screen again.
 */
interface Props {
  screen: string;
  resetKey: string;
  children: ReactNode;
}

export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidUpdate(prev: Props): void {
    if (this.state.error && prev.resetKey !== this.props.resetKey) this.setState({ error: null });
  }

  override render() {
    return this.state.error ? <ScreenError screen={this.props.screen} error={this.state.error} /> : this.props.children;
  }
}

/** What the boundary shows: which screen failed and on what, that saved work is kept, and the ways out. */
export function ScreenError({ screen, error }: { screen: string; error: Error }) {
  const storage = useStorageStatus((s) => s.status);
  return (
    <div className="page">
      <section className="card stack" role="alert" aria-labelledby="screen-error-title">
        <h2 id="screen-error-title">The {screen} screen stopped working</h2>
        <p>It failed on this error:</p>
        <pre className="observation">{error.message || error.name}</pre>
        <p className="muted">
          {storage.kind === 'ok'
            ? 'Nothing saved is lost: your repos, tasks and episodes stay stored in this browser. Go back Home, or reload the page to try again.'
            : `${storage.reason} Reloading the page loses what was kept in this tab only; going back Home keeps it.`}
        </p>
        <div className="row">
          <a className="btn primary" href="#/">
            Back to Home
          </a>
          <button className="btn" onClick={() => location.reload()}>
            Reload the page
          </button>
        </div>
      </section>
    </div>
  );
}
