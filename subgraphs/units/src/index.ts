import { runSubgraph } from '@cq/kit';
import { createUnitsSubgraph } from './server.ts';

await runSubgraph('units', (config) => createUnitsSubgraph({ url: config.databaseUrl, dataDir: config.dataDir }));
