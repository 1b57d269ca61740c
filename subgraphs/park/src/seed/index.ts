import { type Database, isEmpty } from '@cq/kit/database';
import * as schema from '../data/schema.ts';

/**
 * The two data centres the notice names (§4) and two sample park data centres. Capacities and operators
 * of the named ones are sample figures: the notice gives none. So is the Government Cloud Platform's
 * opening date (2016-01-01, a sample date: the notice says only that government systems go to the
 * transitional government data centre until the platform opens); the others have been open since before
 * the programme (null).
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
    opensOn: '2016-01-01',
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

/** Batch-1 pilots whose systems were centralised in 2015, and where (unit ids from the units seed). */
const pilotPlacements: [unitId: string, dataCenterId: string, since: string][] = [
  ['general-office', 'transitional-government-data-center', '2015-08-20'],
  ['economic-information-commission', 'transitional-government-data-center', '2015-08-10'],
  ['human-resources-social-security-bureau', 'transitional-government-data-center', '2015-09-05'],
  ['tourism-bureau', 'transitional-government-data-center', '2015-09-12'],
  ['liangjiang-new-area', 'government-cloud-platform', '2015-09-20'],
  ['nanan-district', 'transitional-government-data-center', '2015-09-08'],
  ['banan-district', 'transitional-government-data-center', '2015-09-15'],
  ['liangping-county', 'transitional-government-data-center', '2015-11-20'],
  ['information-industry-investment-promotion-centre', 'transitional-government-data-center', '2015-08-28'],
  ['energy-utilisation-monitoring-centre', 'transitional-government-data-center', '2015-09-02'],
  ['rural-commercial-bank', 'sample-jialing-data-center', '2015-09-18'],
  ['pharmaceutical-exchange', 'sample-yangtze-data-center', '2015-09-22'],
];

/** The first three systems of each pilot, one or two racks each, at a sample fee per rack. */
export const placementRows: schema.PlacementRow[] = pilotPlacements.flatMap(([unitId, dataCenterId, since]) =>
  [1, 2, 3].map((n) => ({
    id: `placement-${unitId}-${n}`,
    systemId: `${unitId}-system-${n}`,
    unitId,
    dataCenterId,
    racks: n === 1 ? 2 : 1,
    powerKw: n === 1 ? '12.0' : '6.0',
    monthlyFeeCny: n === 1 ? '9000.00' : '4500.00',
    since,
  })),
);

/** A sample placement that breaks §4 (an approval-function institution outside the government data centres), so the park's compliance check has something to report. */
placementRows.push({
  id: 'placement-sample-yuzhong-approval-centre-1',
  systemId: 'sample-yuzhong-approval-centre-system-1',
  unitId: 'sample-yuzhong-approval-centre',
  dataCenterId: 'sample-jialing-data-center',
  racks: 1,
  powerKw: '5.0',
  monthlyFeeCny: '4200.00',
  since: '2016-04-18',
});

export async function seed(db: Database<typeof schema>): Promise<void> {
  if (!(await isEmpty(db, 'data_centers'))) return;
  await db.transaction(async (tx) => {
    await tx.insert(schema.dataCenters).values(dataCenterRows);
    await tx.insert(schema.placements).values(placementRows);
    await tx.insert(schema.parkServices).values(parkServiceRows);
  });
}
