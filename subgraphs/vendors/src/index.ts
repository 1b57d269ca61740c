import { runSubgraph } from '@cq/kit/server';
import { subgraphEntry } from '@cq/schema';
import { createVendorsSubgraph } from './server.ts';

// Units answers the policy's questions: a coordinator's subtree, whose a system is (UNITS_URL).
await runSubgraph('vendors', subgraphEntry('vendors').port, createVendorsSubgraph, ['units']);
