import type { Result } from './types';

/**
 * Reads a zip's central directory: the authoritative list of entries with their declared sizes and CRCs, at the end
 * of the file. Reading it first lets the loader refuse a zip bomb (declared expansion past the limit) or an unsafe
 * name before inflating a single byte. fflate's `unzipSync` filter sees names and sizes but not the CRC or where
 * each entry's data starts, hence this small reader; fflate still does the inflating.
 */
export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflate (the only two this app inflates). */
  compression: number;
  crc32: number;
  compressedSize: number;
  originalSize: number;
  /** Where the entry's compressed bytes start (after its local header). */
  dataOffset: number;
  encrypted: boolean;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_COMMENT = 0xffff;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

function decodeName(bytes: Uint8Array): string {
  // Many tools write UTF-8 names without setting the UTF-8 flag, so try UTF-8 first; the legacy code page is the
  // fallback (identical for ASCII).
  try {
    return utf8.decode(bytes);
  } catch {
    return latin1.decode(bytes);
  }
}

class Reader {
  private view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  has(offset: number, length: number): boolean {
    return offset >= 0 && offset + length <= this.bytes.length;
  }
  u16(o: number): number {
    return this.view.getUint16(o, true);
  }
  u32(o: number): number {
    return this.view.getUint32(o, true);
  }
  u64(o: number): number {
    return this.u32(o) + this.u32(o + 4) * 2 ** 32;
  }
}

function findEndRecord(r: Reader): number {
  const last = r.bytes.length - 22;
  const first = Math.max(0, last - MAX_COMMENT);
  for (let o = last; o >= first; o--) if (r.u32(o) === EOCD) return o;
  return -1;
}

/** Zip64 extra field (id 1): the 64-bit values for whichever 32-bit fields were saturated, in a fixed order. */
function applyZip64(r: Reader, extraStart: number, extraLength: number, sizes: { original: number; compressed: number; offset: number }): void {
  let o = extraStart;
  const end = extraStart + extraLength;
  while (o + 4 <= end) {
    const id = r.u16(o);
    const len = r.u16(o + 2);
    if (id === 1) {
      let p = o + 4;
      for (const key of ['original', 'compressed', 'offset'] as const) {
        if (sizes[key] === 0xffffffff && p + 8 <= o + 4 + len) {
          sizes[key] = r.u64(p);
          p += 8;
        }
      }
      return;
    }
    o += 4 + len;
  }
}

export function readZipDirectory(bytes: Uint8Array): Result<ZipEntry[]> {
  const r = new Reader(bytes);
  if (bytes.length < 22) return { ok: false, error: 'it is too short to be a zip file' };
  const end = findEndRecord(r);
  if (end < 0) {
    const local = bytes.length >= 4 && r.u32(0) === LOCAL;
    return { ok: false, error: local ? 'the file is cut short (its end-of-archive record is missing)' : 'it is not a zip file' };
  }
  if (r.u16(end + 4) !== 0 || r.u16(end + 6) !== 0) return { ok: false, error: 'split (multi-part) zips are not supported' };
  let count = r.u16(end + 10);
  let cdOffset = r.u32(end + 16);
  if ((count === 0xffff || cdOffset === 0xffffffff) && end >= 20 && r.u32(end - 20) === ZIP64_LOCATOR) {
    const z = r.u64(end - 12);
    if (!r.has(z, 56) || r.u32(z) !== ZIP64_EOCD) return { ok: false, error: 'its zip64 directory is damaged' };
    count = r.u64(z + 32);
    cdOffset = r.u64(z + 48);
  }

  const entries: ZipEntry[] = [];
  let o = cdOffset;
  for (let i = 0; i < count; i++) {
    if (!r.has(o, 46) || r.u32(o) !== CENTRAL) return { ok: false, error: 'its central directory is damaged or cut short' };
    const flags = r.u16(o + 8);
    const compression = r.u16(o + 10);
    const crc = r.u32(o + 16);
    const sizes = { compressed: r.u32(o + 20), original: r.u32(o + 24), offset: r.u32(o + 42) };
    const nameLength = r.u16(o + 28);
    const extraLength = r.u16(o + 30);
    const commentLength = r.u16(o + 32);
    if (!r.has(o + 46, nameLength + extraLength + commentLength)) return { ok: false, error: 'its central directory is cut short' };
    const name = decodeName(bytes.subarray(o + 46, o + 46 + nameLength));
    applyZip64(r, o + 46 + nameLength, extraLength, sizes);
    o += 46 + nameLength + extraLength + commentLength;

    const local = sizes.offset;
    if (!r.has(local, 30) || r.u32(local) !== LOCAL) return { ok: false, error: `the data of "${name}" is missing or damaged` };
    const dataOffset = local + 30 + r.u16(local + 26) + r.u16(local + 28);
    if (!r.has(dataOffset, sizes.compressed)) return { ok: false, error: `the data of "${name}" is cut short` };
    entries.push({
      name,
      compression,
      crc32: crc,
      compressedSize: sizes.compressed,
      originalSize: sizes.original,
      dataOffset,
      encrypted: (flags & 1) !== 0,
    });
  }
  return { ok: true, value: entries };
}
