/**
 * The hub as `pnpm start` runs it (the compiled bundles, each part its own process, supervised), with a
 * subgraph killed under load: while it is down, answers come with the other subgraphs' data and an error
 * naming it; the start command restarts it, says so, and then every answer is whole again. Beside it, the
 * supervisor giving up, plainly, on a part that keeps failing. The databases are this run's test databases
 * (seeded copies), passed as `<NAME>_DATABASE_URL`, so the start command starts no server of its own.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eachLine } from '@cq/kit/lines';
import { developmentKeys, developmentToken } from '@cq/kit/secrets';
import { ANALYST, createTestDatabase, type TestDatabase } from '@cq/kit/testing';
import { repoRoot, subgraphs } from '@cq/schema';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withChildren } from '../../scripts/memory.ts';
import { answers200, processPart, supervise } from '../../scripts/supervisor.ts';
import { freePort } from '../src/processes.ts';
import { graphql } from './generated/graphql.ts';

const BOTH = graphql(`query SupervisedUnitsAndCircuits { units(first: 3) { edges { node { id circuits { id } } } } }`);

interface Hub {
  process: ChildProcess;
  gatewayUrl: string;
  output: string[];
  /** Resolves when a line matching the pattern has been printed (at once if it has been already). */
  printed(pattern: RegExp): Promise<string>;
  exited: Promise<number | null>;
}

let hub: Hub;
let databases: TestDatabase[] = [];
let token: string;

beforeAll(async () => {
  execFileSync(resolve(repoRoot, 'node_modules/.bin/tsx'), ['scripts/build.ts'], { cwd: repoRoot, stdio: 'ignore' });
  databases = await Promise.all(subgraphs.map(({ name }) => createTestDatabase(name)));
  const dataDir = mkdtempSync(join(tmpdir(), 'mpg-supervision-'));
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, GATEWAY_PORT: String(await freePort()) };
  for (const [i, { name }] of subgraphs.entries()) {
    env[`${name.toUpperCase()}_PORT`] = String(await freePort());
    env[`${name.toUpperCase()}_DATABASE_URL`] = databases[i]?.url;
    delete env[`${name.toUpperCase()}_URL`];
  }
  const child = spawn(process.execPath, ['dist/start.js'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const waiting: { pattern: RegExp; done: (line: string) => void }[] = [];
  eachLine([child.stdout, child.stderr], (line) => {
    output.push(line);
    for (const w of waiting.filter(({ pattern }) => pattern.test(line))) {
      waiting.splice(waiting.indexOf(w), 1);
      w.done(line);
    }
  });
  hub = {
    process: child,
    gatewayUrl: `http://127.0.0.1:${env.GATEWAY_PORT}/graphql`,
    output,
    printed: (pattern) =>
      new Promise((done) => {
        const line = output.find((l) => pattern.test(l));
        if (line) done(line);
        else waiting.push({ pattern, done });
      }),
    exited: new Promise((done) => child.once('exit', (code) => done(code))),
  };
  const ready = await Promise.race([hub.printed(/is ready in/), hub.exited.then((code) => `exited with ${code}`)]);
  if (!ready.includes('is ready in')) throw new Error(`The hub did not start (${ready}):\n${output.join('\n')}`);
  token = await developmentToken(developmentKeys(dataDir).signingKey, ANALYST);
}, 180_000);

afterAll(async () => {
  if (hub && hub.process.exitCode === null) {
    hub.process.kill('SIGTERM');
    await hub.exited;
  }
  await Promise.all(databases.map((database) => database.drop()));
});

/** The pid of the hub's process running dist/<name>.js (Linux: from /proc). */
function pidOf(name: string): number {
  const children = withChildren(hub.process.pid ?? 0).slice(1);
  const pid = children.find((child) => readFileSync(`/proc/${child}/cmdline`, 'utf8').includes(`dist/${name}.js`));
  if (!pid) throw new Error(`No process runs dist/${name}.js among ${children.join(', ')}.`);
  return pid;
}

type Answer = {
  status: number;
  body: {
    data?: { units: { edges: { node: { circuits: unknown[] | null } }[] } } | null;
    errors?: { extensions?: Record<string, unknown> }[];
  };
};

const ask = async (): Promise<Answer> => {
  const response = await fetch(hub.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: print(BOTH) }),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
};

/** Whole: every unit with its circuits. Partial: the units, their circuits null, one error naming telecom. */
function kindOf({ status, body }: Answer): 'whole' | 'partial' | 'broken' {
  const circuits = body.data?.units.edges.map(({ node }) => node.circuits) ?? [];
  if (status !== 200 || circuits.length !== 3) return 'broken';
  if (!body.errors && circuits.every(Array.isArray)) return 'whole';
  const [error, ...others] = body.errors ?? [];
  const namesTelecom = error?.extensions?.code === 'SUBGRAPH_UNAVAILABLE' && error.extensions.subgraph === 'telecom';
  return namesTelecom && others.length === 0 && circuits.every((c) => c === null) ? 'partial' : 'broken';
}

const CLIENTS = 6;

