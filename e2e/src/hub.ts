/**
 * The whole hub in one process, for end-to-end tests and benchmarks: the four subgraphs on fresh test
 * databases, each served over real HTTP on a free port, and the gateway on the checked-in supergraph,
 * also on a free port, verifying callers' tokens with a key pair of this hub's own.
 */
import { readFileSync } from 'node:fs';
import type { BaseContext } from '@apollo/server';
import { buildGateway, gatewayHttp } from '@cq/gateway';
import { identityVerifier } from '@cq/gateway/auth';
import type { CallPolicy } from '@cq/gateway/data-source';
import type { ExplorerChoice } from '@cq/gateway/explorer';
import type { ReloadEvent } from '@cq/gateway/reload';
import { serve } from '@cq/kit/http';
import type { Viewer } from '@cq/kit/identity';
import { createLogger, type DestinationStream, type Logger } from '@cq/kit/log';
import { ServiceMetrics } from '@cq/kit/metrics';
import type { NatsSettings } from '@cq/kit/nats';
import { DEFAULT_AUDIENCE, DEVELOPMENT_ISSUER, developmentToken, newKeys } from '@cq/kit/secrets';
import { createSubgraph, type Subgraph, type SubgraphOptions } from '@cq/kit/server';
import { serveTestSubgraph, TEST_SECRET } from '@cq/kit/testing';
import { createNotificationsSubgraph } from '@cq/notifications';
import { createParkSubgraph } from '@cq/park';
import { readSupergraph, subgraphs } from '@cq/schema';
import { createTelecomSubgraph } from '@cq/telecom';
import { createUnitsSubgraph, definition as unitsDefinition } from '@cq/units';
import { seedUnits, seed as seedUnitsData } from '@cq/units/seed';
import type { SeedUnit } from '@cq/units/seed/units';
import { createVendorsSubgraph } from '@cq/vendors';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type GraphQLFormattedError, print } from 'graphql';
import { creatorOf } from './subgraph-modules.ts';

/** Starts a subgraph on a fresh test database (empty, for a seed of its own) and serves it over HTTP on a free port. */
async function run<C extends BaseContext>(
  name: string,
  create: (options: SubgraphOptions) => Promise<Subgraph<C>>,
  empty = false,
  logger?: Logger,
) {
  const served = await serveTestSubgraph(name, logger ? (options) => create({ ...options, logger }) : create, { empty });
  return { name, statements: served.database.statements, database: served.database, listening: served.listening, stop: served.stop };
}

export interface GraphQLResult<D> {
  data?: D | null;
  errors?: readonly GraphQLFormattedError[];
}

export interface HubOptions {
  /** Units for the units subgraph's seed instead of the programme's own (benchmarks pass thousands). */
  units?: SeedUnit[];
  /** Requests per minute per identity at the gateway; by default high enough never to matter. */
  rateLimitPerMinute?: number;
  /** Shares the rate limit through Redis, as replicas would. */
  redisUrl?: string;
  /**
   * Where the gateway reaches a subgraph, given where it listens: tests put a fault-injecting proxy
   * (faults.ts) in between. Subgraphs still ask each other directly.
   */
  through?: (name: string, url: string) => Promise<string>;
  /** The gateway's timeouts and retries per subgraph (DEFAULT_CALL_POLICY for the others). */
  callPolicies?: Partial<Record<string, CallPolicy>>;
  /** A supergraph file the gateway serves and reloads when it changes (the checked-in one, not reloaded, by default). */
  supergraphPath?: string;
  onReload?: (event: ReloadEvent) => void;
  /** The page a browser gets at the gateway's URL (Sandbox by default, as in development). */
  explorer?: ExplorerChoice;
  /** Where every service's JSON log lines go, at info (each names its service); quiet without it. */
  logTo?: DestinationStream;
  /** NATS JetStream for the events (a prefix of the test's own); the subgraphs' feeds without it. */
  nats?: NatsSettings;
}

