/**
 * Counts the SQL statements each subgraph runs for saved operations at different page sizes: the counts
 * must not grow with the number of rows. Runs the whole hub in one process (real HTTP between gateway
 * and subgraphs) on in-memory PGlite, or on PostgreSQL with TEST_DATABASE_URL.
 *   pnpm measure
 */
import { readFileSync } from 'node:fs';
import { repoRoot } from '@cq/kit';
import { startHub } from '@cq/gateway/hub';

const operation = (name: string) => readFileSync(`${repoRoot}schema/operations/${name}.graphql`, 'utf8');

const hub = await startHub();
try {
  const rows: Record<string, string | number>[] = [];
  for (const first of [3, 12, 50]) {
    rows.push({ operation: `CrossGraphUnits(first: ${first})`, ...(await hub.statementsFor(operation('CrossGraphUnits'), { first })) });
  }
  console.table(rows);
} finally {
  await hub.stop();
}
