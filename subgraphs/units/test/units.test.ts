import { at, dataOf, execute, OFFICE, present, startTestSubgraph, type TestSubgraph } from '@cq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { batchOneUnits } from '../src/seed/units.ts';
import { createUnitsSubgraph } from '../src/server.ts';
import { graphql } from './generated/graphql.ts';

let units: TestSubgraph<Context>;
beforeAll(async () => {
  units = await startTestSubgraph('units', createUnitsSubgraph);
});
afterAll(async () => units?.stop());

/** The joint-conference office reads everything (who else reads what: policy.test.ts). */

/** Whether an entity of an _entities answer is of the given type (the operation asks for __typename). */
function isOf<E extends { __typename: string }, T extends E['__typename']>(
  entity: E | null,
  typename: T,
): entity is Extract<E, { __typename: T }> {
  return entity?.__typename === typename;
}

/** The entity at an index of an _entities answer, which must be of the given type. */
function entityAt<E extends { __typename: string }, T extends E['__typename']>(
  entities: readonly (E | null)[],
  index: number,
  typename: T,
): Extract<E, { __typename: T }> {
  const entity = at(entities, index);
  if (!isOf(entity, typename)) throw new Error(`Expected a ${typename} at ${index}, got ${JSON.stringify(entity)}.`);
  return entity;
}

