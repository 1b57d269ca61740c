import { runSubgraph } from '@cq/kit/server';
import { subgraphEntry } from '@cq/schema';
import { createUnitsSubgraph } from './server.ts';

await runSubgraph('units', subgraphEntry('units').port, createUnitsSubgraph);
