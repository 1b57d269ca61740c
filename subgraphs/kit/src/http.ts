/**
 * Serves an Apollo Server over HTTP on Fastify: /graphql, /health, CORS for Apollo Sandbox and local
 * tools, a bounded request body, and internal failures answered without their raw message. Limits, rate
 * limiting, metrics and graceful shutdown plug in as Fastify plugins here.
 */
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServer, BaseContext } from '@apollo/server';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import fastifyCors from '@fastify/cors';
import Fastify, { type FastifyInstance } from 'fastify';

export interface ServeOptions<C extends BaseContext> {
  port: number;
  host?: string;
  /** Builds the per-request context (fresh loaders, the caller's identity) from the raw request. */
  context: (req: IncomingMessage) => Promise<C>;
  /** Answers GET /health: true when the service can serve (its database answers). */
  healthy?: () => Promise<boolean>;
  /**
   * Extra fields of the /health answer, read before the health check runs (so the check's own work shows
   * in the next answer, not this one): a subgraph's running SQL statement count, for the benchmark.
   */
  healthDetails?: () => Record<string, unknown>;
  /** Browser origins allowed to call, besides pages served from localhost. */
  corsOrigins?: readonly string[];
  /** Hooks and plugins that run before GraphQL (the gateway's identity check and rate limit). */
  setup?: (app: FastifyInstance) => Promise<void>;
  /** The largest request body read, in bytes: the public limit, BODY_LIMIT_BYTES, unless the service says otherwise (a subgraph's is larger). */
  bodyLimitBytes?: number;
}

/** Apollo Sandbox, where analysts explore the graph. */
export const SANDBOX_ORIGIN = 'https://studio.apollographql.com';

/** A client's GraphQL request larger than this is refused with 413 before it is parsed. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

export interface Listening {
  url: string;
  port: number;
  app: FastifyInstance;
  /** GraphQL requests received so far (tests count them to prove a request never reached a subgraph). */
  requests: { count: number };
  stop(): Promise<void>;
}

/**
 * Browsers may call the hub from Apollo Sandbox or from a tool served on localhost; other origins get no
 * CORS headers, so their pages cannot read answers. Apollo Server's CSRF prevention still refuses simple
 * requests that lack a JSON content type or an `apollo-require-preflight` header.
 */
function corsOptions(allowed: readonly string[]) {
  return {
    origin: (origin: string | undefined, callback: (error: Error | null, allow: boolean) => void) =>
      callback(null, Boolean(origin && (allowed.includes(origin) || LOCAL_ORIGIN.test(origin)))),
    methods: ['GET', 'POST', 'OPTIONS'],
    maxAge: 600,
    // Chrome asks before a public site (Sandbox) may reach a server on localhost.
    strictPreflight: false,
  };
}

/** Serves an Apollo Server at /graphql, plus /health; nothing else answers but 404. */
export async function serve<C extends BaseContext>(server: ApolloServer<C>, options: ServeOptions<C>): Promise<Listening> {
  const bodyLimit = options.bodyLimitBytes ?? BODY_LIMIT_BYTES;
  const app = Fastify({ bodyLimit });
  server.addPlugin(fastifyApolloDrainPlugin(app));
  await server.start();
  await app.register(fastifyCors, corsOptions(options.corsOrigins ?? [SANDBOX_ORIGIN]));
  app.addHook('onSend', async (request, reply) => {
    if (request.headers['access-control-request-private-network']) reply.header('access-control-allow-private-network', 'true');
  });
  const requests = { count: 0 };
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/graphql')) requests.count += 1;
  });
  await options.setup?.(app);
  app.get('/health', async (_, reply) => {
    const details = options.healthDetails?.() ?? {};
    const ok = options.healthy ? await options.healthy().catch(() => false) : true;
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', ...details });
  });
  app.setNotFoundHandler((_, reply) => reply.code(404).send({ error: 'Not found: the API is at /graphql.' }));
  // A failure outside GraphQL (a body too large, malformed JSON, a bug) keeps its status but not its details.
  app.setErrorHandler((error: { statusCode?: number; message?: string; retryAfterSeconds?: number }, _, reply) => {
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) console.error(error);
    if (status === 429) {
      const extensions = { code: 'RATE_LIMITED', retryAfterSeconds: error.retryAfterSeconds };
      return reply.code(429).send({ errors: [{ message: error.message, extensions }] });
    }
    const message =
      status === 413
        ? `The request body is larger than ${bodyLimit} bytes.`
        : status === 500
          ? 'Internal error: the failure is logged on the server.'
          : 'The request could not be read: send a GraphQL request as JSON.';
    return reply
      .code(status)
      .send({ errors: [{ message, extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' } }] });
  });
  await app.register(fastifyApollo(server), { path: '/graphql', context: async (request) => options.context(request.raw) });
  await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}/graphql`,
    port,
    app,
    requests,
    async stop() {
      // Closing Fastify drains and stops the Apollo Server (the drain plugin), then closes connections.
      app.server.closeAllConnections();
      await app.close();
      await server.stop();
    },
  };
}
