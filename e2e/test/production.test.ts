/**
 * The production start, as the README documents it: `pnpm build`, then `NODE_ENV=production node
 * dist/start.js` with every variable production requires (its own identity provider's key and issuer, the
 * shared subgraph secret, a database per subgraph). Every running process is plain JavaScript under `node`
 * (no TypeScript loader), development keys are refused, introspection and the explorer are off, and a
 * caller with a token from the configured provider is answered.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eachLine } from '@cq/kit/lines';
import { developmentKeys, developmentToken, newKeys } from '@cq/kit/secrets';
import { ANALYST, createTestDatabase, type TestDatabase } from '@cq/kit/testing';
import { repoRoot, subgraphs } from '@cq/schema';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withChildren } from '../../scripts/memory.ts';
import { freePort } from '../src/processes.ts';
import { graphql } from './generated/graphql.ts';

const ISSUER = 'https://id.example.gov.cn/production-test';
const keys = newKeys();

let hub: ChildProcess;
let exited: Promise<number | null>;
const output: string[] = [];
let gatewayUrl: string;
let databases: TestDatabase[] = [];
let dataDir: string;

/** The environment production needs, with a database per subgraph; `without` leaves variables out. */
async function productionEnv(without: string[] = []): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    GATEWAY_PORT: String(await freePort()),
    AUTH_PUBLIC_KEY: keys.publicKey,
    AUTH_ISSUER: ISSUER,
    SUBGRAPH_SECRET: randomBytes(32).toString('base64url'),
  };
  for (const [i, { name }] of subgraphs.entries()) {
    env[`${name.toUpperCase()}_PORT`] = String(await freePort());
    env[`${name.toUpperCase()}_DATABASE_URL`] = databases[i]?.url;
    delete env[`${name.toUpperCase()}_URL`];
  }
  for (const variable of without) delete env[variable];
  return env;
}

function run(env: NodeJS.ProcessEnv, lines: string[]) {
  const child = spawn(process.execPath, ['dist/start.js'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  eachLine([child.stdout, child.stderr], (line) => lines.push(line));
  return { child, exited: new Promise<number | null>((done) => child.once('exit', (code) => done(code))) };
}

beforeAll(async () => {
  execFileSync(resolve(repoRoot, 'node_modules/.bin/tsx'), ['scripts/build.ts'], { cwd: repoRoot, stdio: 'ignore' });
  databases = await Promise.all(subgraphs.map(({ name }) => createTestDatabase(name)));
  dataDir = mkdtempSync(join(tmpdir(), 'mpg-production-'));
  const env = await productionEnv();
  gatewayUrl = `http://127.0.0.1:${env.GATEWAY_PORT}/graphql`;
  ({ child: hub, exited } = run(env, output));
  for (const deadline = Date.now() + 150_000; ; ) {
    const ready = await fetch(gatewayUrl.replace('/graphql', '/health/ready')).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    if (hub.exitCode !== null || Date.now() > deadline) throw new Error(`The production hub did not start:\n${output.join('\n')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}, 180_000);

afterAll(async () => {
  if (hub && hub.exitCode === null) {
    hub.kill('SIGTERM');
    await exited;
  }
  await Promise.all(databases.map((database) => database.drop()));
});

const post = (body: unknown, token?: string) =>
  fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

const UNITS = graphql(`query ProductionUnits { units(first: 2) { totalCount edges { node { id name } } } }`);

describe('the production start (NODE_ENV=production, compiled JavaScript)', () => {
  it('runs every process as plain JavaScript under node, with no TypeScript loader', () => {
    // Each process's command line and environment; a short-lived helper process (esbuild's) may be gone by now.
    const read = (pid: number, what: 'cmdline' | 'environ') => {
      try {
        return readFileSync(`/proc/${pid}/${what}`, 'utf8').split('\0').filter(Boolean);
      } catch {
        return [];
      }
    };
    const processes = withChildren(hub.pid ?? 0).map((pid) => ({ argv: read(pid, 'cmdline'), environ: read(pid, 'environ') }));
    const ours = processes.filter(({ argv }) => argv.some((arg) => /dist\/\w+\.js$/.test(arg)));
    expect(ours.map(({ argv }) => argv.find((arg) => arg.endsWith('.js'))?.replace(/^.*dist\//, '')).sort()).toEqual(
      ['start.js', 'gateway.js', ...subgraphs.map(({ name }) => `${name}.js`)].sort(),
    );
    for (const { argv, environ } of ours) {
      expect(argv[0]).toBe(process.execPath);
      expect(argv.join(' ')).not.toMatch(/tsx|ts-node|--import|--loader|\.ts\b/);
      expect(environ).toContain('NODE_ENV=production');
    }
  });

  it("answers a caller whose token the configured identity provider signed, and refuses the development keys'", async () => {
    const token = await developmentToken(keys.signingKey, ANALYST, { issuer: ISSUER });
    const answer = await post({ query: print(UNITS) }, token);
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { data?: { units: { totalCount: number } } };
    expect(body.data?.units.totalCount).toBeGreaterThan(0);
    // A token signed with the data folder's development key, as `pnpm start` prints in development.
    const development = await developmentToken(developmentKeys(dataDir).signingKey, ANALYST);
    expect((await post({ query: print(UNITS) }, development)).status).toBe(401);
  });

  it('answers no introspection, offers no explorer and suggests no field names', async () => {
    const introspection = (await (await post({ query: '{ __schema { queryType { name } } }' })).json()) as {
      errors?: { message: string }[];
    };
    expect(introspection.errors?.[0]?.message).toMatch(/introspection/i);
    const page = await fetch(gatewayUrl, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toMatch(/sandbox|graphiql/i);
    const typo = (await (await post({ query: '{ batchez { number } }' })).json()) as { errors?: { message: string }[] };
    expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it('serves the offline explorer when chosen (EXPLORER=graphiql), built from the bundle beside node_modules', async () => {
    const env = { ...(await productionEnv()), EXPLORER: 'graphiql', GATEWAY_PORT: String(await freePort()) };
    const lines: string[] = [];
    const gateway = spawn(process.execPath, ['dist/gateway.js'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    eachLine([gateway.stdout, gateway.stderr], (line) => lines.push(line));
    const url = `http://127.0.0.1:${env.GATEWAY_PORT}`;
    try {
      for (const deadline = Date.now() + 60_000; ; ) {
        if (
          await fetch(`${url}/health/live`).then(
            (r) => r.ok,
            () => false,
          )
        )
          break;
        if (gateway.exitCode !== null || Date.now() > deadline) throw new Error(`The gateway did not start:\n${lines.join('\n')}`);
        await new Promise((r) => setTimeout(r, 250));
      }
      const page = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'self'/);
      expect(await page.text()).toContain('/explorer/graphiql.js');
      for (const asset of ['graphiql.js', 'graphiql.css']) {
        const served = await fetch(`${url}/explorer/${asset}`);
        expect(served.status, asset).toBe(200);
        expect((await served.arrayBuffer()).byteLength, asset).toBeGreaterThan(100_000);
      }
    } finally {
      gateway.kill('SIGTERM');
      await new Promise((done) => (gateway.exitCode === null ? gateway.once('exit', done) : done(undefined)));
    }
  });

  it('refuses to start without a database per subgraph (the embedded server is for development)', async () => {
    const lines: string[] = [];
    const { exited: refused } = run(await productionEnv(['PARK_DATABASE_URL']), lines);
    expect(await refused).toBe(1);
    expect(lines.join('\n')).toMatch(/in production every subgraph names its own database: set PARK_DATABASE_URL/);
  });
});
