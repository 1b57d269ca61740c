/**
 * `pnpm bench:events`: issue 16's figure, the time from a mutation's answer to each subscriber's event,
 * under a stated load. For each transport (the subgraphs' feeds woken by PostgreSQL NOTIFY, then NATS
 * JetStream) it starts the whole hub in this process on fresh test databases, opens subscribers over
 * graphql-ws at the gateway (the joint-conference office, the staff of China Telecom Chongqing, and the
 * staff of China Mobile Chongqing, who must receive none of these events), all from one cursor, and has
 * writers order China Telecom Chongqing's circuits through the gateway over HTTP at a steady total rate.
 * It writes the figures to scripts/bench/results/events.json and .md.
 *   pnpm bench:events [--subscribers 50] [--writers 4] [--rate 20] [--seconds 20] [--transport feed,nats]
 * NATS_URL names the NATS server (nats://127.0.0.1:4222 by default); each run uses a prefix of its own and
 * deletes its stream afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Viewer } from '@cq/kit/identity';
import { createLogger } from '@cq/kit/log';
import { connectNats, type NatsSettings, streamOf } from '@cq/kit/nats';
import { carrierStaff, OFFICE } from '@cq/kit/testing';
import { repoRoot } from '@cq/schema';
import { type Hub, startHub } from '../e2e/src/hub.ts';
import { connect, eventCursor } from '../e2e/src/subscriber.ts';
import { setup, teardown } from '../e2e/src/test-databases.ts';

const { values } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '50' },
    writers: { type: 'string', default: '4' },
    rate: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '20' },
    transport: { type: 'string', default: 'feed,nats' },
    out: { type: 'string', default: 'scripts/bench/results' },
  },
});

const positive = (name: string, text: string) => {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number; got ${text}.`);
  return n;
};

/** The carrier whose circuits are ordered, and another whose staff must hear nothing of them. */
const CARRIER = 'china-telecom-chongqing';
const OTHER_CARRIER = 'china-mobile-chongqing';
const TRANSPORTS = ['feed', 'nats'] as const;
type Transport = (typeof TRANSPORTS)[number];
const DESCRIPTIONS: Record<Transport, string> = {
  feed: 'the subgraphs’ feeds (GET /events long poll, woken by PostgreSQL NOTIFY)',
  nats: 'NATS JetStream',
};
/** How long after the last answer a delivery may still come before it counts as missing. */
const DRAIN_MS = 15_000;

const CREATE_CIRCUIT = 'mutation BenchCreateCircuit($input: CreateCircuitInput!) { createCircuit(input: $input) { id } }';
/** A circuit China Telecom Chongqing may order: a unit's line into the Government Cloud Platform, under its 100 Mbps tariff. */
const CIRCUIT = { unitId: 'banan-district', dataCenterId: 'government-cloud-platform', tariffId: 'telecom-line-100' };
// Only what matching needs: fewer fields, less of the subscriber's own work in the instant recorded.
const PROGRAMME_EVENTS = `subscription BenchEvents($after: String) {
  programmeEvents(after: $after) { id kind subjectId carrierId }
}`;

interface Arrived {
  id: string;
  kind: string;
  subjectId: string;
  carrierId: string | null;
}

type Audience = 'office' | 'carrier' | 'otherCarrier';

/** One subscriber: every circuit event it received, by the circuit's id, with the instants they arrived. */
interface Listener {
  audience: Audience;
  arrivals: Map<string, number[]>;
  eventIds: Set<string>;
  /** Events received twice (by id): must stay 0. */
  repeated: number;
  /** Events of other kinds (notifications, say), by kind: received but not measured. */
  others: Record<string, number>;
  errors: unknown[];
  close(): void;
}

interface Mutation {
  id: string;
  sentAt: number;
  answeredAt: number;
  ok: boolean;
}

