import { createSubgraph, type DatabaseOptions } from '@cq/kit';
import * as schema from './db/schema.ts';
import { createLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { seed } from './seed/index.ts';

export const definition = { name: 'park' as const, schema, resolvers, createLoaders, seed };

/** The park subgraph on a migrated, seeded database; it does not listen (see index.ts). */
export const createParkSubgraph = (options?: DatabaseOptions) => createSubgraph(definition, options);
