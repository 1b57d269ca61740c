/**
 * The browser pages the gateway serves itself (the offline explorer, the dashboard): their code bundled from
 * node_modules by esbuild when the gateway starts (nothing committed, nothing downloaded), and served from
 * the gateway's own origin, gzipped when the browser takes it, revalidated by ETag.
 */
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** One file the gateway serves, with its gzipped body and its ETag. */
export interface BrowserFile {
  type: string;
  body: Buffer;
  gzipped: Buffer;
  etag: string;
}

export const browserFile = (type: string, body: Buffer | string): BrowserFile => {
  const bytes = Buffer.from(body);
  return {
    type,
    body: bytes,
    gzipped: gzipSync(bytes),
    etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}"`,
  };
};

const TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

/**
 * Bundles one browser entry (a .ts file beside this one) into its script and, when it imports style
 * sheets, its style, named `<name>.js` and `<name>.css`. esbuild is imported only here, when a page is
 * served: the production bundle keeps it external (scripts/build.ts), as it runs its own binary.
 */
export async function bundleForBrowser(
  name: string,
  entry: string,
  options: { define?: Record<string, string>; loader?: Record<string, 'dataurl'> } = {},
): Promise<Map<string, BrowserFile>> {
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: dirname(entry),
    entryPoints: { [name]: entry },
    outdir: name,
    write: false,
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome109', 'firefox115', 'safari16'],
    logLevel: 'silent',
    ...options,
  });
  const files = new Map<string, BrowserFile>();
  for (const file of result.outputFiles) {
    const fileName = file.path.split('/').pop() ?? '';
    const type = TYPES[fileName.split('.').pop() ?? ''];
    if (type) files.set(fileName, browserFile(type, Buffer.from(file.contents)));
  }
  if (!files.has(`${name}.js`)) throw new Error(`The ${name} bundle has no ${name}.js.`);
  return files;
}

/**
 * Answers a served file: built anew at each start, so the browser asks again each time (no-cache) and gets
 * 304 while nothing changed; gzipped for a browser that takes it.
 */
export function sendBrowserFile(request: FastifyRequest, reply: FastifyReply, file: BrowserFile): FastifyReply {
  reply
    .header('content-type', file.type)
    .header('cache-control', 'no-cache')
    .header('etag', file.etag)
    .header('vary', 'accept-encoding')
    .header('x-content-type-options', 'nosniff');
  if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
  const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  return gzip ? reply.header('content-encoding', 'gzip').send(file.gzipped) : reply.send(file.body);
}
