import type { Database } from '@cq/kit/database';
import type * as schema from '../data/schema.ts';

/**
 * The notifications subgraph seeds nothing: its notifications are derived, by the daily checks from the
 * other subgraphs' seeded facts and by their events, once the hub runs.
 */
export async function seed(_db: Database<typeof schema>): Promise<void> {}