describe('units subgraph', () => {
  it('holds the 12 pilot units of the attachment in batch 1, with official and English names', async () => {
    const data = dataOf(
      await execute(
        units,
        graphql(
          `query PilotUnits { units(first: 100, filter: { batch: 1, isSample: false }) { edges { node { id officialName noticeName name isPilot } } } }`,
        ),
        {},
        OFFICE,
      ),
    );
    const nodes = present(data.units, 'units').edges.map((e) => e.node);
    expect(nodes).toHaveLength(12);
    expect(nodes.every((n) => n.isPilot)).toBe(true);
    expect(nodes.map((n) => n.noticeName).sort()).toEqual(batchOneUnits.map((u) => u.noticeNameZh).sort());
    expect(nodes.find((n) => n.id === 'rural-commercial-bank')?.officialName).toBe('重庆农村商业银行股份有限公司');
  });

  it('derives coordinating units by §6.2', async () => {
    const data = dataOf(
      await execute(
        units,
        graphql(`query CoordinatingUnits { bank: unit(id: "rural-commercial-bank") { coordinatingUnit { id } }
         centre: unit(id: "energy-utilisation-monitoring-centre") { coordinatingUnit { id } parent { id } }
         district: unit(id: "nanan-district") { coordinatingUnit { id } coordinatedUnits { id } }
         subsidiary: unit(id: "sample-energy-group-gas") { coordinatingUnit { id } ownershipStake batch { number } } }`),
        {},
        OFFICE,
      ),
    );
    expect(data.bank?.coordinatingUnit.id).toBe('sasac');
    expect(data.centre).toEqual({
      coordinatingUnit: { id: 'economic-information-commission' },
      parent: { id: 'economic-information-commission' },
    });
    expect(data.district?.coordinatingUnit.id).toBe('nanan-district');
    expect(data.district?.coordinatedUnits.map((u) => u.id)).toContain('sample-nanan-water-company');
    expect(data.subsidiary).toEqual({ coordinatingUnit: { id: 'sasac' }, ownershipStake: 'HOLDING', batch: { number: 3 } });
    // A district's own enterprise answers to the district, not to the municipal SASAC.
    const water = dataOf(
      await execute(
        units,
        graphql(`query WaterCompanyCoordinator { unit(id: "sample-nanan-water-company") { coordinatingUnit { id } } }`),
        {},
        OFFICE,
      ),
    );
    expect(water.unit?.coordinatingUnit.id).toBe('nanan-district');
  });

  it('puts units by §5: departments and SOE groups in batch 2, already-hosted units in batch 1', async () => {
    const { data } = await execute(
      units,
      graphql(
        `query BatchPlacement { sasac: unit(id: "sasac") { batch { number } } hosted: unit(id: "sample-hosted-archives-centre") { batch { number } systemsAlreadyHosted } group: unit(id: "sample-energy-group") { batch { number } } }`,
      ),
      {},
      OFFICE,
    );
    expect(data).toEqual({
      sasac: { batch: { number: 2 } },
      hosted: { batch: { number: 1 }, systemsAlreadyHosted: true },
      group: { batch: { number: 2 } },
    });
  });

  it("keeps the notice's contacts as roles at organisations, without people or phone numbers", async () => {
    const data = dataOf(
      await execute(
        units,
        graphql(`query Liaisons { liaisons { role organisationOfficialName unit { id } vendor { id } contact } }`),
        {},
        OFFICE,
      ),
    );
    const liaisons = present(data.liaisons, 'liaisons');
    expect(liaisons.map((l) => l.organisationOfficialName).sort()).toEqual(
      ['重庆云计算投资运营有限公司', '重庆市经济和信息化委员会', '重庆市财政局'].sort(),
    );
    expect(liaisons.find((l) => l.vendor)?.vendor?.id).toBe('chongqing-cloud-investment');
    expect(JSON.stringify(data)).not.toMatch(/\d{8}/); // no phone numbers
  });

  it('lists the three batches with their windows, to anyone (signed in or not)', async () => {
    const data = dataOf(await execute(units, graphql(`query Batches { batches { number windowStart windowEnd unitCount } }`)));
    expect(data.batches.map((b) => [b.number, b.windowStart, b.windowEnd])).toEqual([
      [1, '2015-07-01', '2015-09-30'],
      [2, '2015-10-01', '2015-12-31'],
      [3, '2016-01-01', '2016-06-30'],
    ]);
    expect(data.batches.every((b) => b.unitCount > 0)).toBe(true);
  });

  it('filters systems and marks classified ones exempt', async () => {
    const data = dataOf(
      await execute(
        units,
        graphql(
          `query ClassifiedSystems { systems(first: 100, filter: { classification: CLASSIFIED }) { totalCount edges { node { isExempt stage vendor { id } } } } }`,
        ),
        {},
        OFFICE,
      ),
    );
    const classified = present(data.systems, 'systems');
    expect(classified.totalCount).toBeGreaterThan(0);
    for (const { node } of classified.edges) expect(node).toEqual({ isExempt: true, stage: 'EXEMPT', vendor: null });
    const batch2 = dataOf(
      await execute(
        units,
        graphql(`query BatchTwoSystems { systems(first: 100, filter: { batch: 2 }) { edges { node { unit { batch { number } } } } } }`),
        {},
        OFFICE,
      ),
    );
    expect(new Set(present(batch2.systems, 'systems').edges.map((e) => e.node.unit.batch.number))).toEqual(new Set([2]));
  });

  it("totals a unit's monthly cost from the parts other subgraphs send (@requires), and lists a vendor's systems in migration", async () => {
    const data = dataOf(
      await execute(
        units,
        graphql(`query MonthlyCostEntities($reps: [_Any!]!) { _entities(representations: $reps) { __typename
         ... on Unit { monthlyCost { cloudServicesCny parkCny communicationCny totalCny } }
         ... on InformationSystem { monthlyCost { totalCny communicationCny } }
         ... on Vendor { systemsInMigration { stage } } } }`),
        {
          reps: [
            {
              __typename: 'Unit',
              id: 'tourism-bureau',
              cloudMonthlyCostCny: '11700.00',
              parkMonthlyCostCny: '13500.00',
              telecomMonthlyCostCny: '3960.00',
            },
            {
              __typename: 'Unit',
              id: 'banan-district',
              cloudMonthlyCostCny: '100.10',
              parkMonthlyCostCny: null,
              telecomMonthlyCostCny: '0.00',
            },
            {
              __typename: 'InformationSystem',
              id: 'tourism-bureau-system-1',
              cloudMonthlyCostCny: '4200.00',
              parkMonthlyCostCny: '9000.00',
            },
            { __typename: 'Vendor', id: 'sample-jialing-cloud' },
          ],
        },
        OFFICE,
      ),
    );
    const tourism = entityAt(data._entities, 0, 'Unit');
    const banan = entityAt(data._entities, 1, 'Unit');
    const system = entityAt(data._entities, 2, 'InformationSystem');
    const vendor = entityAt(data._entities, 3, 'Vendor');
    expect(tourism.monthlyCost).toEqual({
      cloudServicesCny: '11700.00',
      parkCny: '13500.00',
      communicationCny: '3960.00',
      totalCny: '29160.00',
    });
    // A part the park could not give leaves the total unknown rather than wrong.
    expect(banan.monthlyCost).toEqual({ cloudServicesCny: '100.10', parkCny: null, communicationCny: '0.00', totalCny: null });
    expect(system.monthlyCost).toEqual({ totalCny: '13200.00', communicationCny: null });
    const inMigration = ['VENDOR_SELECTED', 'PLAN_APPROVED', 'MIGRATING'];
    expect(vendor.systemsInMigration?.every((s) => s.stage !== null && inMigration.includes(s.stage))).toBe(true);
  });

  it('resolves Unit and InformationSystem references for the gateway (_entities), null for unknown ids', async () => {
    const data = dataOf(
      await execute(
        units,
        graphql(`query UnitSystemEntities($reps: [_Any!]!) { _entities(representations: $reps) {
         ... on Unit { id name } ... on InformationSystem { id unit { id } } } }`),
        {
          reps: [
            { __typename: 'Unit', id: 'tourism-bureau' },
            { __typename: 'InformationSystem', id: 'tourism-bureau-system-1' },
            { __typename: 'Unit', id: 'nobody' },
          ],
        },
        OFFICE,
      ),
    );
    expect(data._entities).toEqual([
      { id: 'tourism-bureau', name: 'Tourism Bureau' },
      { id: 'tourism-bureau-system-1', unit: { id: 'tourism-bureau' } },
      null,
    ]);
  });
});
