/**
 * Lists nested under many parents a page at a time (`Unit.coordinatedUnitsPage`,
 * `Vendor.systemsInMigrationPage`): keyset pages in id order that add up to the deprecated whole lists for
 * every role (each sees only its scope, and counts only that), now and as of a moment, the kit's page
 * bounds, and one statement for the pages of every parent a request reaches.
 */
import type { IncomingMessage } from 'node:http';
import type { Viewer } from '@cq/kit/identity';
import type { Moment } from '@cq/kit/moment';
import {
  ANALYST,
  coordinatorOf,
  dataOf,
  errorOf,
  execute,
  OFFICE,
  officerOf,
  present,
  signedFor,
  startTestSubgraph,
  type TestSubgraph,
  vendorStaff,
} from '@cq/kit/testing';
import { and, eq, ne, notInArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { informationSystems, systemDependencies } from '../src/data/schema.ts';
import { createUnitsSubgraph } from '../src/server.ts';
import { graphql } from './generated/graphql.ts';

let units: TestSubgraph<Context>;
beforeAll(async () => {
  units = await startTestSubgraph('units', createUnitsSubgraph);
});
afterAll(async () => units?.stop());

/** The end of 30 September 2015 in Asia/Shanghai: the end of batch 1. */
const END_OF_BATCH_1: Moment = { at: new Date('2015-09-30T16:00:00Z'), asOf: true };
const JIALING = 'sample-jialing-cloud';

type Page = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor?: string | null }; edges: { node: { id: string } }[] };

/** Every page of a list, walked with `after`: the ids, the number of pages and the last totalCount. */
async function walk(page: (after: string | null) => Promise<Page | null | undefined>) {
  const ids: string[] = [];
  let after: string | null = null;
  for (let pages = 1; ; pages++) {
    const current: Page = present(await page(after), 'a page');
    ids.push(...current.edges.map((e) => e.node.id));
    if (!current.pageInfo.hasNextPage) return { ids, pages, totalCount: current.totalCount };
    after = current.pageInfo.endCursor ?? null;
  }
}

describe('Unit.coordinatedUnitsPage', () => {
  const WHOLE = graphql(`query UnitsCoordinatedWhole($id: ID!) { unit(id: $id) { coordinatedUnits { id } } }`);
  const PAGE = graphql(`query UnitsCoordinatedPage($id: ID!, $first: Int, $after: String) {
    unit(id: $id) { coordinatedUnitsPage(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } } }`);
  const pagesOf = (id: string, viewer: Viewer, first: number) =>
    walk(async (after) => dataOf(await execute(units, PAGE, { id, first, after }, viewer)).unit?.coordinatedUnitsPage);

  it("walks the SASAC's units (§6.2) as the deprecated whole list, for each role only those it may see", async () => {
    const all = present(dataOf(await execute(units, WHOLE, { id: 'sasac' }, OFFICE)).unit, 'the SASAC').coordinatedUnits.map((u) => u.id);
    expect(all.length).toBe(7);
    expect(await pagesOf('sasac', OFFICE, 3)).toEqual({ ids: all, pages: 3, totalCount: 7 });
    for (const viewer of [ANALYST, coordinatorOf('sasac'), officerOf('sasac'), vendorStaff(JIALING)]) {
      const whole = dataOf(await execute(units, WHOLE, { id: 'sasac' }, viewer)).unit?.coordinatedUnits.map((u) => u.id) ?? [];
      const paged = await pagesOf('sasac', viewer, 2);
      expect(paged.ids, viewer.id).toEqual(whole);
      expect(paged.totalCount, viewer.id).toBe(whole.length);
    }
  });

  it('answers 20 by default, and refuses more than 100 a page (BAD_USER_INPUT)', async () => {
    const page = present(dataOf(await execute(units, PAGE, { id: 'sasac' }, OFFICE)).unit?.coordinatedUnitsPage, 'a page');
    expect(page.edges.length).toBe(7);
    expect(page.pageInfo).toEqual({ hasNextPage: false, endCursor: page.edges.at(-1)?.cursor });
    const refused = await execute(units, PAGE, { id: 'sasac', first: 101 }, OFFICE);
    expect(refused.data?.unit?.coordinatedUnitsPage).toBeNull();
    expect(errorOf(refused)).toEqual({ code: 'BAD_USER_INPUT', message: 'first must be between 0 and 100; got 101.' });
  });

  it("reads one page of every unit's list in one statement, and their counts in one more", async () => {
    const EVERY = graphql(`query UnitsEveryCoordinatedPage {
      units(first: 100) { edges { node { id coordinatedUnitsPage(first: 2) { totalCount edges { node { id } } } } } } }`);
    const before = units.database.statements.count;
    const page = present(dataOf(await execute(units, EVERY, {}, OFFICE)).units, 'units');
    // The page of units, the pages of what each coordinates, their counts.
    expect(units.database.statements.count - before).toBe(3);
    const sasac = present(
      page.edges.find((e) => e.node.id === 'sasac'),
      'the SASAC',
    ).node.coordinatedUnitsPage;
    expect(sasac?.totalCount).toBe(7);
    expect(sasac?.edges.length).toBe(2);
  });
});

