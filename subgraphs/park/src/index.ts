import { runSubgraph } from '@cq/kit';
import { createParkSubgraph } from './server.ts';

await runSubgraph('park', createParkSubgraph);
