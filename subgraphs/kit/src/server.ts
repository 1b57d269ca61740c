/**
 * A subgraph put together the same way for all four: its SDL and resolvers in an Apollo Server, its
 * database opened and migrated, fresh loaders for every request, and its errors formatted by the one
 * catalogue. `createSubgraph` builds without listening (tests); `runSubgraph` is an entry point.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { fileURLToPath } from 'node:url';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { type GraphQLFormattedError, parse } from 'graphql';
import { enforceAccess } from './access.ts';
import { auditMutations } from './audit.ts';
import { exitWith, subgraphConfig } from './config.ts';
import { type Database, type OpenDatabase, openDatabase } from './database.ts';
import { databaseRefusal, INTERNAL_MESSAGE } from './errors.ts';
import type { EventDeclarations } from './event-declarations.ts';
import { EventLog, serveEventFeed } from './event-feed.ts';
import { EventFollower } from './event-follow.ts';
import { EventRelay } from './event-relay.ts';
import type { Positions } from './events.ts';
import { BODY_LIMIT_BYTES, type Listening, serve } from './http.ts';
import { type SubgraphRequest, secretKey, subgraphRequestOf, type Viewer } from './identity.ts';
import { createLogger, defaultLogger, type Logger } from './log.ts';
import { type MetricsAccess, ServiceMetrics } from './metrics.ts';
import { askedByGateway, fragmentsOf, liveMoment, type Moment, momentOfOperation, sameMoment } from './moment.ts';
import type { NatsSettings } from './nats.ts';
import { observe, requestOf } from './requests.ts';
import { isProduction } from './secrets.ts';
import { type AskPeer, askPeerFor, type Peers } from './services.ts';
import { stopOnSignal } from './shutdown.ts';
import { startTracing } from './tracing.ts';

/**
 * Rule errors pass as they are. A database error becomes a code of the catalogue (errors.ts:
 * `databaseRefusal`); anything else is an internal error whose text stays in the server's log (written
 * with the request's id by requests.ts: recordingPlugin), never in the answer.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (code && code !== 'INTERNAL_SERVER_ERROR') return formatted;
  const cause = unwrapResolverError(error);
  const refusal = databaseRefusal(cause);
  if (refusal) return { ...formatted, message: refusal.message, extensions: { code: refusal.code } };
  return { ...formatted, message: INTERNAL_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/** buildSubgraphSchema's resolver map type, which @apollo/subgraph does not export from its entry point. */
type SubgraphResolvers = Extract<Parameters<typeof buildSubgraphSchema>[0], { typeDefs: unknown }>['resolvers'];

/** What a subgraph is made of; `createSubgraph` puts it together the same way for all four. */
export interface SubgraphDefinition<S extends Record<string, unknown>, L> {
  name: string;
  /** The subgraph's package folder, which holds its schema.graphql and its drizzle/ migrations. */
  root: URL;
  schema: S;
  /** Typed by graphql-codegen from the SDL. */
  resolvers: object;
  /**
   * Loaders for one request, reading the data as it stood at the request's moment (moment.ts): `moment.at`
   * is the instant, `moment.asOf` true when it was asked for (false: the operation's own "now").
   */
  createLoaders: (db: Database<S>, moment: Moment) => L;
  seed: (db: Database<S>) => Promise<void>;
  /** Root fields anyone may use, signed in or not (the policy module's); every other declares its access. */
  publicFields: readonly string[];
  /** The events each mutation records with its change (event-declarations.ts): every mutation declares its own. */
  events: EventDeclarations;
  /**
   * Work the subgraph does on its own, beside its requests (a schedule, following other subgraphs'
   * events): started once the subgraph is built, stopped before its database closes.
   */
  background?: (services: BackgroundServices<S>) => { stop(): Promise<void> };
}

/** What a subgraph's background work is given. */
export interface BackgroundServices<S extends Record<string, unknown>> {
  /** Its database, for changes of its own (each in a transaction, with its events), its statements not counted. */
  db: Database<S>;
  logger: Logger;
  /** Asks another subgraph as this subgraph's service identity, at a moment (a day's checks ask as of that day). */
  askPeer: (moment: Moment) => AskPeer;
  /** A follower of other subgraphs' events (event-follow.ts), from the positions given, not yet started. */
  follow: (subgraphs: readonly string[], from: Positions) => EventFollower;
}

export interface SubgraphOptions {
  /** The subgraph's own PostgreSQL database. */
  url: string;
  /** The secret subgraph requests are signed with (see identity.ts). */
  secret: string;
  /** Other subgraphs this one asks (services.ts), by name; a lookup lets a test hub fill them in later. */
  peers?: Peers;
  /** Where it logs (log.ts); by default as LOG_LEVEL and LOG_FORMAT say (quiet under vitest). */
  logger?: Logger;
  /** Its metrics (metrics.ts), served at /metrics; by default a registry of its own. */
  metrics?: ServiceMetrics;
  /** NATS JetStream, to publish its events to (event-relay.ts); none: they are read from its feed only. */
  nats?: NatsSettings;
}

