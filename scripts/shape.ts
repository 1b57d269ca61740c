/**
 * Fails when a subgraph leaves the shape every subgraph shares, or the gateway loads what it must not,
 * so a vendor's engineer finds the same things in the same places in every subgraph:
 *   schema.graphql, drizzle.config.ts, drizzle/ (migrations), test/, and in src/:
 *   index.ts (listens), server.ts (builds), context.ts, mappers.ts, generated/ (codegen),
 *   domain/rules.ts (the notice's rules, opening with a table), domain/commands.ts (mutations in a transaction),
 *   domain/policy.ts (who may read and change what, opening with a table),
 *   data/schema.ts (drizzle), data/loaders.ts (per request), data/queries.ts (lists and shared statements),
 *   resolvers/ (index.ts, query.ts, mutation.ts, then one file per type, named for it), seed/index.ts.
 *   pnpm shape
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readSdl, repoRoot, subgraphDir, subgraphs } from '@cq/schema';
import { buildASTSchema, parse } from 'graphql';

const REQUIRED = [
  'package.json',
  'schema.graphql',
  'drizzle.config.ts',
  'drizzle/meta/_journal.json',
  'test',
  'src/index.ts',
  'src/server.ts',
  'src/context.ts',
  'src/mappers.ts',
  'src/generated/resolvers.ts',
  'src/domain/rules.ts',
  'src/domain/commands.ts',
  'src/domain/policy.ts',
  'src/data/schema.ts',
  'src/data/loaders.ts',
  'src/data/queries.ts',
  'src/resolvers/index.ts',
  'src/resolvers/query.ts',
  'src/resolvers/mutation.ts',
  'src/seed/index.ts',
];
const SRC_ENTRIES = ['context.ts', 'data', 'domain', 'generated', 'index.ts', 'mappers.ts', 'resolvers', 'seed', 'server.ts'];
const RULES_TABLE = '| clause | rule | function | error code |';
const POLICY_TABLE = '| role | reads | changes |';

const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
const problems: string[] = [];

for (const { name } of subgraphs) {
  const dir = subgraphDir(name);
  const at = (path: string) => `subgraphs/${name}/${path}`;
  for (const path of REQUIRED) if (!existsSync(dir + path)) problems.push(`${at(path)} is missing`);
  for (const entry of readdirSync(`${dir}src`))
    if (!SRC_ENTRIES.includes(entry)) problems.push(`${at(`src/${entry}`)} is not part of the shape`);
  const rules = existsSync(`${dir}src/domain/rules.ts`) ? readFileSync(`${dir}src/domain/rules.ts`, 'utf8') : '';
  if (!rules.slice(0, 3000).includes(RULES_TABLE))
    problems.push(`${at('src/domain/rules.ts')} does not open with the table ${RULES_TABLE}`);
  const policy = existsSync(`${dir}src/domain/policy.ts`) ? readFileSync(`${dir}src/domain/policy.ts`, 'utf8') : '';
  if (!policy.slice(0, 4000).includes(POLICY_TABLE))
    problems.push(`${at('src/domain/policy.ts')} does not open with the table ${POLICY_TABLE}`);
  const types = new Set(Object.keys(buildASTSchema(parse(readSdl(name)), { assumeValidSDL: true }).getTypeMap()));
  const resolverDir = `${dir}src/resolvers/`;
  for (const file of existsSync(resolverDir) ? readdirSync(resolverDir) : []) {
    const text = readFileSync(resolverDir + file, 'utf8');
    if (/from 'drizzle-orm'/.test(text) || /\.transaction\(/.test(text)) {
      problems.push(`${at(`src/resolvers/${file}`)} reaches the database itself: resolvers read loaders, queries and commands`);
    }
    if (file === 'index.ts') continue;
    const exported = [...text.matchAll(/^export const (\w+)\b/gm)].map((m) => m[1] ?? '');
    if (exported.length !== 1 || !types.has(exported[0] ?? '') || `${kebab(exported[0] ?? '')}.ts` !== file) {
      problems.push(
        `${at(`src/resolvers/${file}`)} must export the resolvers of the one type it is named for (got ${exported.join(', ') || 'none'})`,
      );
    }
  }
  for (const folder of ['resolvers', 'data']) {
    for (const file of readdirSync(`${dir}src/${folder}`)) {
      if (/\.transaction\(/.test(readFileSync(`${dir}src/${folder}/${file}`, 'utf8'))) {
        problems.push(`${at(`src/${folder}/${file}`)} opens a transaction: changes are commands (src/domain/commands.ts)`);
      }
    }
  }
}

// The gateway process loads no database driver, no composition and no subgraph.
// Every subgraph the registry lists, a scaffolded one too.
const FORBIDDEN_IN_GATEWAY = new RegExp(
  `from '(@cq/kit/(server|database|testing)|@cq/schema/compose|postgres|drizzle-orm|@apollo/composition|@cq/(${subgraphs.map((s) => s.name).join('|')}))`,
);
for (const file of readdirSync(`${repoRoot}gateway/src`)) {
  if (FORBIDDEN_IN_GATEWAY.test(readFileSync(`${repoRoot}gateway/src/${file}`, 'utf8'))) {
    problems.push(`gateway/src/${file} imports a database driver, composition or a subgraph`);
  }
}

if (problems.length) {
  console.error(`The subgraphs do not share one shape:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`All ${subgraphs.length} subgraphs share one shape; the gateway loads no database driver or composition.`);
