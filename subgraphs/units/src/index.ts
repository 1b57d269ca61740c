import { runSubgraph } from '@cq/kit/server';
import { subgraphEntry } from '@cq/schema';
import { createUnitsSubgraph } from './server.ts';

// Units asks the park (a plan's destination) and vendors (a selection's provider and services) as a service.
await runSubgraph('units', subgraphEntry('units').port, createUnitsSubgraph, ['park', 'vendors']);
