import { lockDownWorkerScope } from '../engine-lockdown';

/**
 * sandbox-check.html's self-test of the Python Worker's lockdown, in this browser: the same lockdown the Python
 * engine applies, then every way to storage, the network or a fresh scope is tried as a program's JavaScript
 * would try it. Each answer is what happened; "reached" means the lockdown missed one.
 */
const scope = self as unknown as Record<string, unknown> & { postMessage(m: unknown): void };
const left = lockDownWorkerScope(self);

const tries: Record<string, () => unknown> = {
  indexedDB: () => (scope.indexedDB as IDBFactory).open('hgym'),
  'indexedDB from the prototype chain': () => {
    for (let o: object | null = self; o; o = Object.getPrototypeOf(o)) {
      const d = Object.getOwnPropertyDescriptor(o, 'indexedDB');
      if (d) return d.get ? d.get.call(self) : d.value;
    }
    return undefined;
  },
  fetch: () => (scope.fetch as typeof fetch)('/'),
  XMLHttpRequest: () => new (scope.XMLHttpRequest as typeof XMLHttpRequest)(),
  WebSocket: () => new (scope.WebSocket as typeof WebSocket)('ws://127.0.0.1:1/'),
  EventSource: () => new (scope.EventSource as typeof EventSource)('/'),
  importScripts: () => (scope.importScripts as (u: string) => void)('/x.js'),
  Worker: () => new (scope.Worker as typeof Worker)('/x.js'),
  BroadcastChannel: () => new (scope.BroadcastChannel as typeof BroadcastChannel)('hgym'),
  caches: () => (scope.caches as CacheStorage).open('hgym'),
  'navigator.storage': () => (navigator as unknown as { storage: StorageManager }).storage.getDirectory(),
  FontFace: () => new (scope.FontFace as typeof FontFace)('x', 'url(/x.woff)').load(),
};

const out: Record<string, string> = {};
for (const [name, f] of Object.entries(tries)) {
  try {
    const r = f();
    out[name] = r === undefined || r === null ? 'absent' : 'reached';
  } catch (e) {
    out[name] = `refused: ${e instanceof Error ? e.message : String(e)}`;
  }
}
scope.postMessage({ left, tries: out });
