import { createSubgraph, type SubgraphOptions } from '@cq/kit/server';
import { createLoaders } from './data/loaders.ts';
import * as schema from './data/schema.ts';
import { events } from './domain/events.ts';
import { PUBLIC_FIELDS } from './domain/policy.ts';
import { resolvers } from './resolvers/index.ts';
import { seed } from './seed/index.ts';

/** The park subgraph's parts, in the shape every subgraph shares (kit: createSubgraph). */
export const definition = {
  name: 'park',
  root: new URL('../', import.meta.url),
  schema,
  resolvers,
  createLoaders,
  seed,
  publicFields: PUBLIC_FIELDS,
  events,
};

/** The park subgraph on a migrated, seeded database; it does not listen (see index.ts). */
export const createParkSubgraph = (options: SubgraphOptions) => createSubgraph(definition, options);
