import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

/** Where screenshots of each screen go (not committed). */
export const SHOTS_DIR = resolve('test-results', 'screenshots');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Console errors and page errors seen so far: a test fails on unexpected ones. */
  errors: string[];
  /** Console warnings seen so far (CodeMirror warns of its own layout retries while the editor is typed into). */
  warnings: string[];
  close(): Promise<void>;
}

/** A fresh Chromium with its own profile (so IndexedDB starts empty) and one page. */
export async function openBrowser(viewport = { width: 1280, height: 800 }): Promise<Session> {
  const profile = mkdtempSync(join(tmpdir(), 'hgym-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  const warnings: string[] = [];
  watchErrors(page, errors, warnings);
  return {
    context,
    page,
    errors,
    warnings,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Collects the page's console errors and uncaught errors into `errors`, and its console warnings into `warnings`
 * (a test opening another tab watches it too).
 */
export function watchErrors(page: Page, errors: string[], warnings?: string[]): void {
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    if (m.type() === 'warning') warnings?.push(`console: ${m.text()}`);
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SHOTS_DIR, `${name}.png`), fullPage: false });
}

/**
 * Screenshots of what is on screen at a phone's width and a laptop's, light and dark (`NAME-390-light.png` …), for
 * a person to look at, scrolled to `show` when given; the viewport and colour scheme are put back afterwards.
 */
export async function screenshotWidths(page: Page, name: string, show?: Locator): Promise<void> {
  const viewport = page.viewportSize();
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: width < 600 ? 844 : 800 });
    await show?.evaluate((e) => e.scrollIntoView({ block: 'start' }));
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await screenshot(page, `${name}-${width}-${scheme}`);
    }
  }
  await page.emulateMedia({ colorScheme: null });
  if (viewport) await page.setViewportSize(viewport);
}
