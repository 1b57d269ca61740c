import { isEmpty, type Database } from '@cq/kit';
import * as schema from '../db/schema.ts';

/**
 * The two data centres the notice names (§4) and two sample park data centres. Capacities and operators
 * of the named ones are sample figures: the notice gives none.
 */
export const dataCenterRows: schema.DataCenterRow[] = [
  { id: 'transitional-government-data-center', nameEn: 'Transitional Government Data Centre', nameZh: '过渡性政务数据中心', kind: 'TRANSITIONAL_GOVERNMENT_DATA_CENTER', operatorVendorId: 'chongqing-cloud-investment', racksTotal: 400, racksInOtherUse: 60, isSample: false },
  { id: 'government-cloud-platform', nameEn: 'Government Cloud Platform', nameZh: '政务云平台', kind: 'GOVERNMENT_CLOUD_PLATFORM', operatorVendorId: 'chongqing-cloud-investment', racksTotal: 800, racksInOtherUse: 120, isSample: false },
  { id: 'sample-jialing-data-center', nameEn: 'Jialing Cloud Data Centre (sample)', nameZh: '嘉陵云数据中心（示例）', kind: 'PARK_DATA_CENTER', operatorVendorId: 'sample-jialing-cloud', racksTotal: 600, racksInOtherUse: 310, isSample: true },
  { id: 'sample-yangtze-data-center', nameEn: 'Yangtze Cloud Data Centre (sample)', nameZh: '长江云数据中心（示例）', kind: 'PARK_DATA_CENTER', operatorVendorId: 'sample-yangtze-cloud', racksTotal: 300, racksInOtherUse: 140, isSample: true },
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
  ['liangping-county', 'transitional-government-data-center', '2015-09-25'],
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
    dataCenterId,
    racks: n === 1 ? 2 : 1,
    monthlyFeeCny: n === 1 ? '9000.00' : '4500.00',
    since,
  })),
);

export async function seed(db: Database<typeof schema>): Promise<void> {
  if (!(await isEmpty(db, 'data_centers'))) return;
  await db.transaction(async (tx) => {
    await tx.insert(schema.dataCenters).values(dataCenterRows);
    await tx.insert(schema.placements).values(placementRows);
  });
}
