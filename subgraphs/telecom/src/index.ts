import { runSubgraph } from '@cq/kit/server';
import { subgraphEntry } from '@cq/schema';
import { createTelecomSubgraph } from './server.ts';

await runSubgraph('telecom', subgraphEntry('telecom').port, createTelecomSubgraph);
