/**
 * Serves an Apollo Server over HTTP on Fastify: /graphql, liveness and readiness, CORS for Apollo Sandbox
 * and local tools, a bounded request body, internal failures answered without their raw message, and a
 * stop that drains requests in flight within a bounded time. Limits and rate limiting plug in as Fastify
 * plugins here.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServer, BaseContext } from '@apollo/server';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import fastifyCors from '@fastify/cors';
import Fastify, { type FastifyInstance } from 'fastify';
import { type MetricsAccess, mayScrape } from './metrics.ts';
import {
  linkContext,
  loggedName,
  type Observability,
  observabilityOf,
  REQUEST_ID_HEADER,
  recordingPlugin,
  requestIdFrom,
  requestOf,
  saneRequestId,
  startRecord,
} from './requests.ts';
import { isProduction } from './secrets.ts';
import { contextFromHeaders, endSpan, context as otelContext, SpanKind, trace, tracerOf, tracingOn } from './tracing.ts';

export interface ServeOptions<C extends BaseContext> {
  port: number;
  host?: string;
  /** Builds the per-request context (fresh loaders, the caller's identity) from the raw request. */
  context: (req: IncomingMessage) => Promise<C>;
  /**
   * What GET /health/ready checks, by name (a subgraph: its database; the gateway: each subgraph): each
   * resolves true when that dependency answers. Ready when all do (none: ready while it listens).
   */
  dependencies?: () => Record<string, Promise<boolean>>;
  /**
   * True for a service that still serves part of its answers while some dependencies are down (the
   * gateway: the other subgraphs' fields): it stays ready, saying `degraded`, while any one answers.
   */
  servesPartially?: boolean;
  /**
   * Extra fields of the readiness answer, read before the checks run (so a check's own work shows in the
   * next answer, not this one): a subgraph's running SQL statement count, for the benchmark.
   */
  healthDetails?: () => Record<string, unknown>;
  /** Browser origins allowed to call, besides pages served from localhost. */
  corsOrigins?: readonly string[];
  /** Hooks and plugins that run before GraphQL (the gateway's identity check and rate limit). */
  setup?: (app: FastifyInstance) => Promise<void>;
  /** The largest request body read, in bytes: the public limit, BODY_LIMIT_BYTES, unless the service says otherwise (a subgraph's is larger). */
  bodyLimitBytes?: number;
  /** Its logger and metrics: by default those its builder named (requests.ts: observe), or quiet ones. */
  observability?: Observability;
  /** Who may read /metrics (metrics.ts); by default anyone outside production, and no one in it without a token. */
  metricsAccess?: MetricsAccess;
  /**
   * True for a subgraph: its callers are the gateway and its peers, which send their own request's id on
   * (x-request-id), so one id follows a request everywhere. False for the gateway, the public entry: it makes
   * every id itself, so no client can give two requests one id in the logs and the audit log, and logs a
   * client's own id beside it (`clientRequestId`).
   */
  keepsCallerRequestId?: boolean;
}

/** Apollo Sandbox, where analysts explore the graph. */
export const SANDBOX_ORIGIN = 'https://studio.apollographql.com';

/** A client's GraphQL request larger than this is refused with 413 before it is parsed. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** GraphQL over HTTP's own media type for answers (https://graphql.github.io/graphql-over-http/draft/). */
const GRAPHQL_RESPONSE_TYPE = 'application/graphql-response+json';

const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

export interface Listening {
  url: string;
  port: number;
  app: FastifyInstance;
  /** GraphQL requests received so far (tests count them to prove a request never reached a subgraph). */
  requests: { count: number };
  /**
   * Drains: readiness answers 503 at once, no new connection is accepted, requests in flight finish; those
   * still running after `graceMs` (default SHUTDOWN_GRACE_MS) are cut. Then the Apollo Server stops.
   */
  stop(graceMs?: number): Promise<void>;
}

