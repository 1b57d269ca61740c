import type { IncomingMessage } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ANONYMOUS, secretKey, type Viewer } from '@cq/kit/identity';
import { defaultLogger, type Logger } from '@cq/kit/log';
import { ServiceMetrics } from '@cq/kit/metrics';
import type { Moment } from '@cq/kit/moment';
import type { NatsSettings } from '@cq/kit/nats';
import { observe, requestOf } from '@cq/kit/requests';
import type { FastifyInstance } from 'fastify';
import type { GraphQLError } from 'graphql';
import type { IdentityOf } from './auth.ts';
import { serveDashboard } from './dashboard.ts';
import { type CallPolicy, DEFAULT_CALL_POLICY, SubgraphDataSource } from './data-source.ts';
import { type ExplorerChoice, landingPage, serveExplorer } from './explorer.ts';
import { inputGuard } from './input.ts';
import { serveInventoryImport } from './inventory-http.ts';
import { actsAsCaller, limitCode, operationLimits, rateLimit } from './limits.ts';
import { operationMoment } from './moment.ts';
import { type ReloadEvent, reloadingSupergraph } from './reload.ts';
import { serveReports } from './reports-http.ts';
import { serveSubscriptions } from './subscriptions.ts';
import { withoutSecurityFeatures } from './supergraph.ts';

/** What the gateway knows of a request: who is asking, verified; the subgraphs get it signed. */
export interface GatewayContext {
  viewer: Viewer;
  /** The operation's one moment (moment.ts), settled before any subgraph is called. */
  moment?: Moment;
  /** The signed identity and moment for this request's subgraph calls, made once when the first call needs it. */
  subgraphToken?: Promise<string>;
  /** The request's id (x-request-id), sent on every subgraph call. */
  requestId?: string;
}

export interface GatewayOptions {
  /** The composed supergraph (schema/supergraph.graphql): production gateways never compose at run time. */
  supergraphSdl: string;
  /**
   * The file the supergraph was read from: given, the gateway loads each new version of it (reload.ts);
   * `onReload` hears each reload (by default it is logged).
   */
  supergraphPath?: string;
  onReload?: (event: ReloadEvent) => void;
  /** Where each subgraph answers; overrides the URLs written into the supergraph. */
  subgraphUrls: Partial<Record<string, string>>;
  /** The secret shared with the subgraphs, to sign the identity passed on. */
  subgraphSecret: string;
  production?: boolean;
  introspection?: boolean;
  /** Each subgraph's timeout and retries (data-source.ts), by name; DEFAULT_CALL_POLICY for the others. */
  callPolicies?: Partial<Record<string, CallPolicy>>;
  /** The page a browser gets at the gateway's URL (explorer.ts): the same choice as gatewayHttp's (config.ts decides). */
  explorer: ExplorerChoice;
  /** Where it logs (kit/log.ts); by default as LOG_LEVEL and LOG_FORMAT say (quiet under vitest). */
  logger?: Logger;
  /** Its metrics, served at /metrics, subgraph calls included; by default a registry of its own. */
  metrics?: ServiceMetrics;
}

/** The gateway's Apollo Server; it does not listen (see index.ts). */
export function buildGateway({
  supergraphSdl,
  supergraphPath,
  onReload,
  subgraphUrls,
  subgraphSecret,
  production = false,
  introspection = !production,
  callPolicies = {},
  explorer,
  logger = defaultLogger('gateway'),
  metrics = new ServiceMetrics('gateway'),
}: GatewayOptions): ApolloServer<GatewayContext> {
  const key = secretKey(subgraphSecret);
  const reloaded = onReload ?? ((event: ReloadEvent) => logReload(logger, event));
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphPath ? reloadingSupergraph(supergraphPath, supergraphSdl, reloaded) : withoutSecurityFeatures(supergraphSdl),
    buildService: ({ name, url }) => {
      const target = subgraphUrls[name] ?? url;
      if (!target) throw new Error(`The supergraph gives subgraph ${name} no URL; set ${name.toUpperCase()}_URL.`);
      return new SubgraphDataSource(name, target, key, callPolicies[name] ?? DEFAULT_CALL_POLICY, metrics);
    },
  });
  const limits = operationLimits(production);
  const server = new ApolloServer<GatewayContext>({
    gateway,
    introspection,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    // Signals are handled once, by stopOnSignal (kit/shutdown.ts), which drains the HTTP server first.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    parseOptions: limits.parseOptions,
    formatError: limitCode,
    plugins: [
      ...limits.plugins,
      // Texts no field may take and operations that cannot be chosen, refused before any subgraph is asked.
      inputGuard<GatewayContext>(),
      operationMoment<GatewayContext>(),
      // Analysts explore the graph at the gateway's own URL, in Sandbox or the offline GraphiQL (explorer.ts).
      landingPage(explorer),
    ],
  });
  observe(server, { service: 'gateway', logger, metrics });
  return server;
}

