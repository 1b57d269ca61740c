/**
 * The telecom subgraph's own rules (src/domain/rules.ts), each tested through the subgraph, with the real
 * units subgraph it asks served over HTTP on its own seed: every refusal with its code and message, and
 * read back to show nothing was written; every success read back. The tariffs these tests create have
 * ids starting `cmd-`; their circuits serve real units of the units seed that have no seeded circuit.
 * Who may do what is policy.test.ts's subject; here a carrier's engineer changes its own carrier's
 * tariffs and circuits, and an analyst reads.
 */
import type { Viewer } from '@cq/kit/identity';
import { sumCny } from '@cq/kit/money';
import {
  type AskingTestSubgraph,
  at,
  dataOf,
  errorOf,
  execute,
  present,
  serveTestSubgraph,
  startTestSubgraph,
  startTestSubgraphAsking,
  type TestSubgraph,
} from '@cq/kit/testing';
import { createUnitsSubgraph } from '@cq/units';
import type { GraphQLFormattedError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { createTelecomSubgraph } from '../src/server.ts';
import { type CircuitStatus, type CreateCircuitInput, type CreateTariffInput, graphql } from './generated/graphql.ts';

let telecom: AskingTestSubgraph<Context, 'units'>;
beforeAll(async () => {
  // The real units subgraph says whether the unit a circuit is ordered for exists.
  telecom = await startTestSubgraphAsking('telecom', createTelecomSubgraph, { units: createUnitsSubgraph });
});
afterAll(async () => telecom?.stop());

/** A carrier's engineer, acting for China Mobile Chongqing: only a carrier changes tariffs and circuits. */
const ENGINEER: Viewer = { id: 'china-mobile-engineer', role: 'carrier', carrierId: 'china-mobile-chongqing' };
/** An analyst reads every circuit and every unit's charges, and changes nothing. */
const ANALYST: Viewer = { id: 'programme-analyst', role: 'analyst' };

/** A refusal: its code, its message, and the field it names when it names one. */
function refused(result: { errors?: readonly GraphQLFormattedError[] }, code: string, message: RegExp, field?: string) {
  const error = errorOf(result);
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
  if (field) expect(at(result.errors, 0).extensions?.field).toBe(field);
}

const CREATE_TARIFF = graphql(`mutation CommandCreateTariff($input: CreateTariffInput!) { createTariff(input: $input) {
  id carrier { id } product bandwidthMbps standardMonthlyPriceCny preferentialMonthlyPriceCny oneTimeChargeCny commitmentMonths
  eligibleUnitKinds validFrom validUntil isSample } }`);
const TARIFF = graphql(`query CommandTariff($id: ID!) { tariff(id: $id) {
  id carrier { id } product bandwidthMbps standardMonthlyPriceCny preferentialMonthlyPriceCny oneTimeChargeCny commitmentMonths
  eligibleUnitKinds validFrom validUntil isSample } }`);
const CREATE_CIRCUIT = graphql(`mutation CommandCreateCircuit($input: CreateCircuitInput!) { createCircuit(input: $input) {
  id unit { id } dataCenter { id } tariff { id } bandwidthMbps status isSample } }`);
const CIRCUIT = graphql(`query CommandCircuit($id: ID!) { circuit(id: $id) {
  id unit { id } dataCenter { id } tariff { id } bandwidthMbps status isSample } }`);
const ADVANCE_CIRCUIT = graphql(
  `mutation CommandAdvanceCircuit($input: AdvanceCircuitInput!) { advanceCircuit(input: $input) { id status } }`,
);
// The gateway sends a unit's kind and isMigrating with its id, as circuitCharges and telecomMonthlyCostCny @requires them.
const UNIT = graphql(`query CommandUnit($reps: [_Any!]!) { _entities(representations: $reps) { __typename ... on Unit {
  id circuits { id status tariff { id } }
  circuitCharges { monthlyPriceCny preferential reason circuit { id status tariff { id } } }
  telecomMonthlyCostCny } } }`);

/** A valid tariff of China Mobile Chongqing, changed as a test needs. */
const tariffInput = (id: string, changes: Partial<CreateTariffInput> = {}): CreateTariffInput => ({
  id,
  carrierId: 'china-mobile-chongqing',
  product: 'Dedicated line to the Liangjiang park, 50 Mbps',
  bandwidthMbps: 50,
  standardMonthlyPriceCny: '3000.00',
  preferentialMonthlyPriceCny: '2000.00',
  oneTimeChargeCny: '1500.00',
  commitmentMonths: 12,
  validFrom: '2016-01-01',
  validUntil: '2016-12-31',
  ...changes,
});

// The commands run as ENGINEER unless told otherwise; null sends an anonymous request. Reads run as ANALYST.
const createTariff = (input: CreateTariffInput, viewer: Viewer | null = ENGINEER) =>
  execute(telecom, CREATE_TARIFF, { input }, viewer ?? undefined);
const tariffOf = async (id: string) => dataOf(await execute(telecom, TARIFF, { id })).tariff;
const createCircuit = (input: CreateCircuitInput, viewer: Viewer | null = ENGINEER, subgraph: TestSubgraph<Context> = telecom) =>
  execute(subgraph, CREATE_CIRCUIT, { input }, viewer ?? undefined);
const circuitOf = async (id: string) => dataOf(await execute(telecom, CIRCUIT, { id }, ANALYST)).circuit;
const advance = (id: string, status: CircuitStatus, viewer: Viewer | null = ENGINEER) =>
  execute(telecom, ADVANCE_CIRCUIT, { input: { id, status } }, viewer ?? undefined);

/** A unit as the gateway represents it to this subgraph: its id, kind and whether it is migrating. */
async function unitOf(id: string, kind = 'DISTRICT', isMigrating = true, subgraph: TestSubgraph<Context> = telecom) {
  const data = dataOf(await execute(subgraph, UNIT, { reps: [{ __typename: 'Unit', id, kind, isMigrating }] }, ANALYST));
  const unit = present(at(data._entities, 0), `unit ${id}`);
  if (unit.__typename !== 'Unit') throw new Error(`Expected a Unit, got ${unit.__typename}.`);
  return unit;
}

/** A new circuit (PLANNED) from a unit to the Government Cloud Platform, where every carrier is present. */
async function newCircuit(unitId: string, tariffId = 'mobile-line-100') {
  return dataOf(await createCircuit({ unitId, dataCenterId: 'government-cloud-platform', tariffId })).createCircuit;
}

describe('every change', () => {
  it('UNAUTHENTICATED: a change without the caller’s identity is refused, and nothing changes', async () => {
    const identity = /needs a signed-in caller: send a bearer token/;
    refused(await createTariff(tariffInput('cmd-anonymous-tariff'), null), 'UNAUTHENTICATED', identity);
    expect(await tariffOf('cmd-anonymous-tariff')).toBeNull();
    const circuit = { unitId: 'beibei-district', dataCenterId: 'government-cloud-platform', tariffId: 'mobile-line-100' };
    // Beibei District's seeded line into the park stays its only one.
    const seeded = (await unitOf('beibei-district')).circuits;
    refused(await createCircuit(circuit, null), 'UNAUTHENTICATED', identity);
    expect((await unitOf('beibei-district')).circuits).toEqual(seeded);
    // Banan District's backup line, still being provisioned in the seed.
    const provisioning = 'circuit-banan-district-unicom-line-100';
    refused(await advance(provisioning, 'ACTIVE', null), 'UNAUTHENTICATED', identity);
    expect(present(await circuitOf(provisioning), 'the seeded circuit').status).toBe('PROVISIONING');
  });
});

describe('createTariff', () => {
  it('INVALID_RANGE: a validity window ends on or after its start', async () => {
    refused(
      await createTariff(tariffInput('cmd-tariff-reversed', { validFrom: '2016-01-01', validUntil: '2015-12-31' })),
      'INVALID_RANGE',
      /A tariff's validity cannot end \(2015-12-31\) before it starts \(2016-01-01\)/,
      'validUntil',
    );
    expect(await tariffOf('cmd-tariff-reversed')).toBeNull();
    // A window of one day is a range.
    const oneDay = dataOf(await createTariff(tariffInput('cmd-tariff-one-day', { validFrom: '2016-01-01', validUntil: '2016-01-01' })));
    expect(oneDay.createTariff).toMatchObject({ validFrom: '2016-01-01', validUntil: '2016-01-01' });
  });

  it('NEGATIVE_PRICE: prices are never negative', async () => {
    refused(
      await createTariff(tariffInput('cmd-tariff-negative', { standardMonthlyPriceCny: '-1.00' })),
      'NEGATIVE_PRICE',
      /standardMonthlyPriceCny must not be negative; got -1\.00/,
      'standardMonthlyPriceCny',
    );
    refused(
      await createTariff(tariffInput('cmd-tariff-negative', { oneTimeChargeCny: '-0.01' })),
      'NEGATIVE_PRICE',
      /oneTimeChargeCny must not be negative; got -0\.01/,
      'oneTimeChargeCny',
    );
    refused(
      await createTariff(tariffInput('cmd-tariff-negative', { preferentialMonthlyPriceCny: '-5.00' })),
      'NEGATIVE_PRICE',
      /preferentialMonthlyPriceCny must not be negative; got -5\.00/,
      'preferentialMonthlyPriceCny',
    );
    expect(await tariffOf('cmd-tariff-negative')).toBeNull();
  });

  it('PREFERENTIAL_ABOVE_STANDARD: a preferential price is never above the standard one (§6.5)', async () => {
    refused(
      await createTariff(tariffInput('cmd-tariff-dearer', { standardMonthlyPriceCny: '3000.00', preferentialMonthlyPriceCny: '3000.01' })),
      'PREFERENTIAL_ABOVE_STANDARD',
      /§6\.5: a preferential price \(3000\.01\) cannot be above the standard one \(3000\.00\)/,
    );
    expect(await tariffOf('cmd-tariff-dearer')).toBeNull();
    // Equal is not above.
    const equal = dataOf(
      await createTariff(tariffInput('cmd-tariff-equal', { standardMonthlyPriceCny: '3000.00', preferentialMonthlyPriceCny: '3000.00' })),
    );
    expect(equal.createTariff).toMatchObject({ standardMonthlyPriceCny: '3000.00', preferentialMonthlyPriceCny: '3000.00' });
  });

  it('UNKNOWN_REFERENCE: the carrier must exist', async () => {
    // A token may name a carrier the hub does not know; the tariff still needs one that exists.
    const unknownCarrier: Viewer = { id: 'cmd-engineer', role: 'carrier', carrierId: 'cmd-no-such-carrier' };
    refused(
      await createTariff(tariffInput('cmd-tariff-orphan', { carrierId: 'cmd-no-such-carrier' }), unknownCarrier),
      'UNKNOWN_REFERENCE',
      /There is no carrier cmd-no-such-carrier\./,
      'carrierId',
    );
    expect(await tariffOf('cmd-tariff-orphan')).toBeNull();
  });

  it('BAD_USER_INPUT: bandwidth is more than zero and the commitment is not negative', async () => {
    refused(
      await createTariff(tariffInput('cmd-tariff-malformed', { bandwidthMbps: 0 })),
      'BAD_USER_INPUT',
      /bandwidthMbps must be a whole number more than zero/,
      'bandwidthMbps',
    );
    refused(
      await createTariff(tariffInput('cmd-tariff-malformed', { commitmentMonths: -1 })),
      'BAD_USER_INPUT',
      /commitmentMonths must not be negative/,
      'commitmentMonths',
    );
    expect(await tariffOf('cmd-tariff-malformed')).toBeNull();
    // No commitment at all is allowed.
    expect(dataOf(await createTariff(tariffInput('cmd-tariff-no-term', { commitmentMonths: 0 }))).createTariff.commitmentMonths).toBe(0);
  });

  it('ALREADY_EXISTS: an id taken already is refused by the database, naming the key', async () => {
    const before = await tariffOf('mobile-line-100');
    refused(
      await createTariff(tariffInput('mobile-line-100', { standardMonthlyPriceCny: '1.00', preferentialMonthlyPriceCny: null })),
      'ALREADY_EXISTS',
      /That record already exists: \(id\)=\(mobile-line-100\)/,
    );
    expect(await tariffOf('mobile-line-100')).toEqual(before);
    expect(present(before, 'the seeded tariff').standardMonthlyPriceCny).toBe('6500.00');
  });

  it('publishes a tariff with the unit kinds its preferential price is for', async () => {
    const input = tariffInput('cmd-tariff-gov', {
      eligibleUnitKinds: ['DISTRICT', 'COUNTY', 'DISTRICT'],
      validFrom: '2016-01-01',
      validUntil: null,
    });
    const created = dataOf(await createTariff(input)).createTariff;
    expect(created).toEqual({
      id: 'cmd-tariff-gov',
      carrier: { id: 'china-mobile-chongqing' },
      product: 'Dedicated line to the Liangjiang park, 50 Mbps',
      bandwidthMbps: 50,
      standardMonthlyPriceCny: '3000.00',
      preferentialMonthlyPriceCny: '2000.00',
      oneTimeChargeCny: '1500.00',
      commitmentMonths: 12,
      eligibleUnitKinds: ['DISTRICT', 'COUNTY'],
      validFrom: '2016-01-01',
      validUntil: null,
      isSample: false,
    });
    expect(await tariffOf('cmd-tariff-gov')).toEqual(created);
  });
});

describe('createCircuit', () => {
  it('UNKNOWN_REFERENCE: the tariff must exist', async () => {
    const seeded = (await unitOf('bishan-district')).circuits;
    refused(
      await createCircuit({ unitId: 'bishan-district', dataCenterId: 'government-cloud-platform', tariffId: 'cmd-no-such-tariff' }),
      'UNKNOWN_REFERENCE',
      /There is no tariff cmd-no-such-tariff\./,
      'tariffId',
    );
    expect((await unitOf('bishan-district')).circuits).toEqual(seeded);
  });

  it('CARRIER_NOT_PRESENT: a circuit reaches a data centre where its carrier is present', async () => {
    // China Mobile has no point of presence in the sample Jialing data centre.
    const seeded = (await unitOf('changshou-district')).circuits;
    refused(
      await createCircuit({ unitId: 'changshou-district', dataCenterId: 'sample-jialing-data-center', tariffId: 'mobile-line-100' }),
      'CARRIER_NOT_PRESENT',
      /china-mobile-chongqing has no point of presence in data centre sample-jialing-data-center\./,
      'dataCenterId',
    );
    refused(
      await createCircuit({ unitId: 'changshou-district', dataCenterId: 'cmd-no-such-data-center', tariffId: 'mobile-line-100' }),
      'CARRIER_NOT_PRESENT',
      /china-mobile-chongqing has no point of presence in data centre cmd-no-such-data-center\./,
      'dataCenterId',
    );
    expect((await unitOf('changshou-district')).circuits).toEqual(seeded);
  });

  it('UNKNOWN_REFERENCE: the unit must exist in the units subgraph', async () => {
    const asked = telecom.peers.units.listening.requests.count;
    refused(
      await createCircuit({ unitId: 'cmd-no-such-unit', dataCenterId: 'government-cloud-platform', tariffId: 'mobile-line-100' }),
      'UNKNOWN_REFERENCE',
      /^There is no unit cmd-no-such-unit\.$/,
      'unitId',
    );
    // Units was asked once, and knew no such unit.
    expect(telecom.peers.units.listening.requests.count - asked).toBe(1);
    expect((await unitOf('cmd-no-such-unit')).circuits).toEqual([]);
  });

  describe('when the units subgraph cannot be asked', () => {
    // One telecom subgraph with no units peer configured, one whose units peer has stopped.
    let alone: TestSubgraph<Context>;
    let stranded: TestSubgraph<Context>;
    beforeAll(async () => {
      alone = await startTestSubgraph('telecom', createTelecomSubgraph);
      const gone = await serveTestSubgraph('units', createUnitsSubgraph);
      await gone.stop();
      stranded = await startTestSubgraph('telecom', (options) =>
        createTelecomSubgraph({ ...options, peers: { units: gone.listening.url } }),
      );
    });
    afterAll(async () => {
      await alone?.stop();
      await stranded?.stop();
    });

    it('SUBGRAPH_UNAVAILABLE: no circuit is ordered unchecked', async () => {
      for (const [subgraph, why] of [
        [alone, 'UNITS_URL is not configured'],
        [stranded, 'no connection'],
      ] as const) {
        const seeded = (await unitOf('fengdu-county', 'COUNTY', true, subgraph)).circuits;
        refused(
          await createCircuit(
            { unitId: 'fengdu-county', dataCenterId: 'government-cloud-platform', tariffId: 'mobile-line-100' },
            ENGINEER,
            subgraph,
          ),
          'SUBGRAPH_UNAVAILABLE',
          new RegExp(`^The units subgraph could not be asked \\(${why}\\); nothing was accepted or shown unchecked\\.`),
        );
        expect((await unitOf('fengdu-county', 'COUNTY', true, subgraph)).circuits).toEqual(seeded);
      }
    });
  });

  it('orders a circuit at the tariff’s bandwidth, for a unit the units subgraph knows; it starts PLANNED', async () => {
    const seeded = present((await unitOf('dadukou-district')).circuits, 'its seeded circuits');
    const asked = telecom.peers.units.listening.requests.count;
    const created = await newCircuit('dadukou-district', 'mobile-line-500');
    expect(telecom.peers.units.listening.requests.count - asked).toBe(1);
    expect(created).toEqual({
      id: expect.stringMatching(/^circuit-dadukou-district-mobile-line-500-[0-9a-f]{6}$/),
      unit: { id: 'dadukou-district' },
      dataCenter: { id: 'government-cloud-platform' },
      tariff: { id: 'mobile-line-500' },
      bandwidthMbps: 500,
      status: 'PLANNED',
      isSample: false,
    });
    expect(await circuitOf(created.id)).toEqual(created);
    // Beside the line the seed gave it, the unit has the new one.
    const circuits = present((await unitOf('dadukou-district')).circuits, 'its circuits');
    expect(circuits).toHaveLength(seeded.length + 1);
    expect(circuits).toEqual(expect.arrayContaining([...seeded, { id: created.id, status: 'PLANNED', tariff: { id: 'mobile-line-500' } }]));
  });
});

describe('advanceCircuit', () => {
  it('STATUS_OUT_OF_ORDER: a circuit moves one status at a time, never PLANNED → ACTIVE', async () => {
    const { id } = await newCircuit('dazu-district');
    refused(
      await advance(id, 'ACTIVE'),
      'STATUS_OUT_OF_ORDER',
      new RegExp(`PLANNED → PROVISIONING → ACTIVE → DECOMMISSIONED: circuit ${id} is PLANNED, so it cannot become ACTIVE\\.`),
    );
    refused(await advance(id, 'PLANNED'), 'STATUS_OUT_OF_ORDER', /is PLANNED, so it cannot become PLANNED/);
    expect(present(await circuitOf(id), 'the circuit').status).toBe('PLANNED');
  });

  it('NOT_FOUND: the circuit must exist', async () => {
    refused(await advance('cmd-no-such-circuit', 'PROVISIONING'), 'NOT_FOUND', /Circuit cmd-no-such-circuit does not exist\./);
    expect(await circuitOf('cmd-no-such-circuit')).toBeNull();
  });

  it('moves a circuit PLANNED → PROVISIONING → ACTIVE → DECOMMISSIONED, and never back', async () => {
    const { id } = await newCircuit('fuling-district');
    for (const status of ['PROVISIONING', 'ACTIVE', 'DECOMMISSIONED'] as const) {
      expect(dataOf(await advance(id, status)).advanceCircuit).toEqual({ id, status });
      expect(present(await circuitOf(id), 'the circuit').status).toBe(status);
    }
    refused(await advance(id, 'ACTIVE'), 'STATUS_OUT_OF_ORDER', /is DECOMMISSIONED, so it cannot become ACTIVE/);
    expect(present(await circuitOf(id), 'the circuit').status).toBe('DECOMMISSIONED');
  });
});

describe('chargeFor (§6.5), through Unit.circuitCharges and telecomMonthlyCostCny', () => {
  const PRICED = 'hechuan-district';
  // One ACTIVE circuit of the unit per tariff, beside the line the seed gave it; the standard prices differ so
  // each charge shows which price applied.
  const tariffs: Record<string, Partial<CreateTariffInput>> = {
    'cmd-charge-open': {
      standardMonthlyPriceCny: '3000.00',
      preferentialMonthlyPriceCny: '2000.00',
      validFrom: '2015-07-14',
      validUntil: null,
    },
    'cmd-charge-gov': {
      standardMonthlyPriceCny: '4000.00',
      preferentialMonthlyPriceCny: '2500.00',
      eligibleUnitKinds: ['DISTRICT', 'COUNTY'],
      validFrom: '2015-07-14',
      validUntil: '2099-12-31',
    },
    'cmd-charge-ended': {
      standardMonthlyPriceCny: '5000.00',
      preferentialMonthlyPriceCny: '3500.00',
      validFrom: '2015-07-14',
      validUntil: '2016-06-30',
    },
    'cmd-charge-future': {
      standardMonthlyPriceCny: '6000.00',
      preferentialMonthlyPriceCny: '4500.00',
      validFrom: '2099-01-01',
      validUntil: null,
    },
    'cmd-charge-standard': {
      standardMonthlyPriceCny: '7000.00',
      preferentialMonthlyPriceCny: null,
      validFrom: '2015-07-14',
      validUntil: null,
    },
  };

  beforeAll(async () => {
    for (const [tariffId, changes] of Object.entries(tariffs)) {
      dataOf(await createTariff(tariffInput(tariffId, changes)));
      const { id } = await newCircuit(PRICED, tariffId);
      dataOf(await advance(id, 'PROVISIONING'));
      dataOf(await advance(id, 'ACTIVE'));
    }
  });

  /**
   * The priced unit's charges on this test's tariffs, asked with its kind and whether it is migrating; `on`
   * picks the one under a tariff; `plus` adds the charges of the unit's seeded line to a figure, as its
   * monthly cost counts them too.
   */
  async function chargesOf(kind: string, isMigrating: boolean) {
    const unit = await unitOf(PRICED, kind, isMigrating);
    const all = present(unit.circuitCharges, 'its circuit charges');
    const charges = all.filter((c) => c.circuit.tariff.id in tariffs);
    const seededCharges = all.filter((c) => !(c.circuit.tariff.id in tariffs));
    expect(seededCharges).toHaveLength(1);
    const plus = (amount: string) => sumCny([amount, ...seededCharges.map((c) => c.monthlyPriceCny)]);
    const on = (tariffId: string) => {
      const charge = present(
        charges.find((c) => c.circuit.tariff.id === tariffId),
        `the charge on ${tariffId}`,
      );
      return { monthlyPriceCny: charge.monthlyPriceCny, preferential: charge.preferential, reason: charge.reason };
    };
    return { unit, charges, on, plus };
  }

  it('preferential: a migrating unit of an eligible kind, inside the validity, pays the preferential price', async () => {
    const { unit, charges, on, plus } = await chargesOf('DISTRICT', true);
    expect(charges).toHaveLength(5);
    expect(charges.every((c) => c.circuit.status === 'ACTIVE')).toBe(true);
    const preferential = { preferential: true, reason: 'Preferential tariff for migrating units (§6.5).' };
    // Named kinds that include DISTRICT, within 2015-07-14 to 2099-12-31.
    expect(on('cmd-charge-gov')).toEqual({ monthlyPriceCny: '2500.00', ...preferential });
    // No kinds named: every kind may have it; an open end.
    expect(on('cmd-charge-open')).toEqual({ monthlyPriceCny: '2000.00', ...preferential });
    // 2000 + 2500 preferential, 5000 + 6000 + 7000 standard.
    expect(unit.telecomMonthlyCostCny).toBe(plus('22500.00'));
  });

  it('standard with a reason: a unit that is not migrating', async () => {
    const { unit, on, plus } = await chargesOf('DISTRICT', false);
    for (const [tariffId, price] of [
      ['cmd-charge-open', '3000.00'],
      ['cmd-charge-gov', '4000.00'],
      ['cmd-charge-ended', '5000.00'],
      ['cmd-charge-future', '6000.00'],
    ] as const) {
      expect(on(tariffId)).toEqual({
        monthlyPriceCny: price,
        preferential: false,
        reason: expect.stringMatching(/^The unit is not migrating: the preferential price is for migrating units\.$/),
      });
    }
    expect(unit.telecomMonthlyCostCny).toBe(plus('25000.00'));
  });

  it('standard with a reason: a kind the tariff does not name', async () => {
    const { unit, on, plus } = await chargesOf('MUNICIPAL_SOE_GROUP', true);
    expect(on('cmd-charge-gov')).toEqual({
      monthlyPriceCny: '4000.00',
      preferential: false,
      reason: expect.stringMatching(/^The preferential price is for DISTRICT, COUNTY, not MUNICIPAL_SOE_GROUP\.$/),
    });
    // The tariff naming no kind still gives this unit its preferential price.
    expect(on('cmd-charge-open')).toMatchObject({ monthlyPriceCny: '2000.00', preferential: true });
    expect(unit.telecomMonthlyCostCny).toBe(plus('24000.00'));
  });

  it('standard with a reason: outside the validity (ended, or not begun)', async () => {
    const { on } = await chargesOf('COUNTY', true);
    expect(on('cmd-charge-ended')).toEqual({
      monthlyPriceCny: '5000.00',
      preferential: false,
      reason: expect.stringMatching(/^The preferential price applies from 2015-07-14 to 2016-06-30\.$/),
    });
    expect(on('cmd-charge-future')).toEqual({
      monthlyPriceCny: '6000.00',
      preferential: false,
      reason: expect.stringMatching(/^The preferential price applies from 2099-01-01 to open end\.$/),
    });
    // Inside its window, the same unit has the preferential price.
    expect(on('cmd-charge-gov')).toMatchObject({ monthlyPriceCny: '2500.00', preferential: true });
  });

  it('standard with a reason: a tariff without a preferential price', async () => {
    for (const [kind, isMigrating] of [
      ['DISTRICT', true],
      ['DISTRICT', false],
    ] as const) {
      const { on } = await chargesOf(kind, isMigrating);
      expect(on('cmd-charge-standard')).toEqual({
        monthlyPriceCny: '7000.00',
        preferential: false,
        reason: expect.stringMatching(/^The tariff has no preferential price\.$/),
      });
    }
  });

  it('only an ACTIVE circuit costs: nothing while PLANNED or PROVISIONING, nor once DECOMMISSIONED', async () => {
    const unitId = 'jiangbei-district';
    // The unit's seeded line is ACTIVE and billed; the new one adds to its cost only while ACTIVE.
    const seeded = present((await unitOf(unitId)).telecomMonthlyCostCny, 'its seeded cost');
    expect(Number(seeded)).toBeGreaterThan(0);
    const { id } = await newCircuit(unitId, 'cmd-charge-open');
    const billed = async (status: CircuitStatus) => {
      const unit = await unitOf(unitId);
      const charge = present(
        unit.circuitCharges?.find((c) => c.circuit.id === id),
        'the new circuit’s charge',
      );
      expect(charge.circuit).toEqual({ id, status, tariff: { id: 'cmd-charge-open' } });
      return {
        monthlyPriceCny: charge.monthlyPriceCny,
        preferential: charge.preferential,
        reason: charge.reason,
        total: unit.telecomMonthlyCostCny,
      };
    };
    const nothing = (status: CircuitStatus) => ({
      monthlyPriceCny: '0.00',
      preferential: false,
      reason: expect.stringMatching(new RegExp(`^The circuit is ${status}: nothing is billed\\.$`)),
      total: seeded,
    });
    expect(await billed('PLANNED')).toEqual(nothing('PLANNED'));
    dataOf(await advance(id, 'PROVISIONING'));
    expect(await billed('PROVISIONING')).toEqual(nothing('PROVISIONING'));
    dataOf(await advance(id, 'ACTIVE'));
    expect(await billed('ACTIVE')).toEqual({
      monthlyPriceCny: '2000.00',
      preferential: true,
      reason: 'Preferential tariff for migrating units (§6.5).',
      total: sumCny([seeded, '2000.00']),
    });
    dataOf(await advance(id, 'DECOMMISSIONED'));
    expect(await billed('DECOMMISSIONED')).toEqual(nothing('DECOMMISSIONED'));
  });
});
