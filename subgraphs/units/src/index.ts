import { runSubgraph } from '@cq/kit';
import { createUnitsSubgraph } from './server.ts';

await runSubgraph('units', createUnitsSubgraph);
