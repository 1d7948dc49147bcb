/**
 * Which lines of each side git's diff marks as changed: a port of xdiff's preparation (xprepare.c: trim the common
 * head and tail, set aside lines with no match on the other side and runs of over-common lines) and its
 * divide-and-conquer Myers search with git's cost heuristics (xdiffi.c: xdl_recs_cmp, xdl_split). A generic Myers
 * (jsdiff) finds an edit script of the same length, but where several exist it can pick another one, and then the
 * patch's hunks and line numbers differ from the authors' `git diff`.
 *
 * Result arrays follow git's `rchg`: `changed[i + 1]` is 1 when record i is removed (old) or added (new); index 0
 * and n + 1 are sentinels.
 */

export interface ChangedLines {
  old: Uint8Array;
  new: Uint8Array;
}

const MAX_EQLIMIT = 1024;
const SIMSCAN_WINDOW = 100;
const KPDIS_RUN = 4;
const MAX_COST_MIN = 256;
const HEUR_MIN_COST = 256;
const SNAKE_CNT = 20;
const K_HEUR = 4;
const LINE_MAX = Number.MAX_SAFE_INTEGER;

function bogosqrt(n: number): number {
  let i = 1;
  for (; n > 0; n = Math.floor(n / 4)) i *= 2;
  return i;
}

/** Reduced view of one side: class ids of the records that take part in the search, and their record indices. */
interface Reduced {
  ha: Int32Array;
  rindex: Int32Array;
  changed: Uint8Array;
}

function cleanMultiMatch(dis: Uint8Array, i: number, s: number, e: number): boolean {
  if (i - s > SIMSCAN_WINDOW) s = i - SIMSCAN_WINDOW;
  if (e - i > SIMSCAN_WINDOW) e = i + SIMSCAN_WINDOW;
  let rdis0 = 0;
  let rpdis0 = 1;
  for (let r = 1; i - r >= s; r++) {
    if (!dis[i - r]) rdis0++;
    else if (dis[i - r] === 2) rpdis0++;
    else break;
  }
  if (rdis0 === 0) return false;
  let rdis1 = 0;
  let rpdis1 = 1;
  for (let r = 1; i + r <= e; r++) {
    if (!dis[i + r]) rdis1++;
    else if (dis[i + r] === 2) rpdis1++;
    else break;
  }
  if (rdis1 === 0) return false;
  rdis1 += rdis0;
  rpdis1 += rpdis0;
  return rpdis1 * KPDIS_RUN < rpdis1 + rdis1;
}

function reduce(ids: Int32Array, otherCount: Int32Array, dstart: number, dend: number, changed: Uint8Array): Reduced {
  const n = ids.length;
  const dis = new Uint8Array(n + 1);
  const mlim = Math.min(bogosqrt(n), MAX_EQLIMIT);
  for (let i = dstart; i <= dend; i++) {
    const nm = otherCount[ids[i]!]!;
    dis[i] = nm === 0 ? 0 : nm >= mlim ? 2 : 1;
  }
  const ha: number[] = [];
  const rindex: number[] = [];
  for (let i = dstart; i <= dend; i++) {
    if (dis[i] === 1 || (dis[i] === 2 && !cleanMultiMatch(dis, i, dstart, dend))) {
      rindex.push(i);
      ha.push(ids[i]!);
    } else {
      changed[i + 1] = 1;
    }
  }
  return { ha: Int32Array.from(ha), rindex: Int32Array.from(rindex), changed };
}

interface Split {
  i1: number;
  i2: number;
  minLo: boolean;
  minHi: boolean;
}

/** Diagonal arrays indexed from -(n2 + 1): an offset keeps them plain typed arrays. */
class Diagonals {
  private readonly data: Float64Array;
  constructor(
    size: number,
    private readonly offset: number,
  ) {
    this.data = new Float64Array(size);
  }
  get(d: number): number {
    return this.data[d + this.offset]!;
  }
  set(d: number, v: number): void {
    this.data[d + this.offset] = v;
  }
}

interface Env {
  mxcost: number;
}

