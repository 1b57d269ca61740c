/**
 * The explorers in a real browser: Debian's Chromium, headless, driven by playwright-core (which downloads
 * no browser of its own). The offline GraphiQL must load and run a saved operation with every request on
 * the gateway's own origin; Sandbox's landing page must be served at the gateway's URL with the saved
 * operations. Screenshots are written to e2e/artifacts/ (not committed) for a person to look at.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANALYST } from '@cq/kit/testing';
import { operationsDir } from '@cq/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, browser, chromiumFound, HOW_TO_INSTALL } from '../src/browser.ts';
import { type Hub, startHub } from '../src/hub.ts';

const found = chromiumFound('the browser tests');

const artifacts = ARTIFACTS;

/** The saved operations as the files hold them, read here independently of the gateway. */
const saved = readdirSync(operationsDir)
  .filter((file) => file.endsWith('.graphql'))
  .map((file) => ({ name: file.replace(/\.graphql$/, ''), text: readFileSync(operationsDir + file, 'utf8').trim() }));

describe.skipIf(!found)(`the explorers in headless Chromium (skipped when ${HOW_TO_INSTALL})`, () => {
  beforeAll(() => mkdirSync(artifacts, { recursive: true }));

  describe('the offline explorer (EXPLORER=graphiql)', () => {
    let hub: Hub;
    beforeAll(async () => {
      hub = await startHub({ explorer: 'graphiql' });
    });
    afterAll(async () => {
      await hub?.stop();
    });

    it('serves its page with a Content-Security-Policy that lets the browser reach this origin only', async () => {
      const page = await fetch(hub.url, { headers: { accept: 'text/html' } });
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("connect-src 'self'");
      // Every source the policy allows is this origin, inline styles or data: URLs: no host anywhere.
      expect(csp).not.toMatch(/https?:|\*/);
      const html = await page.text();
      for (const { name } of saved) expect(html).toContain(name);
      expect(html).not.toMatch(/<script(?![^>]*(src="\/explorer\/|type="application\/json"))/);
    });

    it('loads with every request on its own origin, runs a saved operation with a token from the headers editor, and shows the seed', async () => {
      const { context, close } = await browser();
      const requests: string[] = [];
      const problems: string[] = [];
      context.on('request', (request) => requests.push(request.url()));
      try {
        // The persistent context opens with one page: use it.
        const page = context.pages()[0] ?? (await context.newPage());
        // Each step fails in seconds, well inside the test's own time.
        page.setDefaultTimeout(10_000);
        page.on('console', (message) => {
          if (message.type() === 'error') problems.push(message.text());
        });
        page.on('pageerror', (error) => problems.push(error.message));
        const origin = new URL(hub.url).origin;
        await page.goto(`${origin}/`);
        // GET / sends the browser to the gateway's URL, where the page is.
        expect(page.url()).toBe(hub.url);

        // One tab per saved operation; the one that lists units needs a role.
        await page.getByRole('tab', { name: 'UnitsPage', exact: true }).click();
        const token = await hub.token(ANALYST);
        const headers = page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror');
        await headers.click();
        await page.keyboard.press('Control+A');
        // Typed as text, not keys: the editor would close each brace typed.
        await page.keyboard.insertText(JSON.stringify({ Authorization: `Bearer ${token}` }));
        await page.locator('.graphiql-execute-button').click();

        const result = page.locator('.graphiql-response .result-window');
        // The seed's first unit (pilots of batch 1 first, then by id): data the analyst's token let through.
        const shown = async () => (await result.textContent()) ?? '';
        await expect.poll(shown, { timeout: 10_000 }).toContain('Banan District');
        expect(await shown()).not.toContain('UNAUTHENTICATED');
        await page.screenshot({ path: join(artifacts, 'offline-explorer.png') });

        expect(requests.length).toBeGreaterThan(3);
        // data: URLs (GraphiQL's inlined fonts) never leave the page.
        const elsewhere = requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:'));
        expect(elsewhere).toEqual([]);
        expect(requests).toContain(`${origin}/explorer/graphiql.js`);
        expect(problems).toEqual([]);
      } finally {
        // What the page complained of explains a failure at any step above.
        if (problems.length) console.error(`The page reported:\n  ${problems.join('\n  ')}`);
        await close();
      }
    });
  });

  describe('the Sandbox landing page (EXPLORER=sandbox, the development default)', () => {
    let hub: Hub;
    beforeAll(async () => {
      hub = await startHub({ explorer: 'sandbox' });
    });
    afterAll(async () => {
      await hub?.stop();
    });

    it("is served at the gateway's URL, takes that URL as its endpoint, and opens with every saved operation", async () => {
      const html = await (await fetch(hub.url, { headers: { accept: 'text/html' } })).text();
      const configured = /var embeddedSandboxConfig = (\{.*\});/.exec(html)?.[1];
      const config = JSON.parse(configured ?? 'null') as { initialState: { document: string }; endpointIsEditable: boolean };
      const { document } = config.initialState;
      expect(document).toMatch(/^# Signed out/);
      expect(document).toContain('Authorization: Bearer <token>');
      expect(document).toContain('pnpm run token --role analyst');
      expect(document).toContain('As-Of: 2015-09-30');
      for (const { text } of saved) expect(document).toContain(text);
      expect(config.endpointIsEditable).toBe(false);
      // Sandbox's endpoint is the page's own address, so the page must be at the gateway's URL.
      expect(html).toContain('var initialEndpoint = window.location.href;');

      const { context, close } = await browser();
      try {
        // No network here reaches Apollo's CDN, and none should be tried: the assertions are on what the
        // gateway serves; the screenshot shows Apollo's own fallback ("Apollo Sandbox cannot be loaded").
        const origin = new URL(hub.url).origin;
        await context.route('**/*', (route) => (route.request().url().startsWith(`${origin}/`) ? route.continue() : route.abort()));
        const page = context.pages()[0] ?? (await context.newPage());
        await page.goto(`${origin}/`);
        expect(page.url()).toBe(hub.url);
        expect(await page.evaluate(() => window.location.href)).toBe(hub.url);
        expect(await page.getByText('Apollo Sandbox cannot be loaded').count()).toBe(1);
        // The fallback fades in after a second: the screenshot shows it at the end of its animation.
        await page.screenshot({ path: join(artifacts, 'sandbox-landing.png'), animations: 'disabled' });
      } finally {
        await close();
      }
    });
  });
});
