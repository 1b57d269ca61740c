/**
 * Fills the four subgraphs' PostgreSQL databases with one generated programme at a scale, for benchmarks
 * and for exploring the graph at size. The databases are the ones the subgraphs read
 * (UNITS_DATABASE_URL, VENDORS_DATABASE_URL, PARK_DATABASE_URL, TELECOM_DATABASE_URL); each is migrated
 * and seeded first, and refused if it already holds generated rows. The same seed gives the same rows.
 *   npx tsx scripts/generate.ts [--units 5000] [--systems 50000] [--seed 1] [--quiet]
 */
import { parseArgs } from 'node:util';
import { databaseSizes, generateProgramme, type SubgraphName } from './generate/index.ts';

const VARIABLES: Record<SubgraphName, string> = {
  units: 'UNITS_DATABASE_URL',
  vendors: 'VENDORS_DATABASE_URL',
  park: 'PARK_DATABASE_URL',
  telecom: 'TELECOM_DATABASE_URL',
};

const count = (text: string, flag: string) => {
  if (!/^\d+$/.test(text)) throw new Error(`--${flag} takes a whole number; got ${text}.`);
  return Number(text);
};

try {
  const { values } = parseArgs({
    options: {
      units: { type: 'string', default: '5000' },
      systems: { type: 'string', default: '50000' },
      seed: { type: 'string', default: '1' },
      quiet: { type: 'boolean', default: false },
    },
  });
  const missing = Object.values(VARIABLES).filter((variable) => !process.env[variable]?.match(/^postgres(ql)?:\/\//));
  if (missing.length)
    throw new Error(`set ${missing.join(', ')} to postgres:// URLs of the subgraphs' databases (one database each; they may be empty).`);
  const urls = Object.fromEntries(Object.entries(VARIABLES).map(([name, variable]) => [name, process.env[variable] ?? ''])) as Record<
    SubgraphName,
    string
  >;
  const result = await generateProgramme({
    urls,
    units: count(values.units, 'units'),
    systems: count(values.systems, 'systems'),
    seed: count(values.seed, 'seed'),
    progress: !values.quiet,
  });
  const sizes = await databaseSizes(urls);
  console.log(
    `Generated ${result.units.toLocaleString('en')} units and ${result.systems.toLocaleString('en')} systems in ${result.seconds.toFixed(1)} s.`,
  );
  console.table(Object.entries(result.rows).map(([table, rows]) => ({ table, rows })));
  console.table(Object.entries(sizes).map(([database, bytes]) => ({ database, MB: Math.round(bytes / 1e5) / 10 })));
} catch (error) {
  console.error(`generate: ${(error as Error).message}`);
  process.exit(1);
}
