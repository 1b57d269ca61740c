import { createSubgraph } from '@cq/kit/server';
import { dataOf, execute, startTestSubgraph, type TestSubgraph } from '@cq/kit/testing';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { seed, seedUnits } from '../src/seed/index.ts';
import { generatedUnits } from '../src/seed/units.ts';
import { definition } from '../src/server.ts';
import { graphql } from './generated/graphql.ts';

/** A units subgraph seeded with `count` generated units instead of the programme's own. */
const withUnits = (count: number) =>
  startTestSubgraph('units', (options) =>
    createSubgraph({ ...definition, seed: (db) => seed(db, seedUnits(generatedUnits(count))) }, options),
  );

let small: TestSubgraph<Context>;
let large: TestSubgraph<Context>;
beforeAll(async () => {
  [small, large] = await Promise.all([withUnits(10), withUnits(1000)]);
});
afterAll(async () => {
  await Promise.all([small?.stop(), large?.stop()]);
});

/** A report without variables; only its statement count matters here, not its data. */
type Report = TypedDocumentNode<unknown, Record<string, never>>;

const reports: [string, Report][] = [
  [
    'progress by batch',
    graphql(
      `query ProgressByBatch { progressReport(groupBy: BATCH, asOf: "2016-03-31") { groups { label figures { systems overdue byStage { count } } } total { percentCentralised } } }`,
    ),
  ],
  [
    'progress by coordinating unit',
    graphql(
      `query ProgressByCoordinatingUnit { progressReport(groupBy: COORDINATING_UNIT) { groups { coordinatingUnit { name } figures { systems pendingExtensions } } } }`,
    ),
  ],
  [
    'progress by unit kind',
    graphql(
      `query ProgressByUnitKind { progressReport(groupBy: UNIT_KIND, asOf: "2016-06-30") { groups { unitKind figures { overdue } } } }`,
    ),
  ],
  [
    'monthly batch progress',
    graphql(`query MonthlyBatchProgressReport { monthlyBatchProgress { month batch { name } figures { percentCentralised } } }`),
  ],
  [
    'overdue systems',
    graphql(
      `query OverdueSystemsReport { overdueSystems(asOf: "2016-07-15", first: 100) { totalCount edges { node { dueDate system { name unit { name coordinatingUnit { name } } } } } } }`,
    ),
  ],
  [
    'budget compliance',
    graphql(
      `query BudgetComplianceReport { budgetCompliance(year: 2016, groupBy: COORDINATING_UNIT, first: 100) { totalCount edges { node { unit { name } totalCny } } } }`,
    ),
  ],
  [
    'units with their subtree progress',
    graphql(
      `query UnitsWithSubtreeProgress { units(first: 100) { edges { node { name progress(asOf: "2016-06-30") { overdue } systems { stage(asOf: "2016-01-31") isOverdue dueDate } } } } }`,
    ),
  ],
];

describe('reports at scale', () => {
  it.each(reports)('%s: the same SQL statements for 10 units as for 1,000', async (_, query) => {
    const statements = async (subgraph: TestSubgraph<Context>) => {
      const before = subgraph.database.statements.count;
      const { errors } = await execute(subgraph, query);
      expect(errors).toBeUndefined();
      return subgraph.database.statements.count - before;
    };
    expect(await statements(large)).toBe(await statements(small));
  });

  it('really holds 1,000 units in the large database', async () => {
    const data = dataOf(await execute(large, graphql(`query LargeUnitCount { units(first: 1) { totalCount } }`)));
    expect(data.units.totalCount).toBe(1000);
  });
});
