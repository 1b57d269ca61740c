/**
 * Starts the Hive Gateway runtime (scripts/hive-gateway.ts) as a child process in front of the running hub's
 * subgraphs, trusting the hub's keys, and stops it again.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DEVELOPMENT_ISSUER } from '@cq/kit/secrets';
import { repoRoot } from '@cq/schema';
import type { RunningHub } from './hub.ts';

export interface RunningHive {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export function startHive(hub: RunningHub, port: number, timeoutMs = 60_000): Promise<RunningHive> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GATEWAY_PORT: String(port),
    GATEWAY_HOST: '127.0.0.1',
    AUTH_PUBLIC_KEY: hub.keys.publicKey,
    AUTH_ISSUER: process.env.AUTH_ISSUER ?? DEVELOPMENT_ISSUER,
    SUBGRAPH_SECRET: hub.keys.subgraphSecret,
    ...Object.fromEntries(Object.entries(hub.subgraphUrls).map(([name, url]) => [`${name.toUpperCase()}_URL`, url])),
  };
  delete env.AUTH_JWKS_URL;
  delete env.AUTH_PUBLIC_KEY_FILE;
  const entry = fileURLToPath(new URL('../hive-gateway.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`The Hive runtime did not start within ${timeoutMs / 1000} s:\n${output}`));
    }, timeoutMs);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = output.match(/^ready (\S+)$/m);
      if (ready?.[1] && child.pid) {
        clearTimeout(timer);
        resolve({ url: ready[1], pid: child.pid, stop });
      }
    };
    child.stdout.on('data', read);
    // Its warnings stay visible: a subgraph error under load shows here as well as in the figures.
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stderr.write(`[hive] ${chunk}`);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The Hive runtime stopped (exit code ${code}):\n${output}`));
    });
  });
}
