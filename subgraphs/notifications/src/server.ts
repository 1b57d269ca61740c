import { secretKey } from '@cq/kit/identity';
import { defaultLogger } from '@cq/kit/log';
import { createSubgraph, type SubgraphOptions } from '@cq/kit/server';
import { askPeerFor } from '@cq/kit/services';
import { createLoaders } from './data/loaders.ts';
import * as schema from './data/schema.ts';
import { type BackgroundSettings, startBackground } from './domain/background.ts';
import { events } from './domain/events.ts';
import { PUBLIC_FIELDS } from './domain/policy.ts';
import { resolvers } from './resolvers/index.ts';
import { seed } from './seed/index.ts';

/** The subgraphs whose facts and events notifications are made of (`<PEER>_URL`). */
export const PEERS = ['units', 'vendors', 'park'] as const;

/**
 * The notifications subgraph on a migrated database; it does not listen (see index.ts). The tests'
 * databases and hub find it by this name: create<Name>Subgraph. `settings` are for tests: a fixed clock
 * for the schedule, or no schedule or following at all.
 */
export function createNotificationsSubgraph(options: SubgraphOptions, settings: BackgroundSettings = {}) {
  const logger = options.logger ?? defaultLogger('notifications');
  // A day's checks ask the peers as of that day, whatever the request's moment (checks-run.ts).
  const askPeerAt = askPeerFor('notifications', secretKey(options.secret), options.peers ?? {}, logger);
  return createSubgraph(
    {
      name: 'notifications',
      root: new URL('../', import.meta.url),
      schema,
      resolvers,
      createLoaders: (db, moment) => createLoaders(db, moment, (at) => askPeerAt(at)),
      seed,
      publicFields: PUBLIC_FIELDS,
      events,
      background: (services) => startBackground(services, settings),
    },
    { ...options, logger },
  );
}
