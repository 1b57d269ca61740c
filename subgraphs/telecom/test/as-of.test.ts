/**
 * The telecom subgraph as it stood at a moment (kit: moment.ts): the moment comes signed with the request,
 * as the gateway sends it. Circuits are in the status they had reached then and absent before they were
 * ordered; only those ACTIVE then are billed, at the preferential price only inside the tariff's validity.
 * The tariff and circuits here are this test's own, written with their days, so every figure follows
 * from the rows below.
 */
import type { IncomingMessage } from 'node:http';
import { carrierStaff, dataOf, execute, OFFICE, signedFor, startTestSubgraph, type TestSubgraph } from '@cq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { circuits, tariffs } from '../src/data/schema.ts';
import { circuitStatusOn } from '../src/domain/rules.ts';
import { createTelecomSubgraph } from '../src/server.ts';
import { graphql } from './generated/graphql.ts';

let telecom: TestSubgraph<Context>;
let carrierId: string;
beforeAll(async () => {
  telecom = await startTestSubgraph('telecom', createTelecomSubgraph);
  const db = (await telecom.context({ headers: await signedFor(OFFICE) } as unknown as IncomingMessage)).db;
  carrierId = dataOf(await execute(telecom, graphql(`query AsOfCarriers { carriers { id } }`))).carriers[0]?.id ?? '';
  // Preferential at 600.00 instead of 1000.00 from 1 August to 31 December 2015.
  await db.insert(tariffs).values({
    id: 'asof-line',
    carrierId,
    product: 'Dedicated line to the park (as-of test)',
    bandwidthMbps: 100,
    standardMonthlyPriceCny: '1000.00',
    preferentialMonthlyPriceCny: '600.00',
    validFrom: '2015-08-01',
    validUntil: '2015-12-31',
  });
  const circuit = { unitId: 'asof-unit', dataCenterId: 'transitional-government-data-center', tariffId: 'asof-line', bandwidthMbps: 100 };
  await db.insert(circuits).values([
    // Ordered 20 July, built from 3 August, in service 1 September 2015, taken out 1 March 2016.
    {
      ...circuit,
      id: 'asof-circuit',
      status: 'DECOMMISSIONED',
      orderedOn: '2015-07-20',
      provisioningOn: '2015-08-03',
      activeOn: '2015-09-01',
      decommissionedOn: '2016-03-01',
    },
    // In service since before its days were kept: in service on any day.
    { ...circuit, id: 'asof-legacy', status: 'ACTIVE' },
    // Ordered in 2015 and not yet moved on.
    { ...circuit, id: 'asof-planned', status: 'PLANNED', orderedOn: '2015-07-20' },
  ]);
});
afterAll(async () => telecom?.stop());

const UNIT = graphql(`query AsOfUnitCircuits($units: [_Any!]!) { _entities(representations: $units) { ... on Unit {
  circuits { id status } circuitCharges { circuit { id } monthlyPriceCny preferential } telecomMonthlyCostCny } } }`);
const TARIFF = graphql(`query AsOfTariff { tariff(id: "asof-line") { isValid } circuit(id: "asof-circuit") { status activeOn } }`);

/** A moment asked for: the end of that day in Asia/Shanghai, signed as the gateway signs it. */
const endOf = (day: string) => ({ at: new Date(`${day}T24:00:00+08:00`), asOf: true });

/** The unit's circuits, charges and bill as of a day (the gateway sends its kind and that it is migrating). */
async function unitOn(day: string) {
  const representation = { __typename: 'Unit', id: 'asof-unit', kind: 'DISTRICT', isMigrating: true };
  const [unit] = dataOf(await execute(telecom, UNIT, { units: [representation] }, OFFICE, endOf(day)))._entities;
  if (!unit || !('circuits' in unit)) throw new Error('Expected the unit.');
  return {
    circuits: Object.fromEntries((unit.circuits ?? []).map((c) => [c.id, c.status])),
    charges: Object.fromEntries(
      (unit.circuitCharges ?? []).map((c) => [c.circuit.id, `${c.monthlyPriceCny}${c.preferential ? ' preferential' : ''}`]),
    ),
    total: unit.telecomMonthlyCostCny,
  };
}

