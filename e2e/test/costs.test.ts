/**
 * Vendors, park and telecom through the gateway: the monthly cost of a unit across the four subgraphs
 * (@requires), preferential tariffs, the §4 rule seen from the park, a vendor's footprint, and each
 * owner's mutations with their rules. The units subgraph also holds 1,000 generated units here.
 */
import { sumCny } from '@cq/kit/money';
import { at, carrierStaff, dataOf, errorOf, OFFICE, PARK_OPERATOR, present, vendorStaff } from '@cq/kit/testing';
import { vendorsStory } from '@cq/story/vendors';
import { batchOneUnits, countyLevelUnits, generatedUnits, namedUnits, sampleUnits } from '@cq/units/seed/units';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GraphQLResult, type Hub, startHub } from '../src/hub.ts';
import {
  type CircuitStatus,
  type ContractStatus,
  type CreateCircuitInput,
  type CreateContractInput,
  type CreateTariffInput,
  graphql,
  type PlaceSystemInput,
} from './generated/graphql.ts';

let hub: Hub;
beforeAll(async () => {
  hub = await startHub({ units: [...batchOneUnits, ...namedUnits, ...countyLevelUnits(), ...sampleUnits, ...generatedUnits(1000)] });
});
afterAll(async () => {
  await hub?.stop();
});

const operator = PARK_OPERATOR;

function refused(result: GraphQLResult<unknown>, code: string, message: RegExp) {
  const error = errorOf(result);
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
}

const COST = graphql(`query CostsUnitCost($id: ID!) { unit(id: $id) { kind isMigrating
  monthlyCost { cloudServicesCny parkCny communicationCny totalCny }
  contracts { status lines { monthlyAmountCny } }
  placements { monthlyFeeCny }
  circuitCharges { monthlyPriceCny preferential reason circuit { id status tariff { id } } } } }`);
const costOf = async (id: string) => present(dataOf(await hub.query(COST, { id }, OFFICE)).unit, `unit ${id}`);

describe('the monthly cost of a unit, across the graph', () => {
  it('adds cloud contracts (vendors), park places (park) and circuits (telecom) through @requires', async () => {
    const unit = await costOf('general-office');
    const cloud = sumCny(
      present(unit.contracts, 'its contracts')
        .filter((c) => c.status === 'ACTIVE')
        .flatMap((c) => c.lines.map((l) => l.monthlyAmountCny)),
    );
    const park = sumCny(present(unit.placements, 'its placements').map((p) => p.monthlyFeeCny));
    const communication = sumCny(present(unit.circuitCharges, 'its circuit charges').map((c) => c.monthlyPriceCny));
    expect(unit.monthlyCost).toEqual({
      cloudServicesCny: cloud,
      parkCny: park,
      communicationCny: communication,
      totalCny: sumCny([cloud, park, communication]),
    });
    expect(Number(cloud) * Number(park) * Number(communication)).toBeGreaterThan(0);
  });

  it('gives a system its cloud and park cost, without circuits', async () => {
    const data = dataOf(
      await hub.query(
        graphql(
          `query CostsSystemCost { system(id: "general-office-system-1") { monthlyCost { cloudServicesCny parkCny communicationCny totalCny } placement { monthlyFeeCny } } }`,
        ),
        {},
        OFFICE,
      ),
    );
    const system = present(data.system, 'the system');
    const monthlyCost = present(system.monthlyCost, 'its monthly cost');
    const placement = present(system.placement, 'its placement');
    expect(monthlyCost.parkCny).toBe(placement.monthlyFeeCny);
    expect(monthlyCost.communicationCny).toBeNull();
    expect(monthlyCost.totalCny).toBe(
      sumCny([present(monthlyCost.cloudServicesCny, 'its cloud cost'), present(monthlyCost.parkCny, 'its park cost')]),
    );
  });

  it('runs the same SQL statements per subgraph for a page of 10 units as for 100, with 1,000 units in the programme', async () => {
    const page = graphql(
      `query CostsUnitsPage($first: Int) { units(first: $first) { totalCount edges { node { monthlyCost { totalCny } systems { monthlyCost { totalCny } } } } } }`,
    );
    const ten = await hub.statementsFor(page, { first: 10 }, OFFICE);
    const hundred = await hub.statementsFor(page, { first: 100 }, OFFICE);
    expect(hundred).toEqual(ten);
    expect(present(dataOf(await hub.query(page, { first: 1 }, OFFICE)).units, 'units').totalCount).toBeGreaterThan(1000);
  });
});