export type SubgraphContext<S extends Record<string, unknown>, L> = {
  db: Database<S>;
  loaders: L;
  /** Who is asking, as the gateway's signature vouches. */
  viewer: Viewer;
  /** Asks another subgraph, as this subgraph's service identity; the request's answers are remembered. */
  askPeer: AskPeer;
  /**
   * The operation's moment (`moment.at`): the instant the gateway signed (its "now", taken once per
   * operation, or the moment the caller asked for), lifted from a root `asOf` argument when the subgraph
   * is asked directly; `new Date()` for a request whose token names no moment. Every field reads it.
   */
  now: Date;
  /** The same instant, and whether the caller asked for it (a moment in the past, say) or it is "now". */
  moment: Moment;
  /** The request's id (x-request-id): in its log lines, its questions to peers and its audit entries. */
  requestId?: string;
};

/** A subgraph ready to serve: its Apollo Server, its per-request context and the database it holds. */
export interface Subgraph<C extends BaseContext> {
  name: string;
  server: ApolloServer<C>;
  /** Fresh loaders and the verified caller for every request; refuses a request the gateway did not sign. */
  context: (req?: IncomingMessage) => Promise<C>;
  /** Its database; closing it stops the event log's listening and the relay first. */
  database: OpenDatabase<Record<string, unknown>>;
  /** Its log of events, served at /events to the hub's services (event-feed.ts). */
  events: EventLog;
  /** Who asks, as the gateway's (or a peer's) signature says; refuses a request nobody of the hub signed. */
  verify: (req: IncomingMessage) => Promise<SubgraphRequest>;
  logger: Logger;
  metrics: ServiceMetrics;
}

/**
 * Opens the subgraph's database (migrated, seeded when empty) and builds its server; nothing listens yet.
 * Every request gets fresh loaders: a loader caches for one request only.
 */
export async function createSubgraph<S extends Record<string, unknown>, L>(
  definition: SubgraphDefinition<S, L>,
  {
    secret,
    peers = {},
    logger = defaultLogger(definition.name),
    metrics = new ServiceMetrics(definition.name),
    url,
    nats,
  }: SubgraphOptions,
): Promise<Subgraph<SubgraphContext<S, L>>> {
  const { name, schema, seed, resolvers, createLoaders } = definition;
  const key = secretKey(secret);
  const askPeer = askPeerFor(name, key, peers, logger);
  const migrationsFolder = fileURLToPath(new URL('drizzle/', definition.root));
  const typeDefs = parse(readFileSync(new URL('schema.graphql', definition.root), 'utf8'));
  const executable = buildSubgraphSchema({ typeDefs, resolvers: resolvers as SubgraphResolvers });
  // Access first, then the audit around it: a refusal by role is recorded like any other.
  enforceAccess(executable, definition.publicFields);
  auditMutations(executable, logger, definition.events);
  // The schema's checks first (access, events declared): a subgraph that cannot start opens no connection.
  const database = await openDatabase({ schema, migrationsFolder, seed, url, service: name, metrics });
  const events = new EventLog(name, database, logger);
  events.start();
  const relay = nats ? new EventRelay(name, database.backgroundDb as Database<Record<string, unknown>>, events, nats, logger) : undefined;
  relay?.start();
  const background = definition.background?.({
    // Not counted in `statements`: they are no request's (tests and the benchmark count a request's).
    db: database.backgroundDb,
    logger,
    askPeer: (moment) => askPeer(moment),
    // A peer's URL is read at each request: a test hub fills the peers in after the subgraphs start.
    follow: (names, from) =>
      new EventFollower({
        sources: names.map((peer) => ({
          name: peer,
          get url() {
            return peers[peer] ?? '';
          },
        })),
        key,
        self: name,
        nats,
        logger,
        from,
      }),
  });
  // Whoever closes the database (a process stopping, a test) stops what uses it first.
  const closeDatabase = database.close;
  database.close = async () => {
    await background?.stop();
    await relay?.stop();
    await events.stop();
    await closeDatabase();
  };
  /** The request's parts that follow its moment: fresh loaders and peer questions reading at that instant. */
  const atMoment = (db: Database<S>, moment: Moment, requestId?: string) => ({
    moment,
    now: moment.at,
    loaders: createLoaders(db, moment),
    askPeer: askPeer(moment, requestId),
  });
  const server = new ApolloServer<SubgraphContext<S, L>>({
    schema: executable,
    // Subgraphs sit behind the gateway; their errors keep the rule codes the gateway passes on.
    includeStacktraceInErrorResponses: false,
    // Signals are handled once, by stopOnSignal (kit/shutdown.ts), which drains the HTTP server first.
    stopOnTerminationSignals: false,
    // Traces are only for Apollo's cloud reporting, which this hub does not use.
    plugins: [ApolloServerPluginInlineTraceDisabled(), liftRootAsOf(atMoment)],
    formatError,
  });
  observe(server, { service: name, logger, metrics });
  return {
    name,
    server,
    context: async (req) => {
      const { viewer, moment } = await subgraphRequestOf(req, key);
      // Another subgraph's question is served from a pool of its own (database.ts: peerDb says why).
      const db = viewer.role === 'service' ? database.peerDb : database.db;
      const requestId = requestOf(req)?.id;
      return { db, viewer, requestId, ...atMoment(db, moment ?? liveMoment(), requestId) };
    },
    database: database as unknown as OpenDatabase<Record<string, unknown>>,
    events,
    verify: (req) => subgraphRequestOf(req, key),
    logger,
    metrics,
  };
}

