/**
 * CRC-32 (the zip / PNG polynomial). fflate computes it internally but does not export it; zip entries carry one,
 * and checking it is what turns a flipped byte into an error instead of silently wrong source text.
 */
const TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** Running CRC-32: feed chunks with `update`, read the unsigned value with `digest`. */
export class Crc32 {
  private c = -1;

  update(bytes: Uint8Array): this {
    let c = this.c;
    for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
    this.c = c;
    return this;
  }

  digest(): number {
    return ~this.c >>> 0;
  }
}

export function crc32(bytes: Uint8Array): number {
  return new Crc32().update(bytes).digest();
}
