/**
 * The session settings a subgraph pins (database.ts: SESSION_SETTINGS): a database configured to write
 * dates the British way, intervals the SQL standard's way, floats short and in another time zone answers
 * exactly as a default one, through real queries of the units subgraph that turn dates, instants and
 * numbers into text in SQL.
 */
import type { Subgraph } from '@cq/kit/server';
import { createTestDatabase, dataOf, execute, OFFICE, onTestServer, TEST_SECRET, type TestDatabase } from '@cq/kit/testing';
import { createUnitsSubgraph } from '@cq/units';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BatchesDocument,
  ExtensionRequestsInJuneDocument,
  MonthlySeriesDocument,
  OverdueConsistentlyDocument,
  SystemAsOfDocument,
} from '../../units/test/generated/graphql.ts';
import { SESSION_SETTINGS, selectRows } from '../src/database.ts';

/** What a server configured otherwise would give a session that does not pin its settings. */
const ODD = { datestyle: 'SQL, DMY', intervalstyle: 'sql_standard', timezone: 'America/Los_Angeles', extra_float_digits: '0' };

interface Opened {
  database: TestDatabase;
  // biome-ignore lint/suspicious/noExplicitAny: only the subgraph's answers matter here.
  subgraph: Subgraph<any>;
}

const opened: Opened[] = [];
async function open(settings: Record<string, string> = {}): Promise<Opened> {
  const database = await createTestDatabase('units');
  const name = new URL(database.url).pathname.slice(1);
  await onTestServer(async (admin) => {
    for (const [setting, value] of Object.entries(settings)) await admin.unsafe(`alter database ${name} set ${setting} to '${value}'`);
  });
  const subgraph = await createUnitsSubgraph({ url: database.url, secret: TEST_SECRET });
  const result = { database, subgraph };
  opened.push(result);
  return result;
}

let usual: Opened;
let odd: Opened;
beforeAll(async () => {
  [usual, odd] = await Promise.all([open(), open(ODD)]);
});
afterAll(async () => {
  for (const { database, subgraph } of opened) {
    await subgraph.database.close();
    await database.drop();
  }
});

// biome-ignore lint/suspicious/noExplicitAny: each operation has its own result type; they are compared whole.
const both = async (operation: TypedDocumentNode<any, any>, variables?: Record<string, unknown>) =>
  Promise.all([usual, odd].map(async ({ subgraph }) => dataOf(await execute(subgraph, operation, variables, OFFICE))));

describe('pinned session settings', () => {
  it('faces a database whose own settings would write dates, floats and zones otherwise', async () => {
    // A session of its own (not pinned) on the odd database sees what the subgraph would have read.
    const raw = postgres(odd.database.url, { max: 1, onnotice: () => {} });
    try {
      const [row] = await raw<{ day: string; instant: string; ms: string; span: string }[]>`
        select '2015-09-30'::date::text as day, '2015-09-30 16:00:00+00'::timestamptz::text as instant,
          (1443542400123.456::float8)::text as ms, interval '1 day 2 hours'::text as span`;
      expect(row).toEqual({ day: '30/09/2015', instant: '30/09/2015 09:00:00 PDT', ms: '1443542400123.46', span: '1 2:00:00' });
    } finally {
      await raw.end();
    }
  });

  it("pins each setting in the subgraph's own sessions", async () => {
    const [row] = await selectRows<Record<string, string>>(
      odd.subgraph.database.db,
      sql`select current_setting('DateStyle') as "DateStyle", current_setting('IntervalStyle') as "IntervalStyle",
        current_setting('TimeZone') as "TimeZone", current_setting('extra_float_digits') as extra_float_digits`,
    );
    expect(row).toEqual(SESSION_SETTINGS);
  });

  it('answers a due date, turned into text in SQL, as YYYY-MM-DD', async () => {
    const [a, b] = await both(OverdueConsistentlyDocument, { asOf: '2015-09-30' });
    expect(b).toEqual(a);
    const dueDates = b.overdueSystems.edges.map((edge: { node: { system: { dueDate: string } } }) => edge.node.system.dueDate);
    expect(dueDates.length).toBeGreaterThan(0);
    expect(new Set(dueDates)).toEqual(new Set(['2015-09-30']));
    const id = b.overdueSystems.edges[0].node.system.id;
    const [x, y] = await both(SystemAsOfDocument, { id, asOf: '2015-09-30T23:59:59+08:00' });
    expect(y).toEqual(x);
    expect(y.system).toMatchObject({ dueDate: '2015-09-30', isOverdue: false });
  });

  it('answers date columns, months, instants and epoch milliseconds the same', async () => {
    const [batches, oddBatches] = await both(BatchesDocument);
    expect(oddBatches).toEqual(batches);
    expect(oddBatches.batches[0]).toMatchObject({ number: 1, windowEnd: '2015-09-30' });
    const [months, oddMonths] = await both(MonthlySeriesDocument, { from: '2015-08', to: '2015-11' });
    expect(oddMonths).toEqual(months);
    expect(new Set(oddMonths.monthlyBatchProgress.map((m: { month: string }) => m.month))).toEqual(
      new Set(['2015-08', '2015-09', '2015-10', '2015-11']),
    );
    const [requests, oddRequests] = await both(ExtensionRequestsInJuneDocument);
    expect(oddRequests).toEqual(requests);
    for (const { node } of oddRequests.extensionRequests.edges) {
      expect(node.newDueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(node.requestedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
  });
});
