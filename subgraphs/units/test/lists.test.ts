import {
  ANALYST,
  coordinatorOf,
  dataOf,
  errorOf,
  execute,
  FINANCE,
  OFFICE,
  officerOf,
  present,
  startTestSubgraph,
  type TestSubgraph,
} from '@cq/kit/testing';
import { endOfDay } from '@cq/kit/time';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { createUnitsSubgraph } from '../src/server.ts';
import { graphql } from './generated/graphql.ts';
import { seededSystems, systemAt } from './reference.ts';

const STEPS = ['INVENTORIED', 'ASSESSED', 'VENDOR_SELECTED', 'PLAN_APPROVED', 'MIGRATING', 'CENTRALISED', 'INTEGRATED', 'RETIRED'] as const;

let units: TestSubgraph<Context>;
beforeAll(async () => {
  units = await startTestSubgraph('units', createUnitsSubgraph);
});
afterAll(async () => units?.stop());

const SYSTEMS = graphql(`query FilteredSystems($filter: SystemFilter, $first: Int) {
  systems(filter: $filter, first: $first) { totalCount edges { node { id stage unit { id } isOverdue classification } } } }`);

const END_OF_BATCH_1 = { at: endOfDay('2015-10-15'), asOf: true };

const systemsWhere = async (filter: Record<string, unknown>, moment?: typeof END_OF_BATCH_1) => {
  const page = present(dataOf(await execute(units, SYSTEMS, { filter, first: 100 }, OFFICE, moment)).systems, 'systems');
  return { total: page.totalCount, nodes: page.edges.map((e) => e.node) };
};

describe('systems, filtered as analysts ask', () => {
  it("by a coordinating unit's whole subtree (§6.2), the unit itself included", async () => {
    const subtree = present(
      dataOf(await execute(units, graphql(`query Subtree { unit(id: "nanan-district") { subtreeIds } }`), {}, OFFICE)).unit?.subtreeIds,
      'subtree',
    );
    const { total, nodes } = await systemsWhere({ coordinatingUnitId: 'nanan-district' });
    expect(total).toBeGreaterThan(0);
    expect(nodes.every((n) => subtree.includes(n.unit.id))).toBe(true);
    const expected = seededSystems.filter((s) => subtree.includes(s.unit.id)).length;
    expect(total).toBe(expected);
  });

  it('by overdue at the moment, exactly the systems overdue then', async () => {
    const overdue = seededSystems.filter((s) => systemAt(s.system.id, END_OF_BATCH_1.at).overdue).map((s) => s.system.id);
    expect(overdue.length).toBeGreaterThan(0);
    const yes = await systemsWhere({ isOverdue: true }, END_OF_BATCH_1);
    expect(yes.nodes.map((n) => n.id).sort()).toEqual(overdue.slice(0, 100).sort());
    expect(yes.total).toBe(overdue.length);
    expect(yes.nodes.every((n) => n.isOverdue)).toBe(true);
    // A coordinating unit's overdue systems: those of its subtree, the same as the office's filtered to it.
    const coordinators = present(
      dataOf(
        await execute(
          units,
          graphql(
            `query OverdueCoordinators { systems(first: 100, filter: { isOverdue: true }) { edges { node { unit { coordinatingUnit { id } } } } } }`,
          ),
          {},
          OFFICE,
          END_OF_BATCH_1,
        ),
      ).systems,
      'overdue systems',
    ).edges.map((e) => e.node.unit.coordinatingUnit?.id);
    const coordinatorId = present(coordinators[0], 'a coordinating unit with an overdue system');
    const district = present(
      dataOf(await execute(units, SYSTEMS, { filter: { isOverdue: true }, first: 100 }, coordinatorOf(coordinatorId), END_OF_BATCH_1))
        .systems,
      "the coordinating unit's overdue systems",
    );
    const inSubtree = await systemsWhere({ isOverdue: true, coordinatingUnitId: coordinatorId }, END_OF_BATCH_1);
    expect(district.totalCount).toBeGreaterThan(0);
    expect(district.edges.map((e) => e.node.id)).toEqual(inSubtree.nodes.map((n) => n.id));
    expect(district.totalCount).toBeLessThan(yes.total);
    const no = await systemsWhere({ isOverdue: false }, END_OF_BATCH_1);
    expect(no.total + yes.total).toBe(seededSystems.length);
    expect(no.nodes.some((n) => n.isOverdue)).toBe(false);
  });

  it('by stage as the stage reads: EXEMPT selects the classified systems, whose step is left out of the others', async () => {
    const classified = seededSystems.filter((s) => s.system.classification === 'CLASSIFIED').length;
    expect(classified).toBeGreaterThan(0);
    const exempt = await systemsWhere({ stage: 'EXEMPT' });
    expect(exempt.total).toBe(classified);
    expect(exempt.nodes.every((n) => n.stage === 'EXEMPT' && n.classification === 'CLASSIFIED')).toBe(true);
    // Every system is at exactly one stage as it reads: the stages' counts add up to all systems.
    let total = exempt.total;
    for (const stage of STEPS) {
      const { total: n, nodes } = await systemsWhere({ stage });
      expect(
        nodes.every((node) => node.stage === stage && node.classification === 'NON_CLASSIFIED'),
        stage,
      ).toBe(true);
      total += n;
    }
    expect(total).toBe(seededSystems.length);
  });

  it('by stage as of a moment: EXEMPT only once the system was inventoried, as the field reads then', async () => {
    const inventoriedAndClassified = seededSystems.filter((s) => {
      const then = systemAt(s.system.id, END_OF_BATCH_1.at);
      return then.stage !== null && then.exempt;
    }).length;
    const asOf = await systemsWhere({ stage: 'EXEMPT' }, END_OF_BATCH_1);
    expect(asOf.total).toBe(inventoriedAndClassified);
    expect(asOf.nodes.every((n) => n.stage === 'EXEMPT')).toBe(true);
    // Before the programme no system had a stage, so none reads EXEMPT either.
    expect((await systemsWhere({ stage: 'EXEMPT' }, { at: endOfDay('2014-01-01'), asOf: true })).total).toBe(0);
  });

  it('by placed, asking the park; refused with SUBGRAPH_UNAVAILABLE when the park cannot answer, never answered unchecked', async () => {
    // This subgraph runs alone here: no park to ask (the hub's tests ask a real one: e2e/test/lists.test.ts).
    const result = await execute(units, SYSTEMS, { filter: { isPlaced: true } }, OFFICE);
    expect(errorOf(result).code).toBe('SUBGRAPH_UNAVAILABLE');
  });
});

