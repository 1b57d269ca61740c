import type { Database } from '@cq/kit';
import type * as schema from './db/schema.ts';
import type { Loaders } from './loaders.ts';

export interface Context {
  db: Database<typeof schema>;
  loaders: Loaders;
  /** Who is asking; recorded as "who" in the history of every change. */
  actor: string;
}