export async function startHub({
  units,
  rateLimitPerMinute = 1_000_000,
  redisUrl,
  through,
  callPolicies,
  supergraphPath,
  onReload,
  explorer = 'sandbox',
  logTo,
  nats,
}: HubOptions = {}) {
  const keys = newKeys();
  const loggerOf = (service: string) => (logTo ? createLogger(service, { level: 'info', format: 'json', destination: logTo }) : undefined);
  // Subgraphs ask each other (a coordinator's subtree, cross-graph rule checks) as services: each learns
  // where the others answer once all listen, on ports chosen at start.
  const peers: Record<string, string> = {};
  const withPeers =
    <C extends BaseContext>(create: (options: SubgraphOptions) => Promise<Subgraph<C>>) =>
    (options: SubgraphOptions) =>
      create({ ...options, peers, nats });
  const starters: Record<string, () => ReturnType<typeof run>> = {
    units: () =>
      run(
        'units',
        withPeers(
          units
            ? (options) => createSubgraph({ ...unitsDefinition, seed: (db) => seedUnitsData(db, seedUnits(units)) }, options)
            : createUnitsSubgraph,
        ),
        Boolean(units),
        loggerOf('units'),
      ),
    vendors: () => run('vendors', withPeers(createVendorsSubgraph), false, loggerOf('vendors')),
    park: () => run('park', withPeers(createParkSubgraph), false, loggerOf('park')),
    telecom: () => run('telecom', withPeers(createTelecomSubgraph), false, loggerOf('telecom')),
    // Without its schedule: the day's checks would ask units and vendors at an unknown moment of a test that
    // counts their statements. Tests run a day by hand (runDailyChecks); the schedule has its own test.
    notifications: () =>
      run(
        'notifications',
        withPeers((options) => createNotificationsSubgraph(options, { schedule: false })),
        false,
        loggerOf('notifications'),
      ),
  };
  const running = await Promise.all(
    subgraphs.map(({ name }) => {
      // Any other subgraph of the registry (a scaffolded one) by its conventional create function.
      const start = starters[name] ?? (async () => run(name, withPeers(await creatorOf(name)), false, loggerOf(name)));
      return start();
    }),
  );
  for (const { name, listening } of running) peers[name] = listening.url;
  const byName = new Map(running.map((r) => [r.name, r]));
  const auth = { keys: { publicKey: keys.publicKey }, issuer: DEVELOPMENT_ISSUER, audience: DEFAULT_AUDIENCE, algorithms: ['ES256'] };
  const subgraphUrls = Object.fromEntries(
    await Promise.all(running.map(async (r) => [r.name, through ? await through(r.name, r.listening.url) : r.listening.url])),
  );
  const supergraphSdl = supergraphPath ? readFileSync(supergraphPath, 'utf8') : readSupergraph();
  const gatewayMetrics = new ServiceMetrics('gateway');
  const gateway = await serve(
    buildGateway({
      supergraphSdl,
      supergraphPath,
      onReload,
      subgraphUrls,
      subgraphSecret: TEST_SECRET,
      callPolicies,
      explorer,
      logger: loggerOf('gateway'),
      metrics: gatewayMetrics,
    }),
    {
      port: 0,
      ...gatewayHttp({
        identityOf: identityVerifier(auth),
        subgraphSecret: TEST_SECRET,
        nats,
        logger: loggerOf('gateway'),
        metrics: gatewayMetrics,
        subgraphUrls,
        // The event logs are read directly: a fault proxy stands for the network of the GraphQL calls it tests.
        eventSourceUrls: Object.fromEntries(running.map((r) => [r.name, r.listening.url])),
        rateLimitPerMinute,
        redisUrl,
        explorer,
      }),
    },
  );

  let gatewayStopped: Promise<void> | undefined;
  /** Stops the gateway alone, draining requests in flight (for at most `graceMs`); `stop` then stops the rest. */
  const stopGateway = (graceMs?: number) => {
    gatewayStopped ??= gateway.stop(graceMs);
    return gatewayStopped;
  };

  /** A token for a viewer, as the identity provider would issue it (options make bad ones for tests). */
  const token = (viewer: Viewer, options?: Parameters<typeof developmentToken>[2]) => developmentToken(keys.signingKey, viewer, options);

  /** Posts a request to the gateway over HTTP with these headers; the raw answer and its status. */
  async function post(body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: GraphQLResult<unknown> }> {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as GraphQLResult<unknown> };
  }

  /**
   * Posts an operation to the gateway over HTTP, as a frontend would, as the viewer (with a fresh token;
   * anonymous without one); a typed document gives a typed result.
   */
  async function query<D, V>(operation: TypedDocumentNode<D, V>, variables?: V, viewer?: Viewer): Promise<GraphQLResult<D>> {
    const headers: Record<string, string> = viewer ? { authorization: `Bearer ${await token(viewer)}` } : {};
    return (await post({ query: print(operation), variables: variables ?? {} }, headers)).body as GraphQLResult<D>;
  }

  return {
    url: gateway.url,
    /** Where each subgraph answers, and the public key callers' tokens are verified with: for another gateway in front. */
    subgraphUrls,
    publicKey: keys.publicKey,
    subgraph(name: string) {
      const found = byName.get(name);
      if (!found) throw new Error(`The hub runs no subgraph named ${name}.`);
      return found;
    },
    query,
    post,
    token,
    /** SQL statements each subgraph runs for one operation, asked as the viewer. */
    async statementsFor<D, V>(operation: TypedDocumentNode<D, V>, variables: V | undefined, viewer: Viewer) {
      const before = new Map(running.map((r) => [r.name, r.statements.count]));
      const result = await query(operation, variables, viewer);
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      return Object.fromEntries(running.map((r) => [r.name, r.statements.count - (before.get(r.name) ?? 0)]));
    },
    stopGateway,
    async stop() {
      await stopGateway();
      await Promise.all(running.map((r) => r.stop()));
    },
  };
}

export type Hub = Awaited<ReturnType<typeof startHub>>;
