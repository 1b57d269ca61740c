import { runSubgraph } from '@cq/kit/server';
import { subgraphEntry } from '@cq/schema';
import { createParkSubgraph } from './server.ts';

// The units subgraph says whose system is placed and which units a coordinating unit covers (domain/policy.ts).
await runSubgraph('park', subgraphEntry('park').port, createParkSubgraph, ['units']);