/** A reload of the supergraph, in the gateway's log. */
const logReload = (logger: Logger, event: ReloadEvent) =>
  event.loaded
    ? logger.info({ path: event.path }, `gateway: loaded the new supergraph from ${event.path}`)
    : logger.error(
        { path: event.path, reason: event.reason },
        `gateway: kept the supergraph it serves; the new ${event.path} was refused: ${event.reason}`,
      );

export interface GatewayHttpOptions {
  identityOf: IdentityOf;
  /** The secret shared with the subgraphs: the gateway reads their event logs as a service of the hub. */
  subgraphSecret: string;
  /** NATS JetStream, where the subgraphs' events are followed from (subscriptions.ts); their feeds without it. */
  nats?: NatsSettings;
  /** Where the subscriptions' follower logs (by default as LOG_LEVEL and LOG_FORMAT say). */
  logger?: Logger;
  /** Where each subgraph's event log is read, by its GraphQL URL; `subgraphUrls` by default. */
  eventSourceUrls?: Record<string, string>;
  /** The gateway's metrics (buildGateway's): the subscriptions open are counted there. */
  metrics?: ServiceMetrics;
  /** Where each subgraph answers GraphQL: the gateway is ready when each one's /health/ready answers 200. */
  subgraphUrls: Record<string, string>;
  rateLimitPerMinute: number;
  redisUrl?: string;
  /** The explorer chosen for buildGateway: its page's redirect, assets and Content-Security-Policy (explorer.ts). */
  explorer: ExplorerChoice;
}

/**
 * The gateway's HTTP setup, before GraphQL: the caller's token is verified once per request (a bad token
 * is refused with 401 before anything else), then the rate limit counts the request against that identity.
 * Returns the context function that hands the verified identity to the gateway.
 */
export function gatewayHttp({
  identityOf,
  subgraphSecret,
  nats,
  logger = defaultLogger('gateway'),
  subgraphUrls,
  eventSourceUrls = subgraphUrls,
  metrics = new ServiceMetrics('gateway'),
  rateLimitPerMinute,
  redisUrl,
  explorer,
}: GatewayHttpOptions) {
  const viewers = new WeakMap<IncomingMessage, Viewer>();
  return {
    async setup(app: FastifyInstance) {
      app.addHook('onRequest', async (request, reply) => {
        if (!actsAsCaller(request.url) || request.method === 'OPTIONS') return;
        const refuse = (message: string) => reply.code(401).send({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
        let viewer: Viewer;
        try {
          viewer = await identityOf(request.raw);
        } catch (error) {
          return refuse((error as GraphQLError).message);
        }
        viewers.set(request.raw, viewer);
        // An upload is read only for a signed-in caller: nobody without a token makes the gateway parse a file.
        if (request.url.startsWith('/inventory/') && viewer.role === 'anonymous') {
          return refuse('An inventory is imported by a signed-in caller: send your token as Authorization: Bearer <token>.');
        }
      });
      await rateLimit(app, { perMinute: rateLimitPerMinute, redisUrl, viewerOf: (request) => viewers.get(request.raw as IncomingMessage) });
      await serveExplorer(app, explorer);
      await serveDashboard(app);
      await serveInventoryImport(app);
      await serveReports(app);
      // Subscriptions over WebSocket at /graphql: every subgraph's events, each to whoever may see it.
      serveSubscriptions(app, {
        identityOf,
        sources: Object.entries(eventSourceUrls).map(([name, url]) => ({ name, url })),
        key: secretKey(subgraphSecret),
        nats,
        logger,
        metrics,
      });
    },
    context: async (req: IncomingMessage): Promise<GatewayContext> => ({
      viewer: viewers.get(req) ?? ANONYMOUS,
      requestId: requestOf(req)?.id,
    }),
    /**
     * Readiness: each subgraph's. A subgraph that is down leaves only its own fields unanswered, so the
     * gateway stays ready (`degraded`) while any answers, and is unready only when none does.
     */
    servesPartially: true,
    dependencies: () =>
      Object.fromEntries(
        Object.entries(subgraphUrls).map(([name, url]) => [
          name,
          fetch(url.replace(/\/graphql\/?$/, '/health/ready'), { signal: AbortSignal.timeout(2000) }).then(async (response) => {
            await response.body?.cancel();
            return response.ok;
          }),
        ]),
      ),
  };
}
