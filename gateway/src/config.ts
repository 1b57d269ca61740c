import { parseEnv, port } from '@cq/kit/config';
import { SANDBOX_ORIGIN } from '@cq/kit/http';
import { subgraphs } from '@cq/schema';
import { z } from 'zod';

export interface GatewayConfig {
  port: number;
  host: string;
  /** Where each subgraph answers, where the environment overrides the URL written in the supergraph. */
  subgraphUrls: Record<string, string>;
  corsOrigins: string[];
}

/** The gateway reads `GATEWAY_PORT`, `GATEWAY_HOST`, `CORS_ORIGINS` and `<NAME>_URL` for each subgraph. */
export function gatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const urlVariable = (name: string) => `${name.toUpperCase()}_URL`;
  const parsed = parseEnv(
    z.object({
      GATEWAY_PORT: port.default(4000),
      GATEWAY_HOST: z.string().min(1).default('127.0.0.1'),
      CORS_ORIGINS: z.string().default(SANDBOX_ORIGIN),
      ...Object.fromEntries(subgraphs.map((s) => [urlVariable(s.name), z.url().optional()])),
    }),
    env,
  ) as Record<string, unknown>;
  return {
    port: parsed.GATEWAY_PORT as number,
    host: parsed.GATEWAY_HOST as string,
    corsOrigins: (parsed.CORS_ORIGINS as string)
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    subgraphUrls: Object.fromEntries(
      subgraphs.flatMap((s) => (typeof parsed[urlVariable(s.name)] === 'string' ? [[s.name, parsed[urlVariable(s.name)] as string]] : [])),
    ),
  };
}
