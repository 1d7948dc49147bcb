import { create } from 'zustand';
import { parseRoute, routeHash, type Route } from './route';

export { parseRoute, routeHash, type Route } from './route';

interface RouterState {
  route: Route;
  go(route: Route): void;
}

export const useRouter = create<RouterState>((set) => ({
  route: parseRoute(typeof location === 'undefined' ? '' : location.hash),
  go(route) {
    const hash = routeHash(route);
    if (location.hash !== hash) location.hash = hash;
    else set({ route });
  },
}));

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => useRouter.setState({ route: parseRoute(location.hash) }));
}
