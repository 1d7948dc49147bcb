/**
 * `npm run bench`: runs every benchmark section in turn; each prints its own small table.
 *
 *   npm run bench                       all sections
 *   npm run bench -- index              only the sections named
 *   npm run bench -- index --jedi=full  `--name=value` / `--flag` options go to every section (each reads its own)
 *
 * A new section is a module exporting a BenchSection; add it to SECTIONS below.
 */
import { agentsBench } from './agents';
import { cliBench } from './cli';
import { indexBench } from './index';
import { sandboxBench } from './sandbox';
import { shellBench } from './shell';
import type { BenchSection } from './section';
import { tasksBench } from './tasks';
import { uiBench } from './ui';

const SECTIONS: BenchSection[] = [indexBench, cliBench, tasksBench, shellBench, agentsBench, uiBench, sandboxBench];

async function main(argv: string[]): Promise<number> {
  const names = argv.filter((a) => !a.startsWith('--'));
  const options = argv.filter((a) => a.startsWith('--'));
  const chosen = names.length ? SECTIONS.filter((s) => names.includes(s.name)) : SECTIONS;
  if (names.length && chosen.length !== names.length) {
    console.error(`unknown section: ${names.filter((n) => !SECTIONS.some((s) => s.name === n)).join(', ')}; known: ${SECTIONS.map((s) => s.name).join(', ')}`);
    return 2;
  }
  let failed = 0;
  for (const section of chosen) {
    console.log(`\n=== ${section.name}: ${section.title}`);
    try {
      await section.run(options);
    } catch (err) {
      failed++;
      console.error(`${section.name} failed: ${(err as Error).message}`);
    }
  }
  return failed ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
