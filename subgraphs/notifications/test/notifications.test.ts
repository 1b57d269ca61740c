/**
 * The notifications subgraph with its real peers (units, vendors, the park, each on a copy of its seeded
 * database): the checks of 2015-09-25 on the seed, idempotence, who receives what, read marks, refusals, and
 * a notification told by a units event.
 */

import type { Viewer } from '@cq/kit/identity';
import type { Moment } from '@cq/kit/moment';
import { eventsAfter } from '@cq/kit/outbox';
import {
  ANALYST,
  type AskingTestSubgraph,
  coordinatorOf,
  dataOf,
  errorOf,
  execute,
  FINANCE,
  OFFICE,
  officerOf,
  startTestSubgraphAsking,
  vendorStaff,
  walkPages,
} from '@cq/kit/testing';
import { createParkSubgraph } from '@cq/park';
import { createUnitsSubgraph } from '@cq/units';
import { createVendorsSubgraph } from '@cq/vendors';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { createNotificationsSubgraph } from '../src/server.ts';
import { graphql } from './generated/graphql.ts';

let hub: AskingTestSubgraph<Context, 'units' | 'vendors' | 'park'>;
beforeAll(async () => {
  hub = await startTestSubgraphAsking('notifications', (options) => createNotificationsSubgraph(options, { schedule: false }), {
    units: createUnitsSubgraph,
    vendors: createVendorsSubgraph,
    park: createParkSubgraph,
  });
});
afterAll(() => hub?.stop());

/** The day the brief's example reads: batch 1 (due 2015-09-30) ends in five days. */
const DAY = '2015-09-25';
const AS_OF_DAY: Moment = { at: new Date('2015-09-25T16:00:00Z'), asOf: true };
/** A county-level division with a batch-1 system still to centralise on the day (Liangping County's are all centralised by then). */
const COUNTY = 'nanan-district';
/** A unit with three systems due soon on the day. */
const BUREAU = 'tourism-bureau';

const runChecks = graphql(`
  mutation RunChecks($input: RunDailyChecksInput!) {
    runDailyChecks(input: $input) { day created notifications { id kind day unit { id } system { id } dueDate } }
  }
`);

const list = graphql(`
  query NotificationList($first: Int, $after: String, $unreadOnly: Boolean, $kinds: [NotificationKind!]) {
    notifications(first: $first, after: $after, unreadOnly: $unreadOnly, kinds: $kinds) {
      totalCount
      unreadCount
      pageInfo { hasNextPage endCursor }
      edges { node { id kind kindLabel day title message unit { id } system { id } vendor { id } dueDate isRead readAt createdAt } }
    }
  }
`);

const markRead = graphql(`
  mutation MarkRead($input: MarkNotificationsReadInput!) { markNotificationsRead(input: $input) { marked unreadCount } }
`);

const markAll = graphql(`
  mutation MarkAllRead { markAllNotificationsRead { marked unreadCount } }
`);

const entity = graphql(`
  query NotificationEntity($representations: [_Any!]!) { _entities(representations: $representations) { ... on Notification { id kind isRead } } }
`);

type Args = {
  kinds?: ('DUE_SOON' | 'OVERDUE' | 'EXTENSION_PENDING' | 'TASK_STALE' | 'RULE_REFUSED' | 'BUDGET_RULE_BROKEN')[];
  unreadOnly?: boolean;
};

/** Every notification a viewer receives, page by page (10 at a time), and the first page's counts. */
async function everything(viewer: Viewer, args: Args = {}, moment?: Moment) {
  let counts = { totalCount: 0, unreadCount: 0 };
  const { nodes } = await walkPages(async (after) => {
    const page = dataOf(await execute(hub, list, { first: 10, after, ...args }, viewer, moment)).notifications;
    if (page && after === null) counts = { totalCount: page.totalCount, unreadCount: page.unreadCount };
    return page;
  }, 10);
  return { nodes, ...counts };
}

