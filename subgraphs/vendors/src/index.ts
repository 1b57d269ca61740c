import { runSubgraph } from '@cq/kit/server';
import { subgraphEntry } from '@cq/schema';
import { createVendorsSubgraph } from './server.ts';

await runSubgraph('vendors', subgraphEntry('vendors').port, createVendorsSubgraph);
