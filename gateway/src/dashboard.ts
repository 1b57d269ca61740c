/**
 * The programme dashboard at /dashboard: a static page whose script (dashboard-client.ts, with Apache
 * ECharts) is bundled from node_modules by esbuild when the gateway starts (about 0.2 s; 0.6 MB of script,
 * 0.2 MB gzipped; nothing committed, nothing downloaded) and served from the gateway's own origin. It is served whenever
 * the gateway runs, in development and production alike: the page holds no data, and everything it shows
 * comes from /graphql with the token the viewer pastes into it, as that viewer's role.
 */
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type BrowserFile, browserFile, bundleForBrowser, sendBrowserFile } from './browser-files.ts';
import { dashboardCss, dashboardPage } from './dashboard-page.ts';

/**
 * The page's Content-Security-Policy: script, style and requests from this origin only, no inline script,
 * no form posting anywhere (uploads and downloads go through fetch), no framing. ECharts sets element styles
 * through the DOM, which the policy allows; a blob: URL carries an exported file to the browser's download.
 */
export const dashboardCsp = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const CLIENT = fileURLToPath(new URL('./dashboard-client.ts', import.meta.url));

let built: Promise<Map<string, BrowserFile>> | undefined;

/** The page, its script and its style, built once per process (the same for every gateway it starts). */
export function dashboardAssets(): Promise<Map<string, BrowserFile>> {
  built ??= (async () => {
    const files = await bundleForBrowser('dashboard', CLIENT);
    files.set('index.html', browserFile('text/html; charset=utf-8', dashboardPage()));
    files.set('dashboard.css', browserFile('text/css; charset=utf-8', dashboardCss));
    return files;
  })();
  return built;
}

/** GET /dashboard (the page) and GET /dashboard/<file> (its script and style). */
export async function serveDashboard(app: FastifyInstance): Promise<void> {
  const assets = await dashboardAssets();
  const send = (name: string, request: FastifyRequest, reply: FastifyReply) => {
    const file = assets.get(name);
    if (!file) return reply.callNotFound();
    if (name === 'index.html') reply.header('content-security-policy', dashboardCsp).header('referrer-policy', 'no-referrer');
    return sendBrowserFile(request, reply, file);
  };
  app.get('/dashboard', (request, reply) => send('index.html', request, reply));
  app.get('/dashboard/', (_, reply) => reply.redirect('/dashboard', 302));
  app.get('/dashboard/:file', (request, reply) => {
    const { file } = request.params as { file: string };
    return file === 'index.html' ? reply.callNotFound() : send(file, request, reply);
  });
}
