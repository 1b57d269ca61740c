/**
 * A subgraph as its own process, started from its entry point (`subgraphs/<name>/src/index.ts`) exactly as
 * the start command runs it, for tests of what only a process shows: how it refuses to start, what a
 * kill leaves behind, how it is supervised.
 */
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createServer } from 'node:net';
import { eachLine } from '@cq/kit/lines';
import { TEST_SECRET } from '@cq/kit/testing';
import { repoRoot } from '@cq/schema';

/** A port nobody listens on now (the kernel's choice). */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.once('error', reject);
  });

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SubgraphProcess {
  name: string;
  port: number;
  /** Its GraphQL endpoint. */
  url: string;
  pid: number;
  /** Every line it wrote, stdout and stderr, in order. */
  lines: string[];
  /** Settles when the process has ended. */
  exited: Promise<Exit>;
  /** The first line (written already or to come) that matches; rejects if the process ends first. */
  line(pattern: RegExp): Promise<string>;
  /** Sends the signal (SIGTERM unless told) and waits for the end. */
  kill(signal?: NodeJS.Signals): Promise<Exit>;
}

/**
 * Spawns a subgraph's entry point on a free port (or `<NAME>_PORT` of env), signing with the tests'
 * secret, with env added to this process's own; does not wait for it (see startSubgraphProcess).
 */
export async function spawnSubgraphProcess(name: string, env: Record<string, string> = {}): Promise<SubgraphProcess> {
  const port = Number(env[`${name.toUpperCase()}_PORT`] ?? (await freePort()));
  const child = spawn(process.execPath, ['--import', 'tsx', `subgraphs/${name}/src/index.ts`], {
    cwd: repoRoot,
    env: { ...process.env, SUBGRAPH_SECRET: TEST_SECRET, ...env, [`${name.toUpperCase()}_PORT`]: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const written = new EventEmitter();
  eachLine([child.stdout, child.stderr], (line) => {
    lines.push(line);
    written.emit('line', line);
  });
  // 'close', not 'exit': by then every line it wrote has been read.
  const exited = new Promise<Exit>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  const line = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const seen = lines.find((l) => pattern.test(l));
      if (seen !== undefined) return resolve(seen);
      const listener = (l: string) => {
        if (!pattern.test(l)) return;
        written.off('line', listener);
        resolve(l);
      };
      written.on('line', listener);
      void exited.then((exit) => {
        written.off('line', listener);
        reject(new Error(`${name} ended (${JSON.stringify(exit)}) without writing ${pattern}:\n${lines.join('\n')}`));
      });
    });
  return {
    name,
    port,
    url: `http://127.0.0.1:${port}/graphql`,
    pid: child.pid ?? 0,
    lines,
    exited,
    line,
    kill: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/**
 * Starts a subgraph's process (spawnSubgraphProcess) and waits until it says it is ready and its
 * readiness check (`/health/ready`: its database answers) agrees; fails with its output if it ends first.
 */
export async function startSubgraphProcess(name: string, env: Record<string, string> = {}): Promise<SubgraphProcess> {
  const started = await spawnSubgraphProcess(name, env);
  await started.line(/subgraph ready at/);
  const health = await fetch(`http://127.0.0.1:${started.port}/health/ready`);
  if (!health.ok) {
    await started.kill();
    throw new Error(`${name} said it was ready, but /health/ready answered ${health.status}: ${await health.text()}`);
  }
  return started;
}
