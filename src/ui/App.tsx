import { HomeScreen } from './home/HomeScreen';
import { RepoScreen } from './repo/RepoScreen';
import { PlayScreen } from './play/PlayScreen';
import { ResultScreen } from './result/ResultScreen';
import { HistoryScreen } from './history/HistoryScreen';
import { ShareScreen } from './share/ShareScreen';
import { ErrorBoundary } from './common/ErrorBoundary';
import { StorageBanner } from './common/StorageBanner';
import { routeHash, useRouter, type Route } from '../store/router';

export function App() {
  const route = useRouter((s) => s.route);
  return (
    <div className="app">
      <header className="topbar">
        <a className="brand" href={routeHash({ name: 'home' })}>
          <span className="brand-mark" aria-hidden="true" />
          Hybrid-Gym Playground
        </a>
        <nav aria-label="Main">
          <a href="#/" aria-current={route.name === 'home' ? 'page' : undefined}>
            Repositories
          </a>
          <a href="#/history" aria-current={route.name === 'history' ? 'page' : undefined}>
            History
          </a>
        </nav>
        <span className="spacer" />
      </header>
      <StorageBanner />
      <main className="main">
        <ErrorBoundary resetKey={routeHash(route)} screen={SCREEN_NAMES[route.name]}>
          <Screen route={route} />
        </ErrorBoundary>
      </main>
    </div>
  );
}

const SCREEN_NAMES: Record<Route['name'], string> = {
  home: 'Home',
  repo: 'Repository',
  play: 'Play',
  result: 'Result',
  history: 'History',
  share: 'Shared task',
  'not-found': 'Not found',
};

function Screen({ route }: { route: Route }) {
  return (
    <>
      {route.name === 'home' && <HomeScreen />}
      {route.name === 'repo' && <RepoScreen id={route.id} />}
      {route.name === 'play' && <PlayScreen episode={route.episode} />}
      {route.name === 'result' && <ResultScreen episode={route.episode} />}
      {route.name === 'history' && <HistoryScreen />}
      {route.name === 'share' && <ShareScreen route={route} />}
      {route.name === 'not-found' && (
        <div className="page">
          <div className="empty">
            Nothing lives at <code>{route.hash}</code>. <a href="#/">Back to the repositories</a>.
          </div>
        </div>
      )}
    </>
  );
}
