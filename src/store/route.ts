/**
 * Hash routes, so the build works from any static host and sub-path and a link can name a screen:
 *   #/                      home
 *   #/repo/ID               a repo: index, files, task generator
 *   #/play/EPISODE          an episode in progress
 *   #/result/EPISODE        a finished episode
 *   #/history               every episode
 *   #/s/SAMPLE/TASK/SEED/N  a shareable task on an embedded sample
 */
export type Route =
  | { name: 'home' }
  | { name: 'repo'; id: string }
  | { name: 'play'; episode: string }
  | { name: 'result'; episode: string }
  | { name: 'history' }
  | { name: 'share'; sample: string; task: string; seed: string; index: number }
  | { name: 'not-found'; hash: string };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [head, ...rest] = parts;
  if (!head) return { name: 'home' };
  if (head === 'repo' && rest.length === 1) return { name: 'repo', id: rest[0]! };
  if (head === 'play' && rest.length === 1) return { name: 'play', episode: rest[0]! };
  if (head === 'result' && rest.length === 1) return { name: 'result', episode: rest[0]! };
  if (head === 'history' && rest.length === 0) return { name: 'history' };
  if (head === 's' && rest.length === 4 && /^\d+$/.test(rest[3]!)) {
    return { name: 'share', sample: rest[0]!, task: rest[1]!, seed: rest[2]!, index: Number(rest[3]) };
  }
  return { name: 'not-found', hash };
}

export function routeHash(route: Route): string {
  const enc = (s: string | number) => encodeURIComponent(String(s));
  switch (route.name) {
    case 'home':
      return '#/';
    case 'repo':
      return `#/repo/${enc(route.id)}`;
    case 'play':
      return `#/play/${enc(route.episode)}`;
    case 'result':
      return `#/result/${enc(route.episode)}`;
    case 'history':
      return '#/history';
    case 'share':
      return `#/s/${enc(route.sample)}/${enc(route.task)}/${enc(route.seed)}/${route.index}`;
    case 'not-found':
      return route.hash;
  }
}
