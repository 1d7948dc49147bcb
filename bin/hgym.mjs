#!/usr/bin/env node
// The `hgym` command: runs the TypeScript CLI through tsx's loader, so the CLI is the same source as the app's core.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