function split(
  ha1: Int32Array,
  off1: number,
  lim1: number,
  ha2: Int32Array,
  off2: number,
  lim2: number,
  kvdf: Diagonals,
  kvdb: Diagonals,
  needMin: boolean,
  env: Env,
): Split {
  const dmin = off1 - lim2;
  const dmax = lim1 - off2;
  const fmid = off1 - off2;
  const bmid = lim1 - lim2;
  const odd = ((fmid - bmid) & 1) !== 0;
  let fmin = fmid;
  let fmax = fmid;
  let bmin = bmid;
  let bmax = bmid;
  kvdf.set(fmid, off1);
  kvdb.set(bmid, lim1);
  for (let ec = 1; ; ec++) {
    let gotSnake = false;
    if (fmin > dmin) kvdf.set(--fmin - 1, -1);
    else ++fmin;
    if (fmax < dmax) kvdf.set(++fmax + 1, -1);
    else --fmax;
    for (let d = fmax; d >= fmin; d -= 2) {
      let i1 = kvdf.get(d - 1) >= kvdf.get(d + 1) ? kvdf.get(d - 1) + 1 : kvdf.get(d + 1);
      const prev1 = i1;
      let i2 = i1 - d;
      for (; i1 < lim1 && i2 < lim2 && ha1[i1] === ha2[i2]; i1++, i2++);
      if (i1 - prev1 > SNAKE_CNT) gotSnake = true;
      kvdf.set(d, i1);
      if (odd && bmin <= d && d <= bmax && kvdb.get(d) <= i1) return { i1, i2, minLo: true, minHi: true };
    }
    if (bmin > dmin) kvdb.set(--bmin - 1, LINE_MAX);
    else ++bmin;
    if (bmax < dmax) kvdb.set(++bmax + 1, LINE_MAX);
    else --bmax;
    for (let d = bmax; d >= bmin; d -= 2) {
      let i1 = kvdb.get(d - 1) < kvdb.get(d + 1) ? kvdb.get(d - 1) : kvdb.get(d + 1) - 1;
      const prev1 = i1;
      let i2 = i1 - d;
      for (; i1 > off1 && i2 > off2 && ha1[i1 - 1] === ha2[i2 - 1]; i1--, i2--);
      if (prev1 - i1 > SNAKE_CNT) gotSnake = true;
      kvdb.set(d, i1);
      if (!odd && fmin <= d && d <= fmax && i1 <= kvdf.get(d)) return { i1, i2, minLo: true, minHi: true };
    }
    if (needMin) continue;

    if (gotSnake && ec > HEUR_MIN_COST) {
      let best = 0;
      let found: Split | null = null;
      for (let d = fmax; d >= fmin; d -= 2) {
        const dd = d > fmid ? d - fmid : fmid - d;
        const i1 = kvdf.get(d);
        const i2 = i1 - d;
        const v = i1 - off1 + (i2 - off2) - dd;
        if (v > K_HEUR * ec && v > best && off1 + SNAKE_CNT <= i1 && i1 < lim1 && off2 + SNAKE_CNT <= i2 && i2 < lim2) {
          for (let k = 1; ha1[i1 - k] === ha2[i2 - k]; k++) {
            if (k === SNAKE_CNT) {
              best = v;
              found = { i1, i2, minLo: true, minHi: false };
              break;
            }
          }
        }
      }
      if (best > 0 && found) return found;
      best = 0;
      for (let d = bmax; d >= bmin; d -= 2) {
        const dd = d > bmid ? d - bmid : bmid - d;
        const i1 = kvdb.get(d);
        const i2 = i1 - d;
        const v = lim1 - i1 + (lim2 - i2) - dd;
        if (v > K_HEUR * ec && v > best && off1 < i1 && i1 <= lim1 - SNAKE_CNT && off2 < i2 && i2 <= lim2 - SNAKE_CNT) {
          for (let k = 0; ha1[i1 + k] === ha2[i2 + k]; k++) {
            if (k === SNAKE_CNT - 1) {
              best = v;
              found = { i1, i2, minLo: false, minHi: true };
              break;
            }
          }
        }
      }
      if (best > 0 && found) return found;
    }

    if (ec >= env.mxcost) {
      let fbest = -1;
      let fbest1 = -1;
      for (let d = fmax; d >= fmin; d -= 2) {
        let i1 = Math.min(kvdf.get(d), lim1);
        let i2 = i1 - d;
        if (lim2 < i2) {
          i1 = lim2 + d;
          i2 = lim2;
        }
        if (fbest < i1 + i2) {
          fbest = i1 + i2;
          fbest1 = i1;
        }
      }
      let bbest = LINE_MAX;
      let bbest1 = LINE_MAX;
      for (let d = bmax; d >= bmin; d -= 2) {
        let i1 = Math.max(off1, kvdb.get(d));
        let i2 = i1 - d;
        if (i2 < off2) {
          i1 = off2 + d;
          i2 = off2;
        }
        if (i1 + i2 < bbest) {
          bbest = i1 + i2;
          bbest1 = i1;
        }
      }
      if (lim1 + lim2 - bbest < fbest - (off1 + off2)) return { i1: fbest1, i2: fbest - fbest1, minLo: true, minHi: false };
      return { i1: bbest1, i2: bbest - bbest1, minLo: false, minHi: true };
    }
  }
}

