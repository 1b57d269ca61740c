/**
 * Who may read and change what in the telecom subgraph (src/domain/policy.ts), through the subgraph and
 * the real units subgraph it asks, signed as the gateway signs: the public catalogue, the circuits each
 * role sees, the changes each carrier may make, and the audit log that records them. The tariffs these
 * tests create have ids starting `policy-`; their circuits serve real units of the units seed.
 */
import type { Viewer } from '@cq/kit/identity';
import {
  type AskingTestSubgraph,
  at,
  dataOf,
  errorOf,
  execute,
  present,
  type Served,
  startTestSubgraph,
  startTestSubgraphAsking,
} from '@cq/kit/testing';
import { createUnitsSubgraph } from '@cq/units';
import { sql } from 'drizzle-orm';
import type { GraphQLFormattedError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { createTelecomSubgraph } from '../src/server.ts';
import { type CreateCircuitInput, type CreateTariffInput, graphql } from './generated/graphql.ts';

let telecom: AskingTestSubgraph<Context, 'units'>;
beforeAll(async () => {
  // The real units subgraph, on its own seed and served over HTTP, answers what telecom asks: a
  // coordinating unit's subtree (§6.2), and whether the unit a circuit is ordered for exists.
  telecom = await startTestSubgraphAsking('telecom', createTelecomSubgraph, { units: createUnitsSubgraph });
});
afterAll(async () => telecom?.stop());

const OFFICE: Viewer = { id: 'joint-conference-desk', role: 'joint-conference' };
const FINANCE: Viewer = { id: 'finance-bureau-desk', role: 'finance' };
const ANALYST: Viewer = { id: 'programme-analyst', role: 'analyst' };
const PARK: Viewer = { id: 'park-operator-desk', role: 'park-operator' };
const MOBILE: Viewer = { id: 'china-mobile-engineer', role: 'carrier', carrierId: 'china-mobile-chongqing' };
const TELECOM: Viewer = { id: 'china-telecom-engineer', role: 'carrier', carrierId: 'china-telecom-chongqing' };
const BANAN_OFFICER: Viewer = { id: 'banan-clerk', role: 'unit-officer', unitId: 'banan-district' };
const NANAN_COORDINATOR: Viewer = { id: 'nanan-coordination-desk', role: 'coordinator', unitId: 'nanan-district' };
const VENDOR: Viewer = { id: 'cloud-vendor-desk', role: 'vendor', vendorId: 'sample-cloud-vendor' };

/** Seeded circuits: Banan has a China Telecom line (ACTIVE) and a China Unicom one (PROVISIONING). */
const BANAN_TELECOM = 'circuit-banan-district-telecom-line-100';
const BANAN_UNICOM = 'circuit-banan-district-unicom-line-100';
const NANAN_MOBILE = 'circuit-nanan-district-mobile-line-100';

/** A refusal of the whole operation or of one field: its code and message. */
function refused(result: { errors?: readonly GraphQLFormattedError[] }, code: string, message: RegExp) {
  const error = errorOf(result);
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
}

/** The errors of a partial answer, as path, code and message: which fields were refused, and why. */
const errorsOf = (result: { errors?: readonly GraphQLFormattedError[] }) =>
  (result.errors ?? []).map((e) => ({ path: e.path?.join('.'), code: e.extensions?.code, message: e.message }));

const CATALOGUE_AND_CIRCUIT = graphql(`query TelecomPolicyCatalogue($circuit: ID!) {
  carriers { id } carrier(id: "china-mobile-chongqing") { name tariffs { id } }
  tariffs(carrierId: "china-unicom-chongqing") { id } tariff(id: "mobile-line-100") { id carrier { id } }
  circuit(id: $circuit) { id } }`);
const CIRCUIT = graphql(`query TelecomPolicyCircuit($id: ID!) { circuit(id: $id) { id unit { id } status tariff { carrier { id } } } }`);
const UNITS = graphql(`query TelecomPolicyUnits($reps: [_Any!]!) { _entities(representations: $reps) { ... on Unit {
  id circuits { id } circuitCharges { monthlyPriceCny circuit { id } } telecomMonthlyCostCny } } }`);
const CIRCUIT_ENTITY = graphql(`query TelecomPolicyCircuitEntity($reps: [_Any!]!) { _entities(representations: $reps) {
  ... on Circuit { id status } } }`);

/** Units as the gateway represents them to this subgraph, with what telecom @requires. */
const unitReps = (...ids: string[]) => ids.map((id) => ({ __typename: 'Unit', id, kind: 'DISTRICT', isMigrating: true }));
const circuitIds = (unit: { circuits?: { id: string }[] | null } | null | undefined) => unit?.circuits?.map((c) => c.id) ?? null;

describe('the public catalogue, and what is not public', () => {
  it('anonymous: carriers and tariffs answer; a circuit is refused (UNAUTHENTICATED) while the rest of the answer stands', async () => {
    const result = await execute(telecom, CATALOGUE_AND_CIRCUIT, { circuit: BANAN_TELECOM });
    expect(result.data).toEqual({
      carriers: [{ id: 'china-mobile-chongqing' }, { id: 'china-telecom-chongqing' }, { id: 'china-unicom-chongqing' }],
      carrier: { name: 'China Mobile Chongqing', tariffs: [{ id: 'mobile-line-100' }, { id: 'mobile-line-500' }] },
      tariffs: [{ id: 'unicom-line-100' }, { id: 'unicom-line-1000' }],
      tariff: { id: 'mobile-line-100', carrier: { id: 'china-mobile-chongqing' } },
      circuit: null,
    });
    expect(errorsOf(result)).toEqual([
      { path: 'circuit', code: 'UNAUTHENTICATED', message: 'Query.circuit needs a signed-in caller: send a bearer token.' },
    ]);
  });

  it('anonymous: a unit’s circuits, charges and bill are refused (UNAUTHENTICATED); the unit’s id stands', async () => {
    const result = await execute(telecom, UNITS, { reps: unitReps('banan-district') });
    expect(result.data?._entities).toEqual([{ id: 'banan-district', circuits: null, circuitCharges: null, telecomMonthlyCostCny: null }]);
    expect(errorsOf(result).map((e) => e.code)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED']);
    // Another subgraph's reference to a circuit is refused too (entity lookups skip the schema's directives).
    const entity = await execute(telecom, CIRCUIT_ENTITY, { reps: [{ __typename: 'Circuit', id: BANAN_TELECOM }] });
    expect(entity.data?._entities).toEqual([null]);
    refused(entity, 'UNAUTHENTICATED', /Circuits need a signed-in caller/);
  });

  it('a cloud provider reads the catalogue, but circuits are refused (FORBIDDEN, naming its role)', async () => {
    const result = await execute(telecom, CATALOGUE_AND_CIRCUIT, { circuit: BANAN_TELECOM }, VENDOR);
    expect(result.data?.carriers).toHaveLength(3);
    expect(result.data?.circuit).toBeNull();
    refused(
      result,
      'FORBIDDEN',
      /^Refused for the vendor role of vendor sample-cloud-vendor: circuits are for the programme, the units and coordinating units concerned, the park and the carriers, not for cloud providers\.$/,
    );
    const units = await execute(telecom, UNITS, { reps: unitReps('banan-district') }, VENDOR);
    expect(units.data?._entities).toEqual([{ id: 'banan-district', circuits: null, circuitCharges: null, telecomMonthlyCostCny: null }]);
    expect(errorsOf(units).every((e) => e.code === 'FORBIDDEN' && /vendor role/.test(e.message))).toBe(true);
    const entity = await execute(telecom, CIRCUIT_ENTITY, { reps: [{ __typename: 'Circuit', id: BANAN_TELECOM }] }, VENDOR);
    expect(entity.data?._entities).toEqual([null]);
    refused(entity, 'FORBIDDEN', /vendor role of vendor sample-cloud-vendor: circuits are for the programme/);
  });

  it('UNAUTHENTICATED: a request the gateway did not sign is refused before anything runs', async () => {
    await expect(telecom.context({ headers: {} } as never)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await expect(telecom.context({ headers: { authorization: 'Bearer not-a-token' } } as never)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });
});

describe('Query.circuit and Circuit references: one circuit by id', () => {
  it('the joint-conference office, finance, analysts and the park’s operator see any circuit', async () => {
    for (const viewer of [OFFICE, FINANCE, ANALYST, PARK]) {
      const circuit = dataOf(await execute(telecom, CIRCUIT, { id: BANAN_UNICOM }, viewer)).circuit;
      expect(circuit).toEqual({
        id: BANAN_UNICOM,
        unit: { id: 'banan-district' },
        status: 'PROVISIONING',
        tariff: { carrier: { id: 'china-unicom-chongqing' } },
      });
    }
  });

  it('a carrier sees its own circuits; another carrier’s is null with FORBIDDEN', async () => {
    expect(dataOf(await execute(telecom, CIRCUIT, { id: BANAN_TELECOM }, TELECOM)).circuit?.id).toBe(BANAN_TELECOM);
    const other = await execute(telecom, CIRCUIT, { id: BANAN_UNICOM }, TELECOM);
    expect(other.data).toEqual({ circuit: null });
    refused(
      other,
      'FORBIDDEN',
      new RegExp(
        `^Refused for the carrier role of carrier china-telecom-chongqing: a carrier sees only its own circuits; circuit ${BANAN_UNICOM} is another carrier's\\.$`,
      ),
    );
  });

  it('a unit’s officer sees its own unit’s circuits; another unit’s is null with FORBIDDEN', async () => {
    expect(dataOf(await execute(telecom, CIRCUIT, { id: BANAN_UNICOM }, BANAN_OFFICER)).circuit?.id).toBe(BANAN_UNICOM);
    const other = await execute(telecom, CIRCUIT, { id: NANAN_MOBILE }, BANAN_OFFICER);
    expect(other.data).toEqual({ circuit: null });
    refused(
      other,
      'FORBIDDEN',
      /^Refused for the unit-officer role of unit banan-district: a unit's officer sees only its own unit's circuits, not those of unit nanan-district\.$/,
    );
    // A circuit that does not exist is simply null.
    const none = await execute(telecom, CIRCUIT, { id: 'policy-no-such-circuit' }, BANAN_OFFICER);
    expect(none).toEqual({ data: { circuit: null } });
  });

  it('another subgraph’s references: a circuit in scope resolves, one out of scope is null with FORBIDDEN', async () => {
    const reps = [BANAN_TELECOM, NANAN_MOBILE].map((id) => ({ __typename: 'Circuit', id }));
    const result = await execute(telecom, CIRCUIT_ENTITY, { reps }, BANAN_OFFICER);
    expect(result.data?._entities).toEqual([{ id: BANAN_TELECOM, status: 'ACTIVE' }, null]);
    expect(errorsOf(result)).toEqual([expect.objectContaining({ path: '_entities.1', code: 'FORBIDDEN' })]);
  });
});

describe('Unit.circuits, circuitCharges and telecomMonthlyCostCny', () => {
  it('the programme’s readers see every unit’s circuits, charges and bill', async () => {
    for (const viewer of [OFFICE, FINANCE, ANALYST, PARK]) {
      const [banan, nanan] = dataOf(
        await execute(telecom, UNITS, { reps: unitReps('banan-district', 'nanan-district') }, viewer),
      )._entities;
      expect(circuitIds(banan)).toEqual([BANAN_TELECOM, BANAN_UNICOM]);
      expect(circuitIds(nanan)).toEqual([NANAN_MOBILE]);
      // The ACTIVE China Telecom line at its preferential price; the PROVISIONING one costs nothing yet.
      expect(banan?.telecomMonthlyCostCny).toBe('4080.00');
    }
  });

  it('a carrier lists only its own circuits and their charges, and may not see a unit’s whole bill', async () => {
    const result = await execute(telecom, UNITS, { reps: unitReps('banan-district', 'nanan-district') }, TELECOM);
    expect(result.data?._entities).toEqual([
      {
        id: 'banan-district',
        circuits: [{ id: BANAN_TELECOM }],
        circuitCharges: [{ monthlyPriceCny: '4080.00', circuit: { id: BANAN_TELECOM } }],
        telecomMonthlyCostCny: null,
      },
      { id: 'nanan-district', circuits: [], circuitCharges: [], telecomMonthlyCostCny: null },
    ]);
    expect(errorsOf(result)).toEqual([
      expect.objectContaining({
        path: '_entities.0.telecomMonthlyCostCny',
        code: 'FORBIDDEN',
        message: expect.stringMatching(
          /^Refused for the carrier role of carrier china-telecom-chongqing: a carrier sees the charges of its own circuits, not unit banan-district's whole telecom bill, which includes other carriers' circuits\.$/,
        ),
      }),
      expect.objectContaining({ path: '_entities.1.telecomMonthlyCostCny', code: 'FORBIDDEN' }),
    ]);
    const mobile = dataOf(
      await execute(
        telecom,
        graphql(
          `query TelecomPolicyCarrierCircuits($reps: [_Any!]!) { _entities(representations: $reps) { ... on Unit { id circuits { id } } } }`,
        ),
        { reps: unitReps('banan-district', 'nanan-district') },
        MOBILE,
      ),
    );
    expect(mobile._entities).toEqual([
      { id: 'banan-district', circuits: [] },
      { id: 'nanan-district', circuits: [{ id: NANAN_MOBILE }] },
    ]);
  });

  it('a unit’s officer sees its own unit’s circuits, charges and bill; another unit’s are null with FORBIDDEN, the rest stands', async () => {
    const result = await execute(telecom, UNITS, { reps: unitReps('banan-district', 'nanan-district') }, BANAN_OFFICER);
    expect(result.data?._entities).toEqual([
      {
        id: 'banan-district',
        circuits: [{ id: BANAN_TELECOM }, { id: BANAN_UNICOM }],
        circuitCharges: [
          { monthlyPriceCny: '4080.00', circuit: { id: BANAN_TELECOM } },
          { monthlyPriceCny: '0.00', circuit: { id: BANAN_UNICOM } },
        ],
        telecomMonthlyCostCny: '4080.00',
      },
      { id: 'nanan-district', circuits: null, circuitCharges: null, telecomMonthlyCostCny: null },
    ]);
    expect(errorsOf(result).map((e) => [e.path, e.code])).toEqual([
      ['_entities.1.circuits', 'FORBIDDEN'],
      ['_entities.1.circuitCharges', 'FORBIDDEN'],
      ['_entities.1.telecomMonthlyCostCny', 'FORBIDDEN'],
    ]);
    expect(at(result.errors, 0).message).toMatch(
      /^Refused for the unit-officer role of unit banan-district: a unit's officer sees only its own unit's circuits, not those of unit nanan-district\.$/,
    );
  });

  it('the SQL a list runs does not grow with the number of units asked about', async () => {
    const statements = telecom.database.statements;
    const before = statements.count;
    dataOf(await execute(telecom, UNITS, { reps: unitReps('banan-district') }, OFFICE));
    const one = statements.count - before;
    const many = unitReps(
      'banan-district',
      'nanan-district',
      'liangping-county',
      'general-office',
      'rural-commercial-bank',
      'finance-bureau',
    );
    const start = statements.count;
    dataOf(await execute(telecom, UNITS, { reps: many }, OFFICE));
    expect(statements.count - start).toBe(one);
  });
});

describe('a coordinating unit (§6.2): its subtree, asked of the units subgraph', () => {
  it('sees its own unit’s circuits without asking; without the units subgraph, other units are refused, never shown unchecked', async () => {
    // A telecom subgraph with no units peer configured: every question to units fails (SUBGRAPH_UNAVAILABLE).
    const alone = await startTestSubgraph('telecom', createTelecomSubgraph);
    try {
      const result = await execute(alone, UNITS, { reps: unitReps('nanan-district', 'banan-district') }, NANAN_COORDINATOR);
      expect(result.data?._entities).toEqual([
        expect.objectContaining({ id: 'nanan-district', circuits: [{ id: NANAN_MOBILE }], telecomMonthlyCostCny: '3900.00' }),
        { id: 'banan-district', circuits: null, circuitCharges: null, telecomMonthlyCostCny: null },
      ]);
      // No units peer is configured in process: the check fails closed.
      expect(errorsOf(result).map((e) => [e.path, e.code])).toEqual([
        ['_entities.1.circuits', 'SUBGRAPH_UNAVAILABLE'],
        ['_entities.1.circuitCharges', 'SUBGRAPH_UNAVAILABLE'],
        ['_entities.1.telecomMonthlyCostCny', 'SUBGRAPH_UNAVAILABLE'],
      ]);
      expect(dataOf(await execute(alone, CIRCUIT, { id: NANAN_MOBILE }, NANAN_COORDINATOR)).circuit?.id).toBe(NANAN_MOBILE);
      const other = await execute(alone, CIRCUIT, { id: BANAN_TELECOM }, NANAN_COORDINATOR);
      expect(other.data).toEqual({ circuit: null });
      expect(errorOf(other).code).toBe('SUBGRAPH_UNAVAILABLE');
      expect(errorOf(other).message).toMatch(/^The units subgraph could not be asked/);
    } finally {
      await alone.stop();
    }
  });

  describe('with the units subgraph to ask (the real one, served over HTTP on its own seed)', () => {
    // §6.2, as the units seed has it: Nan'an District coordinates itself and its water company.
    let units: Served;

    beforeAll(async () => {
      units = telecom.peers.units;
      const water: CreateCircuitInput = {
        unitId: 'sample-nanan-water-company',
        dataCenterId: 'government-cloud-platform',
        tariffId: 'mobile-line-100',
      };
      dataOf(await execute(telecom, CREATE_CIRCUIT, { input: water }, MOBILE));
    });

    it('sees the circuits of the units it coordinates, not others’, asking units once per request as a service', async () => {
      const asked = units.listening.requests.count;
      const result = await execute(
        telecom,
        graphql(`query TelecomPolicyCoordinated($reps: [_Any!]!, $circuit: ID!) {
          _entities(representations: $reps) { ... on Unit { id circuits { id unit { id } } } }
          circuit(id: $circuit) { id } }`),
        { reps: unitReps('nanan-district', 'sample-nanan-water-company', 'banan-district'), circuit: BANAN_TELECOM },
        NANAN_COORDINATOR,
      );
      const [nanan, water, banan] = result.data?._entities ?? [];
      expect(circuitIds(nanan)).toEqual([NANAN_MOBILE]);
      // The water company's seeded line into the Yangtze data centre, and the one ordered above.
      expect(water).toEqual({
        id: 'sample-nanan-water-company',
        circuits: [
          { id: expect.stringMatching(/^circuit-sample-nanan-water-company-mobile-line-100-/), unit: { id: 'sample-nanan-water-company' } },
          { id: 'circuit-sample-nanan-water-company-telecom-line-100', unit: { id: 'sample-nanan-water-company' } },
        ],
      });
      expect(banan).toEqual({ id: 'banan-district', circuits: null });
      expect(result.data?.circuit).toBeNull();
      expect(errorsOf(result).map((e) => [e.path, e.code])).toEqual([
        ['_entities.2.circuits', 'FORBIDDEN'],
        ['circuit', 'FORBIDDEN'],
      ]);
      expect(at(result.errors, 0).message).toMatch(
        /^Refused for the coordinator role of unit nanan-district: a coordinating unit sees only the circuits of the units it coordinates \(§6\.2\), not those of unit banan-district\.$/,
      );
      // Two units and a circuit outside its own unit, one question to units.
      expect(units.listening.requests.count - asked).toBe(1);
    });
  });
});

const CREATE_TARIFF = graphql(
  `mutation TelecomPolicyCreateTariff($input: CreateTariffInput!) { createTariff(input: $input) { id carrier { id } } }`,
);
const TARIFF = graphql(`query TelecomPolicyTariff($id: ID!) { tariff(id: $id) { id } }`);
const CREATE_CIRCUIT = graphql(
  `mutation TelecomPolicyCreateCircuit($input: CreateCircuitInput!) { createCircuit(input: $input) { id status tariff { carrier { id } } } }`,
);
const ADVANCE = graphql(
  `mutation TelecomPolicyAdvanceCircuit($id: ID!, $status: CircuitStatus!) { advanceCircuit(input: { id: $id, status: $status }) { id status } }`,
);
const UNIT_CIRCUITS = graphql(
  `query TelecomPolicyUnitCircuits($reps: [_Any!]!) { _entities(representations: $reps) { ... on Unit { circuits { id status } } } }`,
);

const tariffInput = (id: string, carrierId: string): CreateTariffInput => ({
  id,
  carrierId,
  product: 'Dedicated line to the Liangjiang park, 20 Mbps',
  bandwidthMbps: 20,
  standardMonthlyPriceCny: '1200.00',
  preferentialMonthlyPriceCny: '800.00',
  oneTimeChargeCny: '500.00',
  commitmentMonths: 12,
  validFrom: '2016-01-01',
});
const circuitInput = (unitId: string, tariffId: string): CreateCircuitInput => ({
  unitId,
  dataCenterId: 'government-cloud-platform',
  tariffId,
});
const tariffExists = async (id: string) => dataOf(await execute(telecom, TARIFF, { id })).tariff !== null;
const circuitsOf = async (unitId: string) =>
  at(dataOf(await execute(telecom, UNIT_CIRCUITS, { reps: unitReps(unitId) }, OFFICE))._entities, 0)?.circuits ?? null;
const statusOf = async (id: string) => present(dataOf(await execute(telecom, CIRCUIT, { id }, OFFICE)).circuit, id).status;

describe('createTariff: a carrier, for itself', () => {
  it('a carrier publishes its own tariff', async () => {
    const created = dataOf(
      await execute(telecom, CREATE_TARIFF, { input: tariffInput('policy-mobile-tariff', 'china-mobile-chongqing') }, MOBILE),
    );
    expect(created.createTariff).toEqual({ id: 'policy-mobile-tariff', carrier: { id: 'china-mobile-chongqing' } });
  });

  it('FORBIDDEN: carrier A publishing a tariff for carrier B; nothing is written', async () => {
    refused(
      await execute(telecom, CREATE_TARIFF, { input: tariffInput('policy-forged-tariff', 'china-telecom-chongqing') }, MOBILE),
      'FORBIDDEN',
      /^Refused for the carrier role of carrier china-mobile-chongqing: a carrier publishes only its own tariffs \(§6\.5\); this one names carrier china-telecom-chongqing\.$/,
    );
    expect(await tariffExists('policy-forged-tariff')).toBe(false);
  });

  it('FORBIDDEN for any other role, naming it; UNAUTHENTICATED without a caller', async () => {
    const input = tariffInput('policy-role-tariff', 'china-mobile-chongqing');
    refused(
      await execute(telecom, CREATE_TARIFF, { input }, OFFICE),
      'FORBIDDEN',
      /^Refused for the joint-conference role: Mutation\.createTariff is only for carrier\. Access: /,
    );
    refused(
      await execute(telecom, CREATE_TARIFF, { input }, BANAN_OFFICER),
      'FORBIDDEN',
      /^Refused for the unit-officer role of unit banan-district: Mutation\.createTariff is only for carrier\. Access: /,
    );
    refused(await execute(telecom, CREATE_TARIFF, { input }), 'UNAUTHENTICATED', /Mutation\.createTariff needs a signed-in caller/);
    expect(await tariffExists('policy-role-tariff')).toBe(false);
  });
});

describe('createCircuit: a carrier, under its own tariffs', () => {
  it('a carrier orders a circuit under its own tariff', async () => {
    const seeded = present(await circuitsOf('wanzhou-district'), 'its seeded circuits');
    const created = dataOf(await execute(telecom, CREATE_CIRCUIT, { input: circuitInput('wanzhou-district', 'mobile-line-100') }, MOBILE));
    expect(created.createCircuit).toMatchObject({ status: 'PLANNED', tariff: { carrier: { id: 'china-mobile-chongqing' } } });
    // Beside its seeded line, the unit has the new one.
    const circuits = present(await circuitsOf('wanzhou-district'), 'its circuits');
    expect(circuits).toHaveLength(seeded.length + 1);
    expect(circuits).toEqual(expect.arrayContaining([...seeded, { id: created.createCircuit.id, status: 'PLANNED' }]));
  });

  it('FORBIDDEN: carrier A ordering a circuit under carrier B’s tariff; nothing is written', async () => {
    const seeded = await circuitsOf('wulong-county');
    refused(
      await execute(telecom, CREATE_CIRCUIT, { input: circuitInput('wulong-county', 'telecom-line-100') }, MOBILE),
      'FORBIDDEN',
      /^Refused for the carrier role of carrier china-mobile-chongqing: a carrier orders circuits only under its own tariffs; tariff telecom-line-100 is carrier china-telecom-chongqing's\.$/,
    );
    expect(await circuitsOf('wulong-county')).toEqual(seeded);
  });

  it('FORBIDDEN for any other role, naming it; UNAUTHENTICATED without a caller', async () => {
    const input = circuitInput('wushan-county', 'mobile-line-100');
    const seeded = await circuitsOf('wushan-county');
    refused(
      await execute(telecom, CREATE_CIRCUIT, { input }, PARK),
      'FORBIDDEN',
      /^Refused for the park-operator role: Mutation\.createCircuit is only for carrier\. Access: /,
    );
    refused(
      await execute(telecom, CREATE_CIRCUIT, { input }, VENDOR),
      'FORBIDDEN',
      /^Refused for the vendor role of vendor sample-cloud-vendor: /,
    );
    refused(await execute(telecom, CREATE_CIRCUIT, { input }), 'UNAUTHENTICATED', /Mutation\.createCircuit needs a signed-in caller/);
    expect(await circuitsOf('wushan-county')).toEqual(seeded);
  });
});

describe('advanceCircuit: a carrier, its own circuits', () => {
  let circuitId: string;
  beforeAll(async () => {
    circuitId = dataOf(await execute(telecom, CREATE_CIRCUIT, { input: circuitInput('wuxi-county', 'mobile-line-100') }, MOBILE))
      .createCircuit.id;
  });

  it('FORBIDDEN: carrier B moving on carrier A’s circuit; its status stays', async () => {
    refused(
      await execute(telecom, ADVANCE, { id: circuitId, status: 'PROVISIONING' }, TELECOM),
      'FORBIDDEN',
      new RegExp(
        `^Refused for the carrier role of carrier china-telecom-chongqing: a carrier moves on only its own circuits; circuit ${circuitId} is another carrier's\\.$`,
      ),
    );
    expect(await statusOf(circuitId)).toBe('PLANNED');
  });

  it('FORBIDDEN for any other role, naming it; UNAUTHENTICATED without a caller', async () => {
    refused(
      await execute(telecom, ADVANCE, { id: circuitId, status: 'PROVISIONING' }, FINANCE),
      'FORBIDDEN',
      /^Refused for the finance role: Mutation\.advanceCircuit is only for carrier\. Access: /,
    );
    refused(
      await execute(telecom, ADVANCE, { id: circuitId, status: 'PROVISIONING' }),
      'UNAUTHENTICATED',
      /Mutation\.advanceCircuit needs a signed-in caller/,
    );
    expect(await statusOf(circuitId)).toBe('PLANNED');
  });

  it('the circuit’s carrier moves it on', async () => {
    expect(dataOf(await execute(telecom, ADVANCE, { id: circuitId, status: 'PROVISIONING' }, MOBILE)).advanceCircuit).toEqual({
      id: circuitId,
      status: 'PROVISIONING',
    });
    expect(await statusOf(circuitId)).toBe('PROVISIONING');
  });
});

describe('the audit log of telecom’s changes', () => {
  const AUDIT = graphql(`query TelecomPolicyAudit($filter: AuditFilter, $first: Int, $after: String) {
    _entities(representations: [{ __typename: "AuditLog", id: "programme" }]) { ... on AuditLog { id
      telecom(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
        edges { cursor node { id subgraph at actor role tenant operation arguments outcome code message subject } } } } } }`);
  const UNICOM: Viewer = { id: 'policy-audit-engineer', role: 'carrier', carrierId: 'china-unicom-chongqing' };
  const CLERK: Viewer = { id: 'policy-audit-clerk', role: 'unit-officer', unitId: 'banan-district' };

  /** The log's entries for a filter, read as the joint-conference office. */
  async function entries(
    filter: { actor?: string; outcome?: 'ALLOWED' | 'REFUSED' | 'FAILED'; operation?: string },
    page: { first?: number; after?: string } = {},
  ) {
    const log = present(at(dataOf(await execute(telecom, AUDIT, { filter, ...page }, OFFICE))._entities, 0), 'the audit log');
    if (!('telecom' in log)) throw new Error('Expected the AuditLog entity.');
    return present(log.telecom, 'its telecom entries');
  }

  beforeAll(async () => {
    dataOf(await execute(telecom, CREATE_TARIFF, { input: tariffInput('policy-audited-tariff', 'china-unicom-chongqing') }, UNICOM));
    errorOf(await execute(telecom, CREATE_TARIFF, { input: tariffInput('policy-audit-forged', 'china-mobile-chongqing') }, UNICOM));
    errorOf(await execute(telecom, CREATE_TARIFF, { input: tariffInput('policy-audit-clerk', 'china-mobile-chongqing') }, CLERK));
  });

  it('holds an allowed and a refused change, newest first, with who asked, in which role, and why it was refused', async () => {
    const log = await entries({ actor: UNICOM.id });
    expect(log.totalCount).toBe(2);
    const [refusal, allowed] = log.edges.map((e) => e.node);
    expect(allowed).toEqual({
      id: expect.stringMatching(/^telecom-\d+$/),
      subgraph: 'telecom',
      at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      actor: 'policy-audit-engineer',
      role: 'carrier',
      tenant: 'carrier:china-unicom-chongqing',
      operation: 'createTariff',
      arguments: expect.any(String),
      outcome: 'ALLOWED',
      code: null,
      message: null,
      subject: 'policy-audited-tariff',
    });
    expect(JSON.parse(present(allowed, 'the allowed entry').arguments)).toMatchObject({
      input: { id: 'policy-audited-tariff', carrierId: 'china-unicom-chongqing' },
    });
    expect(refusal).toMatchObject({
      actor: 'policy-audit-engineer',
      outcome: 'REFUSED',
      code: 'FORBIDDEN',
      message: expect.stringMatching(/a carrier publishes only its own tariffs \(§6\.5\); this one names carrier china-mobile-chongqing\./),
      subject: null,
    });
    // A refusal by role is recorded too, with the tenant the caller acted for.
    const [clerk] = (await entries({ actor: CLERK.id, outcome: 'REFUSED' })).edges.map((e) => e.node);
    expect(clerk).toMatchObject({ role: 'unit-officer', tenant: 'unit:banan-district', operation: 'createTariff', code: 'FORBIDDEN' });
    // Pages, newest first.
    const first = await entries({ actor: UNICOM.id }, { first: 1 });
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = await entries({ actor: UNICOM.id }, { first: 1, after: present(first.pageInfo.endCursor, 'a cursor') });
    expect(next.edges.map((e) => e.node.outcome)).toEqual(['ALLOWED']);
  });

  it('is for the joint-conference office only: FORBIDDEN to other roles, UNAUTHENTICATED without a caller', async () => {
    for (const viewer of [UNICOM, FINANCE, ANALYST]) {
      const result = await execute(telecom, AUDIT, { filter: { actor: UNICOM.id } }, viewer);
      expect(result.data?._entities).toEqual([{ id: 'programme', telecom: null }]);
      refused(
        result,
        'FORBIDDEN',
        new RegExp(`^Refused for the ${viewer.role} role.*: AuditLog\\.telecom is only for joint-conference\\. Access: `),
      );
    }
    const anonymous = await execute(telecom, AUDIT, { filter: { actor: UNICOM.id } });
    expect(anonymous.data?._entities).toEqual([{ id: 'programme', telecom: null }]);
    refused(anonymous, 'UNAUTHENTICATED', /AuditLog\.telecom needs a signed-in caller/);
  });

  it('is append-only: the database refuses to change or remove an entry', async () => {
    const before = (await entries({})).totalCount;
    expect(before).toBeGreaterThan(0);
    await expect(telecom.database.db.execute(sql`delete from audit_log`)).rejects.toThrow();
    await expect(telecom.database.db.execute(sql`update audit_log set outcome = 'ALLOWED', code = null`)).rejects.toThrow();
    expect((await entries({})).totalCount).toBe(before);
  });
});
