/**
 * SQL statements per request, per subgraph: each subgraph's /health/ready gives its running statement count
 * (outside production; kit/src/server.ts). Read before and after a fixed number of sequential requests,
 * once nothing else runs; each /health/ready read itself runs one statement (its `select 1`), measured once
 * by reading twice in a row and taken off.
 */

import { firstError, postBody } from './graphql.ts';
import { healthUrl } from './hub.ts';
import type { Driver } from './operations.ts';

async function counts(subgraphUrls: Record<string, string>): Promise<Record<string, number>> {
  const entries = await Promise.all(
    Object.entries(subgraphUrls).map(async ([name, url]) => {
      const health = (await (await fetch(healthUrl(url))).json()) as { statements?: number };
      if (typeof health.statements !== 'number')
        throw new Error(`${name}'s /health/ready gives no statement count (is it running with NODE_ENV=production?)`);
      return [name, health.statements] as const;
    }),
  );
  return Object.fromEntries(entries);
}

const difference = (after: Record<string, number>, before: Record<string, number>) =>
  Object.fromEntries(Object.entries(after).map(([name, n]) => [name, n - (before[name] ?? 0)]));

/** What one read of every subgraph's count adds to the counts themselves. */
export async function healthOverhead(subgraphUrls: Record<string, string>): Promise<Record<string, number>> {
  const first = await counts(subgraphUrls);
  return difference(await counts(subgraphUrls), first);
}

/**
 * Waits until no subgraph runs anything but the health reads themselves: requests of a load run that
 * autocannon stopped waiting for may still be running when it returns.
 */
async function quiet(subgraphUrls: Record<string, string>, overhead: Record<string, number>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last = await counts(subgraphUrls);
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const now = await counts(subgraphUrls);
    if (Object.entries(difference(now, last)).every(([name, n]) => n === (overhead[name] ?? 0))) return;
    last = now;
  }
  throw new Error(`The subgraphs kept running statements for ${timeoutMs / 1000} s with no request from the bench`);
}

/**
 * Sends `requests` requests one after another through the driver and returns the statements each
 * subgraph ran per request (a fraction where a request's count varies) and the median time of one
 * request alone, or throws at an answer with errors.
 */
export async function statementsPerRequest(
  url: string,
  headers: Record<string, string>,
  driver: Driver,
  subgraphUrls: Record<string, string>,
  overhead: Record<string, number>,
  requests = 10,
): Promise<{ statements: Record<string, number>; aloneMs: number }> {
  await quiet(subgraphUrls, overhead);
  const before = await counts(subgraphUrls);
  const times: number[] = [];
  for (let i = 0; i < requests; i += 1) {
    const started = performance.now();
    const { status, text } = await postBody(url, driver.body(), { ...headers, ...driver.headers });
    times.push(performance.now() - started);
    driver.onResponse?.(text);
    const error = firstError(text);
    if (status !== 200 || error) throw new Error(`${url} answered ${status}${error ? `: ${error}` : ''}`);
  }
  const ran = difference(await counts(subgraphUrls), before);
  times.sort((a, b) => a - b);
  return {
    statements: Object.fromEntries(
      Object.entries(ran).map(([name, n]) => [name, Math.round(((n - (overhead[name] ?? 0)) / requests) * 100) / 100]),
    ),
    aloneMs: Math.round((times[Math.floor((times.length - 1) / 2)] ?? 0) * 100) / 100,
  };
}
