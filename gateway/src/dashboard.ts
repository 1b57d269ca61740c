/**
 * The programme dashboard at /dashboard: a static page whose script (dashboard-client.ts, with Apache
 * ECharts) is bundled from node_modules by esbuild when the gateway starts (about 0.2 s; 0.6 MB of script,
 * 0.2 MB gzipped; nothing committed, nothing downloaded) and served from the gateway's own origin. It is served whenever
 * the gateway runs, in development and production alike: the page holds no data, and everything it shows
 * comes from /graphql with the token the viewer pastes into it, as that viewer's role.
 */
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
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

interface Asset {
  type: string;
  body: Buffer;
  gzipped: Buffer;
  etag: string;
}

const asset = (type: string, body: Buffer): Asset => ({
  type,
  body,
  gzipped: gzipSync(body),
  etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
});

const CLIENT = fileURLToPath(new URL('./dashboard-client.ts', import.meta.url));

let built: Promise<Map<string, Asset>> | undefined;

/** The page, its script and its style, built once per process (the same for every gateway it starts). */
export function dashboardAssets(): Promise<Map<string, Asset>> {
  built ??= (async () => {
    // The production bundle keeps esbuild external (scripts/build.ts): it runs its own binary.
    const { build } = await import('esbuild');
    const result = await build({
      absWorkingDir: dirname(CLIENT),
      entryPoints: { dashboard: CLIENT },
      outdir: 'dashboard',
      write: false,
      bundle: true,
      minify: true,
      format: 'iife',
      platform: 'browser',
      target: ['chrome109', 'firefox115', 'safari16'],
      logLevel: 'silent',
    });
    const script = result.outputFiles.find((file) => file.path.endsWith('.js'));
    if (!script) throw new Error('The dashboard bundle has no dashboard.js.');
    return new Map([
      ['index.html', asset('text/html; charset=utf-8', Buffer.from(dashboardPage()))],
      ['dashboard.js', asset('text/javascript; charset=utf-8', Buffer.from(script.contents))],
      ['dashboard.css', asset('text/css; charset=utf-8', Buffer.from(dashboardCss))],
    ]);
  })();
  return built;
}

/** GET /dashboard (the page) and GET /dashboard/<file> (its script and style). */
export async function serveDashboard(app: FastifyInstance): Promise<void> {
  const assets = await dashboardAssets();
  const send = (
    name: string,
    request: { headers: Record<string, string | string[] | undefined> },
    reply: import('fastify').FastifyReply,
  ) => {
    const file = assets.get(name);
    if (!file) return reply.callNotFound();
    // Built anew at each start: the browser asks again each time and gets 304 while nothing changed.
    reply
      .header('content-type', file.type)
      .header('cache-control', 'no-cache')
      .header('etag', file.etag)
      .header('vary', 'accept-encoding')
      .header('x-content-type-options', 'nosniff');
    if (name === 'index.html') reply.header('content-security-policy', dashboardCsp).header('referrer-policy', 'no-referrer');
    if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
    const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
    return gzip ? reply.header('content-encoding', 'gzip').send(file.gzipped) : reply.send(file.body);
  };
  app.get('/dashboard', (request, reply) => send('index.html', request, reply));
  app.get('/dashboard/', (_, reply) => reply.redirect('/dashboard', 302));
  app.get('/dashboard/:file', (request, reply) => {
    const { file } = request.params as { file: string };
    return file === 'index.html' ? reply.callNotFound() : send(file, request, reply);
  });
}
