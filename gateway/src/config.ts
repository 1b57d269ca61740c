import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { metricsAccess, natsSettings, parseEnv, port, subgraphSecret } from '@cq/kit/config';
import { SANDBOX_ORIGIN } from '@cq/kit/http';
import type { MetricsAccess } from '@cq/kit/metrics';
import type { NatsSettings } from '@cq/kit/nats';
import { DEFAULT_AUDIENCE, DEVELOPMENT_ISSUER, developmentKeys, isProduction } from '@cq/kit/secrets';
import { z } from 'zod';
import { type CallPolicy, DEFAULT_CALL_POLICY } from './data-source.ts';
import { EXPLORERS, type ExplorerChoice } from './explorer.ts';

export interface GatewayConfig {
  port: number;
  host: string;
  /** The composed supergraph the gateway serves; production gateways never compose at run time. */
  supergraphSdl: string;
  /** The file it was read from (`SUPERGRAPH_PATH`), read again whenever it changes. */
  supergraphPath: string;
  /** Where each subgraph the supergraph names answers: its `<NAME>_URL`, or the URL written in the supergraph. */
  subgraphUrls: Record<string, string>;
  /** Each subgraph's timeout and retries for reads (`<NAME>_TIMEOUT_MS`, `SUBGRAPH_TIMEOUT_MS`, `SUBGRAPH_RETRIES`). */
  callPolicies: Record<string, CallPolicy>;
  corsOrigins: string[];
  /** How callers' tokens are verified. */
  auth: AuthConfig;
  /** Signs the identity passed on to the subgraphs (shared with them). */
  subgraphSecret: string;
  /** Production: no field suggestions, introspection only when configured. */
  production: boolean;
  introspection: boolean;
  /** The page a browser gets at the gateway's URL (`EXPLORER`): Sandbox in development, none in production. */
  explorer: ExplorerChoice;
  /** Requests per minute one identity (or one address, for anonymous callers) may send. */
  rateLimitPerMinute: number;
  /** Shares rate-limit counts between gateway replicas; in memory without it. */
  redisUrl?: string;
  /** Who may read /metrics (`METRICS_TOKEN`; kit/config.ts: metricsAccess). */
  metricsAccess: MetricsAccess;
  /** NATS JetStream (`NATS_URL`), where the subgraphs' events are followed from; their feeds without it. */
  nats?: NatsSettings;
}

/** Where the keys that verify callers' tokens come from, and what the tokens must say. */
export interface AuthConfig {
  /** A JWKS endpoint (an identity provider's), or one public key (PEM). */
  keys: { jwksUrl: string } | { publicKey: string };
  issuer: string;
  audience: string;
  /** Pinned: a token signed with any other algorithm is refused. */
  algorithms: string[];
}

/**
 * The keys come from AUTH_JWKS_URL, AUTH_PUBLIC_KEY (PEM) or AUTH_PUBLIC_KEY_FILE; in production one is
 * required, in development the data folder's own key pair serves (the one `pnpm run token` signs with).
 */
function authConfig(env: NodeJS.ProcessEnv, production: boolean): AuthConfig {
  const parsed = parseEnv(
    z.object({
      AUTH_JWKS_URL: z.url().optional(),
      AUTH_PUBLIC_KEY: z.string().includes('BEGIN PUBLIC KEY', { message: 'must be a PEM public key' }).optional(),
      AUTH_PUBLIC_KEY_FILE: z.string().min(1).optional(),
      AUTH_ISSUER: z.string().min(1).optional(),
      AUTH_AUDIENCE: z.string().min(1).default(DEFAULT_AUDIENCE),
      AUTH_ALGORITHMS: z
        .string()
        .regex(/^(ES|RS|PS)(256|384|512)(,(ES|RS|PS)(256|384|512))*$/, 'must list asymmetric JWS algorithms, e.g. ES256,RS256')
        .default('ES256'),
      DATA_DIR: z.string().min(1).default('.data'),
    }),
    env,
  );
  const configured = [parsed.AUTH_JWKS_URL, parsed.AUTH_PUBLIC_KEY, parsed.AUTH_PUBLIC_KEY_FILE].filter(Boolean).length;
  if (configured > 1) throw new Error('Invalid configuration:\n  AUTH_JWKS_URL, AUTH_PUBLIC_KEY, AUTH_PUBLIC_KEY_FILE: set only one');
  if (production && (!configured || !parsed.AUTH_ISSUER)) {
    throw new Error('Invalid configuration:\n  AUTH_JWKS_URL or AUTH_PUBLIC_KEY(_FILE), and AUTH_ISSUER: required in production');
  }
  let keys: AuthConfig['keys'];
  if (parsed.AUTH_JWKS_URL) keys = { jwksUrl: parsed.AUTH_JWKS_URL };
  else if (parsed.AUTH_PUBLIC_KEY) keys = { publicKey: parsed.AUTH_PUBLIC_KEY };
  else if (parsed.AUTH_PUBLIC_KEY_FILE) {
    try {
      keys = { publicKey: readFileSync(parsed.AUTH_PUBLIC_KEY_FILE, 'utf8') };
    } catch {
      throw new Error(`Invalid configuration:\n  AUTH_PUBLIC_KEY_FILE: no key can be read at ${parsed.AUTH_PUBLIC_KEY_FILE}`);
    }
  } else keys = { publicKey: developmentKeys(parsed.DATA_DIR).publicKey };
  return {
    keys,
    issuer: parsed.AUTH_ISSUER ?? DEVELOPMENT_ISSUER,
    audience: parsed.AUTH_AUDIENCE,
    algorithms: parsed.AUTH_ALGORITHMS.split(','),
  };
}

