/**
 * The hub the benchmark drives, described rather than started here: whoever starts it (the entry's
 * `startHub`) says where the gateway and each subgraph answer, which processes to watch, and the keys
 * that sign callers' and subgraphs' tokens. Also how to find a process by the port it listens on.
 */
import { execFileSync } from 'node:child_process';
import type { DevelopmentKeys } from '@cq/kit/secrets';

export interface RunningHub {
  /** The gateway's GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  gatewayUrl: string;
  /** Each subgraph's GraphQL endpoint, by name (units, vendors, park, telecom). */
  subgraphUrls: Record<string, string>;
  /** The processes whose memory is reported: `gateway`, each subgraph by name, and `database` (the server's main process). */
  pids: Record<string, number>;
  /**
   * The keys the hub trusts: the bench signs callers' tokens with `signingKey`, the Hive runtime verifies
   * them with `publicKey`, and requests sent straight to a subgraph are signed with `subgraphSecret`.
   */
  keys: DevelopmentKeys;
  /** The hub's databases on the database server: its other clients' backends are left out of its memory. */
  databases?: string[];
  stop(): Promise<void>;
}

/** The port a URL names (or its scheme's default). */
export function portOf(url: string): number {
  const parsed = new URL(url);
  return Number(parsed.port || (parsed.protocol === 'https:' ? 443 : parsed.protocol.startsWith('postgres') ? 5432 : 80));
}

/**
 * The process listening on a local TCP port, from `ss` (Linux) or `lsof` (macOS); undefined when neither
 * tells (another user's process without root, say).
 */
export function pidListeningOn(port: number): number | undefined {
  try {
    const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const pid = out.match(/pid=(\d+)/)?.[1];
    if (pid) return Number(pid);
  } catch {
    // no ss here
  }
  try {
    const out = execFileSync('lsof', ['-t', `-iTCP:${port}`, '-sTCP:LISTEN'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const pid = out.trim().split('\n')[0];
    if (pid) return Number(pid);
  } catch {
    // no lsof either
  }
  return undefined;
}

/** Waits until a URL answers 200 (a /health/ready endpoint), or fails after the timeout. */
export async function waitFor(url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/** A GraphQL endpoint's readiness beside it. */
export const healthUrl = (graphqlUrl: string) => graphqlUrl.replace(/\/graphql\/?$/, '/health/ready');
