import { type Database, isEmpty } from '@cq/kit/database';
import { loaded } from '@cq/kit/loaders';
import { formatDecimal, multiplyCny } from '@cq/kit/money';
import { PLATFORM_OPENS_ON, parkStory, type StoryPlacement, dataCenters as storyDataCenters } from '@cq/story/park';
import * as schema from '../data/schema.ts';
import { capacityOf, destinationCompliant, isExempt, kwUnits, placedAsPlanned, takesPlacements } from '../domain/rules.ts';

/**
 * The two data centres the notice names (§4) and two sample park data centres. Capacities and operators
 * of the named ones are sample figures: the notice gives none. So is the Government Cloud Platform's
 * opening date (2016-01-01, a sample date: the notice says only that government systems go to the
 * transitional government data centre until the platform opens), taken from the programme's story
 * (`@cq/story`), whose plans follow it (§4); the others have been open since before the programme (null).
 */
export const dataCenterRows: schema.DataCenterRow[] = [
  {
    id: 'transitional-government-data-center',
    nameEn: 'Transitional Government Data Centre',
    nameZh: '过渡性政务数据中心',
    kind: 'TRANSITIONAL_GOVERNMENT_DATA_CENTER',
    status: 'OPERATIONAL',
    operatorVendorId: 'chongqing-cloud-investment',
    tier: 3,
    pue: '1.60',
    racksTotal: 400,
    racksInOtherUse: 60,
    powerCapacityKw: '2400.0',
    powerInOtherUseKw: '380.0',
    opensOn: null,
    isSample: false,
  },
  {
    id: 'government-cloud-platform',
    nameEn: 'Government Cloud Platform',
    nameZh: '政务云平台',
    kind: 'GOVERNMENT_CLOUD_PLATFORM',
    status: 'OPERATIONAL',
    operatorVendorId: 'chongqing-cloud-investment',
    tier: 3,
    pue: '1.45',
    racksTotal: 800,
    racksInOtherUse: 120,
    powerCapacityKw: '5600.0',
    powerInOtherUseKw: '820.0',
    opensOn: PLATFORM_OPENS_ON,
    isSample: false,
  },
  {
    id: 'sample-jialing-data-center',
    nameEn: 'Jialing Cloud Data Centre (sample)',
    nameZh: '嘉陵云数据中心（示例）',
    kind: 'PARK_DATA_CENTER',
    status: 'OPERATIONAL',
    operatorVendorId: 'sample-jialing-cloud',
    tier: 4,
    pue: '1.38',
    racksTotal: 600,
    racksInOtherUse: 310,
    powerCapacityKw: '4800.0',
    powerInOtherUseKw: '2450.0',
    opensOn: null,
    isSample: true,
  },
  {
    id: 'sample-yangtze-data-center',
    nameEn: 'Yangtze Cloud Data Centre (sample)',
    nameZh: '长江云数据中心（示例）',
    kind: 'PARK_DATA_CENTER',
    status: 'OPERATIONAL',
    operatorVendorId: 'sample-yangtze-cloud',
    tier: 3,
    pue: '1.52',
    racksTotal: 300,
    racksInOtherUse: 140,
    powerCapacityKw: '2100.0',
    powerInOtherUseKw: '1000.0',
    opensOn: null,
    isSample: true,
  },
];

/** The park's support services of §6.5, with sample providers and prices. */
export const parkServiceRows: schema.ParkServiceRow[] = [
  {
    id: 'park-network-exchange',
    kind: 'COMMUNICATION_NETWORK',
    nameEn: 'Park network exchange port',
    nameZh: '园区网络交换端口',
    provider: 'Liangjiang park network centre (sample)',
    description: 'A 10 Gbps port on the park exchange, reaching every carrier present in the park.',
    unitOfSale: 'port-month',
    monthlyPriceCny: '1800.00',
    isSample: true,
  },
  {
    id: 'park-dual-power',
    kind: 'POWER_SUPPLY',
    nameEn: 'Dual-feed power supply',
    nameZh: '双路供电',
    provider: 'State Grid Chongqing Liangjiang supply office (sample)',
    description: 'Two independent 110 kV feeds with diesel backup for eight hours.',
    unitOfSale: 'kW-month',
    monthlyPriceCny: '620.00',
    isSample: true,
  },
  {
    id: 'park-operations-desk',
    kind: 'COMPREHENSIVE_SERVICES',
    nameEn: 'On-site operations desk',
    nameZh: '园区综合服务',
    provider: 'Liangjiang park administration (sample)',
    description: 'Security, logistics and hands-on support for equipment moved into the park.',
    unitOfSale: 'rack-month',
    monthlyPriceCny: '300.00',
    isSample: true,
  },
  {
    id: 'park-staff-housing',
    kind: 'LIVING_SUPPORT',
    nameEn: 'Staff apartments and canteen',
    nameZh: '生活保障（公寓与食堂）',
    provider: 'Liangjiang park administration (sample)',
    description: "Housing and meals for units' and providers' staff during cut-over.",
    unitOfSale: 'person-month',
    monthlyPriceCny: '1500.00',
    isSample: true,
  },
];