/** An operation on a peer, written here (this folder's typed operations are the notifications schema's). */
const peerOperation = <D>(text: string) => parse(text) as TypedDocumentNode<D, Record<string, unknown>>;

/** The batch-1 systems as units tells them as of the day, for the office: the oracle the checks must agree with. */
async function batchOneAsOfDay() {
  const query = peerOperation<{
    systems: {
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      totalCount: number;
      edges: { node: { id: string; unit: { id: string }; stage: string; dueDate: string | null } }[];
    };
  }>(`query BatchOne($after: String) { systems(first: 100, after: $after, filter: { batch: 1 }) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id unit { id } stage dueDate } } } }`);
  const { nodes } = await walkPages(
    async (after) => dataOf(await execute(hub.peers.units, query, { after }, OFFICE, AS_OF_DAY)).systems,
    100,
  );
  return nodes;
}

const NOT_CENTRALISED = ['INVENTORIED', 'ASSESSED', 'VENDOR_SELECTED', 'PLAN_APPROVED', 'MIGRATING'];

describe('the checks of 2015-09-25 on the seed', () => {
  let created: number;

  it('tells the office of every batch-1 system due 2015-09-30 and not centralised by then', async () => {
    const result = dataOf(await execute(hub, runChecks, { input: { day: DAY } }, OFFICE)).runDailyChecks;
    created = result.created;
    expect(result.day).toBe(DAY);
    expect(result.notifications.length).toBe(created);
    const expected = (await batchOneAsOfDay())
      .filter((s) => s.dueDate === '2015-09-30' && NOT_CENTRALISED.includes(s.stage))
      .map((s) => s.id)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    const { nodes, totalCount } = await everything(OFFICE, { kinds: ['DUE_SOON'] }, AS_OF_DAY);
    expect(nodes.map((n) => n.system?.id).sort()).toEqual(expected);
    expect(totalCount).toBe(expected.length);
    for (const n of nodes) {
      expect(n).toMatchObject({ kind: 'DUE_SOON', kindLabel: '即将到期', day: DAY, dueDate: '2015-09-30', isRead: false, readAt: null });
      expect(n.message).toContain('in 5 days');
    }
  });

  it("shows a county's coordinator only the notifications of its own subtree", async () => {
    const office = await everything(OFFICE, {}, AS_OF_DAY);
    const subtree = await peerSubtree(COUNTY);
    const expected = office.nodes.filter((n) => n.unit && subtree.has(n.unit.id)).map((n) => n.id);
    const county = await everything(coordinatorOf(COUNTY), {}, AS_OF_DAY);
    expect(county.nodes.map((n) => n.id).sort()).toEqual(expected.sort());
    expect(county.nodes.length).toBeGreaterThan(0);
    expect(county.nodes.length).toBeLessThan(office.nodes.length);
    expect(county.nodes.some((n) => n.kind === 'DUE_SOON')).toBe(true);
  });

  it('gives finance only overdue systems and budget-rule breaches, and nothing about a later day to an earlier moment', async () => {
    // The day after batch 1's end: the systems still not centralised are overdue.
    dataOf(await execute(hub, runChecks, { input: { day: '2015-10-01' } }, OFFICE));
    const finance = await everything(FINANCE);
    expect(finance.nodes.some((n) => n.kind === 'OVERDUE' && n.dueDate === '2015-09-30' && n.day === '2015-10-01')).toBe(true);
    expect(finance.nodes.every((n) => n.kind === 'OVERDUE' || n.kind === 'BUDGET_RULE_BROKEN')).toBe(true);
    expect(finance.nodes.length).toBe((await everything(OFFICE, { kinds: ['OVERDUE', 'BUDGET_RULE_BROKEN'] })).nodes.length);
    const before = await everything(OFFICE, {}, { at: new Date('2015-09-24T16:00:00Z'), asOf: true });
    expect(before.nodes.filter((n) => n.day >= DAY)).toEqual([]);
  });

  it('records one live event per notification, addressed to its recipients', async () => {
    const events = (await eventsAfter(hub.database.db, 'notifications', 0, 10_000)).filter((e) => e.kind === 'NOTIFICATION_CREATED');
    const dueSoon = await everything(OFFICE, { kinds: ['DUE_SOON'] }, AS_OF_DAY);
    const first = dueSoon.nodes[0];
    const event = events.find((e) => e.data.notificationId === first?.id);
    expect(event).toMatchObject({
      subjectType: 'Notification',
      unitId: first?.unit?.id,
      systemId: first?.system?.id,
      roles: ['joint-conference', 'coordinator', 'unit-officer'],
      summary: first?.title,
      data: { kind: 'DUE_SOON', day: DAY },
    });
    expect(new Set(events.map((e) => e.data.notificationId)).size).toBe(events.length);
  });

  it('makes nothing new when the same day is checked again', async () => {
    const before = await everything(OFFICE);
    const again = dataOf(await execute(hub, runChecks, { input: { day: DAY } }, OFFICE)).runDailyChecks;
    expect(again.created).toBe(0);
    expect((await everything(OFFICE)).totalCount).toBe(before.totalCount);
    expect(created).toBeGreaterThan(0);
  });
});

