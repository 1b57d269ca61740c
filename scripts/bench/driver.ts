/**
 * Drives a running hub: reads the fixtures, starts the Hive runtime beside our gateway, and for every
 * operation and target loads it, then (warm, and once the load has drained) counts the SQL statements
 * and times a few sequential requests. Targets: our gateway (every operation), the Hive runtime on the
 * same supergraph (reads), and the owning subgraph asked directly where one subgraph answers alone.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { secretKey, signSubgraphToken, type Viewer } from '@cq/kit/identity';
import { developmentToken } from '@cq/kit/secrets';
import { readFixtures } from './fixtures.ts';
import { firstError, postBody } from './graphql.ts';
import { startHive } from './hive.ts';
import type { RunningHub } from './hub.ts';
import { combine, type LoadTarget, loadSlice, type Slice, warmUp } from './load.ts';
import { sampleMemory } from './memory.ts';
import { benchOperations, type Operation } from './operations.ts';
import type { BenchResult, OperationResult, TargetName, TargetResult } from './report.ts';
import { healthOverhead, statementsPerRequest } from './statements.ts';

export interface BenchSettings {
  connections: number;
  seconds: number;
  warmupSeconds: number;
  /** Measured slices per target, alternating targets (the measured seconds are split among them). */
  rounds: number;
  /** Sequential requests per operation and target for the statement count. */
  statementRequests: number;
  /** Operation keys to run; all when empty. */
  only: string[];
  /** Also load the Hive runtime (reads). */
  hive: boolean;
  dataset: string;
}

/** Reads are asked as the joint-conference office, who reads everything. */
const OFFICE: Viewer = { id: 'bench-joint-conference-office', role: 'joint-conference' };

export const PER_REQUEST_WORK = {
  'our gateway':
    'Fastify; verifies the caller token (ES256: signature, issuer, audience, expiry, with jose); rate limit per identity (in memory); ' +
    "Apollo Server's CSRF check, parse with a token limit, validation, graphql-armor's shape limits (depth, aliases, directives, cost: " +
    "a second validation pass); the operation's moment; Apollo Gateway's query plan (cached per document); one HS256 subgraph token signed " +
    'per request, sent on every subgraph fetch.',
  'Hive runtime':
    "node:http + Hive Gateway runtime (Yoga); verifies the caller token with our gateway's identityVerifier (same checks); parse and " +
    "validation (Yoga caches both per document); the operation's moment with our kit's momentOfOperation; Hive's query planner; one HS256 " +
    "subgraph token signed per request with our kit's signSubgraphToken, sent on every subgraph fetch by a minimal JSON-over-HTTP " +
    'transport of the bench (the runtime package alone lacks @graphql-mesh/transport-http). No rate limit, no operation-shape limits, ' +
    'no CSRF check.',
  'subgraph direct':
    'the bench signs one subgraph token per run (HS256, the office as caller, no moment: the subgraph takes its own "now"); the subgraph ' +
    'verifies it on every request as it does for the gateway.',
};

const round2 = (n: number) => Math.round(n * 100) / 100;