function compare(
  d1: Reduced,
  off1: number,
  lim1: number,
  d2: Reduced,
  off2: number,
  lim2: number,
  kvdf: Diagonals,
  kvdb: Diagonals,
  needMin: boolean,
  env: Env,
): void {
  const ha1 = d1.ha;
  const ha2 = d2.ha;
  for (; off1 < lim1 && off2 < lim2 && ha1[off1] === ha2[off2]; off1++, off2++);
  for (; off1 < lim1 && off2 < lim2 && ha1[lim1 - 1] === ha2[lim2 - 1]; lim1--, lim2--);
  if (off1 === lim1) {
    for (; off2 < lim2; off2++) d2.changed[d2.rindex[off2]! + 1] = 1;
  } else if (off2 === lim2) {
    for (; off1 < lim1; off1++) d1.changed[d1.rindex[off1]! + 1] = 1;
  } else {
    const spl = split(ha1, off1, lim1, ha2, off2, lim2, kvdf, kvdb, needMin, env);
    compare(d1, off1, spl.i1, d2, off2, spl.i2, kvdf, kvdb, spl.minLo, env);
    compare(d1, spl.i1, lim1, d2, spl.i2, lim2, kvdf, kvdb, spl.minHi, env);
  }
}

/** Marks the records git's default diff (Myers, not --minimal) reports as removed and added. */
export function changedLines(oldRecs: readonly string[], newRecs: readonly string[]): ChangedLines {
  const n1 = oldRecs.length;
  const n2 = newRecs.length;
  const classes = new Map<string, number>();
  const classify = (recs: readonly string[]) =>
    Int32Array.from(recs, (r) => {
      let id = classes.get(r);
      if (id === undefined) classes.set(r, (id = classes.size));
      return id;
    });
  const ids1 = classify(oldRecs);
  const ids2 = classify(newRecs);
  const count1 = new Int32Array(classes.size);
  const count2 = new Int32Array(classes.size);
  for (const id of ids1) count1[id]!++;
  for (const id of ids2) count2[id]!++;

  let dstart = 0;
  const lim = Math.min(n1, n2);
  while (dstart < lim && ids1[dstart] === ids2[dstart]) dstart++;
  let tail = 0;
  while (tail < lim - dstart && ids1[n1 - 1 - tail] === ids2[n2 - 1 - tail]) tail++;

  const old = new Uint8Array(n1 + 2);
  const neu = new Uint8Array(n2 + 2);
  const d1 = reduce(ids1, count2, dstart, n1 - tail - 1, old);
  const d2 = reduce(ids2, count1, dstart, n2 - tail - 1, neu);

  const ndiags = d1.ha.length + d2.ha.length + 3;
  const kvdf = new Diagonals(ndiags, d2.ha.length + 1);
  const kvdb = new Diagonals(ndiags, d2.ha.length + 1);
  const env: Env = { mxcost: Math.max(bogosqrt(ndiags), MAX_COST_MIN) };
  compare(d1, 0, d1.ha.length, d2, 0, d2.ha.length, kvdf, kvdb, false, env);
  return { old, new: neu };
}
