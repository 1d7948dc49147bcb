/**
 * The part of `fetch` the loaders use. The browser's and Node's `fetch` fit it as they are; tests and the CLI can
 * pass a file reader or a stand-in server's client instead.
 */
export interface FetchResponseLike {
  ok: boolean;
  status: number;
  statusText?: string;
  headers: { get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
}

export interface FetchInitLike {
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export type FetchLike = (url: string, init?: FetchInitLike) => Promise<FetchResponseLike>;

/** `base` + `file`, for absolute URLs and for paths relative to the page alike. */
export function joinUrl(base: string, file: string): string {
  return base.endsWith('/') ? base + file : `${base}/${file}`;
}
