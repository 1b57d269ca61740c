import { actorOf, buildSubgraphServer, openDatabase, subgraphDir, type Subgraph } from '@cq/kit';
import type { Context } from './context.ts';
import * as schema from './db/schema.ts';
import { createLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { seed } from './seed/index.ts';

export interface DatabaseOptions {
  /** PostgreSQL connection string; without one, embedded PGlite. */
  url?: string;
  /** PGlite's folder; without one (tests), PGlite lives in memory. */
  dataDir?: string;
}

/** Builds the units subgraph on a migrated, seeded database; it does not listen (see index.ts). */
export async function createUnitsSubgraph(options: DatabaseOptions = {}): Promise<Subgraph<Context>> {
  const database = await openDatabase({ schema, migrationsFolder: `${subgraphDir('units')}drizzle`, seed, ...options });
  return {
    name: 'units',
    server: buildSubgraphServer<Context>('units', resolvers),
    context: async (req) => ({ db: database.db, loaders: createLoaders(database.db), actor: actorOf(req) }),
    database,
  };
}
