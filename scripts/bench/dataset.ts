/**
 * The benchmark's datasets: generated programmes (scripts/generate) at fixed scales, kept in an embedded
 * PostgreSQL of the benchmark's own under .data/bench/, one database per subgraph and scale. A dataset is
 * generated once and reused by later runs; the comment on its units database records that it is whole.
 * (The workflow mutation writes to it: later runs find the benchmark's own systems there and reuse them.)
 */
import { resolve } from 'node:path';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '@cq/kit/embedded';
import { repoRoot, subgraphs } from '@cq/schema';
import postgres from 'postgres';
import { generateProgramme, type SubgraphName } from '../generate/index.ts';

/** The embedded server of the benchmark; not the start's (54329), so a running hub is left alone. */
export const BENCH_POSTGRES_PORT = 54330;

export interface Scale {
  units: number;
  systems: number;
}

/** A scale by its systems: ten systems a unit, as the generator's default (5,000 units, 50,000 systems). */
export const scaleOf = (systems: number): Scale => ({ units: Math.max(1, Math.round(systems / 10)), systems });

export const describeScale = ({ units, systems }: Scale) => `${units.toLocaleString('en')} units, ${systems.toLocaleString('en')} systems`;

export function startBenchPostgres(): Promise<EmbeddedPostgres> {
  return startEmbeddedPostgres({ dir: resolve(repoRoot, '.data/bench/postgres'), port: BENCH_POSTGRES_PORT, durable: false });
}

const WHOLE = 'generated programme, whole';

/** The four databases of a scale, generated now if they are not there whole yet. */
export async function datasetFor(server: EmbeddedPostgres, scale: Scale, seed = 1): Promise<Record<SubgraphName, string>> {
  const name = (subgraph: string) => `bench_${scale.systems}_${subgraph}`;
  const urls = Object.fromEntries(subgraphs.map((s) => [s.name, server.url(name(s.name))])) as Record<SubgraphName, string>;
  const admin = postgres(server.url('postgres'), { max: 1, onnotice: () => {} });
  try {
    const [marked] = await admin<{ comment: string | null }[]>`
      select shobj_description(oid, 'pg_database') as comment from pg_database where datname = ${name('units')}`;
    if (marked?.comment === WHOLE) return urls;
    console.log(`Generating the dataset (${describeScale(scale)}, seed ${seed}); later runs reuse it…`);
    for (const s of subgraphs) {
      await admin.unsafe(`drop database if exists ${name(s.name)} with (force)`);
      await admin.unsafe(`create database ${name(s.name)}`);
    }
    await generateProgramme({ urls, units: scale.units, systems: scale.systems, seed, progress: true });
    await admin.unsafe(`comment on database ${name('units')} is '${WHOLE}'`);
    return urls;
  } finally {
    await admin.end();
  }
}
