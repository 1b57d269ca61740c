import { runSubgraph } from '@cq/kit';
import { createVendorsSubgraph } from './server.ts';

await runSubgraph('vendors', createVendorsSubgraph);
