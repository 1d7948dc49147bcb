#!/usr/bin/env node
// The `hgym` command: runs the CLI built into build/cli/ by scripts/build-cli.mjs (on install), rebuilding it first
// when a source file changed since, so every run is plain JavaScript and the same source as the app's core.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildCli, cliIsStale, CLI_DIR } from '../scripts/build-cli.mjs';

if (cliIsStale()) await buildCli();
const { main } = await import(pathToFileURL(join(CLI_DIR, 'hgym.mjs')).href);
process.exitCode = await main(process.argv.slice(2));
