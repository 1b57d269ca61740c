/**
 * Starts the whole hub: the gateway, the embedded PostgreSQL (one server, a database per subgraph) unless
 * every subgraph has a `<NAME>_DATABASE_URL`, then each subgraph as its own process, each waited for until
 * its /health/ready answers. The processes run the compiled bundles in dist/ (scripts/build.ts).
 * Each process is supervised (supervisor.ts): one that stops unasked is restarted with a backoff while the
 * gateway answers with the other subgraphs' data; one that keeps failing is reported and left stopped
 * (without the gateway, the hub stops). Ctrl-C stops them all, each draining its requests in flight.
 * In development the data folder's own keys sign and verify tokens; the start prints one token per role.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { gatewayConfig } from '@cq/gateway/config';
import { subgraphPort } from '@cq/kit/config';
import { EMBEDDED_PORT, startEmbeddedPostgres } from '@cq/kit/embedded';
import type { Viewer } from '@cq/kit/identity';
import { developmentKeys, developmentToken, isProduction } from '@cq/kit/secrets';
import { stopBoundMs } from '@cq/kit/shutdown';
import { repoRoot, subgraphs } from '@cq/schema';
import { totalMemoryMb, withChildren } from './memory.ts';
import { answers200, processPart, type Supervised, supervise } from './supervisor.ts';

// Every part keeps its embedded database under the repository's .data/, whichever folder this runs from.
const dataDir = resolve(repoRoot, process.env.DATA_DIR ?? '.data');
const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
const databaseVariable = (name: string) => `${name.toUpperCase()}_DATABASE_URL`;
// Subgraphs ask each other directly (a coordinator's subtree, cross-graph checks): each learns where the others answer.
for (const { name, port } of subgraphs) env[`${name.toUpperCase()}_URL`] ??= `http://127.0.0.1:${subgraphPort(name, port, env)}/graphql`;
// Created once here, before the processes that read them start together.
const keys = isProduction(env) ? undefined : developmentKeys(dataDir);

/** One caller per role, with tenants from the seed, for trying the graph in Sandbox. */
const TRY_AS: Viewer[] = [
  { id: 'joint-conference-office', role: 'joint-conference' },
  { id: 'nanan-district-coordinator', role: 'coordinator', unitId: 'nanan-district' },
  { id: 'nanan-district-officer', role: 'unit-officer', unitId: 'nanan-district' },
  { id: 'sample-jialing-cloud-staff', role: 'vendor', vendorId: 'sample-jialing-cloud' },
  { id: 'park-operator', role: 'park-operator' },
  { id: 'china-telecom-chongqing-staff', role: 'carrier', carrierId: 'china-telecom-chongqing' },
  { id: 'finance-bureau-officer', role: 'finance' },
  { id: 'expert-analyst', role: 'analyst' },
];

const started = Date.now();
const parts: Supervised[] = [];
let stopping = false;

/** The embedded PostgreSQL, supervised like the processes (none when every subgraph has a database URL). */
let database: Supervised | undefined;
/** The URL of each subgraph's database on it (the same after a restart: the folder and the port stay). */
let databaseUrl: ((name: string) => string) | undefined;

const hubLog = (line: string) => console.log(line.startsWith('[') ? line : `[hub] ${line}`);

/**
 * Starts one of the compiled processes (dist/<name>.js) under supervision; it is up when its /health/ready
 * answers. `needs`: the parts it cannot run without (a subgraph: the embedded database), whose outage is not
 * its failure.
 */
function launch(name: string, port: number, onGiveUp: () => void, needs: Supervised[] = []): Supervised {
  const part = supervise({
    name,
    launch: () =>
      processPart(
        spawn(process.execPath, [resolve(repoRoot, 'dist', `${name}.js`)], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] }),
        (line) => console.log(`[${name}] ${line}`),
        stopBoundMs(env) + 2000,
      ),
    ready: answers200(`http://127.0.0.1:${port}/health/ready`),
    log: hubLog,
    onGiveUp,
    keepRunning: () => !stopping,
    needs,
  });
  parts.push(part);
  return part;
}

/**
 * Starts the embedded PostgreSQL under supervision: ready once it answers (startEmbeddedPostgres waits for
 * that). Restarted on the same folder and port, it recovers from its write-ahead log; meanwhile subgraphs
 * answer DATABASE_UNAVAILABLE and reconnect by themselves once it is back.
 */