const BUDGET_LINES = graphql(`query BudgetLinesPage($filter: BudgetLineFilter, $first: Int, $after: String) {
  budgetLines(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id year category compliant unit { id } } } } }`);

const RECORDED = graphql(`query BudgetLinesRecorded { budgetLines(first: 100) { totalCount edges { node { id recordedAt } } } }`);

const linesAs = async (viewer: Parameters<typeof execute>[3], filter?: Record<string, unknown>, first = 100) =>
  execute(units, BUDGET_LINES, { filter, first }, viewer);

describe('budget lines, a root list as each role may see them (§6.2)', () => {
  it('lists every line to the office and finance, filtered by unit, year, category and compliance', async () => {
    const all = present(dataOf(await linesAs(OFFICE)).budgetLines, 'lines');
    expect(all.totalCount).toBeGreaterThan(0);
    expect(present(dataOf(await linesAs(FINANCE)).budgetLines, 'lines').totalCount).toBe(all.totalCount);
    const nonCompliant = present(dataOf(await linesAs(OFFICE, { compliant: false })).budgetLines, 'lines');
    const compliant = present(dataOf(await linesAs(OFFICE, { compliant: true })).budgetLines, 'lines');
    expect(nonCompliant.totalCount).toBeGreaterThan(0);
    expect(nonCompliant.totalCount + compliant.totalCount).toBe(all.totalCount);
    expect(nonCompliant.edges.every((e) => !e.node.compliant)).toBe(true);
    const sample = present(all.edges[0], 'a line').node;
    const narrowed = present(
      dataOf(await linesAs(OFFICE, { unitId: sample.unit.id, year: sample.year, category: sample.category })).budgetLines,
      'lines',
    );
    expect(narrowed.edges.map((e) => e.node.id)).toContain(sample.id);
    expect(
      narrowed.edges.every((e) => e.node.unit.id === sample.unit.id && e.node.year === sample.year && e.node.category === sample.category),
    ).toBe(true);
  });

  it("shows a unit's officer its own unit's lines and a coordinating unit its subtree's; refuses analysts", async () => {
    const all = present(dataOf(await linesAs(OFFICE)).budgetLines, 'lines').edges.map((e) => e.node);
    const unitId = present(all[0], 'a line').unit.id;
    const own = present(dataOf(await linesAs(officerOf(unitId))).budgetLines, 'lines');
    expect(own.totalCount).toBe(all.filter((l) => l.unit.id === unitId).length);
    expect(own.edges.every((e) => e.node.unit.id === unitId)).toBe(true);
    // Another unit's lines are not listed, even when asked for by filter.
    const other = present(
      all.find((l) => l.unit.id !== unitId),
      "another unit's line",
    );
    expect(present(dataOf(await linesAs(officerOf(unitId), { unitId: other.unit.id })).budgetLines, 'lines').totalCount).toBe(0);
    const district = present(dataOf(await linesAs(coordinatorOf('nanan-district'))).budgetLines, 'lines');
    const inDistrict = present(dataOf(await linesAs(OFFICE, { coordinatingUnitId: 'nanan-district' })).budgetLines, 'lines');
    expect(district.totalCount).toBeGreaterThan(0);
    expect(district.totalCount).toBe(inDistrict.totalCount);
    expect(district.totalCount).toBeLessThan(all.length);
    expect(errorOf(await linesAs(ANALYST)).code).toBe('FORBIDDEN');
  });

  it('as of a moment, lists the lines recorded by then', async () => {
    const now = present(dataOf(await execute(units, RECORDED, {}, OFFICE)).budgetLines, 'lines');
    expect(now.totalCount).toBeLessThanOrEqual(100);
    const moment = { at: endOfDay('2015-07-01'), asOf: true };
    const then = present(dataOf(await execute(units, RECORDED, {}, OFFICE, moment)).budgetLines, 'lines');
    const recordedBy = now.edges.filter((e) => new Date(e.node.recordedAt) <= moment.at).map((e) => e.node.id);
    expect(recordedBy.length).toBeGreaterThan(0);
    expect(recordedBy.length).toBeLessThan(now.totalCount);
    expect(then.edges.map((e) => e.node.id)).toEqual(recordedBy);
    const before = await execute(units, RECORDED, {}, OFFICE, { at: endOfDay('2014-01-01'), asOf: true });
    expect(present(dataOf(before).budgetLines, 'lines').totalCount).toBe(0);
  });

  it('pages with a fixed number of statements, whatever the page size', async () => {
    const first = present(dataOf(await linesAs(OFFICE, undefined, 2)).budgetLines, 'lines');
    expect(first.edges).toHaveLength(2);
    const next = present(
      dataOf(await execute(units, BUDGET_LINES, { first: 2, after: first.pageInfo.endCursor }, OFFICE)).budgetLines,
      'lines',
    );
    expect(next.edges.map((e) => e.node.id)).not.toContain(first.edges[0]?.node.id);
    for (const size of [1, 50]) {
      const before = units.database.statements.count;
      await linesAs(OFFICE, undefined, size);
      // The page, its count, and the lines' units in one batch.
      expect(units.database.statements.count - before).toBe(3);
    }
  });
});

