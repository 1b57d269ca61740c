import type { SubgraphContext } from '@cq/kit/server';
import type { Loaders } from './data/loaders.ts';
import type * as schema from './data/schema.ts';

/** The per-request context: the database, fresh loaders, and who is asking. */
export type Context = SubgraphContext<typeof schema, Loaders>;
