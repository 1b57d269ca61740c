import type { Viewer } from '@cq/kit/identity';
import { createSubgraph } from '@cq/kit/server';
import { dataOf, execute, OFFICE, present, startTestSubgraph, type TestSubgraph } from '@cq/kit/testing';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { seed, seedUnits } from '../src/seed/index.ts';
import { generatedUnits } from '../src/seed/units.ts';
import { definition } from '../src/server.ts';
import { graphql } from './generated/graphql.ts';

/** A units subgraph seeded with `count` generated units instead of the programme's own. */
const withUnits = (count: number) =>
  startTestSubgraph(
    'units',
    (options) => createSubgraph({ ...definition, seed: (db) => seed(db, seedUnits(generatedUnits(count))) }, options),
    { empty: true },
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

/** The joint-conference office reads everything; the scoped callers below read their part of it. */

const reports: [string, Report][] = [
  [
    'progress by batch',
    graphql(
      `query ProgressByBatch { progressReport(groupBy: BATCH, asOf: "2016-03-31") { groups { label figures { systemCount overdueCount byStage { count } } } total { percentCentralised } } }`,
    ),
  ],
  [
    'progress by coordinating unit',
    graphql(
      `query ProgressByCoordinatingUnit { progressReport(groupBy: COORDINATING_UNIT) { groups { coordinatingUnit { name } figures { systemCount pendingExtensionCount } } } }`,
    ),
  ],
  [
    'progress by unit kind',
    graphql(
      `query ProgressByUnitKind { progressReport(groupBy: UNIT_KIND, asOf: "2016-06-30") { groups { unitKind figures { overdueCount } } } }`,
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
      `query UnitsWithSubtreeProgress { units(first: 100) { edges { node { name progress(asOf: "2016-06-30") { overdueCount } systems { stage(asOf: "2016-01-31") isOverdue dueDate } } } } }`,
    ),
  ],
];

/**
 * Reads scoped to a caller (policy.ts): the scope is a condition inside each list's own statement, and a
 * caller's reach is worked out once per request, so a scoped caller costs no statement per row either. A
 * provider's systems grow with the programme; a generated district's subtree is five units in both.
 */
const scoped: [string, Viewer, Report][] = [
  [
    'a coordinating unit: its subtree with systems, progress and budget lines',
    { id: 'generated-district-0-coordinator', role: 'coordinator', unitId: 'generated-district-0' },
    graphql(
      `query UnitsScaleCoordinatorUnits { units(first: 100) { totalCount edges { node { name subtreeIds progress(asOf: "2016-06-30") { overdueCount } systems { stage isOverdue } budgetLines { amountCny } } } } overdueSystems(asOf: "2016-07-15", first: 100) { totalCount edges { node { system { name unit { name } } } } } extensionRequests(first: 100) { totalCount edges { node { unit { name } } } } }`,
    ),
  ],
  [
    "a unit's officer: its unit, systems and overdue systems",
    { id: 'generated-institution-1-officer', role: 'unit-officer', unitId: 'generated-institution-1' },
    graphql(
      `query UnitsScaleOfficerUnit { units(first: 100) { totalCount edges { node { name coordinatingUnit { name systems { id } } systems { stage history { to } } } } } overdueSystems(asOf: "2016-07-15", first: 100) { totalCount edges { node { dueDate system { name } } } } }`,
    ),
  ],
  [
    'a cloud provider: the systems that selected it and their units',
    { id: 'sample-jialing-cloud-staff', role: 'vendor', vendorId: 'sample-jialing-cloud' },
    graphql(
      `query UnitsScaleVendorSystems { systems(first: 100) { totalCount edges { node { name stage vendorSelection { procurementMethod } unit { name systems { id } } } } } units(first: 100) { totalCount edges { node { name isMigrating } } } }`,
    ),
  ],
];

/** The statements one operation costs a subgraph. */
async function statements(subgraph: TestSubgraph<Context>, query: Report, viewer: Viewer) {
  const before = subgraph.database.statements.count;
  const { errors } = await execute(subgraph, query, {}, viewer);
  expect(errors).toBeUndefined();
  return subgraph.database.statements.count - before;
}

describe('reports at scale', () => {
  it.each(reports)('%s: the same SQL statements for 10 units as for 1,000', async (_, query) => {
    expect(await statements(large, query, OFFICE)).toBe(await statements(small, query, OFFICE));
  });

  it.each(scoped)('%s: the same SQL statements for 10 units as for 1,000', async (_, viewer, query) => {
    expect(await statements(large, query, viewer)).toBe(await statements(small, query, viewer));
  });

  it('really holds 1,000 units in the large database, and a provider sees more of them than of the small one', async () => {
    const data = dataOf(await execute(large, graphql(`query LargeUnitCount { units(first: 1) { totalCount } }`), {}, OFFICE));
    expect(present(data.units, 'units').totalCount).toBe(1000);
    const vendor: Viewer = { id: 'sample-jialing-cloud-staff', role: 'vendor', vendorId: 'sample-jialing-cloud' };
    const count = graphql(`query UnitsScaleVendorCount { systems(first: 0) { totalCount } }`);
    const [few, many] = await Promise.all(
      [small, large].map(async (s) => present(dataOf(await execute(s, count, {}, vendor)).systems, 'systems').totalCount),
    );
    expect(few).toBeGreaterThan(0);
    expect(many).toBeGreaterThan(10 * (few ?? 0));
  });
});
