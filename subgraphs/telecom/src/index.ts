import { runSubgraph } from '@cq/kit';
import { createTelecomSubgraph } from './server.ts';

await runSubgraph('telecom', createTelecomSubgraph);
