// The server runs in another time zone than the programme (Asia/Shanghai): answers must not change.
process.env.TZ = 'America/Los_Angeles';

import { at, dataOf, errorOf, execute, OFFICE, present, startTestSubgraph, type TestSubgraph } from '@cq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { createUnitsSubgraph } from '../src/server.ts';
import { graphql } from './generated/graphql.ts';
import { batchFiguresAt, seededSystems, systemAt } from './reference.ts';

let units: TestSubgraph<Context>;
beforeAll(async () => {
  units = await startTestSubgraph('units', createUnitsSubgraph, { timeZone: 'America/Los_Angeles' });
});
afterAll(async () => units?.stop());

/** The joint-conference office reads everything (who else reads what: policy.test.ts). */

const report = graphql(`query BatchProgressAsOf($asOf: String) { progressReport(groupBy: BATCH, asOf: $asOf) {
  groups { batch { number } figures { systemCount centralisedCount integratedCount overdueCount pendingExtensionCount } } } }`);

const stageOf = async (id: string, asOf: string) =>
  dataOf(
    await execute(
      units,
      graphql(
        `query SystemAsOf($id: ID!, $asOf: String) { system(id: $id) { stage(asOf: $asOf) isOverdue(asOf: $asOf) dueDate(asOf: $asOf) } }`,
      ),
      { id, asOf },
      OFFICE,
    ),
  ).system;

