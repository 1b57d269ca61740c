import { runSubgraph } from '@cq/kit/server';
import { subgraphEntry } from '@cq/schema';
import { createNotificationsSubgraph, PEERS } from './server.ts';

// Notifications asks units and vendors for a day's facts and follows units', vendors' and the park's events.
await runSubgraph('notifications', subgraphEntry('notifications').port, createNotificationsSubgraph, PEERS);
