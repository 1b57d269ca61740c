/**
 * Vitest's global setup: the test run's PostgreSQL and the seeded templates every test database copies.
 *
 * Without TEST_DATABASE_URL it starts an embedded server of the run's own (a new data folder and a free
 * port, so two runs never meet) and points TEST_DATABASE_URL at it for the test workers. On either server
 * it then migrates and seeds one template database per subgraph, once: a test file's database is a copy
 * of it (`create database … template …`, kit/testing.ts), ready at once instead of seeded again.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '@cq/kit/embedded';
import { onTestServer, TEST_SECRET, templateOf } from '@cq/kit/testing';
import { subgraphs } from '@cq/schema';
import { freePort } from './processes.ts';
import { creatorOf } from './subgraph-modules.ts';

interface RunDatabases {
  run: string;
  server?: EmbeddedPostgres;
  folder?: string;
}

/**
 * Vitest calls the global setup once per project, each perhaps from its own copy of this module: the run's
 * databases are made once, by whichever comes first, and kept where every copy finds them.
 */
const shared = globalThis as { mpgTestDatabases?: Promise<RunDatabases> };

async function prepare(): Promise<RunDatabases> {
  const run = randomBytes(4).toString('hex');
  let server: EmbeddedPostgres | undefined;
  let folder: string | undefined;
  if (!process.env.TEST_DATABASE_URL) {
    folder = mkdtempSync(join(tmpdir(), 'mpg-test-'));
    chmodSync(folder, 0o755); // the server may run as another user (as root, PostgreSQL runs as postgres)
    server = await startEmbeddedPostgres({ dir: join(folder, 'postgres'), port: await freePort(), durable: false });
    process.env.TEST_DATABASE_URL = server.url('postgres');
  }
  // Every subgraph the registry lists, by its conventional create function (a scaffolded one too).
  await Promise.all(
    subgraphs.map(async ({ name }) => {
      const create = await creatorOf(name);
      const database = templateOf(name, run);
      await onTestServer((admin) => admin.unsafe(`create database ${database}`));
      const url = Object.assign(new URL(process.env.TEST_DATABASE_URL as string), { pathname: `/${database}` }).toString();
      const subgraph = await create({ url, secret: TEST_SECRET });
      await subgraph.database.close();
    }),
  );
  process.env.TEST_RUN_ID = run;
  return { run, server, folder };
}

export async function setup() {
  shared.mpgTestDatabases ??= prepare();
  await shared.mpgTestDatabases;
}

export async function teardown() {
  const prepared = shared.mpgTestDatabases;
  if (!prepared) return; // another project's teardown has cleaned up
  shared.mpgTestDatabases = undefined;
  const { run, server, folder } = await prepared;
  if (!server)
    await onTestServer(async (admin) => {
      for (const { name } of subgraphs) await admin.unsafe(`drop database if exists ${templateOf(name, run)}`);
    });
  await server?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
}
