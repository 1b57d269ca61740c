/**
 * Prometheus metrics, one registry per service (the test hub runs five services in one process, each
 * with its own /metrics): GraphQL requests, their errors by code and their latency by operation name; the
 * gateway's calls to each subgraph; a subgraph's database pools and SQL time. Served at /metrics by
 * http.ts, to the callers `MetricsAccess` lets in.
 */
import { timingSafeEqual } from 'node:crypto';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Latency buckets, in seconds: from a cached read (a few ms) to a subgraph's timeout (10 s). */
const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** SQL statements are shorter: from a primary-key read to a report over the whole programme. */
const SQL_SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5];

/**
 * Operation names come from clients, as free text: a label takes a GraphQL name of at most 64 characters,
 * and only the first MAX_OPERATIONS distinct names a process sees; later ones count as `other`, so no
 * client can grow the series without bound. Only signed-in callers' names take a label of their own (a
 * caller the identity provider knows): every signed-out request counts as `signed-out`, so nobody without
 * a token can use up the names. No name is `anonymous`; a name that is not a GraphQL name is `invalid`; a
 * request refused before GraphQL saw it (a bad token, a body that is no GraphQL request) is `unknown`.
 */
export const MAX_OPERATIONS = 200;
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** Error codes are ours (the catalogue) or Apollo's, but a subgraph's answer passes through: bounded too. */
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

/** A database pool's connections, as the socket that carries them sees them (database-socket.ts). */
export interface PoolUse {
  inUse: number;
  idle: number;
  max: number;
}

export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly operations = new Set<string>();
  private readonly pools = new Map<string, () => PoolUse>();
  readonly requests: Counter<'operation' | 'status'>;
  readonly errors: Counter<'operation' | 'code'>;
  readonly duration: Histogram<'operation'>;
  readonly subgraphRequests: Counter<'subgraph' | 'operation' | 'outcome'>;
  readonly subgraphDuration: Histogram<'subgraph' | 'operation'>;
  readonly sqlDuration: Histogram<'pool' | 'outcome'>;
  /** The gateway's subscriptions to the programme's events open now (gateway/src/subscriptions.ts). */
  readonly subscriptions: Gauge;

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'cq_graphql_requests_total',
      help: 'GraphQL requests answered, by operation name and HTTP status.',
      labelNames: ['operation', 'status'],
      registers,
    });
    this.errors = new Counter({
      name: 'cq_graphql_errors_total',
      help: 'Errors in GraphQL answers, by operation name and error code (extensions.code).',
      labelNames: ['operation', 'code'],
      registers,
    });
    this.duration = new Histogram({
      name: 'cq_graphql_request_duration_seconds',
      help: 'Time from receiving a GraphQL request to the end of its answer, by operation name.',
      labelNames: ['operation'],
      buckets: SECONDS,
      registers,
    });
    this.subgraphRequests = new Counter({
      name: 'cq_subgraph_requests_total',
      help: "The gateway's calls to a subgraph, by subgraph, the client's operation name and outcome (ok, error: an answer with errors, unavailable).",
      labelNames: ['subgraph', 'operation', 'outcome'],
      registers,
    });
    this.subgraphDuration = new Histogram({
      name: 'cq_subgraph_request_duration_seconds',
      help: "Time the gateway waited for a subgraph's answer (retries included), by subgraph and the client's operation name.",
      labelNames: ['subgraph', 'operation'],
      buckets: SECONDS,
      registers,
    });
    this.sqlDuration = new Histogram({
      name: 'cq_sql_query_duration_seconds',
      help: 'Time of a SQL statement (waiting for a connection included), by pool (db: callers, peer: other subgraphs) and outcome (ok, error).',
      labelNames: ['pool', 'outcome'],
      buckets: SQL_SECONDS,
      registers,
    });
    this.subscriptions = new Gauge({
      name: 'cq_event_subscriptions',
      help: "Subscriptions to the programme's events open now, at the gateway (each ends when its subscriber leaves).",
      registers,
    });
    const pools = this.pools;
    new Gauge({
      name: 'cq_db_pool_connections',
      help: 'Open connections of a database pool, by pool and state (in_use: a statement in flight or a transaction open; idle).',
      labelNames: ['pool', 'state'],
      registers,
      collect() {
        this.reset();
        for (const [pool, use] of pools) {
          const { inUse, idle } = use();
          this.set({ pool, state: 'in_use' }, inUse);
          this.set({ pool, state: 'idle' }, idle);
        }
      },
    });
    new Gauge({
      name: 'cq_db_pool_max_connections',
      help: 'The most connections a database pool opens.',
      labelNames: ['pool'],
      registers,
      collect() {
        this.reset();
        for (const [pool, use] of pools) this.set({ pool }, use().max);
      },
    });
  }

  /** Adds the process's own metrics (CPU, memory, event loop, heap): for a service that is a process of its own. */
  withProcessMetrics(): this {
    collectDefaultMetrics({ register: this.registry, prefix: 'cq_' });
    return this;
  }

  /** The operation label of a request as its record says (requests.ts): see MAX_OPERATIONS. */
  operationOf(record: { operation?: string | null; signedOut?: boolean } | undefined): string {
    if (!record || record.operation === undefined) return 'unknown';
    return record.signedOut ? 'signed-out' : this.operation(record.operation);
  }

  /** A bounded label for a client's operation name (see MAX_OPERATIONS). */
  operation(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!GRAPHQL_NAME.test(name)) return 'invalid';
    const label = name.slice(0, 64);
    if (this.operations.has(label)) return label;
    if (this.operations.size >= MAX_OPERATIONS) return 'other';
    this.operations.add(label);
    return label;
  }

  /** A bounded label for an error code. */
  static code(code: unknown): string {
    return typeof code === 'string' && ERROR_CODE.test(code) ? code : 'UNKNOWN';
  }

  /** Reports a pool's connections at each scrape. */
  watchPool(pool: string, use: () => PoolUse): void {
    this.pools.set(pool, use);
  }

  /** One GraphQL request answered. */
  recordRequest(operation: string, status: number, seconds: number, codes: readonly string[]): void {
    this.requests.inc({ operation, status: String(status) });
    this.duration.observe({ operation }, seconds);
    for (const code of codes) this.errors.inc({ operation, code: ServiceMetrics.code(code) });
  }
}

/**
 * Who may scrape /metrics. With a token, only a caller that sends it as a bearer token. Without one, in
 * development anyone who can reach the port (which listens on 127.0.0.1 by default), in production nobody:
 * a caller's address proves nothing behind a proxy on the same machine, so production scrapes with a token.
 */
export interface MetricsAccess {
  token?: string;
  /** Without a token: true lets anyone in (development), false no one (production). */
  openWithoutToken: boolean;
}

/** True when this caller may read /metrics. */
export function mayScrape(access: MetricsAccess, authorization: string | undefined): boolean {
  if (access.token) {
    const given = Buffer.from(/^Bearer (.+)$/i.exec(authorization ?? '')?.[1] ?? '');
    const expected = Buffer.from(access.token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
  return access.openWithoutToken;
}
