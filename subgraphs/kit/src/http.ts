import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';

export interface ServeOptions<C extends BaseContext> {
  port: number;
  host?: string;
  /** Builds the per-request context (fresh loaders, the caller's identity). */
  context: (req: IncomingMessage) => Promise<C>;
  /** Answers GET /health: true when the service can serve (its database answers). */
  healthy?: () => Promise<boolean>;
  /** Browser origins allowed to call, besides pages served from localhost. */
  corsOrigins?: readonly string[];
}

/** Apollo Sandbox, where analysts explore the graph. */
export const SANDBOX_ORIGIN = 'https://studio.apollographql.com';

const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

export interface Listening {
  url: string;
  port: number;
  http: Server;
  stop(): Promise<void>;
}

/**
 * Browsers may call the hub from Apollo Sandbox or from a tool served on localhost; other origins get no
 * CORS headers, so their pages cannot read answers. Apollo Server's CSRF prevention still refuses simple
 * requests that lack a JSON content type or an `apollo-require-preflight` header.
 */
function setCors(req: IncomingMessage, res: ServerResponse, allowed: readonly string[]) {
  const origin = req.headers.origin;
  if (!origin || !(allowed.includes(origin) || LOCAL_ORIGIN.test(origin))) return;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'origin');
  res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
  res.setHeader(
    'access-control-allow-headers',
    req.headers['access-control-request-headers'] ?? 'content-type, apollo-require-preflight',
  );
  // Chrome asks before a public site (Sandbox) may reach a server on localhost.
  if (req.headers['access-control-request-private-network']) res.setHeader('access-control-allow-private-network', 'true');
  res.setHeader('access-control-max-age', '600');
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Serves an Apollo Server at /graphql, plus /health, over plain node:http. */
export async function serve<C extends BaseContext>(server: ApolloServer<C>, options: ServeOptions<C>): Promise<Listening> {
  await server.start();
  const http = createServer(async (req, res) => {
    try {
      setCors(req, res, options.corsOrigins ?? [SANDBOX_ORIGIN]);
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method === 'OPTIONS') return void res.writeHead(204).end();
      if (url.pathname === '/health') {
        const ok = options.healthy ? await options.healthy().catch(() => false) : true;
        res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ status: ok ? 'ok' : 'unavailable' }));
      }
      if (url.pathname !== '/graphql' && url.pathname !== '/') {
        res.writeHead(404, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ error: 'Not found: the API is at /graphql.' }));
      }
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const text = await readBody(req);
      let body: unknown = text;
      if (text && headers.get('content-type')?.startsWith('application/json')) {
        try {
          body = JSON.parse(text);
        } catch {
          res.writeHead(400, { 'content-type': 'application/json' });
          return void res.end(JSON.stringify({ errors: [{ message: 'The request body is not valid JSON.' }] }));
        }
      }
      const response = await server.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
        context: () => options.context(req),
      });
      for (const [key, value] of response.headers) res.setHeader(key, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') return void res.end(response.body.string);
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: (error as Error).message }] }));
    }
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://localhost:${port}/graphql`,
    port,
    http,
    async stop() {
      await server.stop();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