describe('the programme as of any date', () => {
  it('gives three different, correct progress reports for three dates', async () => {
    const answers: string[] = [];
    for (const asOf of ['2015-09-30', '2015-12-31', '2016-06-30']) {
      const result = await execute(units, report, { asOf }, OFFICE);
      expect(result.errors).toBeUndefined();
      const groups = present(dataOf(result).progressReport, 'progress report').groups.map((g) => ({
        batch: g.batch?.number,
        ...g.figures,
      }));
      const expected = batchFiguresAt(new Date(`${asOf}T24:00:00+08:00`));
      expect(groups.map(({ pendingExtensionCount, ...rest }) => rest)).toEqual(expected);
      answers.push(JSON.stringify(groups));
    }
    expect(new Set(answers).size).toBe(3);
  });

  it('ends a window at the end of its last day in Asia/Shanghai, whatever the server time zone', async () => {
    // A pilot system still migrating when batch 1 closed.
    const late = at(
      seededSystems.filter((s) => s.unit.batchNumber === 1 && systemAt(s.system.id, new Date('2015-10-01T00:00:00+08:00')).overdue),
      0,
    ).system.id;
    expect(await stageOf(late, '2015-09-30T23:59:59+08:00')).toMatchObject({ isOverdue: false, dueDate: '2015-09-30' });
    expect(await stageOf(late, '2015-10-01T00:00:00+08:00')).toMatchObject({ isOverdue: true });
    // 16:00 UTC on 30 September is already 1 October in Shanghai.
    expect(await stageOf(late, '2015-09-30T16:00:00Z')).toMatchObject({ isOverdue: true });
    expect(await stageOf(late, '2015-09-30T15:59:59Z')).toMatchObject({ isOverdue: false });
    // A date means the end of that day there: at the end of batch 1 the system was overdue.
    expect(await stageOf(late, '2015-09-30')).toMatchObject({ isOverdue: true });
  });

  it("reads a system's stage before and after a transition", async () => {
    // tourism-bureau-system-1 was centralised at 23:30 on 30 September 2015, Shanghai time.
    expect(await stageOf('tourism-bureau-system-1', '2015-09-30T23:29:00+08:00')).toMatchObject({ stage: 'MIGRATING', isOverdue: false });
    expect(await stageOf('tourism-bureau-system-1', '2015-09-30T23:31:00+08:00')).toMatchObject({ stage: 'CENTRALISED', isOverdue: false });
    expect(await stageOf('tourism-bureau-system-1', '2015-10-01')).toMatchObject({ stage: 'CENTRALISED', isOverdue: false });
    expect(await stageOf('tourism-bureau-system-1', '2015-07-01')).toMatchObject({ stage: null, isOverdue: false });
  });

  it('moves the due date only once an extension is approved, and not for a rejected one', async () => {
    const liangping = 'liangping-county-system-1';
    expect(await stageOf(liangping, '2015-09-17')).toMatchObject({ dueDate: '2015-09-30' });
    expect(await stageOf(liangping, '2015-10-15')).toMatchObject({ dueDate: '2015-11-30', isOverdue: false });
    const transport = 'sample-transport-commission-system-1';
    expect(await stageOf(transport, '2016-01-10')).toMatchObject({ dueDate: '2015-12-31', isOverdue: true });
    const mid = dataOf(
      await execute(
        units,
        graphql(`query ExtensionRequestsMidSeptember { extensionRequests(asOf: "2015-09-15") { edges { node { unit { id } status } } } }`),
        {},
        OFFICE,
      ),
    );
    expect(mid.extensionRequests?.edges).toEqual([{ node: { unit: { id: 'liangping-county' }, status: 'PENDING' } }]);
    const later = dataOf(
      await execute(
        units,
        graphql(`query ExtensionRequestsApprovedBy20September { extensionRequests(asOf: "2015-09-20", status: APPROVED) { totalCount } }`),
        {},
        OFFICE,
      ),
    );
    expect(later.extensionRequests?.totalCount).toBe(1);
    // One operation is answered as of one moment: two root moments that differ are refused, naming both.
    const both = await execute(
      units,
      graphql(
        `query ExtensionRequestsTwoMoments { a: extensionRequests(asOf: "2015-09-15") { totalCount } b: extensionRequests(asOf: "2015-09-20") { totalCount } }`,
      ),
      {},
      OFFICE,
    );
    expect(errorOf(both)).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringMatching(/as of one moment.*2015-09-15.*2015-09-20/),
    });
  });

  it('answers the monthly time series in statements that do not grow with the months', async () => {
    const series = graphql(
      `query MonthlySeries($from: String, $to: String) { monthlyBatchProgress(from: $from, to: $to) { month batch { number } figures { centralisedCount overdueCount } } }`,
    );
    const count = async (from: string, to: string) => {
      const before = units.database.statements.count;
      const result = await execute(units, series, { from, to }, OFFICE);
      expect(result.errors).toBeUndefined();
      return {
        statements: units.database.statements.count - before,
        rows: present(dataOf(result).monthlyBatchProgress, 'monthly progress'),
      };
    };
    const three = await count('2015-07', '2015-09');
    const eighteen = await count('2015-07', '2016-12');
    expect(three.rows).toHaveLength(9);
    expect(eighteen.rows).toHaveLength(54);
    expect(eighteen.statements).toBe(three.statements);
    const september = at(
      eighteen.rows.filter((r) => r.month === '2015-09' && r.batch.number === 1),
      0,
    );
    const [batchOne] = batchFiguresAt(new Date('2015-10-01T00:00:00+08:00'));
    expect(september.figures).toEqual({ centralisedCount: batchOne?.centralisedCount, overdueCount: batchOne?.overdueCount });
  });
});

