// Real inputs for the repo tests: CPython's standard library as Pyodide ships it, and zips written byte by byte
// when a test needs one that no honest tool would produce (forged sizes, odd compression methods).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Deflate, unzipSync } from 'fflate';
import { crc32 } from '../../../src/core/repo/crc32';
import type { Result } from '../../../src/core/repo/types';

export const ROOT = resolve(__dirname, '../../..');
export const STDLIB_ZIP = resolve(ROOT, 'node_modules/pyodide/python_stdlib.zip');

let stdlib: Record<string, Uint8Array> | null = null;

/** Every entry of python_stdlib.zip, by path. */
export function stdlibFiles(): Record<string, Uint8Array> {
  stdlib ??= unzipSync(new Uint8Array(readFileSync(STDLIB_ZIP)));
  return stdlib;
}

/** The `.py` files of one stdlib package (e.g. `json`), paths as in the zip (`json/decoder.py`). */
export function stdlibPackage(name: string): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const [path, bytes] of Object.entries(stdlibFiles())) if (path.startsWith(`${name}/`) && path.endsWith('.py')) out[path] = bytes;
  if (Object.keys(out).length === 0) throw new Error(`no ${name}/ in python_stdlib.zip`);
  return out;
}

export interface RawZipEntry {
  name: string;
  /** 0 stored, 8 deflate, anything else to test refusals. */
  method: number;
  /** The bytes as stored in the archive (compressed for method 8). */
  data: Uint8Array;
  crc: number;
  /** The uncompressed size the headers declare: the truth, or a forgery. */
  declaredSize: number;
  flags?: number;
}

/** A minimal, otherwise valid zip (local headers, central directory, end record) with headers as given. */
export function writeRawZip(entries: RawZipEntry[]): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = enc.encode(e.name);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, e.flags ?? 0, true);
    lv.setUint16(8, e.method, true);
    lv.setUint16(12, 0x21, true);
    lv.setUint32(14, e.crc, true);
    lv.setUint32(18, e.data.length, true);
    lv.setUint32(22, e.declaredSize, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const cd = new Uint8Array(46 + name.length);
    const cv = new DataView(cd.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, e.flags ?? 0, true);
    cv.setUint16(10, e.method, true);
    cv.setUint16(14, 0x21, true);
    cv.setUint32(16, e.crc, true);
    cv.setUint32(20, e.data.length, true);
    cv.setUint32(24, e.declaredSize, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    cd.set(name, 46);
    parts.push(local, e.data);
    central.push(cd);
    offset += local.length + e.data.length;
  }
  const cdSize = central.reduce((s, c) => s + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  return concat([...parts, ...central, end]);
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * A raw deflate stream of `megabytes` MB of zeros, about 1 KB per MB: one sync-flushed, byte-aligned unit of
 * compressed zeros repeated (its back-references only ever point at zeros), closed by an empty final block.
 * Lets a test hold a 1 GB bomb in 1 MB without ever producing the 1 GB.
 */
export function zerosDeflateStream(megabytes: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  const d = new Deflate({ level: 9 }, (c) => chunks.push(c));
  d.push(new Uint8Array(1 << 20), false);
  d.flush(true);
  const unit = concat(chunks);
  const out = new Uint8Array(unit.length * megabytes + 2);
  for (let i = 0; i < megabytes; i++) out.set(unit, i * unit.length);
  out[unit.length * megabytes] = 0x03; // fixed-Huffman block, final bit set, immediately end-of-block
  return out;
}

/** A stored (uncompressed) entry with true headers. */
export function storedEntry(name: string, data: Uint8Array): RawZipEntry {
  return { name, method: 0, data, crc: crc32(data), declaredSize: data.length };
}

/** The value of an ok Result; a failed one fails the test with its message. */
export function must<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** The message of a failed Result; an ok one fails the test. */
export function errorOf<T>(r: Result<T>): string {
  if (r.ok) throw new Error('expected an error, got a value');
  return r.error;
}