describe('preferential tariffs (§6.5)', () => {
  it('apply to a migrating unit inside their validity', async () => {
    const unit = await costOf('general-office');
    expect(unit.isMigrating).toBe(true);
    expect(at(unit.circuitCharges, 0)).toMatchObject({ preferential: true, monthlyPriceCny: '22800.00' });
  });

  it('do not apply after their validity ended, nor to a kind they exclude', async () => {
    const finance = await costOf('finance-bureau');
    expect(at(finance.circuitCharges, 0)).toMatchObject({
      preferential: false,
      monthlyPriceCny: '37000.00',
      reason: expect.stringMatching(/to 2016-06-30/),
    });
    const bank = await costOf('rural-commercial-bank');
    const gov = present(bank.circuitCharges, 'its circuit charges').find((c) => c.circuit.tariff.id === 'telecom-gov-line-200');
    expect(gov).toMatchObject({
      preferential: false,
      monthlyPriceCny: '11800.00',
      reason: expect.stringMatching(/not MUNICIPAL_SOE_GROUP/),
    });
  });

  it('do not apply to a unit that is not migrating, and a circuit costs only once ACTIVE', async () => {
    // telecom-line-100 is China Telecom's tariff: its staff order and move on the circuit.
    const carrier = carrierStaff('china-telecom-chongqing', 'china-telecom-engineer');
    // A unit registered today has no system with an approved plan: it is not migrating. The joint-conference
    // office registers units (§6.1).
    const created = await hub.query(
      graphql(
        `mutation CostsCreateNewInstitution { createUnit(input: { id: "test-new-institution", name: "New Institution", officialName: "新事业单位", kind: PUBLIC_INSTITUTION, parentId: "banan-district" }) { id } }`,
      ),
      {},
      OFFICE,
    );
    expect(created.errors).toBeUndefined();
    const circuit = await hub.query(
      graphql(`mutation CostsCreateCircuitWithStatus($input: CreateCircuitInput!) { createCircuit(input: $input) { id status } }`),
      { input: { unitId: 'test-new-institution', dataCenterId: 'government-cloud-platform', tariffId: 'telecom-line-100' } },
      carrier,
    );
    const id = dataOf(circuit).createCircuit.id;
    expect(present((await costOf('test-new-institution')).monthlyCost, 'its monthly cost').communicationCny).toBe('0.00');
    const advance = (status: CircuitStatus) =>
      hub.query(
        graphql(`mutation CostsAdvanceCircuit($input: AdvanceCircuitInput!) { advanceCircuit(input: $input) { status } }`),
        { input: { id, status } },
        carrier,
      );
    refused(await advance('ACTIVE'), 'STATUS_OUT_OF_ORDER', /PLANNED, so it cannot become ACTIVE/);
    expect(dataOf(await advance('PROVISIONING')).advanceCircuit.status).toBe('PROVISIONING');
    expect(dataOf(await advance('ACTIVE')).advanceCircuit.status).toBe('ACTIVE');
    const unit = await costOf('test-new-institution');
    expect(unit.isMigrating).toBe(false);
    expect(at(unit.circuitCharges, 0)).toMatchObject({
      preferential: false,
      monthlyPriceCny: '6800.00',
      reason: expect.stringMatching(/not migrating/),
    });
    expect(present(unit.monthlyCost, 'its monthly cost').communicationCny).toBe('6800.00');
  });

  it('refuse a reversed validity window, a negative price, a price above the standard one and unknown references', async () => {
    const carrier = carrierStaff('china-mobile-chongqing', 'china-mobile-engineer');
    // A carrier publishes only its own tariffs: the staff of the carrier the input names (see the unknown carrier below).
    const create = (changes: Partial<CreateTariffInput>, viewer = carrier) =>
      hub.query(
        graphql(`mutation CostsCreateTariff($input: CreateTariffInput!) { createTariff(input: $input) { id } }`),
        {
          input: {
            id: 'test-tariff',
            carrierId: 'china-mobile-chongqing',
            product: 'Line',
            bandwidthMbps: 50,
            standardMonthlyPriceCny: '3000.00',
            preferentialMonthlyPriceCny: '2000.00',
            oneTimeChargeCny: '0.00',
            commitmentMonths: 12,
            validFrom: '2016-01-01',
            validUntil: '2016-12-31',
            ...changes,
          },
        },
        viewer,
      );
    refused(
      await create({ validUntil: '2015-12-31' }),
      'INVALID_RANGE',
      /A tariff's validity cannot end \(2015-12-31\) before it starts \(2016-01-01\)/,
    );
    refused(await create({ standardMonthlyPriceCny: '-1.00' }), 'NEGATIVE_PRICE', /standardMonthlyPriceCny must not be negative/);
    refused(await create({ preferentialMonthlyPriceCny: '3500.00' }), 'PREFERENTIAL_ABOVE_STANDARD', /§6\.5/);
    // Staff claiming the unknown carrier pass the rule that a carrier publishes its own tariffs, and meet the reference check.
    refused(
      await create({ carrierId: 'no-such-carrier' }, carrierStaff('no-such-carrier')),
      'UNKNOWN_REFERENCE',
      /no carrier no-such-carrier/,
    );
    expect(dataOf(await hub.query(graphql(`query CostsTestTariff { tariff(id: "test-tariff") { id } }`), {}, OFFICE)).tariff).toBeNull();
    expect(dataOf(await create({ eligibleUnitKinds: ['DISTRICT'] })).createTariff.id).toBe('test-tariff');
    const circuit = (input: CreateCircuitInput) =>
      hub.query(
        graphql(`mutation CostsCreateCircuit($input: CreateCircuitInput!) { createCircuit(input: $input) { id } }`),
        { input },
        carrier,
      );
    refused(
      await circuit({ unitId: 'banan-district', dataCenterId: 'government-cloud-platform', tariffId: 'no-such-tariff' }),
      'UNKNOWN_REFERENCE',
      /no tariff/,
    );
    refused(
      await circuit({ unitId: 'banan-district', dataCenterId: 'sample-jialing-data-center', tariffId: 'test-tariff' }),
      'CARRIER_NOT_PRESENT',
      /china-mobile-chongqing has no point of presence/,
    );
  });
});

