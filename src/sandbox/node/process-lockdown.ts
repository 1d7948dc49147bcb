import { constants as fsConstants } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import dgram from 'node:dgram';
import dns from 'node:dns';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import workerThreads from 'node:worker_threads';

// Default imports: the modules' own export objects (a namespace import would be a copy in the bundle).
/**
 * Inside the Python process on the command line. Node's permission model (the flags in python-node.ts) is the
 * boundary for the file system, child processes and native code; on Node 20–24 it has no say over the network, so
 * the engine thread — the only thread that runs programs, which can reach its JavaScript — has the network's entry
 * points replaced before any program runs, and no way to start a fresh thread where they would be whole again.
 * Node 25 and later also refuse the network at the process level (no `--allow-net`).
 */

const NO_NETWORK = 'the Python sandbox has no network';

function refuse(what: string, reason = NO_NETWORK): () => never {
  // A function, not an arrow: `new Worker()` must meet the message too, not "is not a constructor".
  return function refused(): never {
    throw Object.assign(new Error(`${what}: ${reason}`), { code: 'ERR_ACCESS_DENIED' });
  };
}

function replace(target: object, names: string[], prefix: string, reason?: string): void {
  for (const name of names) {
    if (typeof (target as Record<string, unknown>)[name] === 'function') {
      Object.defineProperty(target, name, { value: refuse(`${prefix}${name}`, reason), writable: false, configurable: false });
    }
  }
}

/**
 * Pyodide's NODEFS reads `process.binding('constants').fs` at start-up, and the permission model refuses
 * `process.binding` as a whole: answer that one question, refuse the rest as the model would.
 */
export function allowConstantsBinding(): void {
  const binding = (process as unknown as { binding(name: string): unknown }).binding.bind(process);
  Object.defineProperty(process, 'binding', {
    value: (name: string) => (name === 'constants' ? { fs: fsConstants } : binding(name)),
    writable: false,
    configurable: false,
  });
}

/** Cuts the engine thread off from the network, other threads and other processes. Call after Pyodide loaded. */
export function lockDownEngineThread(): void {
  replace(net, ['connect', 'createConnection', 'createServer'], 'net.');
  replace(net.Socket.prototype, ['connect'], 'net.Socket.');
  replace(net.Server.prototype, ['listen'], 'net.Server.');
  replace(tls, ['connect', 'createServer'], 'tls.');
  replace(dgram, ['createSocket'], 'dgram.');
  replace(dgram.Socket.prototype, ['bind', 'connect', 'send'], 'dgram.Socket.');
  replace(http, ['request', 'get', 'createServer'], 'http.');
  replace(https, ['request', 'get', 'createServer'], 'https.');
  replace(http2, ['connect', 'createServer', 'createSecureServer'], 'http2.');
  const lookups = [
    'lookup',
    'lookupService',
    'resolve',
    'resolve4',
    'resolve6',
    'resolveAny',
    'resolveCname',
    'resolveMx',
    'resolveNs',
    'resolveTxt',
    'resolveSrv',
    'resolvePtr',
    'resolveNaptr',
    'resolveSoa',
    'reverse',
  ];
  replace(dns, lookups, 'dns.');
  replace(dns.promises, lookups, 'dns.promises.');
  replace(dns.Resolver.prototype, lookups, 'dns.Resolver.');
  replace(dns.promises.Resolver.prototype, lookups, 'dns.promises.Resolver.');
  const g = globalThis as Record<string, unknown>;
  for (const name of ['fetch', 'WebSocket', 'EventSource', 'XMLHttpRequest', 'WebTransport']) {
    if (name in g) Object.defineProperty(g, name, { value: undefined, writable: false, configurable: false });
  }
  // A new thread would start with all of the above whole again; signals reach other processes.
  replace(workerThreads, ['Worker'], 'worker_threads.', 'the Python sandbox cannot start threads');
  replace(process, ['kill'], 'process.', 'the Python sandbox cannot signal processes');
  syncBuiltinESMExports();
}
