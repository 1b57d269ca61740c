/**
 * Every mutation declares its events (event-declarations.ts), deny by default as for access: a subgraph
 * whose mutation declares none, or that declares events for a mutation its schema lacks, refuses to start,
 * naming it. The units subgraph's own definition, with its declarations cut or added to.
 */
import { createSubgraph } from '@cq/kit/server';
import { createTestDatabase, TEST_SECRET, type TestDatabase } from '@cq/kit/testing';
import { definition } from '@cq/units';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('units');
});
afterAll(async () => database?.drop());

describe('event declarations', () => {
  it('refuses to start a subgraph with a mutation that declares no events, or events of no mutation', async () => {
    const { addBudgetLine: _, ...withoutOne } = definition.events.changes;
    await expect(
      createSubgraph({ ...definition, events: { ...definition.events, changes: withoutOne } }, { url: database.url, secret: TEST_SECRET }),
    ).rejects.toThrow(/^Mutation\.addBudgetLine declares no events \(event-declarations\.ts\)\.$/);
    await expect(
      createSubgraph(
        { ...definition, events: { ...definition.events, changes: { ...definition.events.changes, renameUnit: () => [] } } },
        { url: database.url, secret: TEST_SECRET },
      ),
    ).rejects.toThrow(/^Events are declared for renameUnit, which the schema has no mutation for\.$/);
  });
});