/** The units a coordinating unit covers, as units says. */
async function peerSubtree(unitId: string): Promise<Set<string>> {
  const query = peerOperation<{ unit: { subtreeIds: string[] | null } | null }>('query Subtree($id: ID!) { unit(id: $id) { subtreeIds } }');
  const answer = dataOf(await execute(hub.peers.units, query, { id: unitId }, OFFICE));
  return new Set([unitId, ...(answer.unit?.subtreeIds ?? [])]);
}

describe('read marks', () => {
  it('lists unread first, then newest first, and marks for the reader alone', async () => {
    const officer = officerOf(BUREAU);
    const start = await everything(officer);
    expect(start.nodes.length).toBeGreaterThanOrEqual(2);
    expect(start.unreadCount).toBe(start.totalCount);
    const newest = start.nodes[0];
    const marked = dataOf(await execute(hub, markRead, { input: { ids: [newest?.id ?? ''] } }, officer)).markNotificationsRead;
    expect(marked).toEqual({ marked: 1, unreadCount: start.unreadCount - 1 });
    const after = await everything(officer);
    expect(after.nodes.at(-1)).toMatchObject({ id: newest?.id, isRead: true });
    expect(after.nodes.slice(0, -1).every((n) => !n.isRead)).toBe(true);
    const unreadOnly = await everything(officer, { unreadOnly: true });
    expect(unreadOnly.nodes.map((n) => n.id)).not.toContain(newest?.id);
    // Newest first among the unread: by day, then by id.
    const keys = after.nodes.slice(0, -1).map((n) => [n.day, Number(n.id)] as const);
    const sorted = [...keys].sort((a, b) => (a[0] === b[0] ? b[1] - a[1] : a[0] < b[0] ? 1 : -1));
    expect(keys).toEqual(sorted);
    // The bureau as a coordinating unit receives the same notification and has not read it.
    const coordinator = await everything(coordinatorOf(BUREAU));
    expect(coordinator.nodes.find((n) => n.id === newest?.id)?.isRead).toBe(false);
    // Through an entity reference too.
    const refs = [{ __typename: 'Notification', id: newest?.id }];
    expect(dataOf(await execute(hub, entity, { representations: refs }, officer))._entities).toEqual([
      { id: newest?.id, kind: newest?.kind, isRead: true },
    ]);
    expect(dataOf(await execute(hub, entity, { representations: refs }, officerOf(COUNTY)))._entities).toEqual([null]);
    const all = dataOf(await execute(hub, markAll, {}, officer)).markAllNotificationsRead;
    expect(all).toEqual({ marked: start.totalCount - 1, unreadCount: 0 });
  });
});

