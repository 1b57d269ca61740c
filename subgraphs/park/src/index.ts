import { runSubgraph } from '@cq/kit/server';
import { subgraphEntry } from '@cq/schema';
import { createParkSubgraph } from './server.ts';

await runSubgraph('park', subgraphEntry('park').port, createParkSubgraph);
