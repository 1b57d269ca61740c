/**
 * Fills the four subgraphs' databases with one consistent generated programme, at a scale (by default
 * 5,000 units and 50,000 information systems): first each subgraph is created once on its database, which
 * migrates it and seeds the programme's reference data and sample story, then closed; then the generated
 * programme is told in memory (programme.ts), derived into each subgraph's rows, checked against the rules
 * (check.ts) and copied in, each database in one transaction. The same seed gives the same rows.
 *   generateProgramme({ urls: { units, vendors, park, telecom }, units: 60, systems: 600, seed: 1 })
 */
import { randomBytes } from 'node:crypto';
import type { SubgraphOptions } from '@cq/kit/server';
import { createParkSubgraph } from '@cq/park';
import { createTelecomSubgraph } from '@cq/telecom';
import { createUnitsSubgraph } from '@cq/units';
import { createVendorsSubgraph } from '@cq/vendors';
import { checkProgramme } from './check.ts';
import { type CopyTable, connect, loadTables, type Sql } from './db.ts';
import { parkBeforeLoad, parkRows, parkTables } from './park.ts';
import { tellProgramme } from './programme.ts';
import { progressBar } from './progress.ts';
import { telecomRows, telecomTables } from './telecom.ts';
import { unitsAfterLoad, unitsTables } from './units.ts';
import { vendorsAfterLoad, vendorsRows, vendorsTables } from './vendors.ts';
import { type Clients, readWorld, refuseGeneratedRows } from './world.ts';

export type SubgraphName = 'units' | 'vendors' | 'park' | 'telecom';
const NAMES: readonly SubgraphName[] = ['units', 'vendors', 'park', 'telecom'];

export interface GenerateOptions {
  /** Each subgraph's PostgreSQL database (the `<NAME>_DATABASE_URL` the subgraph reads). */
  urls: Record<SubgraphName, string>;
  units?: number;
  systems?: number;
  seed?: number;
  /** A progress bar on stderr. */
  progress?: boolean;
}

export interface Generated {
  units: number;
  systems: number;
  /** Rows written per table, as `<subgraph>.<table>`. */
  rows: Record<string, number>;
  seconds: number;
}

// biome-ignore lint/suspicious/noExplicitAny: each subgraph's server has its own context type; only its database is used here.
const CREATE: Record<SubgraphName, (options: SubgraphOptions) => Promise<{ database: { close(): Promise<void> } } & Record<string, any>>> =
  {
    units: createUnitsSubgraph,
    vendors: createVendorsSubgraph,
    park: createParkSubgraph,
    telecom: createTelecomSubgraph,
  };

/** Brings each database to the subgraph's normal state: migrated and seeded, as the subgraph leaves it on its first start. */
async function prepare(urls: Record<SubgraphName, string>): Promise<void> {
  // Nothing is served: the secret only has to exist.
  const secret = randomBytes(32).toString('base64url');
  await Promise.all(
    NAMES.map(async (name) => {
      const subgraph = await CREATE[name]({ url: urls[name], secret });
      await subgraph.database.close();
    }),
  );
}

function wholeNumber(value: number, name: string, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number of at least ${min}; got ${value}.`);
  return value;
}

export async function generateProgramme(options: GenerateOptions): Promise<Generated> {
  const started = performance.now();
  const units = wholeNumber(options.units ?? 5_000, 'units', 1);
  const systems = wholeNumber(options.systems ?? 50_000, 'systems', 0);
  const seed = wholeNumber(options.seed ?? 1, 'seed', 0);
  for (const name of NAMES) if (!options.urls[name]) throw new Error(`No database URL for the ${name} subgraph.`);
  if (new Set(NAMES.map((n) => options.urls[n])).size !== NAMES.length)
    throw new Error('Each subgraph needs a database of its own: two of the URLs are the same.');
  const progress = progressBar(options.progress ?? false);

  progress.phase('Preparing the databases (migrations, reference data and the sample story)');
  await prepare(options.urls);
  const sql = Object.fromEntries(NAMES.map((name) => [name, connect(options.urls[name])])) as Clients;
  try {
    await refuseGeneratedRows(sql);
    const world = await readWorld(sql);

    progress.phase(`Telling ${units.toLocaleString('en')} units and ${systems.toLocaleString('en')} systems (seed ${seed})`);
    const programme = tellProgramme(world, { units, systems, seed });
    const vendors = vendorsRows(programme, world);
    const park = parkRows(programme, world);
    const telecom = telecomRows(programme, world);
    progress.phase('Checking the programme against the rules');
    checkProgramme(programme, world, vendors, park, telecom);

    const loads: Record<SubgraphName, { tables: CopyTable[]; before?: string[]; after?: string[] }> = {
      units: { tables: unitsTables(programme), after: programme.extensions.length ? unitsAfterLoad : [] },
      vendors: { tables: vendorsTables(vendors), after: vendors.tasks.length ? vendorsAfterLoad : [] },
      park: { tables: parkTables(park), before: parkBeforeLoad(park) },
      telecom: { tables: telecomTables(telecom) },
    };
    const rows: Record<string, number> = {};
    for (const name of NAMES) for (const t of loads[name].tables) rows[`${name}.${t.table}`] = t.count;
    const total = Object.values(rows).reduce((a, b) => a + b, 0);
    progress.phase('Copying rows in', total);
    let done = 0;
    // The four databases load side by side, each in one transaction.
    await Promise.all(
      NAMES.map((name) =>
        loadTables(sql[name] as Sql, loads[name].tables, {
          ...loads[name],
          loaded: (n) => {
            done += n;
            progress.advance(done);
          },
        }),
      ),
    );
    progress.phase('Analysing the tables for the planner');
    await Promise.all(NAMES.map((name) => sql[name].unsafe('analyze')));
    progress.finish();
    return { units, systems: programme.histories.length, rows, seconds: (performance.now() - started) / 1000 };
  } finally {
    progress.finish();
    await Promise.all(NAMES.map((name) => sql[name].end()));
  }
}

/** Each database's size on disk (`pg_database_size`), in bytes. */
export async function databaseSizes(urls: Record<SubgraphName, string>): Promise<Record<SubgraphName, number>> {
  const sizes = await Promise.all(
    NAMES.map(async (name) => {
      const sql = connect(urls[name]);
      try {
        const [row] = await sql.unsafe('select pg_database_size(current_database()) as bytes');
        return [name, Number(row?.bytes ?? 0)] as const;
      } finally {
        await sql.end();
      }
    }),
  );
  return Object.fromEntries(sizes) as Record<SubgraphName, number>;
}