/** How long a stop waits for requests in flight before it cuts their connections. */
export const SHUTDOWN_GRACE_MS = 10_000;

/** A readiness check that has not answered in this long counts as failed: readiness never hangs. */
const CHECK_TIMEOUT_MS = 2000;

/** A dependency's check, false when it fails or does not answer within CHECK_TIMEOUT_MS. */
function checked(check: Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
  });
  return Promise.race([check.catch(() => false), late]).finally(() => clearTimeout(timer));
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

/**
 * Serves an Apollo Server at /graphql, plus two health answers that need no identity:
 * - GET /health/live: 200 while the process answers at all (restart it when this fails);
 * - GET /health/ready: 200 when every dependency answers, 503 naming those that do not (a service that
 *   serves partially: 200 `degraded` while any answers), and 503 while draining (send it requests only
 *   when this answers 200).
 * Nothing else answers but 404.
 */
export async function serve<C extends BaseContext>(server: ApolloServer<C>, options: ServeOptions<C>): Promise<Listening> {
  const bodyLimit = options.bodyLimitBytes ?? BODY_LIMIT_BYTES;
  const { service, logger, metrics } = options.observability ?? observabilityOf(server);
  const observability = { service, logger, metrics };
  // Fastify's own request id is ours: made here, or the caller's (a subgraph's callers), when sane (requests.ts).
  const app = Fastify({
    bodyLimit,
    genReqId: (req) => (options.keepsCallerRequestId ? requestIdFrom(req.headers[REQUEST_ID_HEADER]) : randomUUID()),
  });
  server.addPlugin(recordingPlugin<C>(observability));
  await server.start();
  let draining = false;
  await app.register(fastifyCors, corsOptions(options.corsOrigins ?? [SANDBOX_ORIGIN]));
  app.addHook('onSend', async (request, reply) => {
    if (request.headers['access-control-request-private-network']) reply.header('access-control-allow-private-network', 'true');
    // Draining: the connection closes after this answer instead of waiting, kept alive, for the grace to end.
    if (draining) reply.header('connection', 'close');
  });
  const requests = { count: 0 };
  const tracer = tracerOf(service);
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    if (!request.url.startsWith('/graphql') || request.method === 'OPTIONS') return;
    requests.count += 1;
    const record = startRecord(request.raw, request.id);
    // The caller's trace (the gateway's fetch span, through traceparent) continues here; tracing off: no span.
    if (tracingOn())
      record.span = tracer.startSpan(
        'graphql.request',
        {
          kind: SpanKind.SERVER,
          attributes: { 'cq.service': service, 'cq.request_id': request.id, 'http.request.method': request.method },
        },
        contextFromHeaders(request.headers),
      );
  });
  // One line and one count per GraphQL request, once its answer is sent (status known, time complete).
  app.addHook('onResponse', async (request, reply) => {
    const record = requestOf(request.raw);
    if (!record) return;
    const status = reply.statusCode;
    const operation = metrics.operationOf(record);
    metrics.recordRequest(operation, status, reply.elapsedTime / 1000, record.errors);
    const clientRequestId = options.keepsCallerRequestId ? undefined : saneRequestId(request.headers[REQUEST_ID_HEADER]);
    logger.info(
      {
        requestId: record.id,
        ...(clientRequestId ? { clientRequestId } : {}),
        operation: loggedName(record.operation),
        status,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
        ...(record.errors.length ? { errors: record.errors } : {}),
      },
      'request',
    );
    if (record.span) {
      record.span.updateName(`graphql ${operation}`);
      record.span.setAttributes({ 'graphql.operation.name': operation, 'http.response.status_code': status });
      endSpan(record.span, status >= 500 ? `HTTP ${status}` : undefined);
    }
  });
  await options.setup?.(app);
  app.get('/health/live', async () => ({ status: 'live' }));
  const access = options.metricsAccess ?? { openWithoutToken: !isProduction() };
  app.get('/metrics', async (request, reply) => {
    if (!mayScrape(access, request.headers.authorization))
      return reply
        .code(403)
        .send({ error: 'Metrics are for the configured scraper only: it sends METRICS_TOKEN as a bearer token (required in production).' });
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.get('/health/ready', async (_, reply) => {
    if (draining) return reply.code(503).send({ status: 'draining' });
    const details = options.healthDetails?.() ?? {};
    const checks = Object.entries(options.dependencies?.() ?? {});
    const answers = await Promise.all(checks.map(([, check]) => checked(check)));
    const all = answers.every(Boolean);
    const ready = all || (Boolean(options.servesPartially) && answers.some(Boolean));
    const dependencies = Object.fromEntries(checks.map(([name], i) => [name, answers[i] ? 'up' : 'down']));
    const status = all ? 'ready' : ready ? 'degraded' : 'unavailable';
    return reply.code(ready ? 200 : 503).send({ status, dependencies, ...details });
  });
  app.setNotFoundHandler((request, reply) =>
    request.url.split('?')[0] === '/graphql'
      ? reply
          .code(405)
          .header('allow', 'GET, POST')
          .send({ errors: [{ message: `GraphQL is asked with GET or POST, not ${request.method}.`, extensions: { code: 'BAD_REQUEST' } }] })
      : reply.code(404).send({ error: 'Not found: the API is at /graphql.' }),
  );
  // A failure outside GraphQL (a body too large, malformed JSON, a media type not served, a bug) keeps its
  // status but not its details, in the media type the client asked for (GraphQL over HTTP: a client that
  // accepts application/graphql-response+json gets it).
  app.setErrorHandler((error: { statusCode?: number; message?: string; retryAfterSeconds?: number }, request, reply) => {
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) logger.error({ requestId: request.id, err: error }, 'internal error outside GraphQL');
    if (String(request.headers.accept ?? '').includes(GRAPHQL_RESPONSE_TYPE)) reply.type(`${GRAPHQL_RESPONSE_TYPE}; charset=utf-8`);
    if (status === 429) {
      const extensions = { code: 'RATE_LIMITED', retryAfterSeconds: error.retryAfterSeconds };
      return reply.code(429).send({ errors: [{ message: error.message, extensions }] });
    }
    const message =
      status === 413
        ? `The request body is larger than ${bodyLimit} bytes.`
        : status === 415
          ? `Content-Type ${request.headers['content-type'] ?? '(none)'} is not served: send a GraphQL request as application/json, or a query by GET.`
          : status === 500
            ? 'Internal error: the failure is logged on the server.'
            : 'The request could not be read: send a GraphQL request as JSON.';
    return reply
      .code(status)
      .send({ errors: [{ message, extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' } }] });
  });
  const handler = fastifyApolloHandler(server, {
    context: async (request) => {
      const context = await options.context(request.raw);
      linkContext(context, requestOf(request.raw));
      return context;
    },
  });
  app.route({
    method: ['GET', 'POST', 'OPTIONS'],
    url: '/graphql',
    // With tracing on, GraphQL runs inside the request's span: Apollo Gateway's spans, SQL and peer calls nest under it.
    handler(request, reply) {
      const span = requestOf(request.raw)?.span;
      const run = () => handler.call(this, request as Parameters<typeof handler>[0], reply as Parameters<typeof handler>[1]);
      return span ? otelContext.with(trace.setSpan(otelContext.active(), span), run) : run();
    },
  });
  await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}/graphql`,
    port,
    app,
    requests,
    async stop(graceMs = SHUTDOWN_GRACE_MS) {
      draining = true;
      // Fastify's close stops accepting connections, closes idle ones and waits for requests in flight.
      const cut = setTimeout(() => app.server.closeAllConnections(), graceMs);
      await app.close();
      clearTimeout(cut);
      await server.stop();
    },
  };
}