function launchDatabase(): Supervised {
  return supervise({
    name: 'postgres',
    launch: async () => {
      const server = await startEmbeddedPostgres({
        dir: resolve(dataDir, 'postgres'),
        port: Number(env.EMBEDDED_POSTGRES_PORT ?? EMBEDDED_PORT),
        databases: subgraphs.map(({ name }) => name),
        onLog: (line) => line.includes('left running') && console.log(`[postgres] ${line}`),
      });
      databaseUrl = server.url;
      return { pid: server.pid, exited: server.exited, stop: server.stop, lastLines: server.lastLines };
    },
    ready: async () => true,
    log: hubLog,
    onGiveUp: () => fail('the embedded PostgreSQL keeps failing'),
    keepRunning: () => !stopping,
  });
}

/**
 * Stops in order: the gateway first (its requests in flight still reach the subgraphs), then the
 * subgraphs, then PostgreSQL once no subgraph is connected to it. (Ctrl-C also reaches each process
 * itself, at once: each drains on its own then.)
 */
async function stopAll(): Promise<void> {
  stopping = true;
  const [gateway, ...others] = parts;
  await gateway?.stop();
  await Promise.all(others.map((part) => part.stop()));
  await database?.stop();
}

function fail(message: string) {
  if (stopping) return;
  console.error(`\nThe hub could not run: ${message}`);
  void stopAll().then(() => process.exit(1));
}

/** Memory of the hub's processes together, in MB: this one, its children, PostgreSQL's server and backends. */
const hubMemoryMb = () =>
  totalMemoryMb([
    process.pid,
    ...[...parts, ...(database ? [database] : [])].flatMap((part) => {
      const pid = part.pid();
      return pid ? withChildren(pid) : [];
    }),
  ]);

// Ctrl-C reaches every process of the group; a second signal changes nothing (stopAll runs once).
const onSignal = () => {
  if (!stopping) void stopAll().then(() => process.exit(0));
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

try {
  // The gateway first: it serves the checked-in supergraph and needs neither the database nor a subgraph
  // to start, so it loads while PostgreSQL starts.
  const gateway = gatewayConfig();
  const gatewayPart = launch('gateway', gateway.port, () => fail('the gateway keeps failing'));
  const withoutDatabase = subgraphs.filter(({ name }) => !env[databaseVariable(name)]).map(({ name }) => databaseVariable(name));
  // The embedded server is for one machine (development, tests, a demo): production names its databases.
  if (withoutDatabase.length && isProduction(env)) {
    throw new Error(
      `in production every subgraph names its own database: set ${withoutDatabase.join(', ')} (the embedded PostgreSQL is for development)`,
    );
  }
  if (withoutDatabase.length) {
    database = launchDatabase();
    if (!(await database.firstReady) || !databaseUrl) process.exit(1);
    for (const { name } of subgraphs) env[databaseVariable(name)] ??= databaseUrl(name);
  }
  const subgraphParts = subgraphs.map(({ name, port }) =>
    launch(
      name,
      subgraphPort(name, port, env),
      () =>
        console.error(
          `[hub] the hub runs without ${name}: the fields it serves answer SUBGRAPH_UNAVAILABLE until it is fixed and the hub restarted`,
        ),
      database ? [database] : [],
    ),
  );
  const ready = await Promise.all([gatewayPart, ...subgraphParts].map((part) => part.firstReady));
  if (stopping || !ready[0]) process.exit(1);
  const without = subgraphParts.filter((_, i) => !ready[i + 1]).map((part) => part.name);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const memory = hubMemoryMb();
  console.log(
    `\nThe migration-programme graph is ready in ${seconds} s${memory ? `, using ${memory} MB (its ${parts.length + 1} Node processes and PostgreSQL)` : ''}${without.length ? `, WITHOUT ${without.join(', ')} (see above)` : ''}.`,
  );
  console.log(`  Gateway and Apollo Sandbox: http://localhost:${gateway.port}/graphql`);
  console.log(`  Programme dashboard:        http://localhost:${gateway.port}/dashboard`);
  console.log(
    `  Live events (graphql-ws):   ws://localhost:${gateway.port}/graphql, ${env.NATS_URL ? `through NATS JetStream at ${env.NATS_URL}` : "from the subgraphs' outboxes (PostgreSQL LISTEN/NOTIFY)"}`,
  );
  for (const { name, port } of subgraphs)
    console.log(`  ${`${name} subgraph:`.padEnd(28)}http://localhost:${subgraphPort(name, port, env)}/graphql`);
  if (keys) {
    console.log('\nDevelopment tokens (8 hours; `pnpm run token --role <role>` makes more). In Sandbox, add the header');
    console.log('  Authorization: Bearer <token>');
    for (const viewer of TRY_AS) {
      const tenant = viewer.unitId ?? viewer.vendorId ?? viewer.carrierId;
      console.log(`  ${viewer.role}${tenant ? ` (${tenant})` : ''}:\n    ${await developmentToken(keys.signingKey, viewer)}`);
    }
  }
  console.log('Press Ctrl-C to stop.');
} catch (error) {
  fail((error as Error).message);
}