describe('one moment for the whole operation (kit: moment.ts)', () => {
  const overdueAtEndOfBatch1 = graphql(`query OverdueConsistently($asOf: String) { overdueSystems(asOf: $asOf, batch: 1, first: 100) {
    edges { node { stage system { id stage isOverdue dueDate history { to } } } } } }`);

  it("reads every nested field at a root report's asOf: an overdue system's stage is the report's, and it is overdue", async () => {
    const overdue = present(dataOf(await execute(units, overdueAtEndOfBatch1, { asOf: '2015-09-30' }, OFFICE)).overdueSystems, 'overdue');
    const endOfBatch1 = new Date('2015-10-01T00:00:00+08:00');
    expect(overdue.edges.length).toBeGreaterThan(0);
    for (const { node } of overdue.edges) {
      expect(node.system.stage).toBe(node.stage);
      expect(node.system).toMatchObject({ isOverdue: true, dueDate: '2015-09-30' });
      expect(node.stage).toBe(systemAt(node.system.id, endOfBatch1).stage);
      // The history as it stood: its last transition is the stage then.
      expect(node.system.history.at(-1)?.to).toBe(node.stage);
    }
  });

  it('reads every field at the moment the gateway signed, a field asking its own asOf excepted', async () => {
    const system = graphql(`query SystemAtSignedMoment($id: ID!) { system(id: $id) {
      stage isOverdue earlier: stage(asOf: "2015-09-30T23:29:00+08:00") history { to } vendor { id } } }`);
    const id = 'tourism-bureau-system-1';
    const july = dataOf(await execute(units, system, { id }, OFFICE, { at: new Date('2015-07-01T00:00:00+08:00'), asOf: true })).system;
    expect(july).toEqual({ stage: null, isOverdue: false, earlier: 'MIGRATING', history: [], vendor: null });
    const october = dataOf(await execute(units, system, { id }, OFFICE, { at: new Date('2015-10-01T00:00:00+08:00'), asOf: true })).system;
    expect(october).toMatchObject({ stage: 'CENTRALISED', earlier: 'MIGRATING', vendor: { id: expect.any(String) } });
    expect(october?.history.at(-1)?.to).toBe('CENTRALISED');
    // A root asOf that differs from the signed moment is refused; one that agrees is taken.
    const signed = { at: new Date('2015-10-01T00:00:00+08:00'), asOf: true };
    expect(errorOf(await execute(units, overdueAtEndOfBatch1, { asOf: '2015-12-31' }, OFFICE, signed)).code).toBe('BAD_USER_INPUT');
    expect((await execute(units, overdueAtEndOfBatch1, { asOf: '2015-09-30' }, OFFICE, signed)).errors).toBeUndefined();
  });
});

describe('units only encouraged to migrate (§1)', () => {
  it('have no due date and are never overdue, even long after batch 3', async () => {
    const data = dataOf(
      await execute(
        units,
        graphql(
          `query EncouragedUnitSystems { systems(first: 100, filter: { unitId: "sample-central-statistics-survey" }) { edges { node { stage dueDate isOverdue(asOf: "2026-01-01") } } } }`,
        ),
        {},
        OFFICE,
      ),
    );
    const systems = present(data.systems, 'systems');
    expect(systems.edges.length).toBeGreaterThan(0);
    for (const { node } of systems.edges) expect(node).toMatchObject({ dueDate: null, isOverdue: false });
  });
});

describe('extension requests as of a date', () => {
  it("give the request's dates and status as they stood", async () => {
    const result = await execute(
      units,
      graphql(
        `query ExtensionRequestsInJune { extensionRequests(asOf: "2016-06-20", first: 10) { totalCount edges { node { unit { id } newDueDate requestedAt status decision { approved decidedAt } } } } }`,
      ),
      {},
      OFFICE,
    );
    expect(result.errors).toBeUndefined();
    const requests = present(dataOf(result).extensionRequests, 'extension requests');
    const byUnit = new Map(requests.edges.map((e) => [e.node.unit.id, e.node]));
    expect(byUnit.get('wushan-county')).toEqual({
      unit: { id: 'wushan-county' },
      newDueDate: '2016-09-30',
      requestedAt: '2016-05-20T02:00:00.000Z',
      status: 'APPROVED',
      decision: { approved: true, decidedAt: '2016-06-03T08:00:00.000Z' },
    });
    expect(byUnit.get('liangping-county')?.status).toBe('APPROVED');
    expect(byUnit.get('sample-transport-commission')?.status).toBe('REJECTED');
    // Kai County asked on 15 June 2016; as of 20 June nobody had decided.
    expect(byUnit.get('kai-county')).toMatchObject({ status: 'PENDING', decision: null });
    expect(requests.totalCount).toBe(4);
  });
});
