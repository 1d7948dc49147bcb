import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyContent } from '../../../src/core/repo/content';
import { ROOT, STDLIB_ZIP, stdlibFiles } from './fixtures';

describe('classifyContent', () => {
  it('decodes real UTF-8 sources, including non-ASCII ones', () => {
    const files = stdlibFiles();
    const decoder = files['json/decoder.py']!;
    const r = classifyContent(decoder);
    expect(r.kind).toBe('text');
    if (r.kind === 'text') expect(r.text).toContain('class JSONDecoder');
    // A stdlib file with non-ASCII characters stays text.
    const nonAscii = Object.entries(files).find(([p, b]) => p.endsWith('.py') && b.some((x) => x > 0x7f));
    expect(nonAscii).toBeDefined();
    expect(classifyContent(nonAscii![1]).kind).toBe('text');
  });

  it('calls real binaries binary: wasm grammars and a zip', () => {
    const wasm = readdirSync(resolve(ROOT, 'wasm')).filter((f) => f.endsWith('.wasm'));
    expect(wasm.length).toBeGreaterThan(0);
    for (const f of wasm) expect(classifyContent(new Uint8Array(readFileSync(resolve(ROOT, 'wasm', f))))).toEqual({ kind: 'binary' });
    expect(classifyContent(new Uint8Array(readFileSync(STDLIB_ZIP)))).toEqual({ kind: 'binary' });
  });

  it('calls UTF-16 text binary (NUL bytes) and Latin-1 text not-utf8', () => {
    const utf16 = new Uint8Array([0xff, 0xfe, ...Array.from('x = 1\n').flatMap((c) => [c.charCodeAt(0), 0])]);
    expect(classifyContent(utf16)).toEqual({ kind: 'binary' });
    // A Python 2 era source declared as Latin-1: é is the single byte 0xE9.
    const latin1 = Uint8Array.from("# -*- coding: latin-1 -*-\nname = 'caf\u00e9'\n", (c) => c.charCodeAt(0));
    expect(classifyContent(latin1)).toEqual({ kind: 'not-utf8' });
  });

  it('drops a UTF-8 BOM and only sniffs the first 8 KB for NUL', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('x = 1\n')]);
    expect(classifyContent(bom)).toEqual({ kind: 'text', text: 'x = 1\n' });
    const late = new Uint8Array(9000).fill(0x61);
    late[8500] = 0;
    expect(classifyContent(late).kind).toBe('text');
    late[100] = 0;
    expect(classifyContent(late).kind).toBe('binary');
  });
});