export async function drive(hub: RunningHub, settings: BenchSettings, log: (line: string) => void = console.log): Promise<BenchResult> {
  const startedAt = new Date().toISOString();
  const loadAtStart = loadavg()[0] ?? 0;
  const notes: string[] = [];
  const officeToken = await developmentToken(hub.keys.signingKey, OFFICE, { expiresIn: '4h' });
  const callerHeaders = async () => ({ authorization: `Bearer ${officeToken}` });
  const subgraphKey = secretKey(hub.keys.subgraphSecret);
  const subgraphHeaders = async () => ({ authorization: `Bearer ${await signSubgraphToken(OFFICE, subgraphKey)}` });

  log('Reading the fixtures (cursors, ids, systems to reassess)…');
  const fixtures = await readFixtures(hub.gatewayUrl, officeToken, hub.keys.signingKey, settings.connections);
  const reassessed = fixtures.assessable.slice(0, settings.connections).map((s) => s.id);
  notes.push(`assessSystem reassesses ${reassessed.length} systems, one per connection: ${reassessed.join(', ')}.`);
  if (fixtures.created.length)
    notes.push(`The data held too few systems to reassess; this run registered ${fixtures.created.join(', ')} (INVENTORIED).`);
  const operations = benchOperations(fixtures, hub.gatewayUrl, officeToken).filter(
    (op) => !settings.only.length || settings.only.includes(op.key),
  );
  if (!operations.length) throw new Error(`No operation is named ${settings.only.join(', ')}.`);

  const hive = settings.hive && operations.some((op) => op.kind === 'read') ? await startHive(hub, 0) : undefined;
  if (hive) log(`Hive runtime ready at ${hive.url}`);
  const pids = { ...hub.pids, ...(hive ? { hive: hive.pid } : {}) };
  try {
    const idleMemory = sampleMemory(pids, hub.databases);
    const overhead = await healthOverhead(hub.subgraphUrls);
    const results: OperationResult[] = [];
    for (const op of operations) {
      const targets: [TargetName, string, () => Promise<Record<string, string>>][] = [['gateway', hub.gatewayUrl, callerHeaders]];
      if (hive && op.kind === 'read') targets.push(['hive', hive.url, callerHeaders]);
      const ownerUrl = op.owner ? hub.subgraphUrls[op.owner] : undefined;
      if (ownerUrl) targets.push(['subgraph', ownerUrl, subgraphHeaders]);
      const result: OperationResult = {
        key: op.key,
        title: op.title,
        kind: op.kind,
        ...(op.owner ? { owner: op.owner } : {}),
        varies: op.varies,
        variants: op.variants,
        targets: {},
        ratios: {},
      };
      await measureOperation(op, targets, result, { hub, pids, settings, overhead, notes, log });
      const { gateway, hive: viaHive, subgraph } = result.targets;
      if (gateway && viaHive) result.ratios.oursOverHiveRequestsPerSecond = round2(gateway.requestsPerSecond / viaHive.requestsPerSecond);
      if (gateway && subgraph) result.ratios.gatewayP50OverSubgraphP50 = round2(gateway.latencyMs.p50 / subgraph.latencyMs.p50);
      if (viaHive && subgraph) result.ratios.hiveP50OverSubgraphP50 = round2(viaHive.latencyMs.p50 / subgraph.latencyMs.p50);
      // An operation said to be one subgraph's alone must not reach another through our gateway.
      const others = op.owner && gateway ? Object.entries(gateway.statements).filter(([name, n]) => name !== op.owner && n !== 0) : [];
      if (others.length)
        notes.push(`${op.key} is said to be answered by ${op.owner} alone, yet also ran SQL in ${others.map(([n]) => n).join(', ')}.`);
      results.push(result);
    }
    return {
      startedAt,
      finishedAt: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
        memoryGb: Math.round(totalmem() / 1024 ** 3),
        node: process.versions.node,
        platform: process.platform,
        loadAverage: { start: round2(loadAtStart), end: round2(loadavg()[0] ?? 0) },
      },
      settings: {
        connections: settings.connections,
        seconds: settings.seconds,
        warmupSeconds: settings.warmupSeconds,
        rounds: settings.rounds,
        statementRequests: settings.statementRequests,
      },
      hub: {
        gatewayUrl: hub.gatewayUrl,
        ...(hive ? { hiveUrl: hive.url } : {}),
        subgraphUrls: hub.subgraphUrls,
        dataset: settings.dataset,
      },
      perRequestWork: PER_REQUEST_WORK,
      idleMemory,
      operations: results,
      notes: [
        'The load generator (autocannon, in the bench process, which also samples memory and CPU each second) runs on the same machine ' +
          'as every process measured and competes with them for CPU; so does any other work on the machine (see the load average).',
        'Latency percentiles count every 2xx answer of the measured run; failed counts HTTP errors, answers with GraphQL errors, connection errors and timeouts.',
        ...notes,
      ],
    };
  } finally {
    await hive?.stop();
  }
}

interface MeasureContext {
  hub: RunningHub;
  pids: Record<string, number>;
  settings: BenchSettings;
  overhead: Record<string, number>;
  notes: string[];
  log: (line: string) => void;
}

/**
 * One operation on each of its targets: a probe request (a target that cannot answer it is left out with
 * a note), a warm-up each, then the measured slices, alternating targets and reversing their order every
 * round (A B, B A, …) so the machine's other work weighs on each alike; last, once warm and drained, the
 * statement count and the time of a request alone, on the same requests for every target.
 */
async function measureOperation(
  op: Operation,
  targets: [TargetName, string, () => Promise<Record<string, string>>][],
  result: OperationResult,
  { hub, pids, settings, overhead, notes, log }: MeasureContext,
): Promise<void> {
  const failed = (name: TargetName, error: unknown) => {
    const message = `${op.key} through ${name} failed: ${(error as Error).message}`;
    notes.push(message);
    log(message);
  };
  const live: { name: TargetName; target: LoadTarget; slices: Slice[] }[] = [];
  for (const [name, url, headers] of targets) {
    try {
      await op.prepare?.();
      const probe = op.newClient(0);
      const { status, text } = await postBody(url, probe.body(), { ...(await headers()), ...probe.headers });
      const error = firstError(text);
      if (status !== 200 || error) throw new Error(`${url} answered ${status}${error ? `: ${error}` : ''}`);
      live.push({
        name,
        target: { url, headers, operation: op, connections: settings.connections, pids, databases: hub.databases },
        slices: [],
      });
    } catch (error) {
      failed(name, error);
    }
  }
  for (const { target } of live) await warmUp(target, settings.warmupSeconds);
  const sliceSeconds = settings.seconds / settings.rounds;
  for (let round = 0; round < settings.rounds; round += 1) {
    for (const entry of round % 2 ? [...live].reverse() : live) entry.slices.push(await loadSlice(entry.target, sliceSeconds));
  }
  for (const { name, target, slices } of live) {
    try {
      await op.prepare?.();
      const { statements, aloneMs } = await statementsPerRequest(
        target.url,
        await target.headers(),
        op.newClient(0),
        hub.subgraphUrls,
        overhead,
        settings.statementRequests,
      );
      const t: TargetResult = { url: target.url, statements, aloneMs, ...combine(slices) };
      result.targets[name] = t;
      log(
        `${op.key.padEnd(18)} ${name.padEnd(8)} ${t.requestsPerSecond.toFixed(1).padStart(8)} req/s  p50 ${t.latencyMs.p50} ms  ` +
          `p95 ${t.latencyMs.p95} ms  p99 ${t.latencyMs.p99} ms  alone ${t.aloneMs} ms  SQL ${JSON.stringify(t.statements)}`,
      );
      if (t.firstFailure) log(`  first failed answer: ${t.firstFailure}`);
    } catch (error) {
      failed(name, error);
    }
  }
}
