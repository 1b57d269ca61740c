import { resolve } from 'node:path';
import { z } from 'zod';
import { SANDBOX_ORIGIN } from './http.ts';
import { repoRoot, subgraphEntry, subgraphs, type SubgraphName } from './subgraphs.ts';

/** Parses the environment once at start-up; a bad value stops the process with the variable's name. */
export function parseEnv<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv = process.env): z.infer<T> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
  throw new Error(`Invalid configuration:\n${problems}`);
}

const port = z.coerce.number().int().min(0).max(65535);
const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection string')
  .optional();

export interface SubgraphConfig {
  port: number;
  /** PostgreSQL for this subgraph alone; absent means embedded PGlite under dataDir. */
  databaseUrl?: string;
  dataDir: string;
}

/** Each subgraph reads `<NAME>_PORT` and `<NAME>_DATABASE_URL`, and the shared `DATA_DIR`. */
export function subgraphConfig(name: SubgraphName, env: NodeJS.ProcessEnv = process.env): SubgraphConfig {
  const prefix = name.toUpperCase();
  const parsed = parseEnv(
    z.object({
      [`${prefix}_PORT`]: port.default(subgraphEntry(name).port),
      [`${prefix}_DATABASE_URL`]: postgresUrl,
      DATA_DIR: z.string().min(1).default(resolve(repoRoot, '.data')),
    }),
    env,
  ) as Record<string, unknown>;
  return {
    port: parsed[`${prefix}_PORT`] as number,
    databaseUrl: (parsed[`${prefix}_DATABASE_URL`] as string | undefined) || undefined,
    dataDir: resolve(parsed.DATA_DIR as string, name),
  };
}

export interface GatewayConfig {
  port: number;
  host: string;
  subgraphUrls: Record<SubgraphName, string>;
  corsOrigins: string[];
}

/** The gateway reads `GATEWAY_PORT`, `GATEWAY_HOST`, `CORS_ORIGINS` and `<NAME>_URL` for each subgraph. */
export function gatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const urls = Object.fromEntries(subgraphs.map((s) => [`${s.name.toUpperCase()}_URL`, z.url().default(s.url)]));
  const parsed = parseEnv(
    z.object({
      GATEWAY_PORT: port.default(4000),
      GATEWAY_HOST: z.string().min(1).default('127.0.0.1'),
      CORS_ORIGINS: z.string().default(SANDBOX_ORIGIN),
      ...urls,
    }),
    env,
  ) as Record<string, unknown>;
  return {
    port: parsed.GATEWAY_PORT as number,
    host: parsed.GATEWAY_HOST as string,
    corsOrigins: (parsed.CORS_ORIGINS as string).split(',').map((o) => o.trim()).filter(Boolean),
    subgraphUrls: Object.fromEntries(subgraphs.map((s) => [s.name, parsed[`${s.name.toUpperCase()}_URL`]])) as Record<
      SubgraphName,
      string
    >,
  };
}
