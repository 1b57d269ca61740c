/**
 * `pnpm bench`: for each scale (by default 500 and 50,000 systems), generates the programme once into the
 * benchmark's embedded PostgreSQL (dataset.ts), starts the hub on it as `pnpm start` does, drives a fixed
 * set of operations through our gateway, the Hive Gateway runtime on the same supergraph, and the owning
 * subgraph where one answers alone, and writes the figures to scripts/bench/results/ (<scale>-systems.json
 * and .md, and scales.md comparing the two scales).
 *   pnpm bench [--scales 500,50000] [--connections 16] [--seconds 10] [--warmup 3] [--rounds 2]
 *              [--statements 10] [--only contract,systemById] [--no-hive] [--attach]
 * Each target's measured seconds are split into --rounds slices, the targets of an operation taking turns.
 * With --attach it drives a hub already running where the environment says (GATEWAY_PORT, <NAME>_PORT,
 * <NAME>_DATABASE_URL, DATA_DIR, as `pnpm start` reads them); start that one with a high
 * RATE_LIMIT_PER_MINUTE, or the gateway refuses the load with 429.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { subgraphPort } from '@cq/kit/config';
import { EMBEDDED_PORT, type EmbeddedPostgres } from '@cq/kit/embedded';
import { developmentKeys } from '@cq/kit/secrets';
import { repoRoot, subgraphs } from '@cq/schema';
import { datasetFor, describeScale, scaleOf, startBenchPostgres } from './bench/dataset.ts';
import { drive } from './bench/driver.ts';
import { healthUrl, pidListeningOn, type RunningHub, waitFor } from './bench/hub.ts';
import { type BenchResult, markdown, scaleComparison, writeResults } from './bench/report.ts';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '2' },
    statements: { type: 'string', default: '10' },
    only: { type: 'string', default: '' },
    'no-hive': { type: 'boolean', default: false },
    attach: { type: 'boolean', default: false },
    out: { type: 'string', default: 'scripts/bench/results' },
    scales: { type: 'string', default: '500,50000' },
  },
});

const positive = (name: string, text: string) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number; got ${text}.`);
  return n;
};

/**
 * Starts the hub as `pnpm start` does (the bundles brought up to date, then dist/start.js) on a dataset's
 * databases, with a rate limit too high to matter; or attaches to a hub already running (--attach).
 */
async function startHub(
  databaseUrls: Record<string, string> | undefined,
  dataset: string,
  database?: EmbeddedPostgres,
): Promise<RunningHub & { dataset: string }> {
  const dataDir = resolve(repoRoot, process.env.DATA_DIR ?? '.data');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    RATE_LIMIT_PER_MINUTE: process.env.RATE_LIMIT_PER_MINUTE ?? '100000000',
    ...Object.fromEntries(Object.entries(databaseUrls ?? {}).map(([name, url]) => [`${name.toUpperCase()}_DATABASE_URL`, url])),
  };
  const ports = Object.fromEntries(subgraphs.map(({ name, port }) => [name, subgraphPort(name, port, env)]));
  const gatewayPort = Number(env.GATEWAY_PORT ?? 4000);
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}/graphql`;
  const subgraphUrls = Object.fromEntries(subgraphs.map(({ name }) => [name, `http://127.0.0.1:${ports[name]}/graphql`]));

  let child: ChildProcess | undefined;
  let output = '';
  let stopping = false;
  if (databaseUrls) {
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { cwd: repoRoot, env, stdio: 'inherit' });
    child = spawn(process.execPath, ['dist/start.js'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    // A hub that stops under load says why at once; the bench's figures after that are failures.
    child.once('exit', (code, signal) => {
      if (!stopping) console.error(`\nThe hub stopped (${signal ?? `exit code ${code}`}); its last output:\n${output}`);
    });
  }
  const stop = () =>
    new Promise<void>((done) => {
      stopping = true;
      if (!child || child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGINT');
      setTimeout(() => child?.kill('SIGKILL'), 15_000).unref();
    });
  try {
    await Promise.all([gatewayUrl, ...Object.values(subgraphUrls)].map((url) => waitFor(healthUrl(url), 180_000)));
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  const pids: Record<string, number> = {};
  for (const [name, port] of [['gateway', gatewayPort], ...Object.entries(ports)] as [string, number][]) {
    const pid = pidListeningOn(port);
    if (pid) pids[name] = pid;
  }
  const databasePid = database?.pid ?? pidListeningOn(Number(env.EMBEDDED_POSTGRES_PORT ?? EMBEDDED_PORT));
  if (databasePid) pids.database = databasePid;
  const databases = databaseUrls ? Object.values(databaseUrls).map((url) => new URL(url).pathname.slice(1)) : subgraphs.map((s) => s.name);
  return { gatewayUrl, subgraphUrls, pids, keys: developmentKeys(dataDir), databases, dataset, stop };
}

const settings = {
  connections: positive('connections', values.connections),
  seconds: positive('seconds', values.seconds),
  warmupSeconds: positive('warmup', values.warmup),
  rounds: Math.max(1, positive('rounds', values.rounds)),
  statementRequests: Math.max(1, positive('statements', values.statements)),
  only: values.only.split(',').filter(Boolean),
  hive: !values['no-hive'],
};
const folder = resolve(repoRoot, values.out);

/** One run of every operation against a hub; its figures written as `<name>.json` and `.md`. */
async function benchmark(name: string, start: () => Promise<RunningHub & { dataset: string }>): Promise<BenchResult> {
  const hub = await start();
  try {
    const missing = ['gateway', ...subgraphs.map((s) => s.name), 'database'].filter((process) => !hub.pids[process]);
    if (missing.length) console.warn(`No process found for ${missing.join(', ')}: its memory is not reported.`);
    const result = await drive(hub, { ...settings, dataset: hub.dataset });
    const written = writeResults(folder, name, result);
    console.log(`\n${markdown(result)}\nWritten to ${written.json} and ${written.md}`);
    return result;
  } finally {
    await hub.stop();
  }
}

let database: EmbeddedPostgres | undefined;
try {
  if (values.attach) {
    console.log('Attaching to the running hub…');
    await benchmark('attached', () => startHub(undefined, "the running hub's databases"));
  } else {
    database = await startBenchPostgres();
    const runs: { label: string; result: BenchResult }[] = [];
    for (const systems of values.scales.split(',').map((n) => positive('scales', n))) {
      const scale = scaleOf(systems);
      const urls = await datasetFor(database, scale);
      const label = `${systems.toLocaleString('en')} systems`;
      console.log(`Starting the hub on ${describeScale(scale)}…`);
      const server = database;
      runs.push({
        label,
        result: await benchmark(`${systems}-systems`, () =>
          startHub(urls, `a generated programme of ${describeScale(scale)} (seed 1) on the embedded PostgreSQL`, server),
        ),
      });
    }
    const comparison = scaleComparison(runs);
    if (comparison) {
      writeFileSync(resolve(folder, 'scales.md'), comparison);
      console.log(`\n${comparison}`);
    }
  }
} catch (error) {
  console.error(`bench: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await database?.stop();
}
