import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';

/** Real Python sources for the sandbox tests: a package from Pyodide's own standard library zip. */
export function stdlibPackage(name: string): { path: string; text: string }[] {
  const require = createRequire(import.meta.url);
  const zip = readFileSync(join(dirname(require.resolve('pyodide/package.json')), 'python_stdlib.zip'));
  const entries = unzipSync(new Uint8Array(zip), { filter: (f) => f.name.startsWith(`${name}/`) && f.name.endsWith('.py') });
  const dec = new TextDecoder();
  return Object.entries(entries).map(([path, bytes]) => ({ path, text: dec.decode(bytes) }));
}

/** A workspace in its simplest form (the episode's Workspace has the same four members). */
export class MapWorkspace {
  readonly map: Map<string, string>;
  constructor(files: { path: string; text: string }[]) {
    this.map = new Map(files.map((f) => [f.path, f.text]));
  }
  files(): string[] {
    return [...this.map.keys()].sort();
  }
  read(path: string): string | undefined {
    return this.map.get(path);
  }
  write(path: string, text: string): void {
    this.map.set(path, text);
  }
  remove(path: string): void {
    this.map.delete(path);
  }
}
