/**
 * A new subgraph from the template, in the shape every subgraph shares, added to schema/subgraphs.json.
 *   pnpm scaffold <name> [--port N]
 * Then: pnpm install (links the new package), pnpm codegen, pnpm compose, pnpm start.
 * The guide: docs/new-subgraph.md.
 */
import { relative } from 'node:path';
import { repoRoot } from '@cq/schema';
import { addToRegistry, scaffoldSubgraph } from './scaffold/index.ts';

const args = process.argv.slice(2);
const portAt = args.indexOf('--port');
const port = portAt >= 0 ? Number(args[portAt + 1]) : undefined;
const name = args.find((arg, i) => !arg.startsWith('--') && (portAt < 0 || i !== portAt + 1));

try {
  if (!name) throw new Error('Usage: pnpm scaffold <name> [--port N]   (a name of lower-case letters, e.g. backup)');
  const scaffolded = scaffoldSubgraph({ name, port });
  addToRegistry({ name, port: scaffolded.port });
  const { names } = scaffolded;
  console.log(`Created ${relative(repoRoot, scaffolded.dir)} (${scaffolded.files.length} files) and listed it in schema/subgraphs.json, port ${scaffolded.port}.
It serves ${names.entity}, Query.${names.list}, Query.${names.one}, Mutation.${names.create} and Unit.${names.list}. Next:
  pnpm install      links the new package @cq/${name}
  pnpm codegen      its resolver types and test operations
  pnpm compose      the supergraph with it
  pnpm --filter @cq/${name} test
  pnpm start        the hub with it (its database: ${names.env}_DATABASE_URL, or the embedded PostgreSQL)
See docs/new-subgraph.md.`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