describe('circuits and tariffs as of a day', () => {
  it('read each circuit in the status it had reached, absent before it was ordered, billed only while ACTIVE', async () => {
    expect(await unitOn('2015-07-10')).toEqual({
      circuits: { 'asof-legacy': 'ACTIVE' },
      charges: { 'asof-legacy': '1000.00' },
      total: '1000.00',
    });
    expect((await unitOn('2015-07-25')).circuits).toEqual({
      'asof-circuit': 'PLANNED',
      'asof-legacy': 'ACTIVE',
      'asof-planned': 'PLANNED',
    });
    expect((await unitOn('2015-08-20')).circuits['asof-circuit']).toBe('PROVISIONING');
    expect(await unitOn('2015-09-30')).toEqual({
      circuits: { 'asof-circuit': 'ACTIVE', 'asof-legacy': 'ACTIVE', 'asof-planned': 'PLANNED' },
      charges: { 'asof-circuit': '600.00 preferential', 'asof-legacy': '600.00 preferential', 'asof-planned': '0.00' },
      total: '1200.00',
    });
    // The preferential price ended with 2015; the circuit was taken out on 1 March 2016.
    expect((await unitOn('2016-01-15')).total).toBe('2000.00');
    expect(await unitOn('2016-03-01')).toMatchObject({
      circuits: { 'asof-circuit': 'DECOMMISSIONED' },
      charges: { 'asof-circuit': '0.00', 'asof-legacy': '1000.00' },
      total: '1000.00',
    });
  });

  it("answer a tariff's validity and a circuit looked up by id at the moment", async () => {
    expect(dataOf(await execute(telecom, TARIFF, {}, OFFICE, endOf('2015-07-10')))).toEqual({ tariff: { isValid: false }, circuit: null });
    expect(dataOf(await execute(telecom, TARIFF, {}, OFFICE, endOf('2015-10-01')))).toEqual({
      tariff: { isValid: true },
      circuit: { status: 'ACTIVE', activeOn: '2015-09-01' },
    });
  });

  it('record the day a circuit moves on, so the day before still shows where it stood', async () => {
    const advance = graphql(
      `mutation AsOfAdvance($input: AdvanceCircuitInput!) { advanceCircuit(input: $input) { status provisioningOn } }`,
    );
    const moved = dataOf(
      await execute(telecom, advance, { input: { id: 'asof-planned', status: 'PROVISIONING' } }, carrierStaff(carrierId)),
    );
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect(moved.advanceCircuit).toEqual({ status: 'PROVISIONING', provisioningOn: today });
    const yesterday = { at: new Date(Date.now() - 86_400_000 - 8 * 3600_000), asOf: true };
    const before = dataOf(
      await execute(
        telecom,
        UNIT,
        { units: [{ __typename: 'Unit', id: 'asof-unit', kind: 'DISTRICT', isMigrating: true }] },
        OFFICE,
        yesterday,
      ),
    );
    expect(before._entities[0]).toMatchObject({ circuits: expect.arrayContaining([{ id: 'asof-planned', status: 'PLANNED' }]) });
  });

  it('derive the status on a day from the days kept (circuitStatusOn)', () => {
    const days = { orderedOn: '2015-07-20', provisioningOn: '2015-08-03', activeOn: '2015-09-01', decommissionedOn: null };
    expect(circuitStatusOn({ status: 'ACTIVE', ...days }, '2015-07-19')).toBeNull();
    expect(circuitStatusOn({ status: 'ACTIVE', ...days }, '2015-08-02')).toBe('PLANNED');
    expect(circuitStatusOn({ status: 'ACTIVE', ...days }, '2015-08-31')).toBe('PROVISIONING');
    expect(circuitStatusOn({ status: 'ACTIVE', ...days }, '2015-09-01')).toBe('ACTIVE');
    // A status reached without a kept day counts as reached since before the programme.
    expect(circuitStatusOn({ status: 'PROVISIONING', ...days, provisioningOn: null }, '2015-01-01')).toBe('PROVISIONING');
  });
});
