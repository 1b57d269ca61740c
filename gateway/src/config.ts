import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseEnv, port } from '@cq/kit/config';
import { SANDBOX_ORIGIN } from '@cq/kit/http';
import { z } from 'zod';

export interface GatewayConfig {
  port: number;
  host: string;
  /** The composed supergraph the gateway serves; production gateways never compose at run time. */
  supergraphSdl: string;
  /** Where each subgraph answers, where the environment overrides the URL written in the supergraph. */
  subgraphUrls: Record<string, string>;
  corsOrigins: string[];
}

/** The repository's checked-in supergraph, the default when SUPERGRAPH_PATH is not set. */
const CHECKED_IN = fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url));

/** The subgraphs a supergraph names (its join__Graph values), each with the URL composition wrote. */
export const graphsOf = (supergraphSdl: string) =>
  [...supergraphSdl.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]+)"\)/g)].map(([, name = '', url = '']) => ({ name, url }));

/**
 * The gateway reads `GATEWAY_PORT`, `GATEWAY_HOST`, `CORS_ORIGINS`, `SUPERGRAPH_PATH`, and `<NAME>_URL` for
 * each subgraph the supergraph names: it serves any supergraph, knowing nothing of the repository.
 */
export function gatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const base = parseEnv(
    z.object({
      GATEWAY_PORT: port.default(4000),
      GATEWAY_HOST: z.string().min(1).default('127.0.0.1'),
      CORS_ORIGINS: z.string().default(SANDBOX_ORIGIN),
      SUPERGRAPH_PATH: z.string().min(1).default(CHECKED_IN),
    }),
    env,
  );
  let supergraphSdl: string;
  try {
    supergraphSdl = readFileSync(base.SUPERGRAPH_PATH, 'utf8');
  } catch {
    throw new Error(`Invalid configuration:\n  SUPERGRAPH_PATH: no supergraph can be read at ${base.SUPERGRAPH_PATH}`);
  }
  const urlVariable = (name: string) => `${name.toUpperCase()}_URL`;
  const names = graphsOf(supergraphSdl).map((g) => g.name);
  const urls = parseEnv(z.object(Object.fromEntries(names.map((name) => [urlVariable(name), z.url().optional()]))), env) as Record<
    string,
    string | undefined
  >;
  return {
    port: base.GATEWAY_PORT,
    host: base.GATEWAY_HOST,
    supergraphSdl,
    corsOrigins: base.CORS_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    subgraphUrls: Object.fromEntries(
      names.flatMap((name) => {
        const url = urls[urlVariable(name)];
        return url ? [[name, url]] : [];
      }),
    ),
  };
}
