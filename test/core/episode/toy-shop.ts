import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builderFiles } from '../../../src/node/deps-cli';
import { FIXTURES, TOY_SHOP } from '../../data';

export { FIXTURES, TOY_SHOP };

/** A writable copy of the toy-shop fixture in a temp folder (the fixture itself is read-only and shared). */
export function copyToyShop(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'hgym-toy-'));
  cpSync(TOY_SHOP, dir, { recursive: true });
  execFileSync('chmod', ['-R', 'u+w', dir]);
  chmodSync(dir, 0o755);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function toyShopFiles(): Promise<{ path: string; text: string }[]> {
  return builderFiles(TOY_SHOP);
}
