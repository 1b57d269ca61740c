/**
 * One operation against one target under load: autocannon at a fixed number of connections, first a
 * warm-up whose figures are dropped (query plans cached, connections and JIT warm), then measured slices
 * (the driver alternates targets slice by slice, so a change in the machine's other work falls on all of
 * them alike), while the hub's processes are sampled for memory. Latency percentiles are computed from
 * every response's own time (autocannon's summary has no p95), over all slices together.
 */
import autocannon from 'autocannon';
import { cpuSecondsBetween, cpuSnapshot } from './cpu.ts';
import type { MemoryFigure } from './memory.ts';
import { memorySampler, mergePeaks } from './memory.ts';
import type { Operation } from './operations.ts';

export interface LoadTarget {
  url: string;
  /**
   * The target's headers (a caller's token, or a subgraph token for a subgraph asked directly), made
   * afresh for each autocannon run: a subgraph token lives only 60 s.
   */
  headers: () => Promise<Record<string, string>>;
  operation: Operation;
  connections: number;
  pids: Record<string, number>;
  databases?: readonly string[];
}

export interface LoadFigures {
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; mean: number; max: number };
  /** Answers in the measured run, and how many were not a clean answer (HTTP error, GraphQL errors, timeouts). */
  responses: number;
  failures: { non2xx: number; graphqlErrors: number; connectionErrors: number; timeouts: number };
  /** The first error answer seen, to say what failed. */
  firstFailure?: string;
  seconds: number;
  memoryPeak: Record<string, MemoryFigure>;
  /** CPU milliseconds each process spent per answered request (Linux), the load generator as `bench`. */
  cpuMsPerRequest: Record<string, number>;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, index)] as number) * 100) / 100;
}

/** One autocannon run; every connection gets its own driver from the operation. */
async function cannon(options: LoadTarget, seconds: number, onLatency?: (ms: number) => void) {
  let firstFailure: string | undefined;
  const headers = await options.headers();
  const path = new URL(options.url);
  return new Promise<{ result: autocannon.Result; firstFailure?: string }>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: seconds,
        method: 'POST',
        timeout: 30,
        // A GraphQL error comes with HTTP 200: such an answer counts as a mismatch.
        verifyBody: (body) => {
          const clean = typeof body === 'string' && !body.includes('"errors"');
          if (!clean && firstFailure === undefined) firstFailure = String(body).slice(0, 300);
          return clean;
        },
        setupClient(client) {
          const driver = options.operation.newClient();
          client.setRequests([
            {
              method: 'POST',
              path: `${path.pathname}${path.search}`,
              headers: { 'content-type': 'application/json', ...headers, ...driver.headers },
              setupRequest: (request) => ({ ...request, body: driver.body() }),
              onResponse: (_status, body) => driver.onResponse?.(body),
            },
          ]);
        },
      },
      (error, result) => (error ? reject(error) : resolve({ result, firstFailure })),
    );
    if (onLatency)
      instance.on('response', (_client, status, _bytes, ms) => {
        if (status >= 200 && status < 300) onLatency(ms);
      });
  });
}

/** A warm-up run whose figures are dropped. */
export async function warmUp(target: LoadTarget, seconds: number): Promise<void> {
  if (seconds <= 0) return;
  await target.operation.prepare?.();
  await cannon(target, seconds);
}

/** One measured run. */
export interface Slice {
  latencies: number[];
  ok: number;
  responses: number;
  failures: LoadFigures['failures'];
  firstFailure?: string;
  seconds: number;
  memoryPeak: Record<string, MemoryFigure>;
  cpuSeconds: Record<string, number>;
}

export async function loadSlice(target: LoadTarget, seconds: number): Promise<Slice> {
  await target.operation.prepare?.();
  const latencies: number[] = [];
  const sampler = memorySampler(target.pids, target.databases);
  const cpuBefore = cpuSnapshot(target.pids, target.databases);
  const { result, firstFailure } = await cannon(target, seconds, (ms) => latencies.push(ms));
  const cpuSeconds = cpuSecondsBetween(cpuBefore, cpuSnapshot(target.pids, target.databases));
  return {
    latencies,
    ok: result['2xx'],
    responses: result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'],
    failures: { non2xx: result.non2xx, graphqlErrors: result.mismatches, connectionErrors: result.errors, timeouts: result.timeouts },
    ...(firstFailure ? { firstFailure } : {}),
    seconds: result.duration,
    memoryPeak: sampler.stop(),
    cpuSeconds,
  };
}

/** The figures of a target's slices taken together. */
export function combine(slices: Slice[]): LoadFigures {
  const latencies = slices.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const seconds = slices.reduce((sum, s) => sum + s.seconds, 0);
  const sum = (key: keyof Slice['failures']) => slices.reduce((total, s) => total + s.failures[key], 0);
  const firstFailure = slices.find((s) => s.firstFailure)?.firstFailure;
  const ok = slices.reduce((total, s) => total + s.ok, 0);
  return {
    requestsPerSecond: Math.round((ok / Math.max(seconds, 1e-9)) * 10) / 10,
    latencyMs: {
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      mean: Math.round((latencies.reduce((total, ms) => total + ms, 0) / Math.max(1, latencies.length)) * 100) / 100,
      max: percentile(latencies, 100),
    },
    responses: slices.reduce((total, s) => total + s.responses, 0),
    failures: {
      non2xx: sum('non2xx'),
      graphqlErrors: sum('graphqlErrors'),
      connectionErrors: sum('connectionErrors'),
      timeouts: sum('timeouts'),
    },
    ...(firstFailure ? { firstFailure } : {}),
    seconds: Math.round(seconds * 100) / 100,
    memoryPeak: mergePeaks(slices.map((s) => s.memoryPeak)),
    cpuMsPerRequest: Object.fromEntries(
      [...new Set(slices.flatMap((s) => Object.keys(s.cpuSeconds)))].map((name) => [
        name,
        Math.round((slices.reduce((total, s) => total + (s.cpuSeconds[name] ?? 0), 0) * 1000 * 100) / Math.max(1, ok)) / 100,
      ]),
    ),
  };
}
