/**
 * The notice's rules hold whichever subgraph is written to: through the gateway, each write that could
 * break a rule about another subgraph's facts is checked by asking that subgraph, and refused when it
 * cannot be asked.
 */
import { carrierStaff, dataOf, errorOf, FINANCE, PARK_OPERATOR, vendorStaff } from '@cq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hub, startHub } from '../src/hub.ts';
import { graphql } from './generated/graphql.ts';

let hub: Hub;
beforeAll(async () => {
  hub = await startHub();
});
afterAll(async () => {
  await hub?.stop();
});

const PLACE = graphql(`mutation RulesPlaceSystem($input: PlaceSystemInput!) { placeSystem(input: $input) { id dataCenter { id } } }`);
const CONTRACT = graphql(`mutation RulesCreateContract($input: CreateContractInput!) { createContract(input: $input) { id } }`);
const REPORT = graphql(`mutation RulesReportTask($input: ReportTaskProgressInput!) { reportTaskProgress(input: $input) { id status } }`);
const CIRCUIT = graphql(`mutation RulesCreateCircuit($input: CreateCircuitInput!) { createCircuit(input: $input) { id } }`);
const BUDGET_LINE = graphql(`mutation RulesAddBudgetLine($input: AddBudgetLineInput!) { addBudgetLine(input: $input) { id } }`);
const YANGTZE_PLACEMENTS = graphql(
  `query RulesYangtzePlacements { dataCenter(id: "sample-yangtze-data-center") { placements { system { id } } } }`,
);
const PLACEMENT_OF = graphql(`query RulesPlacementOf($id: ID!) { system(id: $id) { id placement { id } } }`);

const placement = (systemId: string, dataCenterId: string) => ({
  input: { systemId, dataCenterId, racks: 1, powerKw: '4.0', monthlyFeeCny: '4200.00', since: '2016-05-15' },
});
const jialing = vendorStaff('sample-jialing-cloud');
/** A provider's next update is due in the future. */
const nextWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
const code = (result: Parameters<typeof errorOf>[0]) => errorOf(result).code;

describe('§1 and §4 held by the park, which asks units', () => {
  it('refuses a system of a unit with administrative-approval functions in a commercial data centre (§4), and a classified one anywhere (§1)', async () => {
    const bypass = await hub.query(PLACE, placement('sample-road-permits-centre-system-2', 'sample-yangtze-data-center'), PARK_OPERATOR);
    expect(errorOf(bypass)).toMatchObject({ code: 'DESTINATION_NOT_ALLOWED', message: expect.stringMatching(/§4/) });
    const classified = await hub.query(PLACE, placement('general-office-system-4', 'transitional-government-data-center'), PARK_OPERATOR);
    expect(code(classified)).toBe('CLASSIFIED_SYSTEM_EXEMPT');
    expect(dataOf(await hub.query(PLACEMENT_OF, { id: 'general-office-system-4' }, FINANCE)).system?.placement).toBeNull();
    // Where its approved plan says, the §4 case is placed.
    const planned = await hub.query(PLACE, placement('sample-road-permits-centre-system-2', 'government-cloud-platform'), PARK_OPERATOR);
    expect(dataOf(planned).placeSystem.dataCenter.id).toBe('government-cloud-platform');
  });
});

describe('vendors and telecom check what they store against units', () => {
  it('refuses a contract or a task report for a classified system (§1), and references units does not know', async () => {
    const contract = (unitId: string, systemId: string) => ({
      input: {
        id: `rules-contract-${unitId}-${systemId}`,
        unitId,
        vendorId: 'sample-jialing-cloud',
        startsOn: '2016-01-01',
        endsOn: '2016-12-31',
        lines: [{ serviceId: 'jialing-vm', systemId, quantity: '2' }],
      },
    });
    expect(code(await hub.query(CONTRACT, contract('general-office', 'general-office-system-4'), jialing))).toBe(
      'CLASSIFIED_SYSTEM_EXEMPT',
    );
    expect(errorOf(await hub.query(CONTRACT, contract('no-such-unit', 'general-office-system-1'), jialing))).toMatchObject({
      code: 'UNKNOWN_REFERENCE',
    });
    // A system of another unit is not this unit's to buy for.
    expect(code(await hub.query(CONTRACT, contract('banan-district', 'general-office-system-1'), jialing))).toBe('UNKNOWN_REFERENCE');
    const report = {
      input: {
        systemId: 'general-office-system-4',
        vendorId: 'sample-jialing-cloud',
        status: 'IN_PROGRESS' as const,
        percentComplete: 10,
        detail: 'Started',
        nextUpdateDue: nextWeek,
      },
    };
    expect(code(await hub.query(REPORT, report, jialing))).toBe('CLASSIFIED_SYSTEM_EXEMPT');
    const circuit = { input: { unitId: 'my-basement', dataCenterId: 'government-cloud-platform', tariffId: 'mobile-line-100' } };
    expect(errorOf(await hub.query(CIRCUIT, circuit, carrierStaff('china-mobile-chongqing')))).toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      message: expect.stringMatching(/my-basement/),
    });
  });
});

describe('money within bounds', () => {
  it('refuses an amount beyond what its column holds, and money sent as a JSON number, with BAD_USER_INPUT', async () => {
    const line = (amountCny: unknown) => ({
      query: 'mutation ($input: AddBudgetLineInput!) { addBudgetLine(input: $input) { id } }',
      variables: { input: { unitId: 'banan-district', year: 2016, category: 'CLOUD_SERVICES', description: 'Cloud hosting', amountCny } },
    });
    const headers = { authorization: `Bearer ${await hub.token(FINANCE)}` };
    const tooLarge = await hub.post(line('99999999999999.99'), headers);
    expect(tooLarge.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'amountCny' } });
    const asNumber = await hub.post(line(1000.5), headers);
    expect(asNumber.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const input = {
      unitId: 'banan-district',
      year: 2016,
      category: 'CLOUD_SERVICES' as const,
      description: 'Cloud hosting',
      amountCny: '1000.50',
    };
    expect(dataOf(await hub.query(BUDGET_LINE, { input }, FINANCE)).addBudgetLine?.id).toBeDefined();
  });
});

describe('a cross-graph check when its owner is down', () => {
  it('refuses a write unchecked never: with units down, the park and vendors refuse with SUBGRAPH_UNAVAILABLE', async () => {
    // Last in this file: the units subgraph stays down.
    await hub.subgraph('units').listening.stop();
    {
      const place = await hub.query(PLACE, placement('sample-energy-group-power-system-1', 'sample-yangtze-data-center'), PARK_OPERATOR);
      expect(errorOf(place)).toMatchObject({
        code: 'SUBGRAPH_UNAVAILABLE',
        message: expect.stringMatching(/^The units subgraph could not be asked/),
      });
      const report = {
        input: {
          systemId: 'general-office-system-1',
          vendorId: 'sample-jialing-cloud',
          status: 'IN_PROGRESS' as const,
          percentComplete: 10,
          detail: 'Started',
          nextUpdateDue: nextWeek,
        },
      };
      expect(code(await hub.query(REPORT, report, jialing))).toBe('SUBGRAPH_UNAVAILABLE');
    }
    // The park placed nothing: its own list of the data centre's placements says so, without units.
    const yangtze = dataOf(await hub.query(YANGTZE_PLACEMENTS, {}, PARK_OPERATOR)).dataCenter?.placements ?? [];
    expect(yangtze.map((p) => p.system.id)).not.toContain('sample-energy-group-power-system-1');
  });
});