describe('the start command, with a subgraph killed under load', () => {
  it('answers partially while telecom is down, restarts it with a backoff and says so, then answers wholly', async () => {
    expect(kindOf(await ask())).toBe('whole');
    const back = hub.printed(/telecom is back after 1 restart/);
    let isBack = false;
    void back.then(() => {
      isBack = true;
    });
    const seen = { before: [] as string[], during: [] as string[], after: [] as string[] };
    // CLIENTS clients ask in a loop; the kill lands while they do, and they go on until well after the restart.
    let killed = false;
    let roundsAfter = 0;
    let warmedUp: () => void = () => {};
    const underLoad = new Promise<void>((resolve) => {
      warmedUp = resolve;
    });
    const client = async () => {
      while (roundsAfter < 20) {
        const kind = kindOf(await ask());
        // The phase in which the answer came (one asked before the kill may come after it).
        const phase = !killed ? 'before' : isBack ? 'after' : 'during';
        seen[phase].push(kind);
        if (seen.before.length >= CLIENTS * 2) warmedUp();
        if (phase === 'after') roundsAfter += 1;
      }
    };
    const clients = Array.from({ length: CLIENTS }, client);
    await underLoad;
    process.kill(pidOf('telecom'), 'SIGKILL');
    killed = true;
    await Promise.all(clients);
    const line = await hub.printed(/telecom stopped/);
    expect(line).toBe('[hub] telecom stopped (killed by SIGKILL); restarting it in 1 s (restart 1 of at most 5 in a row)');
    expect(new Set(seen.before)).toEqual(new Set(['whole']));
    // While it was down (the restart takes over a second), answers were partial, never broken.
    expect(seen.during).toContain('partial');
    expect(seen.during).not.toContain('broken');
    // "Back" is printed once telecom is ready; answers that were already on their way may still be partial.
    expect(seen.after.slice(-CLIENTS * 2)).toEqual(Array(CLIENTS * 2).fill('whole'));
    console.log(
      `supervision: ${CLIENTS} clients, ${seen.before.length} answers before the kill, ${seen.during.length} during (${seen.during.filter((k) => k === 'partial').length} partial), ${seen.after.length} after`,
    );
  });

  it('stops on SIGTERM: every part drains and stops, and the start command exits 0', async () => {
    hub.process.kill('SIGTERM');
    expect(await hub.exited).toBe(0);
    for (const name of ['gateway', ...subgraphs.map((s) => s.name)])
      expect(hub.output).toContain(`[${name}] ${name}: SIGTERM: draining requests in flight (at most 10 s), then stopping`);
  });
});

describe('the supervisor', () => {
  it('gives up on a part that keeps failing, and says so plainly with its last output', async () => {
    const lines: string[] = [];
    let gaveUp = false;
    const part = supervise({
      name: 'broken',
      launch: () =>
        processPart(
          spawn(process.execPath, ['-e', 'console.error("cannot reach its database"); process.exit(3)']),
          (line) => lines.push(`[broken] ${line}`),
          1000,
        ),
      ready: answers200(`http://127.0.0.1:${await freePort()}/health/ready`),
      log: (line) => lines.push(line),
      onGiveUp: () => {
        gaveUp = true;
      },
      maxRestarts: 2,
    });
    expect(await part.firstReady).toBe(false);
    expect(gaveUp).toBe(true);
    expect(lines.filter((line) => !line.startsWith('[broken]'))).toEqual([
      'broken stopped (exit code 3); restarting it in 1 s (restart 1 of at most 2 in a row)',
      'broken stopped (exit code 3); restarting it in 2 s (restart 2 of at most 2 in a row)',
      'broken keeps failing: it stopped (exit code 3) after 2 restarts in a row; no more restarts. Its last output:\n  cannot reach its database',
    ]);
    expect(part.pid()).toBeUndefined();
  });
  it('does not count a failure against a part while a part it needs is down', async () => {
    const lines: string[] = [];
    const down = await freePort();
    // A part that runs but is never ready (nothing answers its readiness): the "database" is down.
    const database = supervise({
      name: 'database',
      launch: () => processPart(spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']), () => {}, 1000),
      ready: answers200(`http://127.0.0.1:${down}/health/ready`),
      log: (line) => lines.push(line),
    });
    let gaveUp = false;
    const failedOnce = new Promise<void>((resolve) => {
      const part = supervise({
        name: 'subgraph',
        launch: () => processPart(spawn(process.execPath, ['-e', 'process.exit(1)']), () => {}, 1000),
        ready: answers200(`http://127.0.0.1:${down}/health/ready`),
        log: (line) => {
          lines.push(line);
          if (line.startsWith('subgraph stopped')) void part.stop().then(resolve);
        },
        onGiveUp: () => {
          gaveUp = true;
        },
        maxRestarts: 0,
        needs: [database],
      });
    });
    await failedOnce;
    await database.stop();
    expect(lines).toContain('subgraph stopped (exit code 1) while database is down; starting it again in 30 s');
    expect(gaveUp).toBe(false);
  });
});
