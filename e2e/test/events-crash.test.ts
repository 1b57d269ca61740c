/**
 * A subgraph process killed (kill -9) right after a change committed, before anyone was told: the event
 * is in its outbox, committed with the change, and goes out once the subgraph is back. On the feeds
 * (LISTEN/NOTIFY) a follower reads it from the restarted process; on NATS JetStream the restarted
 * process's relay publishes it, once. The first process runs without NATS, so nothing can publish the
 * event before the kill: what the restart finds is exactly what a crash between commit and publish leaves.
 */
import { randomBytes } from 'node:crypto';
import { EventFollower } from '@cq/kit/event-follow';
import type { ProgrammeEvent } from '@cq/kit/events';
import { secretKey, type Viewer } from '@cq/kit/identity';
import { createLogger } from '@cq/kit/log';
import { type NatsSettings, streamOf, subjectOf } from '@cq/kit/nats';
import { carrierStaff, createTestDatabase, signedFor, TEST_SECRET, type TestDatabase } from '@cq/kit/testing';
import { connect as natsConnect } from 'nats';
import postgres from 'postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { tariffInput } from '../src/inputs.ts';
import { type SubgraphProcess, startSubgraphProcess } from '../src/processes.ts';

const CARRIER: Viewer = carrierStaff('china-telecom-chongqing');
const CREATE_TARIFF = 'mutation CrashCreateTariff($input: CreateTariffInput!) { createTariff(input: $input) { id } }';

const modes: { name: string; nats?: NatsSettings }[] = [{ name: 'the feeds (LISTEN/NOTIFY)' }];
if (process.env.NATS_URL) {
  modes.push({ name: 'NATS JetStream', nats: { url: process.env.NATS_URL, prefix: `crash-${randomBytes(4).toString('hex')}` } });
}

const processes: SubgraphProcess[] = [];
const followers: EventFollower[] = [];
const databases: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(followers.splice(0).map((f) => f.stop()));
  await Promise.all(processes.splice(0).map((p) => p.kill('SIGKILL').catch(() => {})));
  await Promise.all(databases.splice(0).map((d) => d.drop()));
});

const until = async (done: () => boolean, ms = 20_000) => {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
  return done();
};

describe.each(modes)('a subgraph killed right after a commit, on $name', ({ nats }) => {
  it('still tells the change once it is back, and only once', async () => {
    const database = await createTestDatabase('telecom');
    databases.push(database);
    const env = { TELECOM_DATABASE_URL: database.url };
    const first = await startSubgraphProcess('telecom', env);
    processes.push(first);
    const url = first.url;

    // A receiver as the gateway is, from the log's end, on the feed or on NATS.
    const follower = new EventFollower({
      sources: [{ name: 'telecom', url }],
      key: secretKey(TEST_SECRET),
      self: 'crash-test',
      nats,
      logger: createLogger('crash-test', { level: 'silent' }),
    });
    followers.push(follower);
    const received: ProgrammeEvent[] = [];
    follower.listen((event) => {
      received.push(event);
    });
    follower.start();
    await follower.ready;

    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await signedFor(CARRIER)) },
      body: JSON.stringify({ query: CREATE_TARIFF, variables: { input: tariffInput('crash-tariff') } }),
    });
    expect(((await response.json()) as { data?: unknown }).data).toEqual({ createTariff: { id: 'crash-tariff' } });
    expect(await first.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });

    // The event committed with the change, and nobody published it.
    const stored = await outboxOf(database);
    expect(stored.map((r) => `${r.kind} ${r.subject_id} ${r.published_at === null ? 'unpublished' : 'published'}`)).toEqual([
      'TARIFF_CHANGED crash-tariff unpublished',
    ]);

    const second = await startSubgraphProcess('telecom', {
      ...env,
      TELECOM_PORT: String(first.port),
      ...(nats ? { NATS_URL: nats.url, NATS_PREFIX: nats.prefix } : {}),
    });
    processes.push(second);
    expect(await until(() => received.length > 0)).toBe(true);
    expect(received.map((e) => `${e.id} ${e.kind} ${e.subjectId}`)).toEqual([`telecom-${stored[0]?.seq} TARIFF_CHANGED crash-tariff`]);

    if (nats) {
      // Published by the restarted relay, acknowledged by JetStream, marked in the outbox; stored once.
      let marked = false;
      for (let i = 0; i < 200 && !marked; i++) {
        marked = (await outboxOf(database)).every((r) => r.published_at !== null);
        if (!marked) await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(marked).toBe(true);
      const connection = await natsConnect({ servers: nats.url });
      try {
        const manager = await connection.jetstreamManager();
        const message = await manager.streams.getMessage(streamOf(nats.prefix), {
          last_by_subj: subjectOf(nats.prefix, 'telecom', 'TARIFF_CHANGED'),
        });
        expect(message.header.get('Nats-Msg-Id')).toBe(`telecom-${stored[0]?.seq}`);
        expect((await manager.streams.info(streamOf(nats.prefix))).state.messages).toBe(1);
        await manager.streams.delete(streamOf(nats.prefix));
      } finally {
        await connection.close();
      }
    }
    // Still once, a moment later.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received).toHaveLength(1);
  }, 60_000);
});

/** The outbox of a test database, read directly. */
async function outboxOf(database: TestDatabase): Promise<{ seq: string; kind: string; subject_id: string; published_at: Date | null }[]> {
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  try {
    return await sql`select seq::text, kind, subject_id, published_at from event_outbox order by seq`;
  } finally {
    await sql.end();
  }
}
