import { createSubgraph, type DatabaseOptions } from '@cq/kit';
import * as schema from './db/schema.ts';
import { createLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { seed } from './seed/index.ts';

export const definition = { name: 'telecom' as const, schema, resolvers, createLoaders, seed };

/** The telecom subgraph on a migrated, seeded database; it does not listen (see index.ts). */
export const createTelecomSubgraph = (options?: DatabaseOptions) => createSubgraph(definition, options);