describe('the park', () => {
  it("judges each placement by §4 with the unit's flag from the units subgraph: the seed's keep it", async () => {
    // The park refuses a placement that breaks §4 (e2e/test/rules.test.ts), so the seed holds none: the
    // approval-function institution's system sits in the Government Cloud Platform, as its plan says.
    const data = dataOf(
      await hub.query(
        graphql(`query CostsPlacementCompliance {
      approval: system(id: "sample-yuzhong-approval-centre-system-1") { destinationCompliant dataCenter { kind } unit { hasAdministrativeApproval } }
      other: system(id: "general-office-system-1") { destinationCompliant }
      unplaced: system(id: "kai-county-system-1") { destinationCompliant } }`),
        {},
        OFFICE,
      ),
    );
    expect(data.approval).toEqual({
      destinationCompliant: true,
      dataCenter: { kind: 'GOVERNMENT_CLOUD_PLATFORM' },
      unit: { hasAdministrativeApproval: true },
    });
    expect(present(data.other, 'the other system').destinationCompliant).toBe(true);
    expect(present(data.unplaced, 'the unplaced system').destinationCompliant).toBeNull();
  });

  it('never places more than a data centre has free, and frees capacity again', async () => {
    const dc = async () =>
      present(
        dataOf(
          await hub.query(
            graphql(
              `query CostsYangtzeCapacity { dataCenter(id: "sample-yangtze-data-center") { racksFree powerFreeKw placements { system { id } } } }`,
            ),
            {},
            OFFICE,
          ),
        ).dataCenter,
        'the data centre',
      );
    const before = await dc();
    const place = (changes: Partial<PlaceSystemInput>) =>
      hub.query(
        graphql(`mutation CostsPlaceSystem($input: PlaceSystemInput!) { placeSystem(input: $input) { id racks powerKw } }`),
        {
          input: {
            // Its approved plan names the Yangtze data centre, and the park has not placed it yet: it is still moving.
            systemId: 'sample-nanan-water-company-system-2',
            dataCenterId: 'sample-yangtze-data-center',
            racks: 2,
            powerKw: '8.0',
            monthlyFeeCny: '8400.00',
            since: '2016-05-01',
            ...changes,
          },
        },
        operator,
      );
    refused(await place({ racks: before.racksFree + 1 }), 'CAPACITY_EXCEEDED', new RegExp(`has ${before.racksFree} racks free`));
    refused(await place({ powerKw: '99999.0' }), 'CAPACITY_EXCEEDED', /kW free/);
    refused(await place({ monthlyFeeCny: '-1.00' }), 'NEGATIVE_PRICE', /monthlyFeeCny/);
    refused(await place({ dataCenterId: 'no-such-dc' }), 'UNKNOWN_REFERENCE', /no data centre no-such-dc/);
    // The park asks the units subgraph whose system it is: a system it does not know is refused too.
    refused(await place({ systemId: 'no-such-system' }), 'UNKNOWN_REFERENCE', /no information system no-such-system/);
    expect(await dc()).toEqual(before);
    expect((await place({})).errors).toBeUndefined();
    const after = await dc();
    expect(after.racksFree).toBe(before.racksFree - 2);
    refused(await place({}), 'ALREADY_PLACED', /already placed/);
    const shrink = await hub.query(
      graphql(
        `mutation CostsShrinkYangtze { updateDataCenter(input: { id: "sample-yangtze-data-center", racksTotal: 10 }) { racksTotal } }`,
      ),
      {},
      operator,
    );
    refused(shrink, 'CAPACITY_EXCEEDED', /cannot shrink to 10/);
    await hub.query(
      graphql(`mutation CostsRemovePlacement { removePlacement(systemId: "sample-nanan-water-company-system-2") { id } }`),
      {},
      operator,
    );
    expect(await dc()).toEqual(before);
  });

  it('lists the support services of §6.5', async () => {
    const data = dataOf(await hub.query(graphql(`query CostsParkServices { parkServices { kind monthlyPriceCny } }`), {}, OFFICE));
    expect(new Set(data.parkServices.map((s) => s.kind))).toEqual(
      new Set(['COMMUNICATION_NETWORK', 'POWER_SUPPLY', 'COMPREHENSIVE_SERVICES', 'LIVING_SUPPORT']),
    );
  });
});

