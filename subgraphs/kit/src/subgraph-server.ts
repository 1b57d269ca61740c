import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { sql } from 'drizzle-orm';
import { GraphQLError, parse, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { openDatabase, type Database, type OpenDatabase } from './database.ts';
import { subgraphConfig } from './env.ts';
import { serve, type Listening } from './http.ts';
import { subgraphDir, type SubgraphName } from './subgraphs.ts';

/** The development stand-in for a verified identity: who made a change, recorded in history. */
export const ACTOR_HEADER = 'x-dev-actor';

/** Who is asking: the development header's value, or "anonymous". */
export function actorOf(req?: IncomingMessage): string {
  const value = req?.headers[ACTOR_HEADER];
  return (Array.isArray(value) ? value[0] : value)?.trim() || 'anonymous';
}

/** The identity of a caller who changes something: history needs a name, so anonymous changes are refused. */
export function requireActor(ctx: { actor: string }): string {
  if (ctx.actor === 'anonymous') {
    throw new GraphQLError(`Changes need the caller's identity: send the ${ACTOR_HEADER} header (history records who changed what).`, {
      extensions: { code: 'UNAUTHENTICATED' },
    });
  }
  return ctx.actor;
}

export const readSdl = (name: SubgraphName) => readFileSync(`${subgraphDir(name)}schema.graphql`, 'utf8');

/** A subgraph ready to serve: its Apollo Server, its per-request context and the database it holds. */
export interface Subgraph<C extends BaseContext> {
  name: SubgraphName;
  server: ApolloServer<C>;
  /** Fresh loaders and the caller's identity for every request. */
  context: (req?: IncomingMessage) => Promise<C>;
  database: OpenDatabase<Record<string, unknown>>;
}

/** The SQLSTATE of a database error, wherever the driver or drizzle put it. */
function sqlState(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}

/**
 * Rule violations pass as they are. A database error becomes a clear code: a unique key taken by a
 * concurrent request is ALREADY_EXISTS, a lost race (deadlock, serialisation) is CONFLICT, and anything
 * else is an internal error whose SQL text stays in the server's log, not in the answer.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (code && code !== 'INTERNAL_SERVER_ERROR') return formatted;
  const state = sqlState(unwrapResolverError(error));
  if (state === '23505') return { ...formatted, message: 'That record already exists: another request created it first.', extensions: { code: 'ALREADY_EXISTS' } };
  if (state === '40001' || state === '40P01') return { ...formatted, message: 'A concurrent change got there first; read again and retry.', extensions: { code: 'CONFLICT' } };
  console.error(unwrapResolverError(error));
  return { ...formatted, message: 'Internal error: the failure is logged on the server.', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/** An Apollo Server for a subgraph's SDL file; the resolvers come typed by graphql-codegen. */
export function buildSubgraphServer<C extends BaseContext>(name: SubgraphName, resolvers: object): ApolloServer<C> {
  return new ApolloServer<C>({
    schema: buildSubgraphSchema({ typeDefs: parse(readSdl(name)), resolvers: resolvers as GraphQLResolverMap<unknown> }),
    // Subgraphs sit behind the gateway; their errors keep the rule codes the gateway passes on.
    includeStacktraceInErrorResponses: process.env.NODE_ENV === 'development',
    // Traces are only for Apollo's cloud reporting, which this hub does not use.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    formatError,
  });
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; without one, embedded PGlite. */
  url?: string;
  /** PGlite's folder; without one (tests), PGlite lives in memory. */
  dataDir?: string;
}

/** What a subgraph is made of; `createSubgraph` puts it together the same way for all four. */
export interface SubgraphDefinition<S extends Record<string, unknown>, L> {
  name: SubgraphName;
  schema: S;
  resolvers: object;
  /** Loaders for one request; `now` is the request's moment, for loaders that read "today". */
  createLoaders: (db: Database<S>, now: Date) => L;
  seed: (db: Database<S>) => Promise<void>;
}

export type SubgraphContext<S extends Record<string, unknown>, L> = {
  db: Database<S>;
  loaders: L;
  actor: string;
  /** The request's "now", taken once: every field asked about now reads the same moment. */
  now: Date;
};

/**
 * Opens the subgraph's database (migrated from its drizzle/ folder, seeded when empty) and builds its
 * server; nothing listens yet. Every request gets fresh loaders: a loader caches for one request only.
 */
export async function createSubgraph<S extends Record<string, unknown>, L>(
  definition: SubgraphDefinition<S, L>,
  options: DatabaseOptions = {},
): Promise<Subgraph<SubgraphContext<S, L>>> {
  const { name, schema, seed, resolvers, createLoaders } = definition;
  const database = await openDatabase({ schema, migrationsFolder: `${subgraphDir(name)}drizzle`, seed, ...options });
  return {
    name,
    server: buildSubgraphServer(name, resolvers),
    context: async (req) => {
      const now = new Date();
      return { db: database.db, loaders: createLoaders(database.db, now), actor: actorOf(req), now };
    },
    database: database as unknown as OpenDatabase<Record<string, unknown>>,
  };
}

/** Serves a subgraph over HTTP; /health answers 200 while its database answers. */
export function listenSubgraph<C extends BaseContext>(subgraph: Subgraph<C>, port: number, host?: string): Promise<Listening> {
  return serve(subgraph.server, {
    port,
    host,
    context: subgraph.context,
    healthy: async () => {
      await subgraph.database.db.execute(sql`select 1`);
      return true;
    },
  });
}

/** Ends a process that cannot start with one line naming the service and the reason. */
export function exitWith(service: string, error: unknown): never {
  const e = error as NodeJS.ErrnoException & { port?: number };
  const reason = e.code === 'EADDRINUSE' ? `port ${e.port} is in use; set ${service.toUpperCase()}_PORT to another` : e.message;
  console.error(`${service} cannot start: ${reason}`);
  process.exit(1);
}

/** The entry point of a subgraph process: validate config, open the database, listen, stop cleanly. */
export async function runSubgraph<C extends BaseContext>(
  name: SubgraphName,
  create: (options: DatabaseOptions) => Promise<Subgraph<C>>,
): Promise<void> {
  try {
    const config = subgraphConfig(name);
    const subgraph = await create({ url: config.databaseUrl, dataDir: config.dataDir });
    const listening = await listenSubgraph(subgraph, config.port);
    const where = config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`;
    console.log(`${name} subgraph ready at ${listening.url} (${where})`);
    const stop = async () => {
      await listening.stop();
      await subgraph.database.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (error) {
    exitWith(name, error);
  }
}
