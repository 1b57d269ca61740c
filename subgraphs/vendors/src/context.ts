import type { SubgraphContext } from '@cq/kit';
import type * as schema from './db/schema.ts';
import type { Loaders } from './loaders.ts';

/** The per-request context: the database, fresh loaders, and who is asking. */
export type Context = SubgraphContext<typeof schema, Loaders>;
