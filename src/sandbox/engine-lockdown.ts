/**
 * The page's Python engine runs programs from untrusted repositories, and a Python program can run any JavaScript
 * in the engine's Worker (through a proxy object's constructor, or ctypes). The Worker shares the app's origin, so
 * whatever its global scope can reach, a program can reach: the app's IndexedDB (stored repos, episodes, a
 * remembered API key), the Cache API and the origin's private file system, and the network. Once Pyodide has
 * loaded (its own files are fetched first), every one of those is taken out of the scope, and so is every way to
 * get a fresh scope (a nested Worker, importScripts). The worker's Content-Security-Policy (`connect-src 'self'`,
 * set where the server sends headers) backs this up.
 */

/** Storage and network entry points of a dedicated Worker's global scope, and the ways to a fresh one. */
export const WORKER_CAPABILITIES = [
  // Storage shared with the app.
  'indexedDB',
  'IDBFactory',
  'caches',
  'CacheStorage',
  'cookieStore',
  'FileSystemHandle',
  'FileSystemDirectoryHandle',
  'FileSystemFileHandle',
  'FileSystemSyncAccessHandle',
  'StorageManager',
  'StorageBucketManager',
  // The network.
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'WebSocketStream',
  'WebTransport',
  'EventSource',
  'FontFace',
  'FontFaceSet',
  'fonts',
  'RTCPeerConnection',
  'RTCDataChannel',
  // Fresh scopes and channels to the app's other contexts.
  'importScripts',
  'Worker',
  'SharedWorker',
  'BroadcastChannel',
  'ServiceWorker',
  'ServiceWorkerContainer',
] as const;

/** Members of `navigator` that reach storage, other contexts or the network. */
const NAVIGATOR_CAPABILITIES = ['storage', 'storageBuckets', 'serviceWorker', 'locks', 'sendBeacon', 'usb', 'serial', 'hid', 'bluetooth'] as const;

function strip(target: object, name: string): void {
  // Web IDL puts a [Global] scope's members on the object itself, other objects' members on their prototypes:
  // remove the name at every level, and where a member cannot be removed, overwrite it.
  for (let o: object | null = target; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    const d = Object.getOwnPropertyDescriptor(o, name);
    if (!d) continue;
    if (d.configurable) delete (o as Record<string, unknown>)[name];
    else if (d.writable) (o as Record<string, unknown>)[name] = undefined;
  }
}

/** Takes storage, the network and fresh scopes out of a Worker's global scope. Returns what is still reachable. */
export function lockDownWorkerScope(scope: object = globalThis): string[] {
  for (const name of WORKER_CAPABILITIES) strip(scope, name);
  const nav = (scope as { navigator?: object }).navigator;
  if (nav) for (const name of NAVIGATOR_CAPABILITIES) strip(nav, name);
  return WORKER_CAPABILITIES.filter((name) => (scope as Record<string, unknown>)[name] !== undefined);
}
