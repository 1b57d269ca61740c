/**
 * Counts the SQL statements each subgraph runs for saved operations at different page sizes, with the
 * programme's units plus 1,000 generated ones: the counts must not grow with the number of rows. Runs
 * the whole hub in one process (real HTTP between gateway and subgraphs) on in-memory PGlite, or on
 * PostgreSQL with TEST_DATABASE_URL.
 *   pnpm measure
 */
import { readFileSync } from 'node:fs';
import { startHub } from '@cq/e2e';
import { operationsDir } from '@cq/schema';
import { batchOneUnits, countyLevelUnits, generatedUnits, namedUnits, sampleUnits } from '@cq/units/seed/units';

const operation = (name: string) => readFileSync(`${operationsDir}${name}.graphql`, 'utf8');

const hub = await startHub({ units: [...batchOneUnits, ...namedUnits, ...countyLevelUnits(), ...sampleUnits, ...generatedUnits(1000)] });
try {
  const rows: Record<string, string | number>[] = [];
  const measure = async (name: string, variables: Record<string, unknown>, label: string) => {
    const started = performance.now();
    const statements = await hub.statementsFor(operation(name), variables);
    rows.push({ operation: `${name}(${label})`, ...statements, ms: Math.round(performance.now() - started) });
  };
  for (const first of [3, 12, 100]) await measure('CrossGraphUnits', { first }, `first: ${first}`);
  for (const first of [10, 100]) await measure('UnitMonthlyCost', { first }, `first: ${first}`);
  for (const asOf of ['2015-09-30', '2016-06-30']) await measure('BatchProgressAsOf', { asOf }, asOf);
  await measure('MonthlyBatchProgress', { from: '2015-07', to: '2015-09' }, '3 months');
  await measure('MonthlyBatchProgress', { from: '2015-07', to: '2016-12' }, '18 months');
  console.log(`${(await hub.query('{ units(first: 0) { totalCount } systems(first: 0) { totalCount } }')).data!.units.totalCount} units`);
  console.table(rows);
} finally {
  await hub.stop();
}
