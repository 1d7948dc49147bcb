import { unzipSync } from 'fflate';

/** An embedded sample, as scripts/make-samples.mjs lists it in public/samples/index.json. */
export interface SampleInfo {
  id: string;
  name: string;
  repo: string;
  language: 'python' | 'javascript' | 'typescript';
  description: string;
  files: number;
  lines: number;
  bytes: number;
  zip: string;
}

const base = () => new URL('samples/', document.baseURI).href;

export async function fetchSamples(): Promise<SampleInfo[]> {
  const res = await fetch(new URL('index.json', base()));
  if (!res.ok) throw new Error(`The sample list could not be loaded (HTTP ${res.status}).`);
  return ((await res.json()) as { samples: SampleInfo[] }).samples;
}

export async function fetchSampleFiles(sample: SampleInfo): Promise<{ path: string; text: string }[]> {
  const res = await fetch(new URL(sample.zip, base()));
  if (!res.ok) throw new Error(`The ${sample.name} sample could not be loaded (HTTP ${res.status}).`);
  const entries = unzipSync(new Uint8Array(await res.arrayBuffer()));
  const dec = new TextDecoder();
  return Object.entries(entries)
    .filter(([p]) => !p.endsWith('/'))
    .map(([path, bytes]) => ({ path, text: dec.decode(bytes) }))
    .sort((a, b) => (a.path < b.path ? -1 : 1));
}
