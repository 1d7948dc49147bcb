// @ts-expect-error -- a plain ES module script without types
import { buildCli, cliIsStale } from '../scripts/build-cli.mjs';

/** The CLI tests run `node bin/hgym.mjs` in parallel: the build they share is brought up to date once, first. */
export default async function setup(): Promise<void> {
  if ((cliIsStale as () => boolean)()) await (buildCli as () => Promise<string>)();
}
