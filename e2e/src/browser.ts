/**
 * Headless Chromium for the browser tests: Debian's build (CHROMIUM_PATH, or /usr/bin/chromium), driven by
 * playwright-core, a fresh profile folder each time, and nothing running in the background that could call
 * home, so whatever requests a page makes are the page's. CI installs it (.ci/run), where a missing browser
 * fails the tests; elsewhere they are skipped, saying how to install it.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const HOW_TO_INSTALL = `no Chromium at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH`;

/** Whether the browser tests can run; in CI, false is a failure. */
export function chromiumFound(what: string): boolean {
  const found = existsSync(CHROMIUM);
  if (!found && process.env.CI) throw new Error(`The browser tests need Chromium in CI: ${HOW_TO_INSTALL}.`);
  if (!found) console.warn(`Skipping ${what}: ${HOW_TO_INSTALL}.`);
  return found;
}

/** Where the tests keep their screenshots (e2e/artifacts/, not committed). */
export const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

export async function browser(
  options: { width?: number; height?: number; acceptDownloads?: boolean } = {},
): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'cq-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: options.width ?? 1400, height: options.height ?? 900 },
    acceptDownloads: options.acceptDownloads ?? false,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
