/**
 * The programme's events end to end: changes made through the gateway reach subscribers over WebSocket,
 * each once, only those who may see them, and a subscriber that comes back with its last cursor misses
 * nothing. Run on the subgraphs' feeds (PostgreSQL LISTEN/NOTIFY), and again on NATS JetStream when
 * `NATS_URL` is set (CI sets it: the machine's NATS at 127.0.0.1:4222), each hub on subjects of its own.
 */
import { randomBytes } from 'node:crypto';
import type { Viewer } from '@cq/kit/identity';
import type { NatsSettings } from '@cq/kit/nats';
import { streamOf } from '@cq/kit/nats';
import { ANALYST, coordinatorOf, dataOf, OFFICE, officerOf, PARK_OPERATOR, vendorStaff } from '@cq/kit/testing';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { Client } from 'graphql-ws';
import { connect as natsConnect } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hub, startHub } from '../src/hub.ts';
import { scrape, sumOf } from '../src/prometheus.ts';
import { connect, eventCursor, type ReceivedEvent, type Subscription, subscribe } from '../src/subscriber.ts';
import { graphql } from './generated/graphql.ts';

const UNIT = 'tourism-bureau';
const officer = officerOf(UNIT);
const JIALING = vendorStaff('sample-jialing-cloud');
const YANGTZE = vendorStaff('sample-yangtze-cloud');

const CREATE = graphql(`mutation EventsCreateSystem($input: CreateSystemInput!) { createSystem(input: $input) { id version } }`);
const ASSESS = graphql(`mutation EventsAssess($input: AssessSystemInput!) { assessSystem(input: $input) { id version } }`);
const SELECT = graphql(`mutation EventsSelect($input: SelectVendorInput!) { selectVendor(input: $input) { id version } }`);
const APPROVE = graphql(
  `mutation EventsApprove($input: ApproveMigrationPlanInput!) { approveMigrationPlan(input: $input) { id version } }`,
);
const START = graphql(`mutation EventsStart($input: StepInput!) { startMigration(input: $input) { id version } }`);
const PLACE = graphql(`mutation EventsPlace($input: PlaceSystemInput!) { placeSystem(input: $input) { id } }`);
const CHECK_DAY = graphql(`mutation EventsCheckDay($input: RunDailyChecksInput!) { runDailyChecks(input: $input) { day created } }`);
const REPORT = graphql(`mutation EventsReport($input: ReportTaskProgressInput!) { reportTaskProgress(input: $input) { id } }`);

const modes: { name: string; nats?: NatsSettings }[] = [{ name: 'the subgraphs’ feeds (LISTEN/NOTIFY)' }];
if (process.env.NATS_URL) {
  modes.push({ name: 'NATS JetStream', nats: { url: process.env.NATS_URL, prefix: `test-${randomBytes(4).toString('hex')}` } });
} else if (process.env.CI) {
  throw new Error('CI runs the events tests on NATS too: set NATS_URL (.ci/run does).');
}

/** Per subgraph, the ids received in order: order holds within a subgraph's log, not across logs. */
const bySubgraph = (events: readonly ReceivedEvent[]) =>
  events.reduce<Record<string, string[]>>((all, e) => {
    all[e.subgraph] = [...(all[e.subgraph] ?? []), e.id];
    return all;
  }, {});

