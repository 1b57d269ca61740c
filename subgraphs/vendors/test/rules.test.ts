/** The SQL twins of the vendors' rules select exactly what the TypeScript rules say, at day boundaries too. */
import type { IncomingMessage } from 'node:http';
import { signedFor, startTestSubgraph, type TestSubgraph } from '@cq/kit/testing';
import { dayOfMoment } from '@cq/kit/time';
import { like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { staleTaskList, tasksAt } from '../src/data/queries.ts';
import { contracts, migrationTasks } from '../src/data/schema.ts';
import { contractStatusOn, contractStatusSql, inForce, inForceSql, isStale } from '../src/domain/rules.ts';
import { createVendorsSubgraph } from '../src/server.ts';
import { OFFICE } from './viewers.ts';

let vendors: TestSubgraph<Context>;
beforeAll(async () => {
  vendors = await startTestSubgraph('vendors', createVendorsSubgraph);
});
afterAll(async () => vendors?.stop());

/** The subgraph's database, through a request context as the gateway would sign it. */
const database = async () => (await vendors.context({ headers: await signedFor(OFFICE) } as unknown as IncomingMessage)).db;

// Around the end of 2016-03-10 in Asia/Shanghai (16:00 UTC), and a day on.
const moments = ['2016-03-10T15:59:59Z', '2016-03-10T16:00:00Z', '2016-03-11T15:59:59Z', '2016-03-11T16:00:00Z'].map((t) => new Date(t));

describe('the rules of the vendors subgraph and their SQL twins', () => {
  it('agree on which tasks are stale (isStale, staleSql)', async () => {
    const db = await database();
    const base = {
      vendorId: 'sample-jialing-cloud',
      percentComplete: 50,
      detail: 'x',
      updatedAt: new Date('2016-03-01T00:00:00Z'),
      updatedBy: 'test',
    };
    await db.insert(migrationTasks).values(
      ['2016-03-09', '2016-03-10', '2016-03-11'].flatMap((nextUpdateDue, i) => [
        { ...base, systemId: `test-twin-open-${i}`, status: 'IN_PROGRESS' as const, nextUpdateDue },
        { ...base, systemId: `test-twin-done-${i}`, status: 'DONE' as const, percentComplete: 100, nextUpdateDue },
      ]),
    );
    const all = await db.select().from(migrationTasks);
    for (const now of moments) {
      const byRule = all
        .filter((t) => isStale(t, now))
        .map((t) => t.id)
        .sort();
      // Now (the task rows) and as of the moment (the tasks as they stood: here, as reported on 1 March).
      for (const asOf of [false, true]) {
        const bySql = (await staleTaskList(db, { at: now, asOf })).map((t) => t.id).sort();
        expect(bySql, `${now.toISOString()} asOf=${asOf}`).toEqual(byRule);
      }
    }
    expect((await staleTaskList(db, { at: new Date('2016-03-10T16:00:00Z'), asOf: false })).map((t) => t.systemId)).toContain(
      'test-twin-open-1',
    );
    // Before any report, the tasks were not there to be stale.
    expect(await tasksAt(db, new Date('2016-02-29T00:00:00Z'))).not.toContainEqual(
      expect.objectContaining({ systemId: 'test-twin-open-1' }),
    );
  });

  it('agree on which contracts are in force (inForce, inForceSql)', async () => {
    const db = await database();
    const base = { unitId: 'test-unit', vendorId: 'sample-jialing-cloud', isSample: false };
    await db.insert(contracts).values([
      { ...base, id: 'test-twin-ends', status: 'ACTIVE', startsOn: '2016-01-01', endsOn: '2016-03-10' },
      { ...base, id: 'test-twin-starts', status: 'ACTIVE', startsOn: '2016-03-11', endsOn: '2016-12-31' },
      { ...base, id: 'test-twin-signed', status: 'SIGNED', startsOn: '2016-01-01', endsOn: '2016-12-31' },
      // Days kept: activated late, ended early; and one ended before its day was kept (it ran its term).
      { ...base, id: 'test-twin-activated', status: 'ACTIVE', startsOn: '2016-01-01', endsOn: '2016-12-31', activatedOn: '2016-03-11' },
      {
        ...base,
        id: 'test-twin-ended-early',
        status: 'ENDED',
        startsOn: '2016-01-01',
        endsOn: '2016-12-31',
        activatedOn: '2016-01-01',
        endedOn: '2016-03-11',
      },
      { ...base, id: 'test-twin-ended-at-term', status: 'ENDED', startsOn: '2016-01-01', endsOn: '2016-03-10' },
    ]);
    const all = await db.select().from(contracts);
    for (const now of moments) {
      const bySql = (await db.select().from(contracts).where(inForceSql(now))).map((c) => c.id).sort();
      const byRule = all
        .filter((c) => inForce(c, now))
        .map((c) => c.id)
        .sort();
      expect(bySql, now.toISOString()).toEqual(byRule);
    }
    // On 10 March (Asia/Shanghai) and on 11 March, by the days kept.
    const on = async (t: string) =>
      (
        await db
          .select()
          .from(contracts)
          .where(inForceSql(new Date(t)))
      )
        .map((c) => c.id)
        .filter((id) => id.startsWith('test-twin-'))
        .sort();
    expect(await on('2016-03-10T12:00:00+08:00')).toEqual(['test-twin-ended-at-term', 'test-twin-ended-early', 'test-twin-ends']);
    expect(await on('2016-03-11T12:00:00+08:00')).toEqual(['test-twin-activated', 'test-twin-starts']);
  });

  it("agree on each contract's status on a day (contractStatusOn, contractStatusSql)", async () => {
    const db = await database();
    const base = { unitId: 'test-unit', vendorId: 'sample-jialing-cloud', isSample: false, startsOn: '2016-01-01' };
    await db.insert(contracts).values([
      { ...base, id: 'test-status-signed', status: 'SIGNED', endsOn: '2016-12-31' },
      { ...base, id: 'test-status-active-from-start', status: 'ACTIVE', startsOn: '2016-03-11', endsOn: '2016-12-31' },
      { ...base, id: 'test-status-activated', status: 'ACTIVE', endsOn: '2016-12-31', activatedOn: '2016-03-11' },
      { ...base, id: 'test-status-ended-at-term', status: 'ENDED', endsOn: '2016-03-10' },
      { ...base, id: 'test-status-ended-on', status: 'ENDED', endsOn: '2016-12-31', activatedOn: '2016-01-02', endedOn: '2016-03-11' },
    ]);
    const mine = like(contracts.id, 'test-status-%');
    const all = await db.select().from(contracts).where(mine);
    const seen = new Set<string>();
    for (const now of moments) {
      const day = dayOfMoment(now);
      const bySql = await db
        .select({ id: contracts.id, status: contractStatusSql(day) })
        .from(contracts)
        .where(mine)
        .orderBy(contracts.id);
      const byRule = all.map((c) => ({ id: c.id, status: contractStatusOn(c, day) })).sort((a, b) => (a.id < b.id ? -1 : 1));
      expect(bySql, day).toEqual(byRule);
      for (const { status } of byRule) seen.add(status);
    }
    expect([...seen].sort()).toEqual(['ACTIVE', 'ENDED', 'SIGNED']);
  });
});