interface TransportResult {
  transport: Transport;
  description: string;
  load: {
    writers: number;
    targetPerSecond: number;
    achievedPerSecond: number;
    seconds: number;
    mutations: number;
    failedMutations: number;
    subscribers: Record<Audience, number>;
    deliveriesExpected: number;
    deliveriesReceived: number;
  };
  /** Event instant minus answer instant, over every (mutation, subscriber) delivery received. */
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  /** Deliveries whose event came before the mutation's answer (counted as 0 ms above). */
  beforeAnswer: number;
  missing: number;
  duplicated: number;
  otherCarrierDeliveries: number;
  /** Events of other kinds the subscribers received, by kind, all subscribers together. */
  otherEventsReceived: Record<string, number>;
  subscriptionErrors: number;
  /** The mutations' own round trip through the gateway, for scale. */
  mutationMs: { p50: number; p95: number; max: number };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The nearest-rank percentile of sorted values (0 for none). */
const percentile = (sorted: readonly number[], p: number) =>
  sorted.length ? (sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0) : 0;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** The split of S subscribers: 60 % the office, 20 % the carrier's staff, 20 % the other carrier's. */
function audiences(total: number): Record<Audience, number> {
  const carrier = Math.round(total * 0.2);
  const otherCarrier = Math.round(total * 0.2);
  return { office: total - carrier - otherCarrier, carrier, otherCarrier };
}

const viewerOf = (audience: Audience, index: number): Viewer =>
  audience === 'office'
    ? OFFICE
    : audience === 'carrier'
      ? carrierStaff(CARRIER, `${CARRIER}-bench-${index}`)
      : carrierStaff(OTHER_CARRIER, `${OTHER_CARRIER}-bench-${index}`);

type Client = Awaited<ReturnType<typeof connect>>;

/**
 * Subscribes on a connection, recording the instant each event arrives. Not e2e's `subscribe`, which
 * keeps events but not when they came.
 */
function listen(client: Client, audience: Audience, after: string): Listener {
  const listener: Listener = { audience, arrivals: new Map(), eventIds: new Set(), repeated: 0, others: {}, errors: [], close: () => {} };
  listener.close = client.subscribe<{ programmeEvents: Arrived }>(
    { query: PROGRAMME_EVENTS, variables: { after } },
    {
      next: (result) => {
        const at = performance.now();
        if (result.errors) listener.errors.push(...result.errors);
        const event = result.data?.programmeEvents;
        if (!event) return;
        // The same event twice (by id) is counted once here and not again as a second arrival.
        if (listener.eventIds.has(event.id)) {
          listener.repeated += 1;
          return;
        }
        listener.eventIds.add(event.id);
        if (event.kind !== 'CIRCUIT_CHANGED') {
          listener.others[event.kind] = (listener.others[event.kind] ?? 0) + 1;
          return;
        }
        const times = listener.arrivals.get(event.subjectId) ?? [];
        times.push(at);
        listener.arrivals.set(event.subjectId, times);
      },
      error: (error) => listener.errors.push(error),
      complete: () => {},
    },
  );
  return listener;
}

/** Waits until every listener of the audiences has `id`'s event, or the deadline passes; whether they all have. */
async function allReceived(listeners: readonly Listener[], ids: readonly string[], deadline: number): Promise<boolean> {
  const waiting = listeners.filter((l) => l.audience !== 'otherCarrier');
  while (performance.now() < deadline) {
    if (waiting.every((l) => ids.every((id) => l.arrivals.has(id)))) return true;
    await sleep(50);
  }
  return false;
}

/**
 * Orders a circuit through the gateway as the carrier's staff: the instants it was sent and answered, and
 * the circuit's id (the subgraph gives it), which its event names. A circuit is the carrier's own: another
 * carrier must not hear of it (a tariff, by contrast, is public, and every role reads it).
 */
async function createCircuit(hub: Hub, headers: Record<string, string>, label: string): Promise<Mutation> {
  const sentAt = performance.now();
  const answer = await hub.post({ query: CREATE_CIRCUIT, variables: { input: CIRCUIT } }, headers).catch(() => undefined);
  const answeredAt = performance.now();
  const data = answer?.body.data as { createCircuit?: { id: string } } | null | undefined;
  const id = data?.createCircuit?.id;
  const ok = answer?.status === 200 && !answer.body.errors && id !== undefined;
  return { id: id ?? label, sentAt, answeredAt, ok };
}

async function measure(transport: Transport, settings: Settings): Promise<TransportResult> {
  const run = randomBytes(4).toString('hex');
  const nats: NatsSettings | undefined =
    transport === 'nats' ? { url: process.env.NATS_URL ?? 'nats://127.0.0.1:4222', prefix: `bench-${run}` } : undefined;
  console.log(`Starting the hub on ${DESCRIPTIONS[transport]}…`);
  const hub = await startHub({ nats });
  const clients: Client[] = [];
  const listeners: Listener[] = [];
  try {
    const split = audiences(settings.subscribers);
    const plan = (Object.entries(split) as [Audience, number][]).flatMap(([audience, count]) =>
      Array.from({ length: count }, (_, i) => ({ audience, viewer: viewerOf(audience, i) })),
    );
    for (const { viewer } of plan) clients.push(await connect(hub, viewer));
    const cursor = await eventCursor(clients[0] as Client);
    for (const [i, { audience }] of plan.entries()) listeners.push(listen(clients[i] as Client, audience, cursor));

    const headers = { authorization: `Bearer ${await hub.token(carrierStaff(CARRIER))}` };
    // One circuit first, unmeasured: every subscription is live once all have it, and the paths are warm.
    const warmup = await createCircuit(hub, headers, `bench-${run}-warmup`);
    if (!warmup.ok) throw new Error('The warm-up circuit was refused: is the telecom subgraph serving createCircuit?');
    if (!(await allReceived(listeners, [warmup.id], performance.now() + 30_000)))
      throw new Error(`Not every subscriber received the warm-up circuit's event within 30 s (${transport}).`);

    console.log(
      `  ${settings.writers} writers at ${settings.rate}/s for ${settings.seconds} s, ` +
        `${settings.subscribers} subscribers (${split.office} office, ${split.carrier} ${CARRIER}, ${split.otherCarrier} ${OTHER_CARRIER})`,
    );
    const mutations: Mutation[] = [];
    const start = performance.now();
    const end = start + settings.seconds * 1000;
    // Each writer keeps its own schedule, staggered against the others, for the total rate; one that
    // falls behind (an answer slower than its interval) sends the next at once, and all stop when the
    // time is up: the rate achieved says how far the hub kept up.
    const interval = (1000 * settings.writers) / settings.rate;
    await Promise.all(
      Array.from({ length: settings.writers }, async (_, w) => {
        for (let k = 0; ; k += 1) {
          const due = start + (w * interval) / settings.writers + k * interval;
          if (due >= end || performance.now() >= end) return;
          const wait = due - performance.now();
          if (wait > 0) await sleep(wait);
          mutations.push(await createCircuit(hub, headers, `bench-${run}-${w}-${k}`));
        }
      }),
    );
    const lastAnswer = Math.max(...mutations.map((m) => m.answeredAt));
    const written = mutations.filter((m) => m.ok);
    await allReceived(
      listeners,
      written.map((m) => m.id),
      lastAnswer + DRAIN_MS,
    );

    const latencies: number[] = [];
    let beforeAnswer = 0;
    let missing = 0;
    let duplicated = 0;
    let otherCarrierDeliveries = 0;
    for (const listener of listeners) {
      for (const m of written) {
        const times = listener.arrivals.get(m.id) ?? [];
        if (listener.audience === 'otherCarrier') {
          otherCarrierDeliveries += times.length;
          continue;
        }
        if (times.length === 0) missing += 1;
        duplicated += Math.max(0, times.length - 1);
        const first = times[0];
        if (first === undefined) continue;
        if (first < m.answeredAt) beforeAnswer += 1;
        latencies.push(Math.max(0, first - m.answeredAt));
      }
    }
    latencies.sort((a, b) => a - b);
    const roundTrips = written.map((m) => m.answeredAt - m.sentAt).sort((a, b) => a - b);
    const measured = listeners.filter((l) => l.audience !== 'otherCarrier').length;
    return {
      transport,
      description: DESCRIPTIONS[transport],
      load: {
        writers: settings.writers,
        targetPerSecond: settings.rate,
        achievedPerSecond: round1(written.length / ((lastAnswer - start) / 1000)),
        seconds: settings.seconds,
        mutations: mutations.length,
        failedMutations: mutations.length - written.length,
        subscribers: split,
        deliveriesExpected: written.length * measured,
        deliveriesReceived: latencies.length,
      },
      latencyMs: {
        p50: round1(percentile(latencies, 50)),
        p95: round1(percentile(latencies, 95)),
        p99: round1(percentile(latencies, 99)),
        max: round1(latencies.at(-1) ?? 0),
        mean: round1(latencies.reduce((sum, l) => sum + l, 0) / Math.max(1, latencies.length)),
      },
      beforeAnswer,
      missing,
      duplicated: duplicated + listeners.reduce((sum, l) => sum + l.repeated, 0),
      otherCarrierDeliveries,
      otherEventsReceived: listeners.reduce<Record<string, number>>((all, l) => {
        for (const [kind, count] of Object.entries(l.others)) all[kind] = (all[kind] ?? 0) + count;
        return all;
      }, {}),
      subscriptionErrors: listeners.reduce((sum, l) => sum + l.errors.length, 0),
      mutationMs: { p50: round1(percentile(roundTrips, 50)), p95: round1(percentile(roundTrips, 95)), max: round1(roundTrips.at(-1) ?? 0) },
    };
  } finally {
    for (const listener of listeners) listener.close();
    await Promise.all(clients.map((c) => c.dispose()));
    await hub.stop();
    if (nats) {
      const connection = await connectNats(nats, 'bench-events', createLogger('bench-events', { level: 'warn' }));
      await (await connection.jetstreamManager()).streams.delete(streamOf(nats.prefix)).catch(() => false);
      await connection.close();
    }
  }
}

interface Settings {
  subscribers: number;
  writers: number;
  rate: number;
  seconds: number;
}

function markdown(report: Report): string {
  const { machine } = report;
  const rows = report.transports.map(
    (t) =>
      `| ${t.description} | ${t.load.writers} | ${t.load.targetPerSecond} / ${t.load.achievedPerSecond} | ${t.load.mutations} (${t.load.failedMutations} failed) | ` +
      `${t.load.subscribers.office} + ${t.load.subscribers.carrier} + ${t.load.subscribers.otherCarrier} | ${t.load.deliveriesReceived} of ${t.load.deliveriesExpected} | ` +
      `${t.latencyMs.p50} | ${t.latencyMs.p95} | ${t.latencyMs.p99} | ${t.latencyMs.max} | ${t.beforeAnswer} | ${t.missing} | ${t.duplicated} | ` +
      `${t.otherCarrierDeliveries} | ${t.mutationMs.p50} / ${t.mutationMs.p95} |`,
  );
  return [
    '# Events latency: from a mutation’s answer to each subscriber’s event',
    '',
    `${report.startedAt} · ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, Node ${machine.node} · ` +
      `load average ${machine.loadAverage.start} at the start, ${machine.loadAverage.end} at the end`,
    '',
    `Command: \`${report.command}\``,
    '',
    'Subscribers: the joint-conference office + China Telecom Chongqing’s staff + China Mobile Chongqing’s staff, each on a ' +
      'WebSocket of its own (graphql-ws) at the gateway, all subscribed to `programmeEvents` from one `eventCursor`. Writers: ' +
      `\`createCircuit\` as China Telecom Chongqing’s staff through the gateway over HTTP, each circuit new, for ${report.settings.seconds} s ` +
      'after one unmeasured warm-up circuit every subscriber received. Latency: the instant a subscriber received the circuit’s ' +
      '`CIRCUIT_CHANGED` event minus the instant the mutation’s HTTP answer arrived (one clock, `performance.now()`), over every ' +
      '(mutation, office or China Telecom subscriber) pair; an event before the answer counts as 0 ms.',
    '',
    '| transport | writers | rate target / achieved per s | mutations | subscribers | deliveries | p50 ms | p95 ms | p99 ms | max ms | before the answer | missing | duplicated | China Mobile received | mutation p50 / p95 ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    'Missing, duplicated and China Mobile received must all be 0. ' +
      `Other events the subscribers could see (not measured): ${report.transports.map((t) => `${t.transport} ${JSON.stringify(t.otherEventsReceived)}`).join(', ')}; ` +
      `subscription errors: ${report.transports.map((t) => `${t.transport} ${t.subscriptionErrors}`).join(', ')}.`,
    '',
    'Caveat: the hub (gateway, every subgraph), the subscribers and the writers run in this one Node process, and the ' +
      'embedded PostgreSQL and NATS on the same machine: they share its cores, so the figures include that contention.',
    '',
  ].join('\n');
}

interface Report {
  startedAt: string;
  command: string;
  /** The transports measured, as given to --transport (text: biome prints the JSON as written). */
  settings: Settings & { transports: string };
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; loadAverage: { start: number; end: number } };
  transports: TransportResult[];
}

