import { runSubgraph } from '@cq/kit/server';
import { subgraphEntry } from '@cq/schema';
import { createTelecomSubgraph } from './server.ts';

// The units subgraph says which units a coordinating unit covers (domain/policy.ts) and whether a
// circuit's unit exists (domain/commands.ts): UNITS_URL.
await runSubgraph('telecom', subgraphEntry('telecom').port, createTelecomSubgraph, ['units']);