/**
 * Before execution, settles the operation's moment as the gateway does (moment.ts: momentOfOperation):
 * the signed moment and the root fields' `asOf` arguments must agree, a mutation takes no moment, and a
 * root `asOf` the gateway did not lift (a subgraph asked directly) becomes the moment of every field.
 * When it moves, the loaders are made afresh for it; none has read anything yet.
 */
function liftRootAsOf<D, C extends { db: D; moment: Moment; now: Date; requestId?: string }>(
  atMoment: (db: D, moment: Moment, requestId?: string) => Partial<C>,
): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation, document, request }) {
          if (!operation) return;
          const moment = momentOfOperation({
            operation,
            fragments: fragmentsOf(document),
            variables: request.variables,
            asked: askedByGateway(contextValue.moment),
            now: contextValue.moment.at,
          });
          if (!sameMoment(moment, contextValue.moment))
            Object.assign(contextValue, atMoment(contextValue.db, moment, contextValue.requestId));
        },
      };
    },
  };
}

/**
 * A subgraph reads larger bodies than a client may send the gateway (BODY_LIMIT_BYTES, 1 MB): the
 * gateway's entity requests carry one representation for each entity of a client's answer (with the
 * fields a `@requires` needs), and a client's small operation legitimately fans out (a page of 100 under
 * each of 100 parents is 10,000 representations, about 1 MB). The gateway's own limits (1 MB bodies, depth,
 * cost, pages of at most 100) bound what it sends. Only a request signed by the gateway (or a peer subgraph)
 * is read past the public limit: the signature is in the headers, and it is checked before the body is read.
 */
export const SUBGRAPH_BODY_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * Refuses, before its body is read, a request larger than a client's limit (or of unknown length) that the
 * gateway did not sign: the larger limit is the gateway's alone.
 */
function signedBeforeLargeBody<C extends BaseContext>(subgraph: Subgraph<C>) {
  return async (app: FastifyInstance) => {
    app.addHook('onRequest', async (request, reply) => {
      const length = Number(request.headers['content-length'] ?? Number.NaN);
      if (request.method !== 'POST' || length <= BODY_LIMIT_BYTES) return;
      try {
        await subgraph.context(request.raw);
      } catch (error) {
        return reply.code(401).send({ errors: [{ message: (error as Error).message, extensions: { code: 'UNAUTHENTICATED' } }] });
      }
    });
  };
}

/**
 * Serves a subgraph over HTTP; /health/ready answers 200 while its database answers. Outside production it
 * also gives `statements`, the SQL statements run since start (each readiness check's own `select 1`
 * included): `pnpm bench` reads it before and after a run of requests. Production leaves it out, since it
 * tells anyone who can reach /health/ready how busy the service is.
 */
export function listenSubgraph<C extends BaseContext>(
  subgraph: Subgraph<C>,
  port: number,
  host?: string,
  metricsAccess?: MetricsAccess,
): Promise<Listening> {
  const { statements } = subgraph.database;
  return serve(subgraph.server, {
    port,
    host,
    metricsAccess,
    // Its callers (the gateway, a peer) send their request's id on: one id follows a request everywhere.
    keepsCallerRequestId: true,
    context: subgraph.context,
    bodyLimitBytes: SUBGRAPH_BODY_LIMIT_BYTES,
    setup: async (app) => {
      await signedBeforeLargeBody(subgraph)(app);
      serveEventFeed(app, subgraph.events, subgraph.verify);
    },
    dependencies: () => ({ database: subgraph.database.db.execute(sql`select 1`).then(() => true) }),
    ...(isProduction() ? {} : { healthDetails: () => ({ statements: statements.count }) }),
  });
}

/** The entry point of a subgraph process: validate config, open the database, listen, stop cleanly. */
export async function runSubgraph<C extends BaseContext>(
  name: string,
  defaultPort: number,
  create: (options: SubgraphOptions) => Promise<Subgraph<C>>,
  peerNames: readonly string[] = [],
): Promise<void> {
  let logger: Logger | undefined;
  try {
    const config = subgraphConfig(name, defaultPort, process.env, peerNames);
    logger = createLogger(name);
    const tracing = await startTracing(name);
    const metrics = new ServiceMetrics(name).withProcessMetrics();
    const subgraph = await create({
      url: config.databaseUrl,
      secret: config.secret,
      peers: config.peers,
      logger,
      metrics,
      nats: config.nats,
    });
    const listening = await listenSubgraph(subgraph, config.port, undefined, config.metricsAccess);
    logger.info(`${name} subgraph ready at ${listening.url}`);
    stopOnSignal(
      name,
      async (graceMs) => {
        await listening.stop(graceMs);
        await subgraph.database.close();
        await tracing?.shutdown();
      },
      logger,
    );
  } catch (error) {
    exitWith(name, error, logger);
  }
}