describe('vendors', () => {
  it("show a vendor's footprint from three subgraphs: data centres, contracts, systems in migration, stale tasks", async () => {
    const result = await hub.query(
      graphql(`query CostsVendorFootprint { vendor(id: "sample-jialing-cloud") {
      dataCenters { id } contracts { id } systemsInMigration { id stage vendor { id } }
      migrationTasks(stale: true) { system { id } isStale nextUpdateDue } } }`),
      {},
      OFFICE,
    );
    expect(result.errors).toBeUndefined();
    const v = present(dataOf(result).vendor, 'the vendor');
    expect(v.dataCenters).toEqual([{ id: 'sample-jialing-data-center' }]);
    expect(present(v.contracts, 'its contracts').map((c) => c.id)).toContain('contract-banan-district-jialing');
    const systemsInMigration = present(v.systemsInMigration, 'its systems in migration');
    expect(systemsInMigration.length).toBeGreaterThan(0);
    for (const s of systemsInMigration) {
      expect(present(s.vendor, 'its vendor').id).toBe('sample-jialing-cloud');
      expect(['VENDOR_SELECTED', 'PLAN_APPROVED', 'MIGRATING']).toContain(s.stage);
    }
    // Its tasks on the systems still moving, whose last reports came in 2016 (the seed's story).
    expect(present(v.migrationTasks, 'its stale migration tasks').map((t) => t.system.id)).toEqual(
      vendorsStory()
        .tasks.filter((t) => t.vendorId === 'sample-jialing-cloud' && t.status !== 'DONE')
        .map((t) => t.systemId),
    );
    expect(present(v.migrationTasks, 'its stale migration tasks').map((t) => t.system.id)).toContain('kai-county-system-2');
  });

  it("price contract lines exactly from the catalogue and count only contracts in force in the unit's cost", async () => {
    const vendor = vendorStaff('sample-jialing-cloud', 'jialing-sales');
    const cloudCost = async () => present((await costOf('yuzhong-district')).monthlyCost, 'its monthly cost').cloudServicesCny;
    const before = present(await cloudCost(), 'its cloud cost');
    const contract = (lines: CreateContractInput['lines']) =>
      hub.query(
        graphql(
          `mutation CostsCreateContract($input: CreateContractInput!) { createContract(input: $input) { id status monthlyAmountCny lines { monthlyAmountCny } } }`,
        ),
        {
          input: {
            id: 'test-contract',
            unitId: 'yuzhong-district',
            vendorId: 'sample-jialing-cloud',
            startsOn: '2020-01-01',
            endsOn: '2099-12-31',
            lines,
          },
        },
        vendor,
      );
    const createContractId = graphql(
      `mutation CostsCreateContractId($input: CreateContractInput!) { createContract(input: $input) { id } }`,
    );
    refused(await contract([{ serviceId: 'cci-gov-vm', quantity: '1' }]), 'UNKNOWN_REFERENCE', /sold by chongqing-cloud-investment/);
    const reversed = await hub.query(
      createContractId,
      {
        input: {
          id: 'test-contract',
          unitId: 'yuzhong-district',
          vendorId: 'sample-jialing-cloud',
          startsOn: '2020-01-01',
          endsOn: '2019-12-31',
          lines: [{ serviceId: 'jialing-vm', quantity: '1' }],
        },
      },
      vendor,
    );
    refused(reversed, 'INVALID_RANGE', /A contract cannot end \(2019-12-31\) before it starts \(2020-01-01\)/);
    refused(await contract([{ serviceId: 'no-such-service', quantity: '1' }]), 'UNKNOWN_REFERENCE', /no catalogue service/);
    // §3.2: a system's services come from the provider it selected (asked of units through the graph).
    refused(
      await contract([{ serviceId: 'jialing-vm', quantity: '1', systemId: 'yuzhong-district-system-2' }]),
      'NOT_SELECTED_PROVIDER',
      /§3\.2: yuzhong-district-system-2 selected chongqing-cloud-investment/,
    );
    const created = await contract([{ serviceId: 'jialing-vm', quantity: '3.5', systemId: 'yuzhong-district-system-1' }]);
    expect(dataOf(created).createContract).toEqual({
      id: 'test-contract',
      status: 'SIGNED',
      monthlyAmountCny: '367.50',
      lines: [{ monthlyAmountCny: '367.50' }],
    });
    expect(await cloudCost()).toBe(before);
    const status = (s: ContractStatus) =>
      hub.query(
        graphql(
          `mutation CostsSetTestContractStatus($status: ContractStatus!) { setContractStatus(input: { id: "test-contract", status: $status }) { status } }`,
        ),
        { status: s },
        vendor,
      );
    refused(await status('ENDED'), 'STATUS_OUT_OF_ORDER', /SIGNED, so it cannot become ENDED/);
    await status('ACTIVE');
    expect(await cloudCost()).toBe(sumCny([before, '367.50']));
    // A contract marked ACTIVE whose term is over costs nothing today.
    const old = await hub.query(
      createContractId,
      {
        input: {
          id: 'test-contract-old',
          unitId: 'yuzhong-district',
          vendorId: 'sample-jialing-cloud',
          startsOn: '2016-04-01',
          endsOn: '2017-03-31',
          lines: [{ serviceId: 'jialing-vm', quantity: '10' }],
        },
      },
      vendor,
    );
    expect(old.errors).toBeUndefined();
    await hub.query(
      graphql(`mutation CostsActivateOldContract { setContractStatus(input: { id: "test-contract-old", status: ACTIVE }) { status } }`),
      {},
      vendor,
    );
    expect(await cloudCost()).toBe(sumCny([before, '367.50']));
    // The hosting a unit already had before the programme (§5) ENDED when its systems moved: it costs nothing today.
    const hosted = await costOf('sample-hosted-archives-centre');
    const contracts = present(hosted.contracts, 'its contracts');
    expect(contracts.some((c) => c.status === 'ENDED')).toBe(true);
    expect(present(hosted.monthlyCost, 'its monthly cost').cloudServicesCny).toBe(
      sumCny(contracts.filter((c) => c.status === 'ACTIVE').flatMap((c) => c.lines.map((l) => l.monthlyAmountCny))),
    );
  });

  it('refuse a negative price and keep the catalogue as it was', async () => {
    // shancheng-rds is in Shancheng Data's catalogue.
    const vendor = vendorStaff('sample-shancheng-data', 'shancheng-sales');
    const update = await hub.query(
      graphql(
        `mutation CostsNegativeRdsPrice { updateCloudService(input: { id: "shancheng-rds", unitPriceCny: "-10.00" }) { unitPriceCny } }`,
      ),
      {},
      vendor,
    );
    refused(update, 'NEGATIVE_PRICE', /unitPriceCny must not be negative/);
    const rds = dataOf(
      await hub.query(graphql(`query CostsRdsPrice { cloudService(id: "shancheng-rds") { unitPriceCny } }`), {}, OFFICE),
    ).cloudService;
    expect(present(rds, 'the RDS service').unitPriceCny).toBe('1800.00');
  });

  it('take task reports and tell when the next one is late', async () => {
    const vendor = vendorStaff('sample-jialing-cloud', 'jialing-engineer');
    const report = await hub.query(
      graphql(
        `mutation CostsReportTaskProgress($input: ReportTaskProgressInput!) { reportTaskProgress(input: $input) { status percentComplete isStale system { id } } }`,
      ),
      {
        input: {
          systemId: 'kai-county-system-2',
          vendorId: 'sample-jialing-cloud',
          status: 'IN_PROGRESS',
          percentComplete: 80,
          detail: 'Network re-cut done.',
          nextUpdateDue: '2099-01-01',
        },
      },
      vendor,
    );
    expect(dataOf(report).reportTaskProgress).toEqual({
      status: 'IN_PROGRESS',
      percentComplete: 80,
      isStale: false,
      system: { id: 'kai-county-system-2' },
    });
    const other = await hub.query(
      graphql(`mutation CostsReportTaskProgressId($input: ReportTaskProgressInput!) { reportTaskProgress(input: $input) { id } }`),
      {
        input: {
          systemId: 'kai-county-system-2',
          vendorId: 'sample-yangtze-cloud',
          status: 'DONE',
          percentComplete: 100,
          detail: 'x',
          nextUpdateDue: '2099-01-01',
        },
      },
      // A provider reports only as itself: Yangtze's staff, so that the rule met is whose task it already is.
      vendorStaff('sample-yangtze-cloud'),
    );
    refused(other, 'TASK_OF_ANOTHER_VENDOR', /reported by sample-jialing-cloud/);
  });
});
