/**
 * Counts the SQL statements each subgraph runs for saved operations at different page sizes, with the
 * programme's units plus 1,000 generated ones: the counts must not grow with the number of rows. Runs
 * the whole hub in one process (real HTTP between gateway and subgraphs) on in-memory PGlite, or on
 * PostgreSQL with TEST_DATABASE_URL. Every operation is asked as the joint-conference office, who reads
 * everything.
 *   pnpm measure
 */
import { startHub } from '@cq/e2e';
import { dataOf, OFFICE } from '@cq/kit/testing';
import {
  BatchProgressAsOfDocument,
  CrossGraphUnitsDocument,
  MonthlyBatchProgressDocument,
  UnitMonthlyCostDocument,
  UnitsPageDocument,
} from '@cq/schema/operations';
import { batchOneUnits, countyLevelUnits, generatedUnits, namedUnits, sampleUnits } from '@cq/units/seed/units';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

const hub = await startHub({ units: [...batchOneUnits, ...namedUnits, ...countyLevelUnits(), ...sampleUnits, ...generatedUnits(1000)] });
try {
  const rows: Record<string, string | number>[] = [];
  const measure = async <D, V>(document: TypedDocumentNode<D, V>, variables: V, label: string) => {
    const started = performance.now();
    const statements = await hub.statementsFor(document, variables, OFFICE);
    rows.push({ operation: label, ...statements, ms: Math.round(performance.now() - started) });
  };
  for (const first of [3, 12, 100]) await measure(CrossGraphUnitsDocument, { first }, `CrossGraphUnits(first: ${first})`);
  for (const first of [10, 100]) await measure(UnitMonthlyCostDocument, { first }, `UnitMonthlyCost(first: ${first})`);
  for (const asOf of ['2015-09-30', '2016-06-30']) await measure(BatchProgressAsOfDocument, { asOf }, `BatchProgressAsOf(${asOf})`);
  await measure(MonthlyBatchProgressDocument, { from: '2015-07', to: '2015-09' }, 'MonthlyBatchProgress(3 months)');
  await measure(MonthlyBatchProgressDocument, { from: '2015-07', to: '2016-12' }, 'MonthlyBatchProgress(18 months)');
  console.log(`${dataOf(await hub.query(UnitsPageDocument, { first: 0 }, OFFICE)).units?.totalCount} units`);
  console.table(rows);
} finally {
  await hub.stop();
}