describe('refusals', () => {
  it('refuses the daily checks to anyone but the office, making nothing', async () => {
    const before = (await everything(OFFICE)).totalCount;
    for (const viewer of [ANALYST, FINANCE, coordinatorOf(COUNTY)]) {
      expect(errorOf(await execute(hub, runChecks, { input: { day: '2015-10-05' } }, viewer)).code).toBe('FORBIDDEN');
    }
    expect((await everything(OFFICE)).totalCount).toBe(before);
  });

  it("refuses to mark another reader's notification, marking none of the request", async () => {
    const reader = coordinatorOf(COUNTY);
    const subtree = await peerSubtree(COUNTY);
    const elsewhere = (await everything(OFFICE)).nodes.find((n) => n.unit && !subtree.has(n.unit.id));
    const own = (await everything(reader, { unreadOnly: true })).nodes[0];
    expect(elsewhere).toBeDefined();
    expect(own).toBeDefined();
    const refusal = errorOf(await execute(hub, markRead, { input: { ids: [own?.id ?? '', elsewhere?.id ?? ''] } }, reader));
    expect(refusal.code).toBe('FORBIDDEN');
    expect(refusal.message).toContain(elsewhere?.id);
    const still = await everything(reader);
    expect(still.nodes.find((n) => n.id === own?.id)?.isRead).toBe(false);
    expect(errorOf(await execute(hub, markRead, { input: { ids: ['no-such-notification'] } }, reader)).code).toBe('FORBIDDEN');
    expect(errorOf(await execute(hub, list, {}, ANALYST)).code).toBe('FORBIDDEN');
  });
});

describe("a provider's notifications", () => {
  it('gives a provider its own stale tasks only, never another provider’s nor a unit’s', async () => {
    // Days across the migrations of 2015 and 2016, until the programme's providers have let reports go stale.
    for (const day of ['2015-09-10', '2015-11-15', '2016-03-01', '2016-06-30']) {
      dataOf(await execute(hub, runChecks, { input: { day } }, OFFICE));
    }
    const stale = (await everything(OFFICE, { kinds: ['TASK_STALE'] })).nodes;
    const providers = [...new Set(stale.map((n) => n.vendor?.id))];
    const everyProvider = ['sample-jialing-cloud', 'sample-yangtze-cloud', 'sample-shancheng-data', 'chongqing-cloud-investment'];
    expect(providers.length).toBeGreaterThan(0);
    expect(providers.filter((id) => !everyProvider.includes(id ?? ''))).toEqual([]);
    for (const vendorId of everyProvider) {
      const own = await everything(vendorStaff(vendorId));
      expect(own.nodes.map((n) => n.id).sort(), vendorId).toEqual(
        stale
          .filter((n) => n.vendor?.id === vendorId)
          .map((n) => n.id)
          .sort(),
      );
      expect(
        own.nodes.every((n) => n.kind === 'TASK_STALE'),
        vendorId,
      ).toBe(true);
    }
  });
});

describe('notifications told by events', () => {
  it('turns an extension requested through units into one EXTENSION_PENDING', async () => {
    const unitId = COUNTY;
    const request = peerOperation<{ requestExtension: { id: string } }>(
      'mutation Ask($input: RequestExtensionInput!) { requestExtension(input: $input) { id } }',
    );
    const asked = dataOf(
      await execute(
        hub.peers.units,
        request,
        { input: { unitId, reason: 'The data centre move slipped.', newDueDate: '2016-03-31' } },
        officerOf(unitId),
      ),
    ).requestExtension;
    const pendingOf = async () =>
      (await everything(officerOf(unitId), { kinds: ['EXTENSION_PENDING'] })).nodes.filter((n) =>
        n.message.includes(`request ${asked.id} `),
      );
    let found = await pendingOf();
    for (let waited = 0; found.length === 0 && waited < 15_000; waited += 200) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      found = await pendingOf();
    }
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ unit: { id: unitId }, dueDate: '2016-03-31', kindLabel: '延期申请待审批' });
    // Today's checks find the same request pending: the same notification, not a second one.
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    dataOf(await execute(hub, runChecks, { input: { day: today } }, OFFICE));
    expect(await pendingOf()).toHaveLength(1);
  });
});
