import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../../src/core/index/build';
import { writeInstancesJsonl } from '../../../src/core/formats/instances-jsonl';
import { loadZipRepo } from '../../../src/core/repo';
import { generateDepSearch } from '../../../src/core/tasks/dep-search/generate';
import { generateFuncLocalize } from '../../../src/core/tasks/func-localize/generate';
import { contentFingerprint } from '../../../src/core/tasks/repo-meta';
import { loadTreeSitterNode } from '../../../src/node/wasm';
import { SAMPLES_DIR } from '../../../src/node/sample-repos';
import { FIXTURES } from '../../data';

/**
 * Generation must not change under refactoring: for every embedded sample, a fixed seed gives byte for byte the
 * instances recorded in test/fixtures/golden-instances (written by the code before the task registry existed).
 * `HGYM_WRITE_GOLDEN=1 npx vitest run test/core/tasks/golden-instances.test.ts` rewrites them, on purpose only.
 * The `-curated` files are the function-localization goldens from before the defaults became the authors'
 * selection (issue 11): the curated preset must keep giving exactly those.
 */
const GOLDEN = join(FIXTURES, 'golden-instances');
const WRITE = process.env.HGYM_WRITE_GOLDEN === '1';
const SEED = 7;
const N = 20;

const samples = (JSON.parse(readFileSync(join(SAMPLES_DIR, 'index.json'), 'utf8')) as { samples: { id: string; repo?: string; zip: string }[] }).samples;

describe('generated instances of the embedded samples match the golden files', () => {
  for (const sample of samples) {
    it(sample.id, async () => {
      const loaded = await loadZipRepo(new Uint8Array(readFileSync(join(SAMPLES_DIR, sample.zip))), sample.zip);
      if (!loaded.ok) throw new Error(loaded.error);
      const files = loaded.value.files.map((f) => ({ path: f.path, text: f.text }));
      const index = await buildIndex(files, await loadTreeSitterNode());
      const meta = { repo: sample.repo ?? sample.id, baseCommit: contentFingerprint(files) };
      const variants: Record<string, object[]> = {
        'func-localize': generateFuncLocalize(index, meta, { n: N, seed: SEED, mode: 'unmasked' }),
        'func-localize-masked': generateFuncLocalize(index, meta, { n: N, seed: SEED, mode: 'masked' }),
        'func-localize-curated': generateFuncLocalize(index, meta, { n: N, seed: SEED, mode: 'unmasked', preset: 'curated' }),
        'func-localize-masked-curated': generateFuncLocalize(index, meta, { n: N, seed: SEED, mode: 'masked', preset: 'curated' }),
        'dep-search': generateDepSearch(index, meta, { n: N, seed: SEED, includeTests: false }),
      };
      for (const [variant, instances] of Object.entries(variants)) {
        const file = join(GOLDEN, `${sample.id}.${variant}.jsonl.gz`);
        const text = writeInstancesJsonl(instances);
        if (WRITE) writeFileSync(file, gzipSync(text, { level: 9 }));
        expect(existsSync(file), `${file} is missing (HGYM_WRITE_GOLDEN=1 writes it)`).toBe(true);
        expect(text, `${sample.id} ${variant}`).toBe(gunzipSync(readFileSync(file)).toString('utf8'));
      }
    });
  }
});