describe.each(modes)('events through the gateway, on $name', ({ nats }) => {
  let hub: Hub;
  const clients: Client[] = [];
  const open = async (viewer: Parameters<typeof connect>[1]) => {
    const client = await connect(hub, viewer);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    hub = await startHub({ nats });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await hub?.stop();
    if (nats) {
      const connection = await natsConnect({ servers: nats.url });
      await (await connection.jetstreamManager()).streams.delete(streamOf(nats.prefix)).catch(() => false);
      await connection.close();
    }
  });

  const run = async <D, V>(operation: TypedDocumentNode<D, V>, variables: V, viewer: Viewer = officer): Promise<D> =>
    dataOf(await hub.query(operation, variables, viewer));

  /** Two new systems of one unit through assessment, each selecting another provider; one placed in the park. */
  async function changes(prefix: string) {
    const system = (id: string) => ({
      id,
      unitId: UNIT,
      name: `Events ${id}`,
      officialName: '事件测试系统',
      classification: 'NON_CLASSIFIED' as const,
      businessType: 'GOVERNMENT_SERVICE' as const,
      hosting: 'OWN_MACHINE_ROOM' as const,
    });
    const assessment = {
      readiness: 'READY' as const,
      strategy: 'REHOST' as const,
      recommendedServiceModel: 'IAAS' as const,
      expectedVersion: 1,
    };
    const a = `${prefix}-a`;
    const b = `${prefix}-b`;
    const selection = { procurementMethod: 'PUBLIC_TENDER' as const, procurementReference: `T-${prefix}`, expectedVersion: 2 };
    return {
      a,
      b,
      /** The first four: both systems recorded and assessed. */
      async first() {
        await run(CREATE, { input: system(a) });
        await run(CREATE, { input: system(b) });
        await run(ASSESS, { input: { ...assessment, systemId: a } });
        await run(ASSESS, { input: { ...assessment, systemId: b } });
      },
      /** The rest: each selects its provider; a's plan, migration, placement and task report. */
      async rest() {
        await run(SELECT, { input: { ...selection, systemId: a, vendorId: 'sample-jialing-cloud', cloudServiceIds: ['jialing-vm'] } });
        await run(SELECT, { input: { ...selection, systemId: b, vendorId: 'sample-yangtze-cloud', cloudServiceIds: ['yangtze-oa'] } });
        await run(APPROVE, {
          input: {
            systemId: a,
            expectedVersion: 3,
            destinationDataCenterId: 'transitional-government-data-center',
            writtenWithVendorId: 'sample-jialing-cloud',
            plannedStart: '2015-08-01',
            plannedCutover: '2015-09-20',
            contingencyPlan: 'Keep the old servers until two weeks after cut-over.',
          },
        });
        await run(START, { input: { systemId: a, expectedVersion: 4 } });
        await run(
          PLACE,
          {
            input: {
              systemId: a,
              dataCenterId: 'transitional-government-data-center',
              racks: 1,
              powerKw: '2.0',
              monthlyFeeCny: '3000.00',
              since: '2015-09-01',
            },
          },
          PARK_OPERATOR,
        );
        await run(
          REPORT,
          {
            input: {
              systemId: a,
              vendorId: 'sample-jialing-cloud',
              status: 'IN_PROGRESS',
              percentComplete: 40,
              detail: 'Data copied.',
              nextUpdateDue: '2099-01-15',
            },
          },
          JIALING,
        );
      },
    };
  }

  it('sends each change once to the office, a provider only its own systems’ events, and resumes from a cursor', async () => {
    const office = await open(OFFICE);
    const start = await eventCursor(office);
    // The kinds these changes make (other tests' changes may make notifications meanwhile).
    const subscription = { after: start, kinds: ['SYSTEM_CREATED', 'STAGE_MOVED', 'PLAN_APPROVED', 'SYSTEM_PLACED', 'TASK_REPORTED'] };
    const all = subscribe(office, subscription);
    const jialing = subscribe(await open(JIALING), subscription);
    const yangtze = subscribe(await open(YANGTZE), subscription);
    const early = subscribe(await open(OFFICE), subscription);

    const flow = await changes(`ev${nats ? 'n' : 'f'}`);
    await flow.first();
    const seen = await early.received(4);
    expect(seen.map((e) => e.kind)).toEqual(['SYSTEM_CREATED', 'SYSTEM_CREATED', 'STAGE_MOVED', 'STAGE_MOVED']);
    // A disconnect: the subscriber goes away with its last cursor, and changes go on without it.
    const last = seen[3] as ReceivedEvent;
    await early.close();
    await flow.rest();

    // The office: 10 changes, each once, in commit order within each subgraph.
    const received = await all.received(10);
    expect(received.map((e) => `${e.kind} ${e.subjectId}`)).toEqual([
      `SYSTEM_CREATED ${flow.a}`,
      `SYSTEM_CREATED ${flow.b}`,
      `STAGE_MOVED ${flow.a}`,
      `STAGE_MOVED ${flow.b}`,
      `STAGE_MOVED ${flow.a}`,
      `STAGE_MOVED ${flow.b}`,
      `PLAN_APPROVED ${flow.a}`,
      `STAGE_MOVED ${flow.a}`,
      expect.stringMatching(/^SYSTEM_PLACED /),
      expect.stringMatching(/^TASK_REPORTED /),
    ]);
    expect(new Set(received.map((e) => e.id)).size).toBe(10);
    expect(received.find((e) => e.kind === 'SYSTEM_PLACED')?.systemId).toBe(flow.a);
    expect(JSON.parse(received[4]?.data ?? '{}')).toMatchObject({ step: 'selectVendor' });

    // A provider: the units subgraph's events of its own system (its selection, plan, migration) and its own
    // report; not the park's placement (a provider reads the placements of the data centres it runs), and
    // nothing of the other provider's system.
    const jialingSees = await jialing.received(4);
    expect(jialingSees.map((e) => e.kind)).toEqual(['STAGE_MOVED', 'PLAN_APPROVED', 'STAGE_MOVED', 'TASK_REPORTED']);
    expect(jialingSees.every((e) => e.systemId === flow.a)).toBe(true);
    const yangtzeSees = await yangtze.received(1);
    expect(yangtzeSees.map((e) => `${e.kind} ${e.systemId} ${e.vendorId}`)).toEqual([`STAGE_MOVED ${flow.b} sample-yangtze-cloud`]);

    // Back with the last cursor it had: every event since, none twice, then live.
    const resumed = subscribe(await open(OFFICE), { ...subscription, after: last.cursor });
    const caughtUp = await resumed.received(6);
    expect(bySubgraph(caughtUp)).toEqual(bySubgraph(received.slice(4)));

    // Nothing more reached either provider: each event went only where it belongs.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(jialing.events).toHaveLength(4);
    expect(yangtze.events).toHaveLength(1);
    expect([all, jialing, yangtze, resumed].flatMap((s: Subscription) => s.errors)).toEqual([]);
  });

  it('sends each new notification to its recipients only: the office, the county’s coordinator, the unit’s officer', async () => {
    const office = await open(OFFICE);
    const start = await eventCursor(office);
    const notifications = { after: start, kinds: ['NOTIFICATION_CREATED'] };
    const officeGets = subscribe(office, notifications);
    const nananGets = subscribe(await open(coordinatorOf('nanan-district')), notifications);
    const bananGets = subscribe(await open(officerOf('banan-district')), notifications);
    const analystGets = subscribe(await open(ANALYST), notifications);
    const vendorGets = subscribe(await open(JIALING), notifications);
    // Batch 1 ends on 2015-09-30: five days before, the seed's 13 systems are due soon, and this file's own
    // batch-1 systems.
    const ran = await run(CHECK_DAY, { input: { day: '2015-09-25' } }, OFFICE);
    const { created } = ran.runDailyChecks;
    expect(created).toBeGreaterThanOrEqual(13);
    const ofThatDay = (e: ReceivedEvent) => JSON.parse(e.data).day === '2015-09-25';
    const all = await officeGets.received(created, 15_000, ofThatDay);
    expect(all).toHaveLength(created);
    expect(new Set(all.map((e) => e.id)).size).toBe(created);
    expect(all.every((e) => JSON.parse(e.data).kind === 'DUE_SOON')).toBe(true);
    expect((await nananGets.received(1, 15_000, ofThatDay)).map((e) => e.systemId)).toEqual(['nanan-district-system-1']);
    expect((await bananGets.received(1, 15_000, ofThatDay)).map((e) => e.systemId)).toEqual(['banan-district-system-1']);
    // Nothing else of that day reached them, and nothing at all the analyst or a provider (DUE_SOON is not theirs).
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(nananGets.events.filter(ofThatDay)).toHaveLength(1);
    expect(bananGets.events.filter(ofThatDay)).toHaveLength(1);
    expect(analystGets.events.filter(ofThatDay)).toEqual([]);
    expect(vendorGets.events.filter(ofThatDay)).toEqual([]);
  });

  it('filters by kind and refuses a cursor that is not one', async () => {
    const office = await open(OFFICE);
    const start = await eventCursor(office);
    const placements = subscribe(office, { after: start, kinds: ['STAGE_MOVED'] });
    const flow = await changes(`kd${nats ? 'n' : 'f'}`);
    await flow.first();
    const received = await placements.received(2);
    expect(received.map((e) => `${e.kind} ${e.subjectId}`)).toEqual([`STAGE_MOVED ${flow.a}`, `STAGE_MOVED ${flow.b}`]);
    const bad = subscribe(office, { after: 'not-a-cursor' });
    await bad.received(1, 3000);
    expect(JSON.stringify(bad.errors)).toMatch(/after is not a cursor of this hub/);
  });

  it('ends a subscription when its subscriber leaves, even one no event reaches', async () => {
    const open = async () => sumOf(await scrape(hub.url), 'cq_event_subscriptions', { service: 'gateway' });
    const until = async (value: number) => {
      for (let i = 0; i < 200 && (await open()) !== value; i++) await new Promise((resolve) => setTimeout(resolve, 25));
      return open();
    };
    const before = await open();
    const client = await connect(hub, OFFICE);
    // No placement is removed in this file: nothing ever reaches this subscription.
    const idle = subscribe(client, { kinds: ['PLACEMENT_REMOVED'] });
    expect(Number.isInteger(before)).toBe(true);
    expect(await until(before + 1)).toBe(before + 1);
    await idle.close();
    expect(await until(before)).toBe(before);
    await client.dispose();
  });

  it('closes a connection when its token expires', async () => {
    const client = await connect({ url: hub.url, token: (viewer) => hub.token(viewer, { expiresIn: '2s' }) }, OFFICE);
    clients.push(client);
    const expiring = subscribe(client, { kinds: ['PLACEMENT_REMOVED'] });
    await expiring.received(1, 5000);
    expect(expiring.errors.map((e) => (e as { code?: number; reason?: string }).code)).toEqual([4403]);
    expect((expiring.errors[0] as { reason?: string }).reason).toMatch(/token expired/);
  });

  it('refuses a connection without a valid token', async () => {
    const client = await connect({ url: hub.url, token: async () => 'not-a-token' }, OFFICE);
    clients.push(client);
    const refused = subscribe(client);
    await refused.received(1, 3000);
    // graphql-ws closes the connection with 4403 Forbidden: the subscription ends with that close.
    expect(refused.errors.map((e) => (e as { code?: number }).code)).toEqual([4403]);
  });
});
