/**
 * The daily schedule inside the hub: two replicas of the notifications subgraph on one database, their
 * clocks just after midnight of 2015-09-25 (Asia/Shanghai), start together and run that day's checks
 * together; the day runs once and each notification is made, and told, once.
 */
import { eventsAfter } from '@cq/kit/outbox';
import type { Subgraph } from '@cq/kit/server';
import { createTestDatabase, type Served, serveTestSubgraph, TEST_SECRET, type TestDatabase } from '@cq/kit/testing';
import { createParkSubgraph } from '@cq/park';
import { createUnitsSubgraph } from '@cq/units';
import { createVendorsSubgraph } from '@cq/vendors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { dailyCheckRuns, notifications } from '../src/data/schema.ts';
import { createNotificationsSubgraph } from '../src/server.ts';

const CLOCK = new Date('2015-09-25T00:05:00+08:00');

let database: TestDatabase;
/** The peers as this file uses them: their names, where they answer, and their stop. */
let peers: Pick<Served, 'name' | 'listening' | 'stop'>[] = [];
let replicas: Subgraph<Context>[] = [];
beforeAll(async () => {
  const urls: Record<string, string> = {};
  peers = await Promise.all([
    serveTestSubgraph('units', (options) => createUnitsSubgraph({ ...options, peers: urls })),
    serveTestSubgraph('vendors', (options) => createVendorsSubgraph({ ...options, peers: urls })),
    serveTestSubgraph('park', (options) => createParkSubgraph({ ...options, peers: urls })),
  ]);
  for (const peer of peers) urls[peer.name] = peer.listening.url;
  database = await createTestDatabase('notifications');
  // Both replicas start at once, each running the day's checks as it starts.
  replicas = await Promise.all(
    [1, 2].map(() =>
      createNotificationsSubgraph({ url: database.url, secret: TEST_SECRET, peers: urls }, { clock: () => CLOCK, follow: false }),
    ),
  );
});
afterAll(async () => {
  for (const replica of replicas) await replica.database.close();
  await database?.drop();
  await Promise.all(peers.map((peer) => peer.stop()));
});

describe('the daily schedule', () => {
  it("runs a day's checks once with two replicas on one database", async () => {
    const db = replicas[0]?.database.db;
    if (!db) throw new Error('No replica started.');
    let runs = await db.select().from(dailyCheckRuns);
    for (let waited = 0; runs.length === 0 && waited < 20_000; waited += 200) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      runs = await db.select().from(dailyCheckRuns);
    }
    expect(runs.map((r) => r.day)).toEqual(['2015-09-25']);
    // Give the other replica time to finish its attempt: it must add nothing.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const made = await db.select().from(notifications);
    expect(made.length).toBeGreaterThan(0);
    expect(made.length).toBe(runs[0]?.created);
    expect(made.every((n) => n.day === '2015-09-25')).toBe(true);
    expect(new Set(made.map((n) => n.occasion)).size).toBe(made.length);
    const told = (await eventsAfter(db, 'notifications', 0, 10_000)).filter((e) => e.kind === 'NOTIFICATION_CREATED');
    expect(told.map((e) => e.data.notificationId).sort()).toEqual(made.map((n) => String(n.id)).sort());
    expect((await db.select().from(dailyCheckRuns)).length).toBe(1);
  });
});