describe('the names counts had before, deprecated', () => {
  it('still answer, the same as the counts that replace them', async () => {
    const data = dataOf(
      await execute(
        units,
        graphql(`query DeprecatedCounts { progressReport(groupBy: BATCH) { total {
          systems systemCount exempt exemptCount centralised centralisedCount integrated integratedCount
          retired retiredCount overdue overdueCount pendingExtensions pendingExtensionCount } groups { key batch { number } } }
          budgetCompliance(year: 2016, groupBy: UNIT, first: 100) { edges { node { lines lineCount nonCompliantLines nonCompliantLineCount } } }
          batches { id number } }`),
        {},
        OFFICE,
      ),
    );
    const total = present(data.progressReport, 'report').total;
    expect(total.systemCount).toBeGreaterThan(0);
    expect([
      total.systems,
      total.exempt,
      total.centralised,
      total.integrated,
      total.retired,
      total.overdue,
      total.pendingExtensions,
    ]).toEqual([
      total.systemCount,
      total.exemptCount,
      total.centralisedCount,
      total.integratedCount,
      total.retiredCount,
      total.overdueCount,
      total.pendingExtensionCount,
    ]);
    for (const group of present(data.progressReport, 'report').groups) expect(group.key).toBe(String(group.batch?.number));
    const rows = present(data.budgetCompliance, 'compliance').edges.map((e) => e.node);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect([row.lines, row.nonCompliantLines]).toEqual([row.lineCount, row.nonCompliantLineCount]);
    for (const batch of data.batches) expect(batch.id).toBe(`batch-${batch.number}`);
  });
});