const transports = values.transport.split(',').filter(Boolean) as Transport[];
const unknown = transports.filter((t) => !TRANSPORTS.includes(t));
if (unknown.length) throw new Error(`--transport takes feed and nats; got ${unknown.join(', ')}.`);
const settings: Settings = {
  subscribers: Math.round(positive('subscribers', values.subscribers)),
  writers: Math.round(positive('writers', values.writers)),
  rate: positive('rate', values.rate),
  seconds: positive('seconds', values.seconds),
};

// The in-process hub logs every request at info otherwise: that much writing to the terminal, in the
// process measured, would weigh on the figures. LOG_LEVEL set by the caller still wins.
process.env.LOG_LEVEL ??= 'warn';
const startedAt = new Date().toISOString();
const loadStart = round1(loadavg()[0] ?? 0);
try {
  // The test run's PostgreSQL and seeded templates, as vitest's global setup makes them: each hub's
  // subgraphs then get fresh copies.
  await setup();
  const results: TransportResult[] = [];
  for (const transport of transports) results.push(await measure(transport, settings));
  const report: Report = {
    startedAt,
    command: ['pnpm bench:events', ...process.argv.slice(2)].join(' '),
    settings: { ...settings, transports: transports.join(',') },
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.versions.node,
      loadAverage: { start: loadStart, end: round1(loadavg()[0] ?? 0) },
    },
    transports: results,
  };
  const folder = resolve(repoRoot, values.out);
  mkdirSync(folder, { recursive: true });
  writeFileSync(resolve(folder, 'events.json'), `${JSON.stringify(report, null, 2)}\n`);
  const text = markdown(report);
  writeFileSync(resolve(folder, 'events.md'), text);
  console.log(`\n${text}\nWritten to ${resolve(folder, 'events.json')} and events.md`);
  if (results.some((r) => r.missing || r.duplicated || r.otherCarrierDeliveries)) process.exitCode = 1;
} catch (error) {
  console.error(`bench:events: ${(error as Error).stack ?? error}`);
  process.exitCode = 1;
} finally {
  await teardown();
}
