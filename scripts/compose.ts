/**
 * Composes schema/supergraph.graphql from the subgraphs' schema.graphql files (run after changing one and
 * commit both). `--check` writes nothing and fails when the checked-in file is stale.
 */
import { writeFileSync } from 'node:fs';
import { readSupergraph, supergraphPath } from '@cq/schema';
import { composeSupergraph } from '@cq/schema/compose';

try {
  const supergraph = composeSupergraph();
  if (process.argv.includes('--check')) {
    if (readSupergraph() !== supergraph) {
      console.error('schema/supergraph.graphql is stale: run `pnpm compose` and commit it.');
      process.exit(1);
    }
    console.log('schema/supergraph.graphql is up to date.');
  } else {
    writeFileSync(supergraphPath, supergraph);
    console.log('wrote schema/supergraph.graphql');
  }
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