describe('Vendor.systemsInMigrationPage', () => {
  const WHOLE = graphql(`query UnitsInMigrationWhole($reps: [_Any!]!) {
    _entities(representations: $reps) { ... on Vendor { id systemsInMigration { id } } } }`);
  const PAGE = graphql(`query UnitsInMigrationPage($reps: [_Any!]!, $first: Int, $after: String) {
    _entities(representations: $reps) { ... on Vendor { id systemsInMigrationPage(first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } } } }`);
  const vendor = (id: string) => [{ __typename: 'Vendor', id }];
  type VendorAnswer = { systemsInMigration?: { id: string }[] | null; systemsInMigrationPage?: Page | null } | null;

  const wholeOf = async (id: string, viewer: Viewer, moment?: Moment) => {
    const [answer] = dataOf(await execute(units, WHOLE, { reps: vendor(id) }, viewer, moment))._entities as VendorAnswer[];
    return (answer?.systemsInMigration ?? []).map((s) => s.id);
  };
  const pagesOf = (id: string, viewer: Viewer, first: number, moment?: Moment) =>
    walk(async (after) => {
      const [answer] = dataOf(await execute(units, PAGE, { reps: vendor(id), first, after }, viewer, moment))._entities as VendorAnswer[];
      return answer?.systemsInMigrationPage;
    });

  it("walks a provider's systems in migration (§3.2) as the deprecated whole list, now and as of a moment", async () => {
    const now = await wholeOf(JIALING, OFFICE);
    expect(now.length).toBe(3);
    expect(await pagesOf(JIALING, OFFICE, 1)).toEqual({ ids: now, pages: 3, totalCount: 3 });
    const then = await wholeOf(JIALING, OFFICE, END_OF_BATCH_1);
    expect(then).not.toEqual(now);
    expect(await pagesOf(JIALING, OFFICE, 2, END_OF_BATCH_1)).toMatchObject({ ids: then, totalCount: then.length });
  });

  it('lists and counts for each role only the systems its scope holds', async () => {
    for (const viewer of [
      vendorStaff(JIALING),
      vendorStaff('sample-yangtze-cloud'),
      officerOf('kai-county'),
      coordinatorOf('banan-district'),
    ]) {
      const whole = await wholeOf(JIALING, viewer);
      expect(await pagesOf(JIALING, viewer, 2), viewer.id).toMatchObject({ ids: whole, totalCount: whole.length });
    }
  });

  it('refuses more than 100 a page (BAD_USER_INPUT), and reads every provider in one statement and their counts in one more', async () => {
    expect(errorOf(await execute(units, PAGE, { reps: vendor(JIALING), first: 101 }, OFFICE)).code).toBe('BAD_USER_INPUT');
    const reps = ['chongqing-cloud-investment', JIALING, 'sample-shancheng-data', 'sample-yangtze-cloud'].flatMap(vendor);
    const before = units.database.statements.count;
    const answers = dataOf(await execute(units, PAGE, { reps, first: 1 }, OFFICE))._entities as VendorAnswer[];
    expect(units.database.statements.count - before).toBe(2);
    expect(answers.map((a) => a?.systemsInMigrationPage?.totalCount)).toEqual([1, 3, 2, 2]);
  });
});

describe('InformationSystem.dependentsPage', () => {
  const SHARED = 'general-office-system-2';
  const WHOLE = graphql(`query UnitsDependentsWhole($id: ID!) { system(id: $id) { dependents { id } } }`);
  const PAGE = graphql(`query UnitsDependentsPage($id: ID!, $first: Int, $after: String) {
    system(id: $id) { dependentsPage(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } } }`);

  beforeAll(async () => {
    // A shared register many units' systems depend on, as the programme grows (the seed records one).
    const { db } = await units.context({ headers: await signedFor(OFFICE) } as unknown as IncomingMessage);
    const others = await db
      .select({ id: informationSystems.id })
      .from(informationSystems)
      .where(
        and(
          ne(informationSystems.id, SHARED),
          notInArray(
            informationSystems.id,
            db.select({ id: systemDependencies.systemId }).from(systemDependencies).where(eq(systemDependencies.dependsOnId, SHARED)),
          ),
        ),
      )
      .orderBy(informationSystems.id)
      .limit(6);
    await db.insert(systemDependencies).values(others.map((o) => ({ systemId: o.id, dependsOnId: SHARED })));
  });

  it('walks the same systems as the deprecated whole list, and refuses more than 100 a page', async () => {
    const all = present(dataOf(await execute(units, WHOLE, { id: SHARED }, OFFICE)).system, SHARED).dependents.map((d) => d.id);
    expect(all.length).toBe(7);
    expect(
      await walk(async (after) => dataOf(await execute(units, PAGE, { id: SHARED, first: 3, after }, OFFICE)).system?.dependentsPage),
    ).toEqual({
      ids: all,
      pages: 3,
      totalCount: 7,
    });
    expect(errorOf(await execute(units, PAGE, { id: SHARED, first: 101 }, OFFICE)).code).toBe('BAD_USER_INPUT');
  });

  it('is refused, with the system, to a caller whose scope does not hold it', async () => {
    const result = await execute(units, PAGE, { id: SHARED }, officerOf('kai-county'));
    expect(result.data?.system).toBeNull();
    expect(errorOf(result).code).toBe('FORBIDDEN');
  });
});