/** What a rack costs per month in each data centre, power and cooling included (sample prices: the notice sets none). */
export const rackFeeCny: Record<string, string> = {
  'transitional-government-data-center': '4500.00',
  'government-cloud-platform': '4000.00',
  'sample-jialing-data-center': '4200.00',
  'sample-yangtze-data-center': '4200.00',
};

/**
 * The story's placements (`@cq/story`: every centralised system, in its plan's data centre, since a day no
 * later than it was centralised), as this subgraph's rows, at the data centre's fee per rack.
 */
export function placementRowsOf(told: StoryPlacement[]): schema.PlacementRow[] {
  return told.map((p) => ({
    id: `placement-${p.systemId}`,
    systemId: p.systemId,
    unitId: p.unitId,
    dataCenterId: p.dataCenterId,
    racks: p.racks,
    powerKw: p.powerKw,
    monthlyFeeCny: multiplyCny(String(p.racks), loaded(rackFeeCny[p.dataCenterId], 'rack fee of data centre', p.dataCenterId)),
    since: p.since,
    until: null,
  }));
}

/**
 * The seed holds nothing the park's own writes would refuse: each data centre the story sends systems to
 * is here, of the kind and with the opening day the story's plans assumed, and each placement passes the
 * rules `placeSystem` applies (§1 never a classified system, §4 a government data centre for units with
 * administrative-approval functions, §3.3 the approved plan's data centre, an operational data centre,
 * room for it). A story that breaks one is refused before anything is written.
 */
export function checkStory(told: StoryPlacement[]): void {
  const byId = new Map(dataCenterRows.map((dc) => [dc.id, dc]));
  for (const assumed of storyDataCenters) {
    const dc = byId.get(assumed.id);
    if (!dc || dc.kind !== assumed.kind || dc.opensOn !== assumed.opensOn)
      throw new Error(
        `The story assumes data centre ${assumed.id}, a ${assumed.kind} opening ${assumed.opensOn ?? 'before the programme'}; the park holds otherwise.`,
      );
  }
  for (const p of told) {
    const dc = loaded(byId.get(p.dataCenterId), 'data centre', p.dataCenterId);
    const broken =
      (isExempt(p.facts) && '§1: classified') ||
      (!takesPlacements(dc) && 'not operational') ||
      (!destinationCompliant(p.facts.unit.hasAdministrativeApproval, dc) && '§4: not a government data centre') ||
      (!placedAsPlanned(p.facts, dc) && '§3.3: not where its plan says');
    if (broken) throw new Error(`The story places ${p.systemId} in ${dc.id}, which the park refuses (${broken}).`);
  }
  for (const dc of dataCenterRows) {
    const here = told.filter((p) => p.dataCenterId === dc.id);
    const placed = {
      racks: here.reduce((n, p) => n + p.racks, 0),
      powerKw: formatDecimal(
        here.reduce((kw, p) => kw + kwUnits(p.powerKw), 0n),
        1,
      ),
    };
    const capacity = capacityOf(dc, placed);
    if (capacity.racksFree < 0 || capacity.powerFreeUnits < 0n) throw new Error(`The story places more in ${dc.id} than it holds.`);
  }
}

export async function seed(db: Database<typeof schema>): Promise<void> {
  if (!(await isEmpty(db, 'data_centers'))) return;
  const { placements } = parkStory();
  checkStory(placements);
  const placementRows = placementRowsOf(placements);
  await db.transaction(async (tx) => {
    await tx.insert(schema.dataCenters).values(dataCenterRows);
    await tx.insert(schema.placements).values(placementRows);
    await tx.insert(schema.parkServices).values(parkServiceRows);
  });
}