/** The repository's checked-in supergraph, the default when SUPERGRAPH_PATH is not set. */
const CHECKED_IN = fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url));

/** The subgraphs a supergraph names (its join__Graph values), each with the URL composition wrote. */
export const graphsOf = (supergraphSdl: string) =>
  [...supergraphSdl.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]+)"\)/g)].map(([, name = '', url = '']) => ({ name, url }));

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/**
 * The gateway reads `GATEWAY_PORT`, `GATEWAY_HOST`, `CORS_ORIGINS`, `SUPERGRAPH_PATH`, `<NAME>_URL` and
 * `<NAME>_TIMEOUT_MS` for each subgraph the supergraph names (it serves any supergraph, knowing nothing of
 * the repository), `SUBGRAPH_TIMEOUT_MS` and `SUBGRAPH_RETRIES`, the `AUTH_*` variables, `SUBGRAPH_SECRET`,
 * `INTROSPECTION`, `EXPLORER`, `RATE_LIMIT_PER_MINUTE` and `REDIS_URL`.
 */
export function gatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const base = parseEnv(
    z.object({
      GATEWAY_PORT: port.default(4000),
      GATEWAY_HOST: z.string().min(1).default('127.0.0.1'),
      CORS_ORIGINS: z.string().default(SANDBOX_ORIGIN),
      SUPERGRAPH_PATH: z.string().min(1).default(CHECKED_IN),
      INTROSPECTION: flag.optional(),
      EXPLORER: z.enum(EXPLORERS).optional(),
      RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
      REDIS_URL: z
        .string()
        .regex(/^rediss?:\/\//, 'must be a redis:// URL')
        .optional(),
      SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(1).default(DEFAULT_CALL_POLICY.timeoutMs),
      SUBGRAPH_RETRIES: z.coerce.number().int().min(0).max(5).default(DEFAULT_CALL_POLICY.retries),
    }),
    env,
  );
  const production = isProduction(env);
  let supergraphSdl: string;
  try {
    supergraphSdl = readFileSync(base.SUPERGRAPH_PATH, 'utf8');
  } catch {
    throw new Error(`Invalid configuration:\n  SUPERGRAPH_PATH: no supergraph can be read at ${base.SUPERGRAPH_PATH}`);
  }
  const urlVariable = (name: string) => `${name.toUpperCase()}_URL`;
  const timeoutVariable = (name: string) => `${name.toUpperCase()}_TIMEOUT_MS`;
  const graphs = graphsOf(supergraphSdl);
  const perSubgraph = parseEnv(
    z.object(
      Object.fromEntries(
        graphs.flatMap(({ name }) => [
          [urlVariable(name), z.url().optional()],
          [timeoutVariable(name), z.coerce.number().int().min(1).optional()],
        ]),
      ),
    ),
    env,
  ) as Record<string, string | number | undefined>;
  return {
    auth: authConfig(env, production),
    subgraphSecret: subgraphSecret(env),
    production,
    introspection: base.INTROSPECTION ?? !production,
    // Sandbox needs introspection, which production turns off; GraphiQL may be chosen in either.
    explorer: base.EXPLORER ?? (production ? 'none' : 'sandbox'),
    rateLimitPerMinute: base.RATE_LIMIT_PER_MINUTE,
    redisUrl: base.REDIS_URL,
    metricsAccess: metricsAccess(env),
    nats: natsSettings(env),
    port: base.GATEWAY_PORT,
    host: base.GATEWAY_HOST,
    supergraphSdl,
    supergraphPath: base.SUPERGRAPH_PATH,
    corsOrigins: base.CORS_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    subgraphUrls: Object.fromEntries(graphs.map(({ name, url }) => [name, (perSubgraph[urlVariable(name)] as string | undefined) ?? url])),
    callPolicies: Object.fromEntries(
      graphs.map(({ name }) => [
        name,
        {
          timeoutMs: (perSubgraph[timeoutVariable(name)] as number | undefined) ?? base.SUBGRAPH_TIMEOUT_MS,
          retries: base.SUBGRAPH_RETRIES,
        },
      ]),
    ),
  };
}
