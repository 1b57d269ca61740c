/**
 * Start-up: each service validates its environment once, and a service that cannot start stops with
 * one line naming itself and the reason (the variable, the port).
 */
import { z } from 'zod';
import { createLogger, type Logger } from './log.ts';
import type { MetricsAccess } from './metrics.ts';
import { DEFAULT_NATS_PREFIX, type NatsSettings } from './nats.ts';
import { developmentKeys, isProduction } from './secrets.ts';

/** Parses the environment once at start-up; a bad value stops the process with the variable's name. */
export function parseEnv<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv = process.env): z.infer<T> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
  throw new Error(`Invalid configuration:\n${problems}`);
}

export const port = z.coerce.number().int().min(0).max(65535);

const postgresUrl = z
  .string({ error: "required: a postgres:// URL of this subgraph's database (`pnpm start` passes its embedded server's)" })
  .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection string');

export interface SubgraphConfig {
  port: number;
  /** This subgraph's own PostgreSQL database. */
  databaseUrl: string;
  /** The secret the gateway signs this subgraph's requests with; nothing unsigned is answered. */
  secret: string;
  /** Where the other subgraphs it asks answer (`<NAME>_URL`). */
  peers: Record<string, string>;
  /** Who may read its /metrics. */
  metricsAccess: MetricsAccess;
  /** NATS JetStream, when `NATS_URL` is set: the outbox is published there (event-relay.ts). */
  nats?: NatsSettings;
}

/**
 * NATS JetStream for the programme's events: `NATS_URL` (nats://host:port), and `NATS_PREFIX` (the
 * subjects' first token and the stream's name, `programme` by default). Without `NATS_URL`, none: the
 * events travel from the outboxes' feeds, woken by PostgreSQL's LISTEN/NOTIFY (event-feed.ts).
 */
export function natsSettings(env: NodeJS.ProcessEnv = process.env): NatsSettings | undefined {
  const parsed = parseEnv(
    z.object({
      NATS_URL: z
        .string()
        .regex(/^(nats|tls):\/\/[^\s]+$/, 'must be a nats:// URL, e.g. nats://127.0.0.1:4222')
        .optional(),
      NATS_PREFIX: z
        .string()
        .regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be 1 to 40 lower-case letters, digits and hyphens, starting with a letter')
        .default(DEFAULT_NATS_PREFIX),
    }),
    env,
  );
  return parsed.NATS_URL ? { url: parsed.NATS_URL, prefix: parsed.NATS_PREFIX } : undefined;
}

/**
 * Who may read /metrics (metrics.ts): with `METRICS_TOKEN` (16+ characters) only a scraper that sends it
 * as a bearer token; without it, in production only callers on the same machine, in development anyone.
 */
export function metricsAccess(env: NodeJS.ProcessEnv = process.env): MetricsAccess {
  const parsed = parseEnv(z.object({ METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional() }), env);
  return { token: parsed.METRICS_TOKEN, openWithoutToken: !isProduction(env) };
}

/** The subgraph secret: SUBGRAPH_SECRET, required in production; in development the data folder's own. */
export function subgraphSecret(env: NodeJS.ProcessEnv = process.env): string {
  const parsed = parseEnv(
    z.object({
      SUBGRAPH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
      DATA_DIR: z.string().min(1).default('.data'),
    }),
    env,
  );
  if (parsed.SUBGRAPH_SECRET) return parsed.SUBGRAPH_SECRET;
  if (isProduction(env)) throw new Error('Invalid configuration:\n  SUBGRAPH_SECRET: required in production (shared with the gateway)');
  return developmentKeys(parsed.DATA_DIR).subgraphSecret;
}

/** The port a subgraph listens on: `<NAME>_PORT`, or its own in the registry. */
export function subgraphPort(name: string, defaultPort: number, env: NodeJS.ProcessEnv = process.env): number {
  const variable = `${name.toUpperCase()}_PORT`;
  return parseEnv(z.object({ [variable]: port.default(defaultPort) }), env)[variable] as number;
}

/**
 * Each subgraph reads `<NAME>_PORT` and `<NAME>_DATABASE_URL`, the shared `DATA_DIR` (by default `.data`
 * in the working directory; the start command passes the repository's), `SUBGRAPH_SECRET`, and
 * `<PEER>_URL` for each subgraph it asks.
 */
export function subgraphConfig(
  name: string,
  defaultPort: number,
  env: NodeJS.ProcessEnv = process.env,
  peerNames: readonly string[] = [],
): SubgraphConfig {
  const prefix = name.toUpperCase();
  const peerVariable = (peer: string) => `${peer.toUpperCase()}_URL`;
  const parsed = parseEnv(
    z.object({
      ...Object.fromEntries(peerNames.map((peer) => [peerVariable(peer), z.url().optional()])),
      [`${prefix}_PORT`]: port.default(defaultPort),
      [`${prefix}_DATABASE_URL`]: postgresUrl,
    }),
    env,
  ) as Record<string, unknown>;
  return {
    port: parsed[`${prefix}_PORT`] as number,
    databaseUrl: parsed[`${prefix}_DATABASE_URL`] as string,
    secret: subgraphSecret(env),
    peers: Object.fromEntries(
      peerNames.flatMap((peer) => (parsed[peerVariable(peer)] ? [[peer, parsed[peerVariable(peer)] as string]] : [])),
    ),
    metricsAccess: metricsAccess(env),
    nats: natsSettings(env),
  };
}

/** Ends a process that cannot start with one line naming the service and the reason (a fatal log line). */
export function exitWith(service: string, error: unknown, logger?: Logger): never {
  const e = error as NodeJS.ErrnoException & { port?: number };
  const reason = e.code === 'EADDRINUSE' ? `port ${e.port ?? ''} is in use; set ${service.toUpperCase()}_PORT to another` : e.message;
  let log = logger;
  try {
    log ??= createLogger(service);
  } catch {
    // The log settings themselves are wrong (the reason says which): said in the default format.
    log = createLogger(service, { level: 'info', format: isProduction() ? 'json' : 'text' });
  }
  log.fatal(`${service} cannot start: ${reason}`);
  process.exit(1);
}
